"""The catalogue of named queries over HTTP: GET /queries lists them, GET /queries/{name} runs one with
the same formats as /sparql (parameters as query-string fields)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from ..loader.catalogue import catalogue, named_query
from .errors import ProtocolError
from .sparql import run_query

router = APIRouter()


@router.get("/queries")
def list_queries() -> JSONResponse:
    return JSONResponse([
        {"name": q.name, "title": q.title, "description": q.description, "url": f"/queries/{q.name}",
         "params": [{"name": p.name, "type": p.type, "description": p.description} for p in q.params]}
        for q in catalogue().values()])


@router.get("/queries/{name}")
async def run_named_query(request: Request, name: str) -> Response:
    if name not in catalogue():
        raise ProtocolError(404, f"there is no named query {name!r}; GET /queries lists them.")
    query = named_query(name)
    values = {k: v for k, v in request.query_params.items() if k != "format"}
    sparql = query.bind(values)
    params = {"format": [request.query_params["format"]]} if "format" in request.query_params else {}
    return await run_query(request, sparql, params)


__all__ = ["router"]
