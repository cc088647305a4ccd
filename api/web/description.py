"""Describing the service: the SPARQL 1.1 Service Description at GET /sparql, with the named graphs and their
triple counts (the dataset's VoID/DCAT description is in harvest.py)."""

from __future__ import annotations

import pyoxigraph as ox
from fastapi import APIRouter, Request
from fastapi.responses import Response

from ...loader.vocab import PREFIXES
from . import media
from .errors import ProtocolError

router = APIRouter()

SD = "http://www.w3.org/ns/sparql-service-description#"
VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
_RESULT_FORMATS = {  # the W3C "formats" IRIs
    "application/sparql-results+json": "http://www.w3.org/ns/formats/SPARQL_Results_JSON",
    "application/sparql-results+xml": "http://www.w3.org/ns/formats/SPARQL_Results_XML",
    "text/csv": "http://www.w3.org/ns/formats/SPARQL_Results_CSV",
    "text/tab-separated-values": "http://www.w3.org/ns/formats/SPARQL_Results_TSV",
    "text/turtle": "http://www.w3.org/ns/formats/Turtle",
    "application/n-triples": "http://www.w3.org/ns/formats/N-Triples",
    "application/n-quads": "http://www.w3.org/ns/formats/N-Quads",
    "application/trig": "http://www.w3.org/ns/formats/TriG",
    "application/ld+json": "http://www.w3.org/ns/formats/JSON-LD",
    "application/rdf+xml": "http://www.w3.org/ns/formats/RDF_XML",
}


def rdf_answer(request: Request, triples: list[tuple]) -> Response:
    """`triples` in the RDF format the request negotiates (406 when it accepts none)."""
    choice = media.choose_rdf(request.headers.get("accept"), request.query_params.get("format"))
    if choice is None:
        raise ProtocolError(406, f"this description is RDF; accepted: {', '.join(media.offered('rdf'))}.")
    quads = [ox.Triple(s, p, o) for s, p, o in triples]
    prefixes = {**PREFIXES, "sd": SD, "void": VOID, "dcat": DCAT} if choice.format in (
        ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None
    body = ox.serialize(quads, format=choice.format, prefixes=prefixes)
    return Response(body, media_type=choice.media_type, headers=media.vary_headers())


def _iri(value: str) -> ox.NamedNode:
    return ox.NamedNode(value)


def service_description(request: Request) -> Response:
    """sd:Service for this endpoint: languages, formats, features, and the named graphs with their sizes."""
    base = str(request.base_url)
    endpoint = _iri(base + "sparql")
    service = ox.BlankNode("service")
    dataset = ox.BlankNode("dataset")
    rdf_type = _iri("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    triples = [
        (service, rdf_type, _iri(SD + "Service")),
        (service, _iri(SD + "endpoint"), endpoint),
        (service, _iri(SD + "supportedLanguage"), _iri(SD + "SPARQL11Query")),
        (service, _iri(SD + "supportedLanguage"), _iri(SD + "SPARQL11Update")),
        (service, _iri(SD + "feature"), _iri(SD + "UnionDefaultGraph")),
        (service, _iri(SD + "defaultEntailmentRegime"), _iri("http://www.w3.org/ns/entailment/Simple")),
        (service, _iri(SD + "defaultDataset"), dataset),
        (dataset, rdf_type, _iri(SD + "Dataset")),
        (dataset, _iri(VOID + "sparqlEndpoint"), endpoint),
    ]
    for media_type in media.offered("results") + media.offered("rdf"):
        if media_type in _RESULT_FORMATS:
            triples.append((service, _iri(SD + "resultFormat"), _iri(_RESULT_FORMATS[media_type])))
    stats = request.app.state.engine.stats()
    for index, (graph, count) in enumerate(sorted(stats["graphs"].items())):
        named, description = ox.BlankNode(f"named{index}"), ox.BlankNode(f"graph{index}")
        triples += [
            (dataset, _iri(SD + "namedGraph"), named),
            (named, rdf_type, _iri(SD + "NamedGraph")),
            (named, _iri(SD + "name"), _iri(graph)),
            (named, _iri(SD + "graph"), description),
            (description, rdf_type, _iri(SD + "Graph")),
            (description, _iri(VOID + "triples"), ox.Literal(str(count), datatype=_iri(
                "http://www.w3.org/2001/XMLSchema#integer"))),
        ]
    return rdf_answer(request, triples)


__all__ = ["router", "service_description", "rdf_answer", "SD", "VOID", "DCAT"]
