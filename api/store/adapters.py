"""What differs between SPARQL engines, in one place. The remote store (`remote.py`) speaks only SPARQL 1.1
Query, Update and the Graph Store Protocol; an adapter adds what one engine needs beside that:

* `Adapter` (generic, e.g. Fuseki, GraphDB): the standard. One update request is one transaction (SPARQL 1.1
  Update says it SHOULD be), no per-query time limit parameter.
* `Virtuoso`: an update request is *not* a transaction (an error half-way keeps what ran), and one INSERT DATA
  holds only about a thousand triples ("generated SQL text has exceeded 10000 lines"), so writes are staged
  through the Graph Store Protocol and moved into place; its own system graphs (virtrdf#, ldp#, its service
  description; about 2,500 triples) are in the union default graph of every query, and are left out of the
  graph list, the counts and the export (`define input:default-graph-exclude` would hide them from queries
  too, but gives wrong answers with GRAPH <iri> in Virtuoso 7.2); `timeout=` (ms) stops a query in the
  engine and marks the incomplete answer with `X-SQL-State: S1TAT`, which is turned into a time-out error;
  updates and the Graph Store go to the authenticated `/sparql-auth` and `/sparql-graph-crud-auth` when a
  user is configured.
* `Oxigraph` (`oxigraph serve`): `/query`, `/update`, `/store`; run it with `--union-default-graph` (else
  the store names the dataset of every query) and `--timeout-s` for a time limit in the engine.

The adapter is chosen by `ITUKG_REMOTE_ENGINE` or from the `Server` header of the service description.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from .errors import StoreError

class Adapter:
    """A standard SPARQL 1.1 engine."""

    name = "generic"
    atomic_updates = True  # one update request is one transaction

    def endpoints(self, query_url: str, *, authenticated: bool) -> tuple[str, str | None]:
        """(update URL, Graph Store URL or None) when the settings name none."""
        return query_url, None

    def system_graphs(self, graphs: list[str]) -> set[str]:
        """The engine's own graphs among `graphs`, hidden from itukg."""
        return set()

    def query_params(self, timeout_s: float | None) -> dict[str, str]:
        """Extra protocol parameters for a query (a per-query time limit, where the engine has one)."""
        return {}

    def timed_out(self, headers) -> bool:
        """Whether an answer says the engine stopped the query at its time limit."""
        return False


class Virtuoso(Adapter):
    name = "virtuoso"
    atomic_updates = False

    def endpoints(self, query_url: str, *, authenticated: bool) -> tuple[str, str | None]:
        suffix = "-auth" if authenticated else ""
        update = _with_path(query_url, "/sparql-auth") if authenticated else query_url
        return update, _with_path(query_url, "/sparql-graph-crud" + suffix)

    def system_graphs(self, graphs: list[str]) -> set[str]:
        return {g for g in graphs if g.startswith("http://www.openlinksw.com/") or g == "http://www.w3.org/ns/ldp#"
                or g.endswith("/sparql") and urlsplit(g).path == "/sparql"}  # its service description

    def query_params(self, timeout_s: float | None) -> dict[str, str]:
        return {"timeout": str(int(timeout_s * 1000))} if timeout_s else {}

    def timed_out(self, headers) -> bool:
        return headers.get("x-sql-state") == "S1TAT"


class Oxigraph(Adapter):
    name = "oxigraph"

    def endpoints(self, query_url: str, *, authenticated: bool) -> tuple[str, str | None]:
        path = urlsplit(query_url).path
        root = path[: -len("/query")] if path.endswith("/query") else path.rstrip("/")
        return _with_path(query_url, root + "/update"), _with_path(query_url, root + "/store")


ADAPTERS = {cls.name: cls for cls in (Adapter, Virtuoso, Oxigraph)}


def adapter_for(name: str | None, server: str) -> Adapter:
    """The adapter named in the settings, else the one the engine's `Server` header names, else generic."""
    if name:
        if name not in ADAPTERS:
            raise StoreError(f"ITUKG_REMOTE_ENGINE={name!r} is not one of {', '.join(sorted(ADAPTERS))}.")
        return ADAPTERS[name]()
    server = server.lower()
    for key, cls in ADAPTERS.items():
        if server.startswith(key + "/"):
            return cls()
    return Adapter()


def _with_path(url: str, path: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


__all__ = ["Adapter", "Virtuoso", "Oxigraph", "ADAPTERS", "adapter_for"]
