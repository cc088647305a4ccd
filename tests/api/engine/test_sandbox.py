"""The engine process cannot reach the network, even when a query or an update gets past the guard.

These tests hand SERVICE and LOAD straight to the engine (`Engine.query` / `Engine.update`, which the
routes call only after the guard), with a listening socket as the target, and count its connections.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time

import pytest
from itukg.api.engine import sandbox
from itukg.api.engine.process import Engine
from itukg.loader.errors import ItukgError
from target import Target

pytestmark = pytest.mark.skipif(sandbox.NETWORK_FILTER_ARCHES.get(__import__("platform").machine()) is None
                                or sys.platform != "linux", reason="the network filter is for Linux on x86-64/aarch64")

JSON = ("application/sparql-results+json", "application/sparql-results+json")


@pytest.fixture
def listener():
    found = Target()
    yield found
    found.close()


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    running = Engine(tmp_path_factory.mktemp("sandbox") / "store", timeout_s=20)
    yield running
    running.close()


def test_the_filter_denies_internet_sockets_and_keeps_unix_ones(tmp_path):
    """In a fresh process: AF_INET and AF_INET6 fail with EACCES on every thread; Unix sockets, socket
    pairs, and a TCP socket opened before the filter still work."""
    script = """
import errno, socket, threading
before = socket.socket()
from itukg.api.engine import sandbox
assert sandbox.deny_network() is True
out = []
def probe():
    for family in (socket.AF_INET, socket.AF_INET6):
        try:
            socket.socket(family, socket.SOCK_STREAM)
            out.append("open")
        except OSError as exc:
            out.append(exc.errno == errno.EACCES)
    socket.socket(socket.AF_UNIX).close()
    a, b = socket.socketpair(); a.close(); b.close()
    before.bind(("127.0.0.1", 0)); before.close()
    out.append("unix ok")
thread = threading.Thread(target=probe); thread.start(); thread.join()
print(out)
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[True, True, 'unix ok']"


@pytest.mark.parametrize("query", [
    "SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ SERVICE SILENT <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ VALUES ?x {{ <http://127.0.0.1:{port}/a> }} SERVICE ?x {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ FILTER EXISTS {{ SERVICE <http://localhost:{port}/> {{ ?s ?p ?o }} }} }}",
])
def test_service_past_the_guard_makes_no_connection(engine, listener, query):
    try:
        engine.query(query.format(port=listener.port), results=JSON, rdf=None)
    except ItukgError:
        pass  # refused by the engine: the point is that nothing left the process
    time.sleep(0.2)
    assert listener.count() == 0


@pytest.mark.parametrize("update", [
    "LOAD <http://127.0.0.1:{port}/data.ttl>",
    "LOAD SILENT <http://127.0.0.1:{port}/data.ttl> INTO GRAPH <urn:x:g>",
])
def test_load_past_the_guard_makes_no_connection(engine, listener, update):
    try:
        engine.update(update.format(port=listener.port), graphs=["urn:x:g"], default_graph=True, all_graphs=False)
    except ItukgError:
        pass
    time.sleep(0.2)
    assert listener.count() == 0


def test_the_listener_does_count_a_connection(listener):
    """The test's own check: a connection made from this (unfiltered) process is seen."""
    socket.create_connection(("127.0.0.1", listener.port), timeout=5).close()
    deadline = time.monotonic() + 5
    while listener.count() == 0 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert listener.count() == 1

