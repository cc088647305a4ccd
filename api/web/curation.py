"""Curators' corrections over HTTP, at /corrections/<body>/<number> (the tail of the report's graph,
`graph/report/<body>/<number>`; docs/corrections.md).

PUT (with the bearer token) replaces the report's corrections with the Turtle body, a correction file as
`itukg load --corrections` reads it: the previous corrections are undone, the new ones applied to the report
graph, and the record kept in the report's correction graph, all through the SHACL gate in one write. GET
answers the record (with the loader's `itu:extracted` flags; it can be edited and PUT back as it is).
DELETE (with the token) removes the corrections and puts the report back as extracted. Correction graphs
cannot be written through /update or /store, which would keep a record without applying it.
"""

from __future__ import annotations

import re

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from . import media
from ..ingest.corrections import REPORT_GRAPHS, correction_graph, read_correction
from .deps import authorize
from .errors import ProtocolError
from .graphstore import negotiated_graph

router = APIRouter()
_TAIL = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*(?:/[a-z0-9]+(?:-[a-z0-9]+)*)+")
_TURTLE = ("text/turtle", "application/n-triples")
_BODY = "the request body"


def _report_graph(tail: str) -> str:
    if not _TAIL.fullmatch(tail):
        raise ProtocolError(404, "corrections live at /corrections/<body>/<number>, the tail of the report's graph "
                                 "(graph/report/cwg-internet/18 → /corrections/cwg-internet/18).")
    return REPORT_GRAPHS + tail


@router.get("/corrections/{tail:path}")
def read_corrections(request: Request, tail: str) -> Response:
    graph = correction_graph(_report_graph(tail))
    answer, media_type = negotiated_graph(
        request, graph, "corrections", f"the report of /corrections/{tail} has no corrections (no graph <{graph}>).")
    return Response(answer.body, media_type=media_type, headers=media.vary_headers())


@router.put("/corrections/{tail:path}")
async def write_corrections(request: Request, tail: str) -> JSONResponse:
    authorize(request)
    graph = _report_graph(tail)
    kind = (request.headers.get("content-type") or "").split(";", 1)[0].strip().lower()
    if kind not in _TURTLE:
        raise ProtocolError(415, f"send a correction file as text/turtle, not {kind or 'a body without Content-Type'}.")
    given = read_correction(await request.body(), _BODY, format=media.rdf_format_for_content_type(kind))
    result = await run_in_threadpool(request.app.state.engine.correct, graph, given.text, _BODY)
    return JSONResponse({"report": given.report, "graph": graph, "corrections": correction_graph(graph),
                         "added": result["added"], "retracted": result["retracted"], "notes": result["notes"],
                         "warnings": result.get("warnings", [])},
                        headers={"ITUKG-Warnings": str(len(result.get("warnings", [])))})


@router.delete("/corrections/{tail:path}")
async def remove_corrections(request: Request, tail: str) -> Response:
    authorize(request)
    graph = _report_graph(tail)
    await run_in_threadpool(request.app.state.engine.correct, graph, None, f"DELETE /corrections/{tail}")
    return Response(status_code=204)


__all__ = ["router"]
