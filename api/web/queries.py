"""The catalogue of named queries over HTTP: GET /queries lists them, GET /queries/{name} runs one with
the same formats as /sparql (parameters as query-string fields; `limit` and `offset` give a page of the
rows, in the query's order). A browser (Accept preferring text/html, no `format`) is sent to the query page
with the bound query, which runs it and shows the table."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from ...loader.catalogue import PAGING, catalogue, named_query
from . import media
from .errors import ProtocolError
from .sparql import run_query

router = APIRouter()


@router.get("/queries")
def list_queries() -> JSONResponse:
    return JSONResponse([{**q.as_json(), "url": f"/queries/{q.name}"} for q in catalogue().values()])


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
    if "format" not in fields:
        choice = media.choose_results(request.headers.get("accept"), html=True)
        if choice is not None and choice.kind == "html":  # a browser: the query page runs it and shows a table
            return RedirectResponse("/?" + urlencode({"query": sparql}), status_code=303, headers=media.vary_headers())
    params = {"format": [fields["format"]]} if "format" in fields else {}
    return await run_query(request, sparql, params)


__all__ = ["router"]
