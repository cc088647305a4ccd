"""Describing the service: the SPARQL 1.1 Service Description at GET /sparql, and VoID/DCAT at
/.well-known/void, with the named graphs and their triple counts."""

from __future__ import annotations

import pyoxigraph as ox
from fastapi import APIRouter, Request
from fastapi.responses import Response

from ...loader.vocab import BASE, PREFIXES
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


def _turtle_graph(request: Request, triples: list[tuple]) -> Response:
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
    return _turtle_graph(request, triples)


@router.get("/.well-known/void")
def void_description(request: Request) -> Response:
    """The dataset in VoID and DCAT: size, endpoint, IRI space, vocabularies, dumps."""
    base = str(request.base_url)
    stats = request.app.state.engine.stats()
    dataset = _iri(BASE + "dataset")
    rdf_type = _iri("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    integer = _iri("http://www.w3.org/2001/XMLSchema#integer")
    triples = [
        (dataset, rdf_type, _iri(VOID + "Dataset")),
        (dataset, rdf_type, _iri(DCAT + "Dataset")),
        (dataset, _iri("http://purl.org/dc/terms/title"), ox.Literal("itukg: records of ITU meetings", language="en")),
        (dataset, _iri(VOID + "sparqlEndpoint"), _iri(base + "sparql")),
        (dataset, _iri(VOID + "uriSpace"), ox.Literal(BASE)),
        (dataset, _iri(VOID + "triples"), ox.Literal(str(stats["quads"]), datatype=integer)),
        (dataset, _iri(VOID + "dataDump"), _iri(base + "store")),
    ]
    for vocabulary in ("http://data.europa.eu/eli/ontology#", "http://www.w3.org/ns/org#",
                       "http://www.w3.org/ns/prov#", "http://www.w3.org/2004/02/skos/core#",
                       "http://purl.org/dc/terms/", "https://schema.org/", "http://www.w3.org/ns/oa#",
                       BASE + "ontology#"):
        triples.append((dataset, _iri(VOID + "vocabulary"), _iri(vocabulary)))
    distribution = ox.BlankNode("sparql")
    triples += [(dataset, _iri(DCAT + "distribution"), distribution),
                (distribution, rdf_type, _iri(DCAT + "Distribution")),
                (distribution, _iri(DCAT + "accessURL"), _iri(base + "sparql"))]
    for index, (graph, count) in enumerate(sorted(stats["graphs"].items())):
        subset = ox.BlankNode(f"subset{index}")
        triples += [(dataset, _iri(VOID + "subset"), subset), (subset, rdf_type, _iri(VOID + "Dataset")),
                    (subset, _iri(SD + "name"), _iri(graph)),
                    (subset, _iri(VOID + "triples"), ox.Literal(str(count), datatype=integer))]
    return _turtle_graph(request, triples)


__all__ = ["router", "service_description"]
