"""The SPARQL 1.1 Graph Store HTTP Protocol at /store: `?default`, `?graph=IRI` (indirect) and any path
under /store/ (direct: the request URL is the graph's IRI). GET and HEAD read; PUT, POST and DELETE write,
with a bearer token, through the same SHACL gate as updates."""

from __future__ import annotations

import re
import uuid

import pyoxigraph as ox
from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from . import media
from .deps import authorize, base_url
from .errors import ProtocolError

router = APIRouter()
_DOCTYPE = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)


def _target(request: Request, path: str | None) -> tuple[str | None, bool]:
    """(graph IRI or None for the default graph, whether the request named a graph at all)."""
    params = request.query_params
    if path:
        if "graph" in params or "default" in params:
            raise ProtocolError(400, "a direct graph URL takes neither ?graph= nor ?default.")
        return str(request.url.replace(query="")), True
    graphs = params.getlist("graph")
    if "default" in params:
        if graphs:
            raise ProtocolError(400, "give either ?default or ?graph=IRI, not both.")
        return None, True
    if len(graphs) > 1:
        raise ProtocolError(400, "give one ?graph= parameter.")
    if graphs:
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*", graphs[0]):
            raise ProtocolError(400, f"?graph= must be an absolute IRI, not {graphs[0]!r}.")
        return graphs[0], True
    return None, False


def _parse(body: bytes, content_type: str | None, base: str) -> str:
    """The body's triples as N-Triples text; refuses DTDs (entity expansion) and datasets."""
    rdf_format = media.rdf_format_for_content_type(content_type)
    if rdf_format is None:
        raise ProtocolError(415, f"cannot read {content_type or 'a body without Content-Type'}; send one of: "
                                 f"{', '.join(media.offered('rdf'))}.")
    if rdf_format == ox.RdfFormat.RDF_XML and _DOCTYPE.search(body):
        raise ProtocolError(400, "RDF/XML with a DOCTYPE or ENTITY declaration is refused: entity expansion "
                                 "could exhaust the service.")
    try:
        quads = list(ox.parse(body, format=rdf_format, base_iri=base))
    except SyntaxError as exc:
        raise ProtocolError(400, f"the body is not valid {rdf_format.name}: {exc}") from None
    except (ValueError, OSError) as exc:
        raise ProtocolError(400, f"the body cannot be read as {rdf_format.name}: {exc}") from None
    if any(not isinstance(q.graph_name, ox.DefaultGraph) for q in quads):
        raise ProtocolError(400, "the body holds named graphs; the Graph Store Protocol writes one graph: "
                                 "send triples (Turtle, N-Triples, RDF/XML, JSON-LD).")
    return "".join(f"{q.subject} {q.predicate} {q.object} .\n" for q in quads)


async def _body_triples(request: Request, base: str) -> str:
    content_type = request.headers.get("content-type")
    if content_type and content_type.split(";")[0].strip().lower() == "multipart/form-data":
        form = await request.form()
        parts = []
        for value in form.values():
            if hasattr(value, "read"):
                parts.append(_parse(await value.read(), value.content_type, base))
        if not parts:
            raise ProtocolError(400, "the multipart body holds no RDF file.")
        return "".join(parts)
    return _parse(await request.body(), content_type, base)


def negotiated_graph(request: Request, graph: str, what: str, missing: str):
    """The graph in the RDF format the request asks for, and the Content-Type to send it with; 406 naming the
    formats `what` is served as when none fits, 404 with `missing` when there is no such graph."""
    choice = media.choose_rdf(request.headers.get("accept"), request.query_params.get("format"))
    if choice is None:
        raise ProtocolError(406, f"{what} are served as: {', '.join(media.offered('rdf'))}.")
    answer = request.app.state.engine.graph(graph, (choice.media_type, choice.format.media_type))
    if answer is None:
        raise ProtocolError(404, missing)
    media_type = f"{answer.media_type}; charset=utf-8" if answer.media_type.startswith("text/") else answer.media_type
    return answer, media_type


@router.api_route("/store", methods=["GET", "HEAD"])
@router.api_route("/store/{path:path}", methods=["GET", "HEAD"])
def read_graph(request: Request, path: str | None = None) -> Response:
    graph, named = _target(request, path)
    if not named and request.method == "GET":
        raise ProtocolError(400, "name the graph: /store?default or /store?graph=IRI.")
    answer, media_type = negotiated_graph(request, graph, "graphs", f"there is no graph <{graph}> in the store.")
    headers = {**media.vary_headers(), "Content-Length": str(len(answer.body))}
    if request.method == "HEAD":
        return Response(status_code=200, media_type=media_type, headers=headers)
    return Response(answer.body, media_type=media_type, headers=media.vary_headers())


@router.api_route("/store", methods=["PUT", "POST", "DELETE"])
@router.api_route("/store/{path:path}", methods=["PUT", "POST", "DELETE"])
async def write_graph(request: Request, path: str | None = None) -> Response:
    authorize(request)
    graph, named = _target(request, path)
    engine = request.app.state.engine
    if request.method == "DELETE":
        if not named:
            raise ProtocolError(400, "name the graph to delete: /store?default or /store?graph=IRI.")
        result = await run_in_threadpool(engine.write_graph, graph, None, replace=True)
        if not result["existed"]:
            raise ProtocolError(404, f"there is no graph <{graph}> in the store.")
        return Response(status_code=204)
    location = None
    if request.method == "POST" and not named:  # a new graph, named by the service
        graph = base_url(request) + f"store/{uuid.uuid4().hex}"
        location = graph
    triples = await _body_triples(request, graph or str(request.url))
    result = await run_in_threadpool(engine.write_graph, graph, triples, replace=request.method == "PUT")
    headers = {"ITUKG-Warnings": str(len(result.get("warnings", [])))}
    if location:
        return Response(status_code=201, headers={**headers, "Location": location})
    return Response(status_code=204 if result["existed"] else 201, headers=headers)


__all__ = ["router"]
