"""The short road for plain GET /sparql?query=… (api/fastpath.py) and the query channel to the engine
(api/channel.py): the same answers as the full stack, the same limits, and it is really taken."""

from __future__ import annotations

import re
import threading

import httpx
import pytest

from itukg.api.engine import channel
from live import live_server

BRA = "https://w3id.org/itukg/state/BRA"
LOOKUP = f"SELECT ?p ?o WHERE {{ <{BRA}> ?p ?o }}"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with live_server(tmp_path_factory.mktemp("short") / "store", timeout=2) as url:
        yield url


def short_road_count(server: str) -> int:
    text = httpx.get(f"{server}/metrics").text
    match = re.search(r"^itukg_short_road_queries_total (\d+)$", text, re.MULTILINE)
    return int(match.group(1)) if match else 0


def full_road(server: str, query: str, accept: str | None):
    """The same query through FastAPI (the protocol's POST, which only FastAPI answers)."""
    headers = {"Content-Type": "application/sparql-query", **({"Accept": accept} if accept else {})}
    return httpx.post(f"{server}/sparql", content=query.encode(), headers=headers)


@pytest.mark.parametrize("query,accept", [
    (LOOKUP, "application/sparql-results+json"),
    (LOOKUP, "application/sparql-results+xml"),
    (LOOKUP, "text/csv"),
    (LOOKUP, "text/tab-separated-values"),
    (LOOKUP, None),
    (LOOKUP, "text/html,application/xhtml+xml,*/*;q=0.8"),
    ("SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/itukg/ontology#Meeting> }", "*/*"),
    ("ASK { ?s ?p ?o }", "application/sparql-results+json"),
    ("SELECT ?s WHERE { ?s ?p \"Côte d'Ivoire\" } # + and UTF-8, encoded", "text/csv"),
    (f"CONSTRUCT {{ <{BRA}> ?p ?o }} WHERE {{ <{BRA}> ?p ?o }}", "text/turtle"),
    (f"DESCRIBE <{BRA}>", "application/n-triples"),
])
def test_the_short_road_answers_as_the_full_stack_does(server, query, accept):
    before = short_road_count(server)
    short = httpx.get(f"{server}/sparql", params={"query": query}, headers={"Accept": accept} if accept else {})
    assert short_road_count(server) == before + 1  # it was taken
    full = full_road(server, query, accept)
    assert short_road_count(server) == before + 1  # and the other one was not
    assert short.status_code == full.status_code == 200
    assert short.content == full.content and short.content
    for header in ("content-type", "vary"):
        assert short.headers[header] == full.headers[header], header
    cors = httpx.get(f"{server}/sparql", params={"query": query}, headers={"Origin": "https://example.org",
                                                                           **({"Accept": accept} if accept else {})})
    assert short_road_count(server) == before + 1  # an Origin header takes the full road, which adds CORS
    assert cors.content == short.content and cors.headers["access-control-allow-origin"] == "*"


@pytest.mark.parametrize("query,accept,status", [
    ("SELECT WHERE {", "application/sparql-results+json", 400),
    (LOOKUP, "text/turtle", 406),  # a SELECT cannot be Turtle
    (f"CONSTRUCT {{ <{BRA}> ?p ?o }} WHERE {{ <{BRA}> ?p ?o }}", "application/sparql-results+json", 406),
])
def test_errors_on_the_short_road_are_the_full_stacks(server, query, accept, status):
    short = httpx.get(f"{server}/sparql", params={"query": query}, headers={"Accept": accept})
    full = full_road(server, query, accept)
    assert short.status_code == full.status_code == status
    assert short.text == full.text and short.text


@pytest.mark.parametrize("params,headers", [
    ({"query": LOOKUP, "format": "csv"}, {}),                  # a format override
    ({"query": LOOKUP, "default-graph-uri": BRA}, {}),          # a dataset
    ({"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"}, {}),  # the guard's full parse
    ({"query": LOOKUP}, {"Origin": "https://example.org"}),    # CORS
    ({"query": LOOKUP}, {"Accept": "image/png"}),              # nothing acceptable
])
def test_anything_unusual_takes_the_full_road(server, params, headers):
    before = short_road_count(server)
    httpx.get(f"{server}/sparql", params=params, headers=headers)
    assert short_road_count(server) == before


def short_road_searches(server: str) -> int:
    text = httpx.get(f"{server}/metrics").text
    match = re.search(r"^itukg_short_road_searches_total (\d+)$", text, re.MULTILINE)
    return int(match.group(1)) if match else 0


@pytest.mark.parametrize("params", [
    {"q": "IPv6"},
    {"q": "PP Res. 102 (Rev. Bucharest, 2022)", "limit": "3"},
    {"q": "getting more countries onto the new Internet protocol", "kind": "paragraph", "mode": "lexical"},
    {"limit": " 7 ", "q": "Côte d'Ivoire", "mode": "hybrid", "kind": ""},
    {"q": "zzzz-no-such-word"},
])
def test_a_plain_search_takes_the_short_road_with_the_full_stacks_answer(server, params):
    before = short_road_searches(server)
    short = httpx.get(f"{server}/search", params=params)
    assert short_road_searches(server) == before + 1  # it was taken
    full = httpx.get(f"{server}/search", params=params, headers={"Origin": "https://example.org"})
    assert short_road_searches(server) == before + 1  # an Origin header takes the full road (CORS)
    assert short.status_code == full.status_code == 200
    assert short.content == full.content and short.json()["query"] == params["q"]
    for header in ("content-type", "vary"):
        assert short.headers[header] == full.headers[header], header
    assert full.headers["access-control-allow-origin"] == "*"


@pytest.mark.parametrize("query_string,status", [
    ("q=IPv6&q=IDN", 200),                  # a parameter twice: FastAPI reads the last
    ("q=IPv6&format=json", 200),            # a parameter of no search's
    ("q=%20", 400),                          # no words
    ("q=IPv6&limit=ten", 400),               # a malformed limit
    ("q=IPv6&limit=0", 400),                 # out of range (the index refuses it)
    ("q=IPv6&kind=person", 400),             # an unknown kind
    ("", 400),
])
def test_unusual_searches_and_their_errors_take_the_full_road(server, query_string, status):
    before = short_road_searches(server)
    response = httpx.get(f"{server}/search?{query_string}")
    assert response.status_code == status, response.text
    assert short_road_searches(server) == before
    assert response.text  # worded by the full stack: a reason for a 400, the answer for a 200


def test_the_time_limit_holds_on_the_short_road_and_lookups_go_on(server):
    results: list[int] = []
    runaway = threading.Thread(target=lambda: results.append(
        httpx.get(f"{server}/sparql", params={"query": RUNAWAY}, timeout=120).status_code))
    before = short_road_count(server)
    runaway.start()
    lookups = [httpx.get(f"{server}/sparql", params={"query": LOOKUP}, timeout=60).status_code for _ in range(20)]
    runaway.join()
    assert results == [503]
    after = [httpx.get(f"{server}/sparql", params={"query": LOOKUP}, timeout=60).status_code for _ in range(20)]
    assert lookups == after == [200] * 20
    assert short_road_count(server) == before + 40  # the restarted engine's channel was opened again


def test_frames_survive_any_split():
    messages = [(i, "query", {"sparql": "x" * i}) for i in range(40)]
    stream = b"".join(channel.encode(m) for m in messages)
    for step in (1, 7, 64, len(stream)):
        buffer, got = bytearray(), []
        for start in range(0, len(stream), step):
            buffer += stream[start:start + step]
            got.extend(channel.frames(buffer))
        assert got == messages and not buffer


@pytest.mark.parametrize("query,expected", [
    (LOOKUP, True),
    (f"  select ?p ?o where {{ <{BRA}> ?p ?o . }} LIMIT 10 ", True),
    (f"SELECT ?o WHERE {{ <{BRA}> <http://www.w3.org/2000/01/rdf-schema#label> ?o }}", True),
    (f"DESCRIBE <{BRA}>", True),
    ("SELECT ?p ?o WHERE { ?s ?p ?o }", False),
    (f"SELECT ?p ?o WHERE {{ <{BRA}> ?p ?o . ?o ?q ?r }}", False),
    (f"SELECT * WHERE {{ <{BRA}> ?p ?o }}", False),
    (f"SELECT ?p ?o WHERE {{ <{BRA}> ?p+ ?o }}", False),
    (RUNAWAY, False),
])
def test_only_bounded_lookups_are_answered_by_the_reading_thread(query, expected):
    assert channel.is_lookup(query) is expected
