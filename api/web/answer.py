"""What answering a SPARQL query is, whichever road the request took: one implementation.

The full road (FastAPI: `sparql.run_query`, and the named queries) and the short road for the plainest
requests (`fastpath.FastQueries`, outside the framework) both call these functions, so the guard, the time
budget, the negotiation, admission, the engine, the metrics, the headers and the errors cannot drift apart:
the roads differ only in how a request is recognised and how the answer is written out. (A search's answer
is `search_endpoint.answer_search`, on both roads too.)
"""

from __future__ import annotations

from functools import lru_cache
from typing import Awaitable, Callable, NamedTuple

from starlette.responses import Response

from ..engine.errors import NotAcceptableError
from ..engine.worker import Answer
from . import media
from .errors import admitted, refuse_if_over_budget

# Expands a query's search clauses: the text -> (the query to run, the query the guard checks).
Expander = Callable[[str], Awaitable[tuple[str, str]]]


class Formats(NamedTuple):
    """The formats a client takes, as the engine takes them: (media type, format media type) for solutions
    and booleans, and for graphs; None for a kind the client does not accept."""

    results: tuple[str, str] | None
    rdf: tuple[str, str] | None


def negotiate(accept: str | None, params: dict[str, list[str]] | None = None) -> Formats:
    """The formats for the client's Accept header, or for a `?format=` override in `params`. Clients such as
    SPARQLWrapper send the override several times (`format`, `output`, `results`, as a short name and as a
    media type): the first value that names a format of each kind wins."""
    results = _choose(media.choose_results, accept, params or {})
    rdf = _choose(media.choose_rdf, accept, params or {})
    return Formats(None if results is None else (results.media_type, results.format.media_type),
                   None if rdf is None else (rdf.media_type, rdf.format.media_type))


def _choose(chooser, accept: str | None, params: dict[str, list[str]]):
    for name in ("format", "output", "results"):
        for value in params.get(name, []):
            choice = chooser(None, value) if value else None
            if choice is not None:
                return choice
    return chooser(accept)


def refuse_unacceptable(form: str, formats: Formats) -> None:
    """406 before the query runs when the client accepts no format for the kind of result its form makes."""
    graph = form in ("CONSTRUCT", "DESCRIBE")
    if (formats.rdf if graph else formats.results) is None:
        raise NotAcceptableError("graph" if graph else "solutions")


async def answer_query(app, scope, sparql: str, formats: Formats, *, base_iri: str, own: bool = True,
                       expand: Expander | None = None, default_graph: list[str] | None = None,
                       named_graphs: list[str] | None = None) -> Answer:
    """Check, admit and run one query: the client's own (`own`: the time budget and admission apply) or one
    of the service's named queries. `expand` evaluates search clauses first (after the budget, before the
    guard checks the text that runs). Errors are raised for the application's exception handlers."""
    if own:
        refuse_if_over_budget(app, scope)
    checked = sparql
    if expand is not None:
        sparql, checked = await expand(sparql)
    plan = await app.state.checker.acheck_query(checked)
    refuse_unacceptable(plan.form, formats)
    engine = app.state.engine
    answer = await admitted(app, scope, sparql, lambda blame: engine.aquery(
        sparql, results=formats.results, rdf=formats.rdf, default_graph=default_graph, named_graphs=named_graphs,
        base_iri=base_iri, dataset=plan.dataset, blame=blame), own=own)
    app.state.metrics.count("queries", form=plan.form)
    return answer


def query_response(answer: Answer) -> Response:
    """The HTTP answer to a query (CORS, when the request has an Origin, adds its own headers)."""
    response = Response(answer.body)
    response.raw_headers = query_headers(answer)
    return response


def query_headers(answer: Answer) -> list[tuple[bytes, bytes]]:
    """The headers of a query's answer, as both roads write them: its media type, length, and Vary."""
    return [(b"content-type", _content_type(answer.media_type)),
            (b"content-length", str(len(answer.body)).encode("latin-1")), _VARY]


_VARY = (b"vary", media.vary_headers()["Vary"].encode("latin-1"))


@lru_cache(maxsize=64)
def _content_type(media_type: str) -> bytes:
    return with_charset(media_type).encode("latin-1")


def with_charset(media_type: str) -> str:
    textual = media_type.startswith("text/") or "json" in media_type or "xml" in media_type
    return f"{media_type}; charset=utf-8" if textual else media_type


__all__ = ["Formats", "negotiate", "refuse_unacceptable", "answer_query", "query_response", "query_headers",
           "with_charset"]
