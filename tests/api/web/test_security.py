"""Safety of the live service: writes need the token and pass the SHACL gate or change nothing; hostile
bodies are refused fast; a runaway query is stopped by the time limit and frees the engine."""

from __future__ import annotations

import time

import httpx
import pytest

from live import TOKEN, live_server

AUTH = {"Authorization": f"Bearer {TOKEN}"}
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with live_server(tmp_path_factory.mktemp("secure") / "store", token=True, timeout=2,
                     env={"ITUKG_MAX_BODY": str(1024 * 1024)}) as url:
        yield url


def _count(server) -> int:
    response = httpx.get(f"{server}/sparql", params={"query": COUNT}, headers={"Accept": "application/json"})
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def test_update_without_the_token_is_refused_and_changes_nothing(server):
    before = _count(server)
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN}):
        response = httpx.post(f"{server}/update", content="INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> <urn:c> } }",
                              headers={"Content-Type": "application/sparql-update", **headers})
        assert response.status_code == 401
    assert _count(server) == before


def test_read_only_without_a_configured_token(tmp_path):
    with live_server(tmp_path / "store") as url:
        response = httpx.post(f"{url}/update", content="CLEAR DEFAULT",
                              headers={"Content-Type": "application/sparql-update", **AUTH})
        assert response.status_code == 403 and "read-only" in response.text
        assert httpx.get(f"{url}/health").json()["read_only"] is True


def test_a_write_that_violates_the_shapes_is_422_and_changes_nothing(server):
    before = _count(server)
    bad = """<https://w3id.org/itukg/meeting/x/1> a <https://w3id.org/itukg/ontology#Meeting> ;
                 <https://w3id.org/itukg/ontology#meetingNumber> "not a number" ."""
    response = httpx.put(f"{server}/store", params={"graph": "urn:bad"}, content=bad,
                         headers={"Content-Type": "text/turtle", **AUTH})
    assert response.status_code == 422
    assert response.json()["violations"]
    assert httpx.get(f"{server}/store", params={"graph": "urn:bad"}).status_code == 404
    response = httpx.post(f"{server}/update", headers={"Content-Type": "application/sparql-update", **AUTH},
                          content="INSERT DATA { GRAPH <urn:bad2> { " + bad + " } }")
    assert response.status_code == 422
    assert _count(server) == before


def _described_graphs(server) -> set[str]:
    """The named graphs the service description lists (its counts are kept between writes)."""
    import pyoxigraph as ox

    text = httpx.get(f"{server}/sparql", headers={"Accept": "application/n-triples"}).content
    name = ox.NamedNode("http://www.w3.org/ns/sparql-service-description#name")
    return {t.object.value for t in ox.parse(text, format=ox.RdfFormat.N_TRIPLES) if t.predicate == name}


def test_a_valid_write_then_its_removal(server):
    assert "urn:good" not in _described_graphs(server)
    good = "<urn:a> <urn:b> <urn:c> ."
    response = httpx.put(f"{server}/store", params={"graph": "urn:good"}, content=good,
                         headers={"Content-Type": "application/n-triples", **AUTH})
    assert response.status_code == 201
    assert "urn:c" in httpx.get(f"{server}/store", params={"graph": "urn:good"},
                                headers={"Accept": "application/n-triples"}).text
    assert "urn:good" in _described_graphs(server)  # a write makes the kept counts stale
    assert httpx.delete(f"{server}/store", params={"graph": "urn:good"}, headers=AUTH).status_code == 204
    assert "urn:good" not in _described_graphs(server)


def test_the_reference_data_cannot_be_written(server):
    response = httpx.put(f"{server}/store", params={"graph": "https://w3id.org/itukg/graph/reference"},
                         content="<urn:a> <urn:b> <urn:c> .", headers={"Content-Type": "application/n-triples", **AUTH})
    assert response.status_code == 403


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [
 <!ENTITY a "lol"> <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"> <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"> <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
 <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;"> <!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">
]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">
  <rdf:Description rdf:about="http://example.org/s"><ex:p>&g;</ex:p></rdf:Description>
</rdf:RDF>"""


def test_billion_laughs_is_refused(server):
    response = httpx.put(f"{server}/store", params={"graph": "urn:laughs"}, content=BILLION_LAUGHS,
                         headers={"Content-Type": "application/rdf+xml", **AUTH}, timeout=30)
    assert response.status_code == 400 and "DOCTYPE" in response.text


def test_an_oversized_body_is_refused(server):
    body = "<urn:a> <urn:b> \"" + "x" * (2 * 1024 * 1024) + "\" ."
    response = httpx.put(f"{server}/store", params={"graph": "urn:big"}, content=body,
                         headers={"Content-Type": "application/n-triples", **AUTH})
    assert response.status_code == 413
    assert httpx.get(f"{server}/store", params={"graph": "urn:big"}).status_code == 404


def test_remote_json_ld_contexts_are_not_fetched(server):
    body = '{"@context": "http://127.0.0.1:9/context.jsonld", "@id": "urn:a", "name": "x"}'
    response = httpx.put(f"{server}/store", params={"graph": "urn:ld"}, content=body,
                         headers={"Content-Type": "application/ld+json", **AUTH})
    assert response.status_code == 400


def test_a_runaway_query_is_stopped_and_the_next_one_served(server):
    restarts_before = _metric(server, "itukg_engine_restarts")
    runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    response = httpx.get(f"{server}/sparql", params={"query": runaway}, timeout=120)
    assert response.status_code == 503 and "time limit" in response.text
    after = httpx.get(f"{server}/sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=60)
    assert after.status_code == 200 and after.json()["boolean"] is True
    assert _metric(server, "itukg_engine_restarts") == restarts_before + 1
    deadline = time.monotonic() + 60  # the new engine process builds its in-memory mirror again
    while httpx.get(f"{server}/health").json()["mirror"]["state"] != "ready":
        assert time.monotonic() < deadline, httpx.get(f"{server}/health").json()
        time.sleep(0.05)
    assert _count(server) > 0


def _metric(server, name: str) -> float:
    for line in httpx.get(f"{server}/metrics").text.splitlines():
        if line.startswith(name + " "):
            return float(line.split()[1])
    raise AssertionError(f"{name} not in /metrics")


def test_using_graph_uri_cannot_inject_sparql(server):
    hostile = ("http://g> WHERE { SERVICE <http://127.0.0.1:9/> {} } ; "
               "INSERT { GRAPH <urn:x> { <a> <b> <c> } } USING <http://h")
    before = _count(server)
    response = httpx.post(f"{server}/update", params={"using-graph-uri": hostile},
                          content="INSERT { GRAPH <urn:y> { ?s ?p ?o } } WHERE { ?s ?p ?o }",
                          headers={"Content-Type": "application/sparql-update", **AUTH})
    assert response.status_code == 400
    assert _count(server) == before


def test_a_client_whose_queries_keep_running_into_the_time_limit_waits(tmp_path):
    runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    ask = "ASK { ?s ?p ?o }"
    with live_server(tmp_path / "store", timeout=1, env={"ITUKG_TIMEOUT_BUDGET": "1/600"}) as server:
        assert httpx.get(f"{server}/sparql", params={"query": runaway}, timeout=60).status_code == 503
        # the same client (127.0.0.1): refused, by the short road (GET) and by POST alike
        refused = [httpx.get(f"{server}/sparql", params={"query": ask}, headers={"Accept": "application/json"}),
                   httpx.post(f"{server}/sparql", data={"query": ask}),
                   httpx.post(f"{server}/sparql", content=ask, headers={"Content-Type": "application/sparql-query"})]
        for response in refused:
            assert response.status_code == 429, response.text
            assert 500 < int(response.headers["Retry-After"]) <= 600
            assert "ITUKG_TIMEOUT_BUDGET" in response.text and "Traceback" not in response.text
        assert response.text.count("\n") <= 1  # one paragraph
        # the service's own pages and named queries still answer it
        assert httpx.get(f"{server}/queries/meetings", headers={"Accept": "application/json"}).status_code == 200
        # another client (127.0.0.2, also loopback) is not concerned
        other = httpx.Client(transport=httpx.HTTPTransport(local_address="127.0.0.2"))
        with other:
            response = other.get(f"{server}/sparql", params={"query": ask},
                                 headers={"Accept": "application/json"}, timeout=60)
        assert response.status_code == 200 and response.json()["boolean"] is True
        assert 'itukg_errors_total{status="429"} 3' in httpx.get(f"{server}/metrics").text
