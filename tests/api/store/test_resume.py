"""Killing `itukg load` (SIGKILL) in the middle of a bulk ingest into a remote engine, then rerunning it, ends with
exactly the store an uninterrupted run gives (compared with the embedded store loaded without interruption).
The embedded store's own version of this test is in tests/api/ingest/test_ingest.py. Also: the one-paragraph errors
when the engine is down, refuses the credentials or is not a SPARQL endpoint."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from backends import free_port, subprocess_env
from conftest import ROOT, run_cli
from itukg.api.ingest.bulk import load_reports, prepare_report
from itukg.api.store.dataset import JOURNAL_GRAPH
from itukg.api.store.embedded import OxigraphStore

REPORTS = 120


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> list[str]:
    out = tmp_path_factory.mktemp("generated")
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate_reports.py"), "--count", str(REPORTS),
                    "--seed", "11", "--out", str(out)], check=True, capture_output=True)
    files = sorted(str(p) for p in out.glob("*-report.txt"))
    assert len(files) == REPORTS
    return files


@pytest.fixture(scope="module")
def uninterrupted(generated) -> set[str]:
    store = OxigraphStore(None)
    assert all(o.error is None for o in load_reports(store, generated))
    return set(store.export("nquads").decode().splitlines())


def _reports(store) -> int:
    return sum(1 for g in store.graphs() if "/graph/report/" in g)


def _wait_for_graph(backend, graph: str, process) -> None:
    """Until the load has written `graph` (a cheap ASK: the watcher must not slow the load down)."""
    watcher = backend.open(read_only=True)
    try:
        while not watcher.has_graph(graph) and process.poll() is None:
            time.sleep(0.1)
    finally:
        watcher.close()


@pytest.mark.parametrize("name", ["oxigraph", "virtuoso"])
def test_sigkill_during_a_bulk_load_then_rerun_gives_the_same_store(request, name, generated, uninterrupted):
    backend = request.getfixturevalue(f"{name}_backend")
    backend.reset()
    env = subprocess_env(backend)
    process = subprocess.Popen([sys.executable, "-m", "itukg.api.cli", "load", "--store", backend.location, *generated],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _wait_for_graph(backend, prepare_report(generated[30]).graph, process)
    assert process.poll() is None, "the load ended before it could be interrupted"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    rerun = run_cli("load", "--store", backend.location, *generated, env=env)
    assert rerun.returncode == 0, rerun.stderr
    store = backend.open(read_only=True)
    try:
        assert JOURNAL_GRAPH not in store.graphs()
        assert _reports(store) == REPORTS
        assert set(store.export("nquads").decode().splitlines()) == uninterrupted
    finally:
        store.close()


def _error(location: str, env: dict | None = None) -> str:
    result = run_cli("query", "--store", location, "ASK { ?s ?p ?o }", env={**(env or {}), "ITUKG_STORE": location})
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1, result.stderr
    return result.stderr


def test_the_engine_is_down():
    message = _error(f"sparql+http://127.0.0.1:{free_port()}/sparql")
    assert "cannot reach the SPARQL engine" in message


def test_the_engine_is_not_a_sparql_endpoint(oxigraph_backend):
    root = oxigraph_backend.location.removesuffix("/query") + "/"
    assert "not a SPARQL query endpoint" in _error(root, oxigraph_backend.env)


def test_the_engine_refuses_the_credentials(virtuoso_backend):
    env = subprocess_env(virtuoso_backend, ITUKG_REMOTE_PASSWORD="wrong")
    result = run_cli("load", "--store", virtuoso_backend.location,
                     str(ROOT / "data" / "corpus" / "cwg-internet-18-report.txt"), env=env)
    virtuoso_backend.reset()
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert "refused" in result.stderr and "ITUKG_REMOTE_PASSWORD" in result.stderr
