"""The W3C SPARQL 1.1 Protocol, Graph Store Protocol and Service Description test manifests, run against a
live `itukg serve` on 127.0.0.1.

The manifests are read as data from ../shared/conformance/w3c-sparql11/ (skipped, with the reason, when
that folder is absent). Each test's requests are sent in order over a raw HTTP connection (so that the
percent-encoding tests reach the server as written); `/sparql/` is routed to /sparql for queries and to
/update for updates, `/gsp` to /store; every request carries the service's write token. Expected status
classes, booleans, result kinds, Content-Type headers, bodies (by graph isomorphism) and the `Location`
of a created graph are checked.
"""

from __future__ import annotations

import http.client
import json
import re
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS

from conftest import SHARED
from live import TOKEN, live_server

SUITE = SHARED / "conformance" / "w3c-sparql11"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
HTS = "http://www.w3.org/2011/http-statusCodes#"

# Known failures, each with its reason. The goal is none.
KNOWN_FAILURES: dict[str, str] = {}

STATUS = {"OK": {200}, "Created": {201}, "NoContent": {204}, "NotFound": {404}}


def _status_ok(expected: set[str], status: int) -> bool:
    for name in expected:
        name = name.removeprefix(HTS)
        if name.startswith("StatusCode") and name.endswith("xx") and str(status)[0] == name[len("StatusCode")]:
            return True
        if status in STATUS.get(name, set()):
            return True
    return False


def _manifest(path: Path) -> tuple[Graph, list[URIRef]]:
    graph = Graph().parse(path, format="turtle")
    entries: list[URIRef] = []
    for manifest in graph.subjects(RDF.type, MF.Manifest):
        for lst in graph.objects(manifest, MF.entries):
            entries += list(Collection(graph, lst))
        for include in graph.objects(manifest, MF.include):
            for lst in graph.objects(include, MF.include) or []:
                pass
    for included in graph.objects(None, MF.include):
        for item in Collection(graph, included) if (included, RDF.first, None) in graph else [included]:
            sub_graph, sub_entries = _manifest(Path(str(item).removeprefix("file://")))
            graph += sub_graph
            entries += sub_entries
    return graph, entries


def _tests(folder: str, name: str = "manifest.ttl") -> list[tuple[Graph, URIRef]]:
    if not SUITE.exists():
        return []
    graph, entries = _manifest(SUITE / folder / name)
    return [(graph, entry) for entry in entries]


def _ids(item) -> str:
    return str(item[1]).rsplit("#", 1)[-1]


def _skip_without_suite():
    if not SUITE.exists():
        pytest.skip(f"the W3C manifests are not at {SUITE} (a clone outside the workspace)")


def _requests(graph: Graph, test: URIRef) -> list[URIRef]:
    action = graph.value(test, MF.action)
    return list(Collection(graph, graph.value(action, HT.requests)))


def _headers(graph: Graph, node, predicate=HT.headers) -> dict[str, str]:
    headers = {}
    lst = graph.value(node, predicate)
    if lst is not None:
        for header in Collection(graph, lst):
            headers[str(graph.value(header, HT.fieldName)).lower()] = str(graph.value(header, HT.fieldValue))
    return headers


def _route(path: str, method: str, headers: dict[str, str], body: str) -> str:
    if path.startswith("/gsp"):
        return "/store" + path[len("/gsp"):]
    rest = path[len("/sparql/"):]
    query = parse_qs(rest.lstrip("?"))
    is_update = ("update" in query or headers.get("content-type", "").startswith("application/sparql-update")
                 or ("form" in headers.get("content-type", "") and re.match(r"update=", body or ""))
                 or (not headers.get("content-type") and body and re.match(r"update=", body)))
    if method == "POST" and not headers.get("content-type") and body and not body.startswith("query="):
        is_update = is_update or bool(re.match(r"\s*(CLEAR|DROP|INSERT|DELETE|LOAD|CREATE)", body, re.I))
    return ("/update" if is_update else "/sparql") + rest


def _load_data(port: int, graph: Graph, test: URIRef, folder: Path) -> list[str]:
    names = []
    for data in graph.objects(test, UT.graphData):
        name = str(graph.value(data, RDFS.label))
        source = folder / str(graph.value(data, UT.graph)).rsplit("/", 1)[-1]
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request("PUT", f"/store?graph={name}", body=source.read_bytes(),
                           headers={"Content-Type": "application/n-triples", "Authorization": f"Bearer {TOKEN}"})
        assert connection.getresponse().status in (200, 201, 204)
        connection.close()
        names.append(name)
    return names


def _reset(port: int) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("POST", "/update", body="CLEAR ALL",
                       headers={"Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"})
    assert connection.getresponse().status in (200, 204)
    connection.close()


def _check_body(response_body: bytes, content_type: str, expected: Graph, resp, kind: str | None) -> None:
    if kind == "boolean" or kind == "tabular":
        if "json" in content_type:
            data = json.loads(response_body)
            assert ("boolean" in data) == (kind == "boolean")
        elif "xml" in content_type:
            assert (b"<boolean>" in response_body) == (kind == "boolean")
        else:
            assert kind == "tabular" and content_type.startswith(("text/csv", "text/tab-separated-values"))
    elif kind == "RDF":
        fmt = {"text/turtle": "turtle", "application/rdf+xml": "xml", "application/n-triples": "nt",
               "application/ld+json": "json-ld"}[content_type.split(";")[0].strip()]
        Graph().parse(data=response_body, format=fmt)


def run_test(port: int, graph: Graph, test: URIRef, folder: Path) -> None:
    _reset(port)
    _load_data(port, graph, test, folder)
    location = None
    for request in _requests(graph, test):
        method = str(graph.value(request, HT.methodName))
        path = str(graph.value(request, HT.absolutePath))
        headers = _headers(graph, request)
        body_node = graph.value(request, HT.body)
        body = str(graph.value(body_node, CNT.chars)) if body_node is not None else ""
        if location is not None:
            path = path.replace("$LOCATION$", location)
            body = body.replace("$LOCATION$", location)
        target = _route(path, method, headers, body)
        encoded = body.encode("utf-16") if "utf-16" in headers.get("content-type", "").lower() else body.encode()
        send = {**headers, "Authorization": f"Bearer {TOKEN}"}
        if body_node is not None:
            send["Content-Length"] = str(len(encoded))
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        connection.putrequest(method, target, skip_accept_encoding=True)
        for key, value in send.items():
            connection.putheader(key, value)
        connection.endheaders(encoded if body_node is not None else None)
        response = connection.getresponse()
        response_body = response.read()
        connection.close()
        resp = graph.value(request, HT.resp)
        expected_status = {str(s) for s in graph.objects(resp, MF.expectedStatus)}
        assert _status_ok(expected_status, response.status), (
            f"{method} {target}: got {response.status} {response_body[:300]!r}, expected {expected_status}")
        content_type = response.getheader("content-type") or ""
        for name, value in _headers(graph, resp).items():
            got = (response.getheader(name) or "").replace(" ", "").lower()
            assert got == value.replace(" ", "").lower(), f"header {name}: {got!r}, expected {value!r}"
        expected_boolean = graph.value(resp, MF.expectedBoolean)
        if expected_boolean is not None:
            data = json.loads(response_body) if "json" in content_type else None
            value = data["boolean"] if data else b"<boolean>true</boolean>" in response_body
            assert value == expected_boolean.toPython(), f"{target}: expected {expected_boolean}"
        kind = graph.value(resp, MF.expectedFormat)
        if kind is not None:
            _check_body(response_body, content_type, Graph(), resp, str(kind))
        expected_body = graph.value(resp, HT.body)
        if expected_body is not None:
            expected = Graph().parse(data=str(graph.value(expected_body, CNT.chars)), format="turtle",
                                     publicID=f"http://127.0.0.1:{port}{target}")
            got = Graph().parse(data=response_body, format="turtle")
            assert isomorphic(expected, got), f"{target}: body differs:\n{response_body.decode()}"
        if graph.value(resp, MF.expectedLocation) is not None:
            location = response.getheader("location")
            assert location, "a created graph must have a Location"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with live_server(tmp_path_factory.mktemp("w3c") / "store", token=True) as url:
        yield int(url.rsplit(":", 1)[1])


def _check(server, item, folder: str):
    graph, test = item
    name = _ids(item)
    if name in KNOWN_FAILURES:
        pytest.xfail(KNOWN_FAILURES[name])
    run_test(server, graph, test, SUITE / folder)


@pytest.mark.parametrize("item", _tests("protocol"), ids=_ids)
def test_protocol(server, item):
    _check(server, item, "protocol")


@pytest.mark.parametrize("item", _tests("graph-store-protocol"), ids=_ids)
def test_graph_store_protocol(server, item):
    _check(server, item, "graph-store-protocol")


def test_the_suites_are_found():
    _skip_without_suite()
    assert len(_tests("protocol")) == 34
    assert len(_tests("graph-store-protocol")) == 13
    assert len(_tests("service-description")) == 3


def test_service_description(server):
    """The three Service Description checks: RDF, an sd:endpoint matching the endpoint, and the schema's
    required shape (an sd:Service with languages and a default dataset)."""
    _skip_without_suite()
    connection = http.client.HTTPConnection("127.0.0.1", server, timeout=30)
    connection.request("GET", "/sparql", headers={"Accept": "text/turtle"})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    assert response.status == 200 and response.getheader("content-type").startswith("text/turtle")
    description = Graph().parse(data=body, format="turtle")
    sd = Namespace("http://www.w3.org/ns/sparql-service-description#")
    [service] = list(description.subjects(RDF.type, sd.Service))
    assert (service, sd.endpoint, URIRef(f"http://127.0.0.1:{server}/sparql")) in description
    assert set(description.objects(service, sd.supportedLanguage)) == {sd.SPARQL11Query, sd.SPARQL11Update}
    assert description.value(service, sd.defaultDataset) is not None
    assert list(description.objects(service, sd.resultFormat))
