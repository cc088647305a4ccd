"""What harvesters read: the dataset described in VoID and DCAT at /.well-known/void (also /dcat), naming the
SPARQL endpoint and the data dump (dumps.py) with its size and date, and the schema.org `Dataset` JSON-LD
that every HTML page carries in its head."""

from __future__ import annotations

import json

import pyoxigraph as ox
from fastapi import APIRouter, Request
from fastapi.responses import Response

from ...loader.vocab import BASE
from .description import DCAT, SD, VOID, rdf_answer
from .dumps import DUMP_PATH, service_dumps

router = APIRouter()

TITLE = "itukg: records of ITU meetings"
SUMMARY = ("Linked data from the reports of ITU Council working groups: meetings, their documents and submitters, "
           "officers, citations of resolutions, topics and decisions.")
VOCABULARIES = ("http://data.europa.eu/eli/ontology#", "http://www.w3.org/ns/org#", "http://www.w3.org/ns/prov#",
                "http://www.w3.org/2004/02/skos/core#", "http://purl.org/dc/terms/", "https://schema.org/",
                "http://www.w3.org/ns/oa#", BASE + "ontology#")
EXAMPLES = ("meeting/cwg-internet/18", "state/GBR", "resolution/pp/102")  # kept only when the store has them
DCTERMS = "http://purl.org/dc/terms/"
_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_XSD = "http://www.w3.org/2001/XMLSchema#"


def _iri(value: str) -> ox.NamedNode:
    return ox.NamedNode(value)


def _number(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=_iri(_XSD + "integer"))


def _examples(request: Request) -> list[str]:
    wanted = " ".join(f"<{BASE}{path}>" for path in EXAMPLES)
    rows = request.app.state.engine.select(
        f"SELECT DISTINCT ?s WHERE {{ VALUES ?s {{ {wanted} }} ?s ?p ?o }}")
    return sorted(row["s"] for row in rows)


@router.get("/.well-known/void")
@router.get("/dcat")
def void_description(request: Request) -> Response:
    """The dataset in VoID and DCAT: size, SPARQL endpoint and its data service, IRI space, vocabularies,
    example resources, the named graphs, and the dump's distribution with its size and date."""
    base = str(request.base_url)
    stats = request.app.state.engine.stats()
    dump = service_dumps(request).current()
    dataset, endpoint, download = _iri(BASE + "dataset"), _iri(base + "sparql"), _iri(base + DUMP_PATH)
    modified = ox.Literal(dump.iso_date, datatype=_iri(_XSD + "dateTime"))
    triples = [
        (dataset, _RDF_TYPE, _iri(VOID + "Dataset")),
        (dataset, _RDF_TYPE, _iri(DCAT + "Dataset")),
        (dataset, _iri(DCTERMS + "title"), ox.Literal(TITLE, language="en")),
        (dataset, _iri(DCTERMS + "description"), ox.Literal(SUMMARY, language="en")),
        (dataset, _iri(DCTERMS + "modified"), modified),
        (dataset, _iri(VOID + "sparqlEndpoint"), endpoint),
        (dataset, _iri(VOID + "uriSpace"), ox.Literal(BASE)),
        (dataset, _iri(VOID + "triples"), _number(stats["quads"])),
        (dataset, _iri(VOID + "dataDump"), download),
    ]
    triples += [(dataset, _iri(VOID + "vocabulary"), _iri(v)) for v in VOCABULARIES]
    triples += [(dataset, _iri(VOID + "exampleResource"), _iri(e)) for e in _examples(request)]
    distribution, service = ox.BlankNode("dump"), ox.BlankNode("sparql")
    triples += [
        (dataset, _iri(DCAT + "distribution"), distribution),
        (distribution, _RDF_TYPE, _iri(DCAT + "Distribution")),
        (distribution, _iri(DCTERMS + "title"), ox.Literal("The whole dataset as gzipped N-Quads", language="en")),
        (distribution, _iri(DCAT + "downloadURL"), download),
        (distribution, _iri(DCAT + "accessURL"), download),
        (distribution, _iri(DCAT + "mediaType"),
         _iri("http://www.iana.org/assignments/media-types/application/n-quads")),
        (distribution, _iri(DCAT + "compressFormat"),
         _iri("http://www.iana.org/assignments/media-types/application/gzip")),
        (distribution, _iri(DCAT + "byteSize"), ox.Literal(str(dump.size), datatype=_iri(_XSD + "nonNegativeInteger"))),
        (distribution, _iri(DCTERMS + "issued"), modified),
        (distribution, _iri(DCTERMS + "modified"), modified),
        (distribution, _iri(VOID + "triples"), _number(dump.quads)),
        (service, _RDF_TYPE, _iri(DCAT + "DataService")),
        (service, _iri(DCTERMS + "title"), ox.Literal("SPARQL 1.1 endpoint", language="en")),
        (service, _iri(DCAT + "endpointURL"), endpoint),
        (service, _iri(DCAT + "endpointDescription"), endpoint),
        (service, _iri(DCAT + "servesDataset"), dataset),
    ]
    for index, (graph, count) in enumerate(sorted(stats["graphs"].items())):
        subset = ox.BlankNode(f"subset{index}")
        triples += [(dataset, _iri(VOID + "subset"), subset), (subset, _RDF_TYPE, _iri(VOID + "Dataset")),
                    (subset, _iri(SD + "name"), _iri(graph)), (subset, _iri(VOID + "triples"), _number(count))]
    return rdf_answer(request, triples)


def dataset_script(request: Request) -> str:
    """The schema.org `Dataset` of this service as a JSON-LD data block for an HTML page's head (nothing is
    run: the block is data, and the pages' Content-Security-Policy stays as it is)."""
    base = str(request.base_url)
    card = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "@id": BASE + "dataset",
        "name": TITLE,
        "description": SUMMARY,
        "url": base + "dataset",
        "sameAs": BASE + "dataset",
        "inLanguage": "en",
        "isAccessibleForFree": True,
        "keywords": ["ITU", "Council working groups", "Internet governance", "linked data"],
        "distribution": [{"@type": "DataDownload", "contentUrl": base + DUMP_PATH,
                          "encodingFormat": "application/n-quads"}],
        "subjectOf": {"@type": "WebAPI", "name": "SPARQL 1.1 endpoint", "url": base + "sparql"},
    }
    text = json.dumps(card, ensure_ascii=False).replace("</", "<\\/")  # never closes its script element
    return f'<script type="application/ld+json">{text}</script>'


__all__ = ["router", "void_description", "dataset_script"]
