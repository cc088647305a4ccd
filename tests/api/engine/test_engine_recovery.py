"""The engine process ends (a crash of pyoxigraph, a kill) and the service goes on: restarted at once,
every request answered, the crash's cause refused for a while, and no write left half-validated."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from live import TOKEN, free_port, live_server, stop, wait_healthy

# pyoxigraph 0.5.13 aborts its process in ORDER BY's sort when IRIs and literals are sorted together
CRASH = "SELECT * WHERE { ?X <http://xmlns.com/foaf/0.1/knows>* ?Y } ORDER BY ?X ?Y"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
REPORT = "https://w3id.org/itukg/graph/report/cwg-internet/18"


def _metric(server: str, name: str) -> float:
    text = httpx.get(f"{server}/metrics", timeout=10).text
    found = re.search(rf"^itukg_{name} (\S+)$", text, re.MULTILINE)
    assert found, f"no itukg_{name} in /metrics"
    return float(found.group(1))


def _wait_up(server: str, *, limit: float = 60) -> dict:
    return wait_healthy(server, limit=limit)


def _count(server: str, graph: str) -> int:
    answer = httpx.get(f"{server}/sparql", timeout=30, headers={"Accept": "application/sparql-results+json"},
                       params={"query": f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"})
    return int(answer.json()["results"]["bindings"][0]["n"]["value"])


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("recovery") / "store"


@pytest.fixture(scope="module")
def server(store):
    with live_server(store, token=True) as base:
        yield base


def _journal_of(store: Path) -> Path:
    return store.with_name(store.name + ".undo.json")


def test_a_crash_is_answered_500_and_the_engine_is_back_at_once(server):
    crashes = _metric(server, "engine_crashes")
    answer = httpx.get(f"{server}/sparql", params={"query": CRASH}, timeout=60)
    assert answer.status_code == 500
    assert "crashed while running this request" in answer.text and "refused for the next" in answer.text
    assert _metric(server, "engine_crashes") == crashes + 1
    health = _wait_up(server)
    assert health["crashes"] >= 1
    assert httpx.get(f"{server}/sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=30).status_code == 200


def test_the_query_that_crashed_it_is_refused_for_a_while(server):
    httpx.get(f"{server}/sparql", params={"query": CRASH}, timeout=60)  # crashes it, or is refused already
    _wait_up(server)
    crashes = _metric(server, "engine_crashes")
    again = httpx.post(f"{server}/sparql", content=CRASH, timeout=60,
                       headers={"Content-Type": "application/sparql-query"})
    assert again.status_code == 503
    assert int(again.headers["Retry-After"]) > 60
    assert "refused for" in again.text
    assert _metric(server, "engine_crashes") == crashes  # refused, not run


def test_other_queries_in_flight_at_a_crash_are_answered(server):
    """Queries running beside the crashing one are sent again on the new process."""
    variant = CRASH.replace("?X ?Y", "?Y ?X")  # a new text: it runs, and crashes the engine
    results: list[int] = []

    def lookup():
        results.append(httpx.get(f"{server}/sparql", timeout=60, params={
            "query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o . ?s a ?t }"}).status_code)

    threads = [threading.Thread(target=lookup) for _ in range(4)]
    for thread in threads:
        thread.start()
    crashed = httpx.get(f"{server}/sparql", params={"query": variant}, timeout=60)
    for thread in threads:
        thread.join()
    assert crashed.status_code == 500
    assert results == [200] * 4


def _invalid_meeting(padding: int) -> str:
    """A meeting without its required number and date (a violation), padded with a long literal."""
    base = "https://w3id.org/itukg/"
    return (f"<{base}meeting/cwg-x/99> a <{base}ontology#Meeting> ;\n"
            f"  <http://www.w3.org/2000/01/rdf-schema#label> \"{'x' * padding}\"@en .\n")


def test_a_kill_while_a_write_is_validated_leaves_the_store_as_before(server, store):
    """Issue 14, items 4 and 5: the write is undone when the engine starts again, and it is answered."""
    graph = "https://w3id.org/itukg/graph/upload/padded"
    before = _count(server, graph)
    journal = _journal_of(store)
    outcome: dict = {}

    def put():
        outcome["answer"] = httpx.put(f"{server}/store", params={"graph": graph}, timeout=300,
                                      content=_invalid_meeting(4 * 1024 * 1024),
                                      headers={**AUTH, "Content-Type": "text/turtle"})

    thread = threading.Thread(target=put)
    thread.start()
    deadline = time.monotonic() + 120
    while not journal.exists():  # the write is applied from now on, and not yet validated
        assert time.monotonic() < deadline and thread.is_alive(), "the write never started"
        time.sleep(0.005)
    pid = _wait_up(server)["pid"]
    os.kill(pid, signal.SIGKILL)
    thread.join(120)
    assert not thread.is_alive(), "the write was never answered"
    assert outcome["answer"].status_code in (500, 503)
    _wait_up(server)
    assert _count(server, graph) == before == 0
    assert not journal.exists()


def test_dropping_a_report_drops_its_findings_too(server):
    validation = REPORT.replace("/graph/report/", "/graph/validation/")
    assert _count(server, validation) > 0
    dropped = httpx.post(f"{server}/update", content=f"DROP GRAPH <{REPORT}>", timeout=60,
                         headers={**AUTH, "Content-Type": "application/sparql-update"})
    assert dropped.status_code == 204
    assert _count(server, REPORT) == 0
    assert _count(server, validation) == 0


def test_sigterm_stops_the_server_after_a_write_was_cut(tmp_path):
    """Issue 14, item 5: with a write lost to a restart, SIGTERM no longer stopped the server."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("ITUKG_")}
    env["ITUKG_UPDATE_TOKEN"] = TOKEN
    log = open(tmp_path / "serve.log", "w+")
    process = subprocess.Popen([sys.executable, "-m", "itukg.api.cli", "serve", "--store", str(tmp_path / "store"),
                                "--port", str(port)], stdout=log, stderr=subprocess.STDOUT, env=env)
    server = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(server, limit=120, process=process)
        journal = _journal_of(tmp_path / "store")
        result: dict = {}
        thread = threading.Thread(target=lambda: result.setdefault("answer", httpx.put(
            f"{server}/store", params={"graph": "urn:x:cut"}, content=_invalid_meeting(4 * 1024 * 1024),
            headers={**AUTH, "Content-Type": "text/turtle"}, timeout=300)))
        thread.start()
        while not journal.exists():
            assert thread.is_alive(), "the write never started"
            time.sleep(0.005)
        os.kill(_wait_up(server)["pid"], signal.SIGKILL)
        thread.join(120)
        assert result["answer"].status_code in (500, 503)
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            stop(process)
        log.close()


def test_a_query_whose_result_the_client_cannot_accept_is_not_run(server):
    """406 before the engine sees it (it used to run the query, crash included, then say 406)."""
    crashes = _metric(server, "engine_crashes")
    never_run = ("PREFIX ex: <http://example.org/> SELECT ?x ?y WHERE { { ?s ?p ?x } UNION "
                 "{ VALUES ?x { \"1\"^^ex:int <urn:x:a> } } } ORDER BY ?x")
    for send in (lambda: httpx.get(f"{server}/sparql", params={"query": never_run}, timeout=60,
                                   headers={"Accept": "application/n-triples"}),
                 lambda: httpx.post(f"{server}/sparql", content=never_run, timeout=60, headers={
                     "Accept": "application/n-triples", "Content-Type": "application/sparql-query"})):
        assert send().status_code == 406
    assert _metric(server, "engine_crashes") == crashes
