"""Linked data pages of `itukg serve`: every minted IRI dereferenced at its path on the service's own host,
/describe?iri=… for any IRI, the ontology and the shapes at their namespaces; over real HTTP."""

from __future__ import annotations

import httpx
import pytest
import rdflib
from rdflib import Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SH

from live import TOKEN, live_server

BASE = "https://w3id.org/itukg/"
ITU = Namespace(BASE + "ontology#")
ITUSH = Namespace(BASE + "shapes#")
SDO = Namespace("https://schema.org/")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
REPORT_GRAPH = URIRef(BASE + "graph/report/cwg-internet/18")
CHROME = ("text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,"
          "application/signed-exchange;v=b3;q=0.7")
EXAMPLE = "http://example.org/thing"
EXAMPLE_GRAPH = "http://example.org/graph"

# path, a triple its Turtle must hold, the label in <title>, a link to it, and the text of a source paragraph
RESOURCES = {
    "meeting": ("meeting/cwg-internet/18",
                (URIRef(BASE + "meeting/cwg-internet/18"), ITU.meetingNumber, Literal(18)),
                "CWG-Internet 18", "CWG-Internet-18/3",
                "This is the report of the eighteenth meeting of CWG-Internet"),
    "document": ("document/cwg-internet-18-3",
                 (URIRef(BASE + "document/cwg-internet-18-3"), DCTERMS.creator, URIRef(BASE + "state/CUB")),
                 "CWG-Internet-18/3", "CWG-Internet 18", "Contribution by Brazil (Federative Republic of)"),
    "state": ("state/CUB", (URIRef(BASE + "state/CUB"), RDFS.label, Literal("Cuba", lang="en")),
              "Cuba", "CWG-Internet-18/3", "Contribution by Brazil (Federative Republic of)"),
    "revision": ("resolution/pp/102/bucharest-2022",
                 (URIRef(BASE + "resolution/pp/102/bucharest-2022"), ELI.is_member_of,
                  URIRef(BASE + "resolution/pp/102")),
                 "PP Resolution 102 (Rev. Bucharest, 2022)", "Citation 12-1",
                 "Presentation of working methods and terms of reference of CWG-Internet"),
    "person": ("person/nigel-hickson-gbr",
               (URIRef(BASE + "person/nigel-hickson-gbr"), SDO.name, Literal("Nigel Hickson")),
               "Nigel Hickson", "Role in a meeting acting-chair", "Mr. Nigel Hickson, was Acting Chair"),
}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with live_server(tmp_path_factory.mktemp("pages") / "store", token=True) as url:
        body = (f"<{EXAMPLE}> <{RDFS.label}> \"Example thing\"@en ;\n"
                f"    <http://example.org/near> <{BASE}state/CUB> .\n"
                f"<http://example.org/other> <http://example.org/points> <{EXAMPLE}> .\n")
        response = httpx.put(f"{url}/store", params={"graph": EXAMPLE_GRAPH}, content=body,
                             headers={"Content-Type": "text/turtle", "Authorization": f"Bearer {TOKEN}"})
        assert response.status_code in (201, 204), response.text
        yield url


def get(server: str, path: str, accept: str | None = None, **params) -> httpx.Response:
    headers = {"Accept": accept} if accept else {}
    return httpx.get(f"{server}/{path}", params=params, headers=headers, timeout=30)


def graph_of(response: httpx.Response, fmt: str) -> rdflib.Graph:
    return rdflib.Graph().parse(data=response.content, format=fmt)


@pytest.mark.parametrize("name", RESOURCES)
def test_turtle_is_the_default_and_holds_the_facts(server, name):
    path, triple, *_ = RESOURCES[name]
    for accept in (None, "*/*", "text/turtle"):
        response = get(server, path, accept)
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/turtle")
        assert "Accept" in response.headers["vary"]
        assert triple in graph_of(response, "turtle")


@pytest.mark.parametrize("name", RESOURCES)
def test_other_formats_parse(server, name):
    path, triple, *_ = RESOURCES[name]
    for accept, fmt in (("application/ld+json", "json-ld"), ("application/rdf+xml", "xml"),
                        ("application/n-triples", "nt")):
        response = get(server, path, accept)
        assert response.status_code == 200 and response.headers["content-type"].startswith(accept)
        assert triple in graph_of(response, fmt), accept
    for fmt, rdflib_format in (("ntriples", "nt"), ("jsonld", "json-ld"), ("rdfxml", "xml")):
        assert triple in graph_of(get(server, path, CHROME, format=fmt), rdflib_format)


@pytest.mark.parametrize("name", RESOURCES)
def test_quads_name_the_report_graph(server, name):
    path, triple, *_ = RESOURCES[name]
    subject = triple[0]
    for accept, fmt in (("application/n-quads", "nquads"), ("application/trig", "trig")):
        response = get(server, path, accept)
        assert response.status_code == 200 and response.headers["content-type"].startswith(accept)
        dataset = rdflib.Dataset()
        dataset.parse(data=response.content, format=fmt)
        graphs = {g for s, p, o, g in dataset.quads((None, None, None, None)) if subject in (s, o)}
        assert REPORT_GRAPH in graphs, (accept, graphs)


def test_a_reference_fact_is_in_the_reference_graph(server):
    dataset = rdflib.Dataset()
    dataset.parse(data=get(server, "state/CUB", "application/n-quads").content, format="nquads")
    quads = list(dataset.quads((URIRef(BASE + "state/CUB"), RDFS.label, None, None)))
    assert quads and all(g == URIRef(BASE + "graph/reference") for *_, g in quads)


def test_description_holds_incoming_links_and_provenance(server):
    graph = graph_of(get(server, "state/CUB"), "turtle")
    cub = URIRef(BASE + "state/CUB")
    assert (URIRef(BASE + "document/cwg-internet-18-3"), DCTERMS.creator, cub) in graph
    claim = URIRef(BASE + "report/cwg-internet/18/claim/22-cwg-internet-18-3")
    paragraph = URIRef(BASE + "report/cwg-internet/18/paragraph/22")
    assert (claim, PROV.wasDerivedFrom, paragraph) in graph
    assert (paragraph, RDF.type, ITU.Paragraph) in graph
    assert (paragraph, ITU.lineNumber, Literal(22)) in graph
    assert "Contribution by Brazil" in str(graph.value(paragraph, SDO.text))


@pytest.mark.parametrize("name", RESOURCES)
def test_html_page(server, name):
    path, _, label, incoming, paragraph = RESOURCES[name]
    response = get(server, path, CHROME)
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert "Accept" in response.headers["vary"]
    html = response.text
    assert f"<title>{label} — itukg</title>" in html.replace("&#x27;", "'")
    assert '<html lang="en">' in html and 'name="viewport"' in html
    script = '<script src="/static/search.js" defer></script>'  # the search box's, and no other that runs
    data = '<script type="application/ld+json">'  # the schema.org Dataset for harvesters: data, never run
    assert html.count("<script") - html.count(data) == html.count(script) == 1 and html.count(data) == 1
    links = html.split('id="incoming"', 1)[1].split('id="provenance"', 1)[0]
    assert f">{incoming}</a>" in links
    provenance = html.split('id="provenance"', 1)[1]
    assert paragraph in provenance and "<blockquote" in provenance
    assert "Report of CWG-Internet 18" in provenance
    for fmt in ("turtle", "ntriples", "jsonld", "rdfxml", "trig"):
        assert f'href="?format={fmt}"' in html


def test_html_links_stay_on_this_host(server):
    html = get(server, "document/cwg-internet-18-3", CHROME).text
    assert 'href="/meeting/cwg-internet/18"' in html  # for meeting
    assert 'href="/state/CUB"' in html
    assert 'href="/ontology#Contribution"' in html  # its type, by label
    assert ">Contribution</a>" in html
    assert ">for meeting</a>" in html  # a property by its ontology label
    assert 'href="/describe?iri=http%3A%2F%2Fpurl.org%2Fdc%2Fterms%2Fcreator">dcterms:creator</a>' in html
    assert "w3id.org/itukg/meeting" not in html.replace('"https://w3id.org/itukg/', "")


def test_followed_links_answer(server):
    page = get(server, "meeting/cwg-internet/18", CHROME).text
    for path in ("/body/cwg-internet", "/report/cwg-internet/18", "/graph/report/cwg-internet/18",
                 "/meeting/cwg-internet/18/item/4", "/report/cwg-internet/18/paragraph/2"):
        assert f'href="{path}"' in page
        assert get(server, path.lstrip("/"), CHROME).status_code == 200, path
    for path in ("role/chair", "outcome/noted", "document-type/contribution", "region/americas", "topic",
                 "conference/pp-2022", "resolution/pp/102"):
        assert get(server, path).status_code == 200, path


def test_a_graph_iri_is_described(server):
    response = get(server, "graph/report/cwg-internet/18", CHROME)
    assert response.status_code == 200 and "/store?graph=" in response.text
    graph = graph_of(get(server, "graph/report/cwg-internet/18"), "turtle")
    assert graph.value(REPORT_GRAPH, RDFS.seeAlso) is not None


def test_unknown_iri_is_404(server):
    for path in ("meeting/cwg-internet/999", "person/nobody", "ontology/nothing", "graph/report/none"):
        page = get(server, path, CHROME)
        assert page.status_code == 404 and page.headers["content-type"].startswith("text/html"), path
        text = get(server, path)
        assert text.status_code == 404 and text.headers["content-type"].startswith("text/plain"), path
    assert get(server, "describe", iri="http://example.org/nothing").status_code == 404


def test_other_routes_keep_their_own_handlers(server):
    assert get(server, "health").json()["status"] == "ok"
    assert get(server, "sparql", "text/turtle").status_code == 200  # the service description
    assert get(server, "queries").status_code == 200
    assert get(server, "store", "text/turtle", graph=str(REPORT_GRAPH)).status_code == 200


def test_describe_any_iri(server):
    response = get(server, "describe", iri=EXAMPLE)
    assert response.status_code == 200 and "Accept" in response.headers["vary"]
    graph = graph_of(response, "turtle")
    assert (URIRef(EXAMPLE), RDFS.label, Literal("Example thing", lang="en")) in graph
    assert (URIRef("http://example.org/other"), URIRef("http://example.org/points"), URIRef(EXAMPLE)) in graph
    dataset = rdflib.Dataset()
    dataset.parse(data=get(server, "describe", "application/n-quads", iri=EXAMPLE).content, format="nquads")
    assert {g for *_, g in dataset.quads((URIRef(EXAMPLE), None, None, None))} == {URIRef(EXAMPLE_GRAPH)}
    html = get(server, "describe", CHROME, iri=EXAMPLE).text
    assert "<title>Example thing — itukg</title>" in html
    assert 'href="/state/CUB"' in html and 'href="/describe?iri=http%3A%2F%2Fexample.org%2Fother"' in html
    assert 'href="?iri=http%3A%2F%2Fexample.org%2Fthing&amp;format=turtle"' in html
    # the same page for a minted IRI, and the minted IRI's page now links back
    assert set(graph_of(get(server, "describe", iri=BASE + "state/CUB"), "turtle")) == \
        set(graph_of(get(server, "state/CUB"), "turtle"))
    assert ">Example thing</a>" in get(server, "state/CUB", CHROME).text


HOSTILE = ["<", ">", "a b", '"', "}", "{", "|", "^", "`", "\\", "", "not-an-iri", "http://x/a b",
           'http://x/"',
           "http://x/> } ; DROP ALL ; {", "http://x/}", "http://x/<", "http://x/\\u003E", "http://x/\n",
           "http://x/" + "a" * 5000]


@pytest.mark.parametrize("iri", HOSTILE)
def test_hostile_iri_is_400(server, iri):
    for accept in (None, CHROME):
        response = get(server, "describe", accept, iri=iri)
        assert response.status_code == 400, (iri, response.status_code, response.text[:200])


def test_hostile_paths_never_fail(server):
    for path in ("meeting/%3E%20%7D", "person/%22%3C%3E", "document/a%0Ab", "state/%E2%80%8B",
                 "report/%FF%FE", "meeting/x%5Cu003E"):
        assert get(server, path).status_code in (400, 404), path


def test_describe_needs_one_iri(server):
    assert get(server, "describe").status_code == 400
    response = httpx.get(f"{server}/describe?iri={BASE}state/CUB&iri={BASE}state/BRA")
    assert response.status_code == 400


def test_negotiation(server):
    assert get(server, "state/CUB", "image/png").status_code == 406
    assert get(server, "state/CUB", format="nonsense").status_code == 406
    response = get(server, "state/CUB", CHROME, format="turtle")
    assert response.headers["content-type"].startswith("text/turtle")
    html = get(server, "state/CUB", "text/turtle", format="html")
    assert html.headers["content-type"].startswith("text/html")
    head = httpx.head(f"{server}/state/CUB", headers={"Accept": CHROME})
    assert head.status_code == 200 and not head.content
    assert head.headers["content-type"].startswith("text/html")


def test_ontology(server):
    response = get(server, "ontology")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/turtle")
    graph = graph_of(response, "turtle")
    assert (ITU.Meeting, RDF.type, OWL.Class) in graph
    assert (ITU.meetingNumber, RDF.type, OWL.DatatypeProperty) in graph
    assert len(graph) > 300
    for accept, fmt in (("application/ld+json", "json-ld"), ("application/rdf+xml", "xml"),
                        ("application/n-triples", "nt")):
        assert len(graph_of(get(server, "ontology", accept), fmt)) == len(graph)
    html = get(server, "ontology", CHROME).text
    meeting = html.split('id="Meeting"', 1)[1].split("</article>", 1)[0]
    assert ">Meeting <code>itu:Meeting</code>" in meeting
    assert "One numbered meeting of an ITU body" in meeting
    assert 'id="meetingNumber"' in html and 'id="classes"' in html and 'id="datatype-properties"' in html
    module = graph_of(get(server, "ontology/meeting"), "turtle")
    assert (ITU.Meeting, RDF.type, OWL.Class) in module and (ITU.Document, RDF.type, OWL.Class) not in module
    assert 'id="Meeting"' in get(server, "ontology/meeting", CHROME).text


def test_shapes(server):
    response = get(server, "shapes")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/turtle")
    graph = graph_of(response, "turtle")
    assert (ITUSH.MeetingShape, RDF.type, SH.NodeShape) in graph
    assert (ITUSH["Meeting-meetingNumber"], SH.path, ITU.meetingNumber) in graph
    html = get(server, "shapes", CHROME).text
    assert 'id="MeetingShape"' in html and 'id="Meeting-meetingNumber"' in html
    assert "A meeting must have exactly one itu:meetingNumber" in html
    assert (ITUSH.MeetingShape, RDF.type, SH.NodeShape) in graph_of(get(server, "shapes/meeting"), "turtle")


def test_dataset(server):
    graph = graph_of(get(server, "dataset"), "turtle")
    assert (URIRef(BASE + "dataset"), RDF.type, URIRef("http://rdfs.org/ns/void#Dataset")) in graph
    html = get(server, "dataset", CHROME).text
    assert "itukg: records of ITU meetings" in html and 'href="/sparql"' in html


def test_pages_escape_what_they_show(server):
    iri = "http://example.org/<b>"
    assert get(server, "describe", iri=iri).status_code == 400
    body = f'<{EXAMPLE}x> <{RDFS.label}> "<script>alert(1)</script> & \\"q\\"" .'
    response = httpx.post(f"{server}/store", params={"graph": EXAMPLE_GRAPH}, content=body,
                          headers={"Content-Type": "text/turtle", "Authorization": f"Bearer {TOKEN}"})
    assert response.status_code in (201, 204)
    html = get(server, "describe", CHROME, iri=EXAMPLE + "x").text
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot;" in html


@pytest.mark.parametrize("name,view", [("state", "/views/state/CUB"), ("revision", "/views/resolution/pp/102"),
                                       ("meeting", "/views/group/cwg-internet")])
def test_a_page_links_the_views_it_appears_in(server, name, view):
    html = get(server, RESOURCES[name][0], CHROME).text
    assert f'<p class="views">Seen in the views: <a href="{view}">' in html
    assert get(server, view.lstrip("/"), CHROME).status_code == 200
