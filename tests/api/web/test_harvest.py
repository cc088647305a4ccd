"""What harvesters read, from a real `itukg serve` on 127.0.0.1 over the bundled corpus: VoID/DCAT naming the
dump with the file's own size and date, the dump holding the store's quads, the dump built again after a write,
the sitemap of every resource page, and the schema.org Dataset JSON-LD in the pages' heads."""

from __future__ import annotations

import gzip
import json
import re
import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime

import httpx
import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, XSD

from itukg.api.web.sitemap import page_paths, sitemap_index, split, urlset
from itukg.loader.vocab import BASE
from live import TOKEN, live_server

VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
JOURNAL = BASE + "graph/journal"
DATASET = URIRef(BASE + "dataset")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    store = tmp_path_factory.mktemp("harvest") / "store"
    with live_server(store, token=True) as url:
        yield url, store


@pytest.fixture(scope="module")
def server(served):
    return served[0]


def void(server: str, accept: str = "text/turtle") -> Graph:
    response = httpx.get(f"{server}/.well-known/void", headers={"Accept": accept}, timeout=60)
    assert response.status_code == 200, response.text
    return Graph().parse(data=response.text, format="json-ld" if "json" in accept else "turtle")


def distribution(graph: Graph):
    (node,) = list(graph.objects(DATASET, DCAT.distribution))
    return node


def download(server: str) -> httpx.Response:
    response = httpx.get(f"{server}/dumps/itukg.nq.gz", timeout=120)
    assert response.status_code == 200, response.text
    return response


def store_quads(server: str) -> set:
    """The store's quads as the SPARQL endpoint answers them (a CONSTRUCT cannot give graphs: N-Quads of a
    SELECT over GRAPH ?g, the journal left out), plus the default graph's triples."""
    query = f"SELECT ?s ?p ?o ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{JOURNAL}>) }}"
    response = httpx.post(f"{server}/sparql", data={"query": query},
                          headers={"Accept": "application/sparql-results+json"}, timeout=120)
    assert response.status_code == 200
    quads = set()
    for row in response.json()["results"]["bindings"]:
        terms = [_term(row[name]) for name in ("s", "p", "o", "g")]
        quads.add(ox.Quad(*terms))
    return quads


def _term(binding: dict):
    if binding["type"] == "uri":
        return ox.NamedNode(binding["value"])
    if binding["type"] == "bnode":
        return ox.BlankNode(binding["value"])
    if "xml:lang" in binding:
        return ox.Literal(binding["value"], language=binding["xml:lang"])
    return ox.Literal(binding["value"], datatype=ox.NamedNode(binding.get(
        "datatype", "http://www.w3.org/2001/XMLSchema#string")))


def test_void_names_endpoint_vocabularies_and_the_dump_with_its_size(server):
    graph = void(server)
    assert (DATASET, RDF.type, VOID.Dataset) in graph and (DATASET, RDF.type, DCAT.Dataset) in graph
    assert (DATASET, VOID.sparqlEndpoint, URIRef(f"{server}/sparql")) in graph
    assert (DATASET, VOID.dataDump, URIRef(f"{server}/dumps/itukg.nq.gz")) in graph
    vocabularies = set(graph.objects(DATASET, VOID.vocabulary))
    for vocabulary in ("http://data.europa.eu/eli/ontology#", "http://www.w3.org/ns/org#", "http://www.w3.org/ns/prov#",
                       "http://www.w3.org/2004/02/skos/core#", "http://purl.org/dc/terms/", "https://schema.org/"):
        assert URIRef(vocabulary) in vocabularies
    assert URIRef(BASE + "meeting/cwg-internet/18") in set(graph.objects(DATASET, VOID.exampleResource))
    assert int(graph.value(DATASET, VOID.triples)) > 1000
    node = distribution(graph)
    assert (node, RDF.type, DCAT.Distribution) in graph
    assert graph.value(node, DCAT.downloadURL) == URIRef(f"{server}/dumps/itukg.nq.gz")
    assert str(graph.value(node, DCAT.mediaType)).endswith("application/n-quads")
    assert str(graph.value(node, DCAT.compressFormat)).endswith("application/gzip")
    service = graph.value(predicate=DCAT.servesDataset, object=DATASET)
    assert (service, RDF.type, DCAT.DataService) in graph
    assert graph.value(service, DCAT.endpointURL) == URIRef(f"{server}/sparql")

    response = download(server)
    assert int(graph.value(node, DCAT.byteSize)) == len(response.content) == int(response.headers["content-length"])
    modified = graph.value(DATASET, DCTERMS.modified)
    assert isinstance(modified, Literal) and modified.datatype == XSD.dateTime
    assert graph.value(node, DCTERMS.issued) == modified
    last_modified = httpx.Headers(response.headers)["last-modified"]
    assert parsedate_to_datetime(last_modified) == modified.toPython()


def test_void_as_json_ld_and_at_dcat_say_the_same(server):
    turtle, jsonld = void(server), void(server, "application/ld+json")
    assert (int(jsonld.value(distribution(jsonld), DCAT.byteSize))
            == int(turtle.value(distribution(turtle), DCAT.byteSize)))
    dcat = httpx.get(f"{server}/dcat", headers={"Accept": "text/turtle"})
    assert dcat.status_code == 200 and "dcat:Distribution" in dcat.text


def test_dump_holds_the_stores_quads_but_the_journal(server):
    response = download(server)
    assert response.headers["content-type"] == "application/gzip"
    fresh = ox.Store()
    fresh.load(gzip.decompress(response.content), format=ox.RdfFormat.N_QUADS)
    graphs = {g.value for g in fresh.named_graphs()}
    assert BASE + "graph/reference" in graphs and BASE + "graph/ontology" in graphs
    assert BASE + "graph/report/cwg-internet/18" in graphs and JOURNAL not in graphs
    assert set(fresh) == store_quads(server)


def test_dump_answers_conditional_and_head_requests(server):
    first = download(server)
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    assert httpx.get(f"{server}/dumps/itukg.nq.gz", headers={"If-None-Match": etag}).status_code == 304
    assert httpx.get(f"{server}/dumps/itukg.nq.gz", headers={"If-Modified-Since": modified}).status_code == 304
    head = httpx.head(f"{server}/dumps/itukg.nq.gz")
    assert head.status_code == 200 and head.headers["content-length"] == str(len(first.content)) and not head.content
    assert head.headers["etag"] == etag


def test_dump_is_built_again_after_a_write(served):
    server, store = served
    before = download(server)
    assert (store.parent / "store.dumps" / "itukg.nq.gz").stat().st_size == len(before.content)
    graph = BASE + "graph/harvest-test"
    write = httpx.put(f"{server}/store", params={"graph": graph}, content=f"<{BASE}thing/x> <{BASE}p> \"harvested\" .",
                      headers={"Content-Type": "application/n-triples", "Authorization": f"Bearer {TOKEN}"})
    assert write.status_code in (201, 204), write.text
    try:
        after = download(server)
        assert after.headers["etag"] != before.headers["etag"] and len(after.content) != len(before.content)
        assert b'"harvested"' in gzip.decompress(after.content)
        stale = httpx.get(f"{server}/dumps/itukg.nq.gz", headers={"If-None-Match": before.headers["etag"]})
        assert stale.status_code == 200
        graph_void = void(server)
        assert int(graph_void.value(distribution(graph_void), DCAT.byteSize)) == len(after.content)
    finally:
        httpx.delete(f"{server}/store", params={"graph": graph}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert download(server).headers["etag"] == before.headers["etag"]  # the same bytes again


def sitemap_urls(server: str) -> list[str]:
    response = httpx.get(f"{server}/sitemap.xml", timeout=60)
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{SITEMAP}urlset"
    return [loc.text for loc in root.iter(f"{SITEMAP}loc")]


def test_sitemap_lists_every_kind_of_resource_page_on_this_host(server):
    urls = sitemap_urls(server)
    assert len(urls) == len(set(urls)) > 300
    assert all(url.startswith(f"{server}/") for url in urls)
    for path in ("/meeting/cwg-internet/18", "/state/GBR", "/resolution/pp/102", "/body/cwg-internet",
                 "/document/cwg-internet-18-3", "/dataset", "/ontology"):
        assert f"{server}{path}" in urls, path
    assert any("/person/" in url for url in urls) and any("/topic/" in url for url in urls)
    assert any("/describe?iri=" in url and "%2Fagent%2F" in url for url in urls)  # no route of their own
    sample = urls[:: max(1, len(urls) // 40)]
    for url in sample:
        response = httpx.get(url, headers={"Accept": "text/html"}, timeout=60)
        assert response.status_code == 200, url


def test_pages_carry_dataset_json_ld(server):
    for path in ("/meeting/cwg-internet/18", "/state/GBR", "/", "/ontology"):
        page = httpx.get(f"{server}{path}", headers={"Accept": "text/html"}).text
        head = page.split("</head>", 1)[0]
        blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', head, re.DOTALL)
        assert len(blocks) == 1, path
        card = json.loads(blocks[0])
        assert card["@type"] == "Dataset" and card["@context"] == "https://schema.org"
        assert card["distribution"][0]["contentUrl"] == f"{server}/dumps/itukg.nq.gz"
        # as JSON-LD, with schema.org's context as a local @vocab (the test fetches nothing from the network)
        graph = Graph().parse(data=json.dumps({**card, "@context": {"@vocab": "https://schema.org/"}}),
                              format="json-ld")
        assert (DATASET, RDF.type, URIRef("https://schema.org/Dataset")) in graph
        assert len(graph) > 10


def test_a_sitemap_past_the_limit_is_an_index_of_files():
    paths = page_paths(BASE + f"person/p-{n}" for n in range(7))
    files = split(paths, 5)
    assert [len(f) for f in files] == [5, 5, 2]  # 5 fixed pages and 7 people
    index = ET.fromstring(sitemap_index("http://127.0.0.1:1/", len(files)))
    assert [loc.text for loc in index.iter(f"{SITEMAP}loc")] == [
        f"http://127.0.0.1:1/sitemaps/{n}.xml" for n in range(1, len(files) + 1)]
    one = ET.fromstring(urlset("http://127.0.0.1:1/", ["/describe?iri=a&b"]))
    assert [loc.text for loc in one.iter(f"{SITEMAP}loc")] == ["http://127.0.0.1:1/describe?iri=a&b"]


def test_a_restart_keeps_the_dumps_date_when_its_bytes_are_the_same(tmp_path):
    store = tmp_path / "store"
    with live_server(store) as url:
        first = download(url)
    with live_server(store) as url:
        again = download(url)
    assert again.headers["etag"] == first.headers["etag"]
    assert again.headers["last-modified"] == first.headers["last-modified"]
