"""The live service driven by the clients a researcher uses: SPARQLWrapper, rdflib's SPARQLStore and
SPARQLUpdateStore, and curl. Also checks that SERVICE is refused however it is written, and that the
service never connects to the endpoint such a query names."""

from __future__ import annotations

import csv
import io
import json
import shutil
import socket
import subprocess
import urllib.error
import xml.etree.ElementTree as ET

import httpx
import pytest
from rdflib import ConjunctiveGraph, Graph, Literal, Namespace, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore, SPARQLUpdateStore
from SPARQLWrapper import (GET, JSON, JSONLD, POST, POSTDIRECTLY, RDFXML, TSV, TURTLE, URLENCODED, XML,
                           SPARQLWrapper)
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed, Unauthorized

from itukg.loader.catalogue import named_query
from live import TOKEN, live_server

AUTH = {"Authorization": f"Bearer {TOKEN}"}
ITU = Namespace("https://w3id.org/itukg/ontology#")
SUBMISSIONS = named_query("submissions").sparql
SUBMISSION_ROWS = 24
VARIABLES = ["document", "symbol", "state", "iso3"]
SYMBOLS = ("PREFIX itu: <https://w3id.org/itukg/ontology#> "
           "CONSTRUCT { ?document itu:symbol ?symbol } WHERE { ?document itu:symbol ?symbol }")
SYMBOL_ROWS = ("PREFIX itu: <https://w3id.org/itukg/ontology#> "
               "SELECT DISTINCT ?document ?symbol WHERE { ?document itu:symbol ?symbol }")
SRX = "{http://www.w3.org/2005/sparql-results#}"
QUAD_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"

# SPARQLWrapper reads RDF/XML into a ConjunctiveGraph, which rdflib 7 deprecates in favour of Dataset.
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with live_server(tmp_path_factory.mktemp("clients") / "store", token=True) as url:
        yield url


# ------------------------------------------------------------------------------------------ helpers


def _http(server: str, sparql: str, accept: str = "application/sparql-results+json") -> httpx.Response:
    return httpx.get(f"{server}/sparql", params={"query": sparql}, headers={"Accept": accept}, timeout=60)


def _quads(server: str) -> int:
    response = _http(server, QUAD_COUNT)
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def _ask(server: str, sparql: str) -> bool:
    response = _http(server, sparql)
    assert response.status_code == 200, response.text
    return response.json()["boolean"]


def _json_rows(document: dict, variables=VARIABLES) -> list[tuple[str, ...]]:
    assert document["head"]["vars"] == variables
    return [tuple(row[v]["value"] for v in variables) for row in document["results"]["bindings"]]


def _xml_rows(root: ET.Element, variables=VARIABLES) -> list[tuple[str, ...]]:
    assert [v.get("name") for v in root.iter(f"{SRX}variable")] == variables
    rows = []
    for result in root.iter(f"{SRX}result"):
        values = {b.get("name"): next(iter(b)).text for b in result.findall(f"{SRX}binding")}
        rows.append(tuple(values[v] for v in variables))
    return rows


def _wrapper(server: str, method: str = GET, request_method: str | None = None, fmt: str = JSON,
             query: str = SUBMISSIONS) -> SPARQLWrapper:
    sparql = SPARQLWrapper(f"{server}/sparql", updateEndpoint=f"{server}/update")
    sparql.setMethod(method)
    if request_method:
        sparql.setRequestMethod(request_method)
    sparql.setReturnFormat(fmt)
    sparql.setQuery(query)
    return sparql


@pytest.fixture(scope="module")
def expected_rows(server) -> list[tuple[str, ...]]:
    """The submissions, as SPARQLWrapper reads them by GET in JSON: the reference for every other client."""
    rows = _json_rows(_wrapper(server).queryAndConvert())
    assert len(rows) == SUBMISSION_ROWS
    assert len(set(rows)) == SUBMISSION_ROWS
    return rows


# ------------------------------------------------------------------------------------------ SPARQLWrapper

TRANSPORTS = [(GET, None), (POST, URLENCODED), (POST, POSTDIRECTLY)]


@pytest.mark.parametrize("method,request_method", TRANSPORTS, ids=["get", "post-form", "post-direct"])
@pytest.mark.parametrize("fmt", [JSON, XML])
def test_sparqlwrapper_select(server, expected_rows, method, request_method, fmt):
    result = _wrapper(server, method, request_method, fmt).query()
    content_type = result.info()["content-type"]
    converted = result.convert()
    if fmt == JSON:
        assert content_type.startswith("application/sparql-results+json")
        rows = _json_rows(converted)
    else:
        assert content_type.startswith("application/sparql-results+xml")
        rows = _xml_rows(ET.fromstring(converted.toxml()))
    assert rows == expected_rows  # same rows, same ORDER BY


def test_submissions_have_the_known_answer(expected_rows):
    symbols = {row[1] for row in expected_rows}
    states = {row[3] for row in expected_rows}
    assert all(len(iso3) == 3 and iso3.isupper() for iso3 in states)
    assert all(row[2].startswith("http") and row[0].startswith("http") for row in expected_rows)
    assert len(expected_rows) == SUBMISSION_ROWS and symbols and states
    assert expected_rows == sorted(expected_rows, key=lambda r: (r[1], r[3]))


@pytest.mark.parametrize("method,request_method", TRANSPORTS, ids=["get", "post-form", "post-direct"])
@pytest.mark.parametrize("fmt", [JSON, XML])
def test_sparqlwrapper_ask(server, method, request_method, fmt):
    answers = []
    for query in ("PREFIX itu: <https://w3id.org/itukg/ontology#> ASK { ?d itu:symbol ?s }",
                  "ASK { <urn:itukg:test:nothing> ?p ?o }"):
        converted = _wrapper(server, method, request_method, fmt, query).queryAndConvert()
        if fmt == JSON:
            answers.append(converted["boolean"])
        else:
            text = ET.fromstring(converted.toxml()).find(f"{SRX}boolean").text
            answers.append({"true": True, "false": False}[text])
    assert answers == [True, False]


@pytest.fixture(scope="module")
def symbol_triples(server) -> set:
    rows = _json_rows(_http(server, SYMBOL_ROWS).json(), ["document", "symbol"])
    assert rows
    return {(URIRef(d), ITU.symbol, Literal(s)) for d, s in rows}


@pytest.mark.parametrize("method,request_method", TRANSPORTS, ids=["get", "post-form", "post-direct"])
@pytest.mark.parametrize("fmt", [TURTLE, XML, RDFXML])
def test_sparqlwrapper_construct(server, symbol_triples, method, request_method, fmt):
    sparql = _wrapper(server, method, request_method, fmt, SYMBOLS)
    if fmt == RDFXML:
        sparql.setOnlyConneg(True)  # see test_sparqlwrapper_default_format_parameters below
    result = sparql.query()
    content_type = result.info()["content-type"]
    converted = result.convert()
    if fmt == TURTLE:
        assert content_type.startswith("text/turtle")
        graph = Graph().parse(data=converted, format="turtle")  # SPARQLWrapper hands Turtle back as bytes
    else:
        assert content_type.startswith("application/rdf+xml")
        assert isinstance(converted, Graph)
        graph = converted
    assert set(graph) == symbol_triples


@pytest.mark.parametrize("fmt,query", [(RDFXML, SYMBOLS), (JSONLD, SYMBOLS), (TSV, SYMBOL_ROWS)])
def test_sparqlwrapper_default_format_parameters(server, symbol_triples, fmt, query):
    converted = _wrapper(server, GET, None, fmt, query).queryAndConvert()
    if fmt == TSV:
        header, *rows = converted.decode().splitlines()
        assert header == "?document\t?symbol" and len(rows) == len(symbol_triples)
    else:
        assert set(converted) == symbol_triples


@pytest.mark.parametrize("request_method", [URLENCODED, POSTDIRECTLY])
def test_sparqlwrapper_update_with_the_token(server, request_method):
    graph = f"urn:itukg:test:wrapper:{request_method}"
    triple = f"<urn:itukg:test:s> <urn:itukg:test:p> \"through SPARQLWrapper ({request_method})\""
    probe = f"ASK {{ GRAPH <{graph}> {{ {triple} }} }}"

    def update(text: str, token: bool = True):
        sparql = SPARQLWrapper(f"{server}/sparql", updateEndpoint=f"{server}/update")
        if token:
            sparql.addCustomHttpHeader("Authorization", f"Bearer {TOKEN}")
        sparql.setMethod(POST)
        sparql.setRequestMethod(request_method)
        sparql.setQuery(text)
        assert sparql.isSparqlUpdateRequest()
        result = sparql.query()
        result.response.close()
        return result.response.status

    before = _quads(server)
    with pytest.raises(Unauthorized):
        update(f"INSERT DATA {{ GRAPH <{graph}> {{ {triple} }} }}", token=False)
    assert _quads(server) == before and not _ask(server, probe)

    assert update(f"INSERT DATA {{ GRAPH <{graph}> {{ {triple} }} }}") == 204
    assert _ask(server, probe) and _quads(server) == before + 1
    assert update(f"DELETE DATA {{ GRAPH <{graph}> {{ {triple} }} }}") == 204
    assert not _ask(server, probe) and _quads(server) == before


@pytest.mark.parametrize("method,request_method", TRANSPORTS, ids=["get", "post-form", "post-direct"])
def test_sparqlwrapper_syntax_error_is_query_bad_formed(server, method, request_method):
    with pytest.raises(QueryBadFormed):
        _wrapper(server, method, request_method, JSON, "SELECT ?s WHERE { ?s ?p }").queryAndConvert()


# ------------------------------------------------------------------------------------------ rdflib stores


@pytest.mark.parametrize("method", ["GET", "POST", "POST_FORM"])
@pytest.mark.parametrize("return_format", ["xml", "json"])
def test_sparqlstore_reads_the_seed_data(server, expected_rows, symbol_triples, method, return_format):
    store = SPARQLStore(f"{server}/sparql", returnFormat=return_format, method=method)
    graph = Graph(store)
    rows = [tuple(str(row[v]) for v in VARIABLES) for row in graph.query(SUBMISSIONS)]
    assert rows == expected_rows
    assert set(graph.triples((None, ITU.symbol, None))) == symbol_triples
    union = ConjunctiveGraph(store)  # the default graph is the union of the graphs, as on the service
    rows = [tuple(str(row[v]) for v in VARIABLES) for row in union.query(SUBMISSIONS)]
    assert rows == expected_rows


def _update_store(server: str, **kwargs) -> SPARQLUpdateStore:
    # rdflib 7.6 passes extra keyword arguments to the connector, whose `headers` go on every request;
    # its `auth=(user, password)` is HTTP Basic only, so a bearer token must go in `headers`.
    return SPARQLUpdateStore(query_endpoint=f"{server}/sparql", update_endpoint=f"{server}/update", **kwargs)


def test_sparqlupdatestore_adds_and_removes_triples_in_a_named_graph(server):
    name = URIRef("urn:itukg:test:updatestore")
    first = (URIRef("urn:itukg:test:a"), URIRef("urn:itukg:test:p"), Literal("één", lang="nl"))
    second = (URIRef("urn:itukg:test:a"), URIRef("urn:itukg:test:q"), URIRef("urn:itukg:test:b"))
    graph = Graph(_update_store(server, headers=dict(AUTH)), identifier=name)
    before = _quads(server)

    graph.add(first)
    graph.add(second)
    assert set(graph) == {first, second}
    assert len(graph) == 2
    assert _quads(server) == before + 2
    stored = httpx.get(f"{server}/store", params={"graph": str(name)},
                       headers={"Accept": "application/n-triples"})
    assert stored.status_code == 200 and set(Graph().parse(data=stored.text, format="nt")) == {first, second}

    graph.remove(first)
    assert set(graph) == {second}
    graph.remove((None, None, None))
    assert set(graph) == set()
    assert _quads(server) == before
    # a plain read-only store sees the same (empty) graph
    assert set(Graph(SPARQLStore(f"{server}/sparql"), identifier=name)) == set()


@pytest.mark.parametrize("credentials", [{}, {"headers": {"Authorization": "Bearer wrong"}},
                                         {"auth": ("itukg", TOKEN)}],
                         ids=["none", "wrong-token", "basic-auth"])
def test_sparqlupdatestore_without_the_token_is_refused_and_changes_nothing(server, credentials):
    name = URIRef("urn:itukg:test:refused")
    triple = (URIRef("urn:itukg:test:a"), URIRef("urn:itukg:test:p"), Literal("refused"))
    graph = Graph(_update_store(server, **credentials), identifier=name)
    before = _quads(server)
    for write in (lambda: graph.add(triple), lambda: graph.remove((None, None, None))):
        with pytest.raises(urllib.error.HTTPError) as raised:
            write()
        raised.value.close()  # the error holds the response's socket
        assert raised.value.code == 401
    assert _quads(server) == before
    assert set(graph) == set()
    assert httpx.get(f"{server}/store", params={"graph": str(name)}).status_code == 404


# ------------------------------------------------------------------------------------------ curl

CURL = shutil.which("curl") or "/usr/bin/curl"
needs_curl = pytest.mark.skipif(not shutil.which("curl"), reason="curl is not installed on this machine")
_MARK = b"\n--itukg-curl-status--"


def _curl(server: str, sparql: str, accept: str | None, *extra: str, post: bool = False):
    """(status, content type, body) of a query sent by curl, by GET or as a POSTed form."""
    command = [CURL, "-sS", "--max-time", "60", "-o", "-",
               "-w", _MARK.decode() + "%{http_code} %{content_type}"]
    if accept is not None:
        command += ["-H", f"Accept: {accept}"]
    if not post:
        command.append("--get")
    command += ["--data-urlencode", f"query={sparql}", *extra, f"{server}/sparql"]
    done = subprocess.run(command, capture_output=True, timeout=90)
    assert done.returncode == 0, done.stderr.decode()
    body, _, trailer = done.stdout.rpartition(_MARK)
    status, _, content_type = trailer.decode().partition(" ")
    return int(status), content_type, body


def _tsv_value(term: str) -> str:
    if term.startswith("<") and term.endswith(">"):
        return term[1:-1]
    assert term.startswith('"'), term
    return json.loads(term[: term.rindex('"') + 1])


SELECT_PARSERS = {
    "application/sparql-results+json": lambda body: _json_rows(json.loads(body)),
    "application/sparql-results+xml": lambda body: _xml_rows(ET.fromstring(body)),
    "text/csv": lambda body: _csv_rows(body),
    "text/tab-separated-values": lambda body: _tsv_rows(body),
}


def _csv_rows(body: bytes) -> list[tuple[str, ...]]:
    header, *rows = csv.reader(io.StringIO(body.decode("utf-8"), newline=""))
    assert header == VARIABLES
    return [tuple(row) for row in rows]


def _tsv_rows(body: bytes) -> list[tuple[str, ...]]:
    header, *rows = body.decode("utf-8").splitlines()
    assert header.split("\t") == [f"?{v}" for v in VARIABLES]
    return [tuple(_tsv_value(term) for term in row.split("\t")) for row in rows]


@needs_curl
@pytest.mark.parametrize("post", [False, True], ids=["get", "post-form"])
@pytest.mark.parametrize("accept", list(SELECT_PARSERS))
def test_curl_select_in_each_format(server, expected_rows, accept, post):
    status, content_type, body = _curl(server, SUBMISSIONS, accept, post=post)
    assert status == 200, body
    assert content_type.split(";")[0].strip() == accept
    assert SELECT_PARSERS[accept](body) == expected_rows


CONSTRUCT_FORMATS = {"text/turtle": "turtle", "application/n-triples": "nt", "application/ld+json": "json-ld",
                     "application/rdf+xml": "xml"}


@needs_curl
@pytest.mark.parametrize("accept", list(CONSTRUCT_FORMATS))
def test_curl_construct_in_each_format(server, symbol_triples, accept):
    status, content_type, body = _curl(server, SYMBOLS, accept)
    assert status == 200, body
    assert content_type.split(";")[0].strip() == accept
    assert set(Graph().parse(data=body, format=CONSTRUCT_FORMATS[accept])) == symbol_triples


@needs_curl
@pytest.mark.parametrize("query", [SUBMISSIONS, SYMBOLS], ids=["select", "construct"])
def test_curl_accept_image_png_is_406(server, query):
    status, _, body = _curl(server, query, "image/png")
    assert status == 406, body


@needs_curl
def test_curl_format_parameter_overrides_accept(server, expected_rows):
    status, content_type, body = _curl(server, SUBMISSIONS, "application/sparql-results+json",
                                       "--data-urlencode", "format=csv")
    assert status == 200, body
    assert content_type.split(";")[0].strip() == "text/csv"
    assert _csv_rows(body) == expected_rows
    status, content_type, body = _curl(server, SYMBOLS, "application/rdf+xml",
                                       "--data-urlencode", "format=nt")
    assert status == 200 and content_type.split(";")[0].strip() == "application/n-triples"
    assert Graph().parse(data=body, format="nt")


# ------------------------------------------------------------------------------------------ SERVICE

# {url} is the listening socket's URL (http://127.0.0.1:PORT/sparql), {port} its port.
SERVICE_QUERIES = {
    "title-case": "SELECT * WHERE { Service <{url}> { ?s ?p ?o } }",
    "lower-case-silent": "select * where { service silent <{url}> { ?s ?p ?o } }",
    "mixed-case-silent": "SELECT * WHERE { sErViCe SiLeNt <{url}> { ?s ?p ?o } }",
    "comments-and-newlines":
        "SELECT * WHERE {\n  SERVICE # first comment\n  # second comment\n\n\t<{url}>\n  { ?s ?p ?o }\n}",
    "crlf-and-tabs": "SELECT * WHERE { SERVICE\r\n\t \r\n<{url}>\r\n{ ?s ?p ?o } }",
    "comment-after-silent": "SELECT * WHERE { SERVICE SILENT#why not\r<{url}> { ?s ?p ?o } }",
    "prefixed-iri":
        "PREFIX remote: <http://127.0.0.1:{port}/> SELECT * WHERE { SERVICE remote:sparql { ?s ?p ?o } }",
    "empty-prefix": "PREFIX : <http://127.0.0.1:{port}/> SELECT * WHERE { SERVICE :sparql { ?s ?p ?o } }",
    "relative-iri-with-base":
        "BASE <http://127.0.0.1:{port}/> SELECT * WHERE { SERVICE <sparql> { ?s ?p ?o } }",
    "escaped-iri": "SELECT * WHERE { SERVICE <http\\u003A//127.0.0.1:{port}/sparql> { ?s ?p ?o } }",
    "upper-case-scheme": "SELECT * WHERE { SERVICE <HTTP://127.0.0.1:{port}/sparql> { ?s ?p ?o } }",
    "short-ipv4": "SELECT * WHERE { SERVICE <http://127.1:{port}/sparql> { ?s ?p ?o } }",
    "inside-optional": "SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE <{url}> { ?s ?p ?x } } } LIMIT 1",
    "inside-subquery": "SELECT * WHERE { { SELECT ?s WHERE { SERVICE <{url}> { ?s ?p ?o } } LIMIT 1 } }",
    "inside-filter-exists":
        "SELECT * WHERE { ?s ?p ?o FILTER EXISTS { SERVICE <{url}> { ?s ?p ?o } } } LIMIT 1",
    "inside-filter-not-exists-in-graph":
        "SELECT * WHERE { GRAPH ?g { ?s ?p ?o FILTER NOT EXISTS { SERVICE SILENT <{url}> { ?s ?p ?o } } } } "
        "LIMIT 1",
    "inside-union": "SELECT * WHERE { { ?s ?p ?o } UNION { SERVICE <{url}> { ?s ?p ?o } } } LIMIT 1",
    "inside-minus": "SELECT * WHERE { ?s ?p ?o MINUS { SERVICE <{url}> { ?s ?p ?o } } } LIMIT 1",
    "nested-service":
        "SELECT * WHERE { SERVICE SILENT <urn:itukg:elsewhere> { SERVICE <{url}> { ?s ?p ?o } } }",
    "variable-bound-by-values":
        "SELECT * WHERE { VALUES ?endpoint { <{url}> } SERVICE ?endpoint { ?s ?p ?o } }",
    "variable-bound-by-trailing-values":
        "SELECT * WHERE { SERVICE ?endpoint { ?s ?p ?o } } VALUES ?endpoint { <{url}> }",
    "variable-bound-by-bind": "SELECT * WHERE { BIND(<{url}> AS ?endpoint) SERVICE ?endpoint { ?s ?p ?o } }",
    "ask": "ASK { SERVICE <{url}> { ?s ?p ?o } }",
    "construct": "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <{url}> { ?s ?p ?o } }",
    "describe": "DESCRIBE ?s WHERE { SERVICE <{url}> { ?s ?p ?o } }",
}
SERVICE_GRAPH = "urn:itukg:test:service"
SERVICE_UPDATES = {
    "insert-where":
        "INSERT { GRAPH <%s> { ?s ?p ?o } } WHERE { SERVICE <{url}> { ?s ?p ?o } }" % SERVICE_GRAPH,
    "with-delete-insert-lower-case":
        "with <%s> delete { ?s ?p ?o } insert { ?s ?p ?o } "
        "where { optional { service silent <{url}> { ?s ?p ?o } } }"
        % SERVICE_GRAPH,
    "insert-where-variable-by-values":
        "PREFIX g: <urn:itukg:test:> INSERT { GRAPH g:service { ?s ?p ?o } } "
        "WHERE { VALUES ?endpoint { <{url}> } SERVICE ?endpoint { ?s ?p ?o } }",
    "second-operation":
        "INSERT DATA { GRAPH <%s> { <urn:a> <urn:b> <urn:c> } } ;\n"
        "INSERT { GRAPH <%s> { ?s ?p ?o } } WHERE { FILTER EXISTS { SERVICE <{url}> { ?s ?p ?o } } }"
        % (SERVICE_GRAPH, SERVICE_GRAPH),
}


@pytest.fixture
def listener():
    """A socket listening on 127.0.0.1: any connection the service made to it would wait in its backlog."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(16)
        sock.settimeout(0.5)
        yield sock


def _fill(template: str, sock: socket.socket) -> str:
    port = sock.getsockname()[1]
    return template.replace("{url}", f"http://127.0.0.1:{port}/sparql").replace("{port}", str(port))


def _assert_no_connection(sock: socket.socket) -> None:
    with pytest.raises(TimeoutError):
        connection, peer = sock.accept()
        connection.close()
        raise AssertionError(f"the service connected to the listening socket from {peer}")


def test_the_listener_would_see_a_connection(listener):
    """The control: a connection to the listening socket is seen by accept()."""
    with socket.create_connection(listener.getsockname(), timeout=5):
        connection, _ = listener.accept()
        connection.close()


@pytest.mark.parametrize("transport", ["get", "post-form", "post-direct"])
@pytest.mark.parametrize("name", list(SERVICE_QUERIES))
def test_service_in_a_query_is_refused_without_a_connection(server, listener, name, transport):
    query = _fill(SERVICE_QUERIES[name], listener)
    if transport == "get":
        response = httpx.get(f"{server}/sparql", params={"query": query}, timeout=60)
    elif transport == "post-form":
        response = httpx.post(f"{server}/sparql", data={"query": query}, timeout=60)
    else:
        response = httpx.post(f"{server}/sparql", content=query.encode(), timeout=60,
                              headers={"Content-Type": "application/sparql-query"})
    assert response.status_code == 400, response.text
    # rdflib's grammar, which the guard parses with, recurses without end on a SERVICE inside a SERVICE;
    # the guard then refuses the query as one it cannot analyse (fail closed).
    assert ("refused" if name == "nested-service" else "SERVICE is not allowed") in response.text
    _assert_no_connection(listener)


@pytest.mark.parametrize("transport", ["post-form", "post-direct"])
@pytest.mark.parametrize("name", list(SERVICE_UPDATES))
def test_service_in_an_update_is_refused_without_a_connection(server, listener, name, transport):
    update = _fill(SERVICE_UPDATES[name], listener)
    before = _quads(server)
    if transport == "post-form":
        response = httpx.post(f"{server}/update", data={"update": update}, headers=AUTH, timeout=60)
    else:
        response = httpx.post(f"{server}/update", content=update.encode(), timeout=60,
                              headers={"Content-Type": "application/sparql-update", **AUTH})
    assert response.status_code == 400, response.text
    assert "SERVICE is not allowed" in response.text
    _assert_no_connection(listener)
    assert _quads(server) == before
    assert httpx.get(f"{server}/store", params={"graph": SERVICE_GRAPH}).status_code == 404


def test_service_through_sparqlwrapper_is_query_bad_formed(server, listener):
    with pytest.raises(QueryBadFormed):
        _wrapper(server, POST, URLENCODED, JSON, _fill(SERVICE_QUERIES["title-case"], listener)).query()
    _assert_no_connection(listener)


def test_service_through_sparqlstore_is_refused(server, listener):
    graph = Graph(SPARQLStore(f"{server}/sparql", method="GET"))
    with pytest.raises(ValueError):  # rdflib's connector turns every HTTP error of a GET into ValueError
        list(graph.query(_fill(SERVICE_QUERIES["variable-bound-by-values"], listener)))
    _assert_no_connection(listener)
