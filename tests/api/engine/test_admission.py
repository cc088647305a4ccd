"""Many heavy queries at once from one client (issue 14, item 6): they were all accepted, and lookups and
/health of everyone got 503 for 35 s. Now one client runs at most its share (ITUKG_QUERY_SLOTS), the rest
wait in line and are refused with Retry-After, and others are answered meanwhile."""

from __future__ import annotations

import threading

import httpx

from live import live_server

CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
LOOKUP = "SELECT ?p ?o WHERE { <https://w3id.org/itukg/state/BRA> ?p ?o }"


def test_twenty_heavy_queries_from_one_client_leave_the_others_answered(tmp_path):
    env = {"ITUKG_TIMEOUT_BUDGET": "off", "ITUKG_QUERY_SLOTS": "2/4"}
    with live_server(tmp_path / "store", timeout=8, env=env) as server:
        statuses: list[int] = []
        retry_after: list[str] = []
        started = threading.Barrier(21)

        def heavy(index: int):
            started.wait()
            answer = httpx.get(f"{server}/sparql", params={"query": CARTESIAN + f" # {index}"}, timeout=120)
            statuses.append(answer.status_code)
            if answer.status_code == 503 and "too many SPARQL queries" in answer.text:
                retry_after.append(answer.headers.get("Retry-After", ""))

        threads = [threading.Thread(target=heavy, args=(i,)) for i in range(20)]
        for thread in threads:
            thread.start()
        started.wait()
        other = httpx.Client(transport=httpx.HTTPTransport(local_address="127.0.0.2"), timeout=30)
        answers = []
        for _ in range(5):  # while the heavy ones run and wait
            answers.append(other.get(f"{server}/sparql", params={"query": LOOKUP}).status_code)
            answers.append(httpx.get(f"{server}/health", timeout=30).status_code)
            answers.append(httpx.get(f"{server}/queries/meetings", timeout=30).status_code)
        for thread in threads:
            thread.join()
        other.close()
        assert answers == [200] * 15
        assert len(statuses) == 20
        assert len(retry_after) >= 10 and set(retry_after) == {"2"}  # refused after waiting in line
        metrics = httpx.get(f"{server}/metrics", timeout=30).text
        assert "itukg_queries_refused_busy" in metrics
