"""Linked data: every IRI itukg mints (https://w3id.org/itukg/<path>) is answered at /<path> on the
service's own host, and any IRI at all at /describe?iri=…, as RDF (Turtle, N-Triples, N-Quads, TriG,
JSON-LD, RDF/XML) or as an HTML page for browsers, negotiated on Accept or ``?format=``.

This module holds the routes and the negotiation; what a description holds and how it is read is in
facts.py, its HTML page in resource_page.py, the IRIs and links in addresses.py. The ontology and the
shapes are served from the package at their namespace IRIs (/ontology, /ontology/meeting …, /shapes; their
pages in vocabulary_pages.py); /dataset is the VoID description of /.well-known/void.
"""

from __future__ import annotations

from functools import cache
from html import escape
from urllib.parse import quote

import pyoxigraph as ox
from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.requests import Request as StarletteRequest

from ...loader import iris
from ...loader.vocab import BASE, PREFIXES
from . import media
from .addresses import SEGMENTS, checked_iri, uri_to_iri
from .errors import ProtocolError
from .facts import Description, fetch, labels_for
from .harvest import void_description
from .resource_page import document_page, render, site_root
from .vocabulary_pages import PACKAGES, ontology_page, package_modules, package_triples, shapes_page

router = APIRouter()


def _choose(request: Request) -> media.Choice:
    choice = media.choose_rdf(request.headers.get("accept"), request.query_params.get("format"), html=True)
    if choice is None:
        offered = ", ".join(media.offered("rdf") + ["text/html"])
        raise ProtocolError(406, f"this resource is served as: {offered}.", headers=media.vary_headers())
    return choice


def _send(request: Request, body: bytes, media_type: str, status: int = 200) -> Response:
    content_type = f"{media_type}; charset=utf-8" if media_type.startswith("text/") or "xml" in media_type \
        or "json" in media_type else media_type
    headers = media.vary_headers()
    if request.method == "HEAD":
        return Response(status_code=status, headers={**headers, "Content-Length": str(len(body)),
                                                     "Content-Type": content_type})
    return Response(body, status_code=status, media_type=content_type, headers=headers)


def serialise(quads: list, choice: media.Choice) -> bytes:
    """Quads in the chosen format: with their graphs for N-Quads and TriG, as triples otherwise."""
    if choice.media_type in ("application/n-quads", "application/trig"):
        data = list(dict.fromkeys(quads))
    else:
        data = list(dict.fromkeys(ox.Triple(q.subject, q.predicate, q.object) for q in quads))
    prefixed_formats = (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.RDF_XML)
    prefixes = PREFIXES if choice.format in prefixed_formats else None
    try:
        return ox.serialize(data, format=choice.format, prefixes=prefixes)
    except (ValueError, SyntaxError) as exc:
        raise ProtocolError(406, f"this description cannot be written as {choice.media_type} ({exc}); "
                                 "ask for Turtle or N-Triples.", headers=media.vary_headers()) from None


def _not_found(request: Request, choice: media.Choice, iri: str) -> Response:
    request.app.state.metrics.count("errors", status="404")
    message = "The store knows nothing about this IRI."
    if choice.kind == "html":
        body = document_page(request, "Not found", f"<h1>Not found</h1><p>{escape(message)}</p>"
                             f'<p><a href="{escape(site_root(request))}/sparql">Query the store</a></p>')
        return _send(request, body, "text/html", 404)
    return _send(request, (message + "\n").encode(), "text/plain", 404)


def resource(request: Request, iri: str) -> Response:
    """The description of ``iri``, negotiated."""
    iri = checked_iri(iri)
    choice = _choose(request)
    description = fetch(request, iri)
    if description.empty:
        return _not_found(request, choice, iri)
    request.app.state.metrics.count("pages", kind=choice.kind)
    if choice.kind != "html":
        return _send(request, serialise(description.quads, choice), choice.media_type)
    labels = labels_for(request, description.linked_iris() | {iri})
    return _send(request, render(request, description, labels), "text/html")


@router.api_route("/describe", methods=["GET", "HEAD"])
def describe(request: Request) -> Response:
    values = request.query_params.getlist("iri")
    if len(values) != 1:
        raise ProtocolError(400, "give exactly one ?iri= parameter: /describe?iri=https://…")
    return resource(request, values[0])


def dereference(request: Request) -> Response:
    """GET /<segment>/… : the IRI https://w3id.org/itukg/<segment>/…"""
    raw = request.scope.get("raw_path")
    path = raw.decode("latin-1") if raw else quote(request.url.path)
    root = request.scope.get("root_path", "")
    if root and path.startswith(root):
        path = path[len(root):]
    return resource(request, BASE + uri_to_iri(path.lstrip("/")))


for _segment in SEGMENTS:
    for _path in (f"/{_segment}", f"/{_segment}/{{rest:path}}"):
        router.add_api_route(_path, dereference, methods=["GET", "HEAD"], include_in_schema=False)


# ------------------------------------------------------------------------------------------ ontology, shapes


@cache
def _serialised(package: str, module: str | None, media_type: str) -> bytes:
    choice = media.choose_rdf(None, media_type)
    graph = ox.NamedNode(iris.ONTOLOGY_GRAPH if package == "ontology" else BASE + "shapes")
    quads = [ox.Quad(t.subject, t.predicate, t.object, graph) for t in package_triples(package, module)]
    return serialise(quads, choice)


def _package(request: Request, package: str, module: str | None) -> Response:
    choice = _choose(request)
    request.app.state.metrics.count("pages", kind=choice.kind)
    if choice.kind != "html":
        return _send(request, _serialised(package, module, choice.media_type), choice.media_type)
    render_package = ontology_page if package == "ontology" else shapes_page
    return _send(request, render_package(request, module), "text/html")


def _serve_package(package: str) -> None:
    """Routes for a package of Turtle files served at its namespace: /{package} (all of it) and
    /{package}/{module} (one module, e.g. /ontology/meeting); any other IRI under it comes from the store."""

    def whole(request: Request) -> Response:
        return _package(request, package, None)

    def one(request: Request, module: str) -> Response:
        if module not in package_modules(package):
            return dereference(request)
        return _package(request, package, module)

    router.add_api_route(f"/{package}", whole, methods=["GET", "HEAD"], name=package)
    router.add_api_route(f"/{package}/{{module:path}}", one, methods=["GET", "HEAD"], name=f"{package}_module")


for _served in PACKAGES:
    _serve_package(_served)


@router.api_route("/dataset", methods=["GET", "HEAD"])
def dataset(request: Request) -> Response:
    """The dataset IRI: the VoID/DCAT description of /.well-known/void, or a page of it."""
    choice = _choose(request)
    if choice.kind != "html":
        return void_description(request)
    scope = {**request.scope, "query_string": b"", "headers": [(b"accept", b"application/n-triples")]}
    answer = void_description(StarletteRequest(scope))
    description = Description(BASE + "dataset", generated=True)
    for triple in ox.parse(answer.body, format=ox.RdfFormat.N_TRIPLES):
        if triple.subject == ox.NamedNode(description.iri):
            description.add("out", triple.subject, triple.predicate, triple.object, None)
        elif isinstance(triple.subject, ox.BlankNode):
            description.add("bnode", triple.subject, triple.predicate, triple.object, None)
    labels = labels_for(request, description.linked_iris() | {description.iri})
    return _send(request, render(request, description, labels), "text/html")


__all__ = ["router", "serialise", "resource"]
