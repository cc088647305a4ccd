"""`connect`: a store directory or a service's URL → a `KnowledgeGraph` with the same calls on both.

The backends are imported when `connect` is called, so that `import itukg` stays light (no pyoxigraph, no
pandas, no rdflib until they are needed).
"""

from __future__ import annotations

from pathlib import Path

from .errors import ClientError
from .graph import KnowledgeGraph

HTTP_SCHEMES = ("http://", "https://")


def connect(location: str | Path | None = None, *, as_frame: bool | None = None,
            timeout: float | None = None) -> KnowledgeGraph:
    """The graph at `location`: a store directory (the one `itukg load` writes, opened read-only), or the URL of a
    running `itukg serve` ("http://127.0.0.1:8000"). None: $ITUKG_STORE, else .itukg/store.

    `as_frame`: the result form of every call (None: a pandas DataFrame when pandas is installed, else a list of
    dicts; each call may override it). `timeout`: a query's time limit in seconds (None: $ITUKG_QUERY_TIMEOUT,
    else 30).
    """
    from .api.config import Settings

    settings = Settings.from_env()
    location = settings.store if location is None else location
    limit = settings.query_timeout_s if timeout is None else timeout
    if not limit > 0:
        raise ClientError(f"timeout={timeout!r}: give a number of seconds above 0.")
    text = str(location)
    if text.startswith(HTTP_SCHEMES):
        from .over_http import HttpGraph

        return HttpGraph(text, as_frame=as_frame, timeout=limit)
    if "://" in text:
        raise ClientError(f"connect({text!r}): give a store directory or the http(s):// URL of a running itukg "
                          "serve (a sparql+http:// engine is reached through a service: itukg serve --store URL).")
    from .on_disk import EmbeddedGraph

    return EmbeddedGraph(Path(text), as_frame=as_frame, timeout=limit)


__all__ = ["connect", "HTTP_SCHEMES"]
