"""The read-only SPARQL query endpoint (a first cut: the complete protocol comes with the service issue)."""

from __future__ import annotations

import re

import pyoxigraph as ox
from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from ..loader.errors import QueryError

router = APIRouter()

_RESULT_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
_GRAPH_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}
_LITERALS = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>\s]*>|#[^\n]*')
_FORBIDDEN = re.compile(r"\b(?:SERVICE|LOAD)\b", re.IGNORECASE)


def refuse_remote_access(sparql: str) -> None:
    """Refuse SERVICE and LOAD wherever they appear outside strings, IRIs and comments (fail closed)."""
    if _FORBIDDEN.search(_LITERALS.sub(" ", sparql)):
        raise QueryError("SERVICE and LOAD are not allowed on this endpoint: it never fetches remote data.")


def _choose(accept: str, table: dict) -> str:
    for part in (p.split(";")[0].strip() for p in accept.split(",")):
        if part in table:
            return part
        if part in ("*/*", "application/*", "text/*", ""):
            return next(iter(table))
    raise HTTPException(406, f"none of the accepted types ({accept}) can be produced; try one of: {', '.join(table)}")


def _run(store, sparql: str, accept: str) -> Response:
    refuse_remote_access(sparql)
    results = store.query(sparql)
    if isinstance(results, ox.QueryTriples):
        media = _choose(accept, _GRAPH_TYPES)
        return Response(ox.serialize(results, format=_GRAPH_TYPES[media]), media_type=media)
    media = _choose(accept, _RESULT_TYPES)
    return Response(results.serialize(format=_RESULT_TYPES[media]), media_type=media)


@router.get("/sparql")
async def query_get(request: Request, query: str | None = None):
    if query is None:
        raise HTTPException(400, "give the query in the `query` parameter")
    return await run_in_threadpool(_run, request.app.state.store, query, request.headers.get("accept", "*/*"))


@router.post("/sparql")
async def query_post(request: Request):
    content_type = request.headers.get("content-type", "").split(";")[0].strip()
    if content_type == "application/sparql-query":
        sparql = (await request.body()).decode("utf-8", "replace")
    elif content_type == "application/x-www-form-urlencoded":
        form = await request.form()
        if "query" not in form:
            raise HTTPException(400, "the form has no `query` field")
        sparql = str(form["query"])
    else:
        raise HTTPException(415, "send the query as application/sparql-query or a form with a `query` field")
    return await run_in_threadpool(_run, request.app.state.store, sparql, request.headers.get("accept", "*/*"))
