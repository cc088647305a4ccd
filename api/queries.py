"""The catalogue of named queries over HTTP: GET /queries lists them, GET /queries/{name} runs one with
the same formats as /sparql (parameters as query-string fields; `limit` and `offset` give a page of the
rows, in the query's order)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from ..loader.catalogue import PAGING, catalogue, named_query
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
    fields = request.query_params
    for field in ("format", *PAGING):
        if len(fields.getlist(field)) > 1:
            raise ProtocolError(400, f"{field} is given {len(fields.getlist(field))} times; give it once.")
    values = {k: v for k, v in fields.items() if k != "format" and k not in PAGING}
    sparql = query.bind(values, limit=fields.get("limit"), offset=fields.get("offset"))
    params = {"format": [request.query_params["format"]]} if "format" in request.query_params else {}
    return await run_query(request, sparql, params)


__all__ = ["router"]
