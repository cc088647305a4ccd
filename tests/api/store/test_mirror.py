"""The embedded store's in-memory mirror (`store.Mirror`, decision 46): after every kind of write its quads
and named graphs are the disk's, queries read it once it is ready, and it steps aside when it cannot be
trusted or would not fit."""

from __future__ import annotations

import subprocess
import sys
import time

import httpx
import pyoxigraph as ox
import pytest

from conftest import SEED, corpus_reports
from itukg.api.config import SettingsError, mirror_budget
from itukg.api.ingest.bulk import load_reports, prepare_report
from itukg.api.store.mirror import Mirror
from itukg.api.store.embedded import OxigraphStore
from itukg.loader.errors import ItukgError
from live import TOKEN, live_server

REPORT = "https://w3id.org/itukg/graph/report/cwg-internet/18"
EX = "https://example.org/mirror/"


def ready(store: OxigraphStore, *, builds: int = 1, limit: float = 60) -> dict:
    """Wait until the mirror has finished `builds` builds; its description."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        state = store.mirror.describe()
        if state["state"] == "ready" and state["builds"] >= builds:
            return state
        assert state["state"] != "off", state
        time.sleep(0.02)
    raise AssertionError(f"the mirror was not ready in {limit} s: {store.mirror.describe()}")


def assert_mirrors_disk(store: OxigraphStore) -> None:
    """The serving mirror holds exactly the disk's quads (blank nodes as they are) and named graphs."""
    disk, memory = store._store, store.mirror.serving
    assert memory is not None, store.mirror.describe()
    assert set(memory) == set(disk)
    assert {g.value for g in memory.named_graphs()} == {g.value for g in disk.named_graphs()}


@pytest.fixture
def mirrored(tmp_path):
    store = OxigraphStore(tmp_path / "store", mirror_bytes=1 << 32)
    store.replace_graphs(prepare_report(SEED).graphs())
    ready(store)
    assert_mirrors_disk(store)
    yield store
    store.close()


def test_a_mirror_is_built_from_what_the_disk_already_holds(tmp_path):
    store = OxigraphStore(tmp_path / "store")
    assert all(o.error is None for o in load_reports(store, [str(p) for p in [SEED, *corpus_reports()]]))
    store.update(f"INSERT DATA {{ GRAPH <{EX}bnodes> {{ _:a <{EX}p> _:b . _:b <{EX}q> \"x\" }} }} ; "
                 f"CREATE GRAPH <{EX}empty> ; INSERT DATA {{ <{EX}s> <{EX}p> <{EX}o> }}")
    store.close()
    store = OxigraphStore(tmp_path / "store", mirror_bytes=1 << 32)
    state = ready(store)
    assert state["quads"] == len(store._store) > 10_000
    assert_mirrors_disk(store)
    assert f"{EX}empty" in {g.value for g in store.mirror.serving.named_graphs()}
    store.close()


def test_queries_read_the_mirror_once_it_is_ready(mirrored):
    probe = f"ASK {{ <{EX}only-in-the-mirror> ?p ?o }}"
    assert not mirrored.query(probe)
    # a quad put in the mirror alone (never done outside this test) is what a query then sees
    mirrored.mirror.serving.add(ox.Quad(ox.NamedNode(f"{EX}only-in-the-mirror"), ox.NamedNode(f"{EX}p"),
                                        ox.Literal("x"), ox.NamedNode(f"{EX}g")))
    assert mirrored.query(probe)
    assert not mirrored._store.query(probe, use_default_graph_as_union=True)


def test_every_kind_of_write_reaches_the_mirror(mirrored):
    prepared = prepare_report(SEED)
    smaller = "".join(prepared.ntriples.splitlines(keepends=True)[:50])
    mirrored.replace_graphs({REPORT: smaller, f"{EX}new": f"<{EX}s> <{EX}p> _:b1 .\n_:b1 <{EX}q> \"v\" ."})
    assert_mirrors_disk(mirrored)
    assert mirrored.count(REPORT) == 50

    mirrored.bulk_replace({REPORT: prepared.ntriples, f"{EX}bulk": f"<{EX}s> <{EX}p> <{EX}o> ."})
    assert_mirrors_disk(mirrored)

    with pytest.raises((SyntaxError, ItukgError)):  # a failed write changes neither
        mirrored.replace_graphs({REPORT: smaller, f"{EX}bad": "<urn:a> <urn:b> \"unterminated ."})
    assert_mirrors_disk(mirrored)

    with mirrored.writing([f"{EX}new", None]):  # the graphs an update writes, known to its caller
        mirrored.update(f"DROP GRAPH <{EX}new> ; INSERT DATA {{ <{EX}d> <{EX}p> \"default\" }}")
    assert mirrored.mirror.describe()["builds"] == 1  # copied graph by graph, not rebuilt
    assert_mirrors_disk(mirrored)
    assert mirrored.query(f"ASK {{ <{EX}d> <{EX}p> \"default\" }}")
    assert not mirrored.query(f"ASK {{ GRAPH <{EX}new> {{ ?s ?p ?o }} }}")


def test_an_update_whose_graphs_are_not_known_rebuilds_the_mirror(mirrored):
    mirrored.update(f"INSERT DATA {{ GRAPH <{EX}unknown> {{ <{EX}s> <{EX}p> <{EX}o> }} }}")
    # until the new mirror is ready, queries read the disk: the new quad is seen at once
    assert mirrored.query(f"ASK {{ <{EX}s> <{EX}p> <{EX}o> }}")
    ready(mirrored, builds=2)
    assert_mirrors_disk(mirrored)
    before = mirrored.mirror.describe()["builds"]
    with pytest.raises(ItukgError):
        mirrored.update("INSERT DATA { <urn:a> <urn:b> }")  # a syntax error writes nothing: no rebuild
    assert mirrored.mirror.describe()["builds"] == before and mirrored.mirror.describe()["state"] == "ready"


def test_a_write_during_the_build_is_not_lost(tmp_path):
    store = OxigraphStore(tmp_path / "store")
    assert all(o.error is None for o in load_reports(store, [str(p) for p in [SEED, *corpus_reports()]]))
    store.close()
    store = OxigraphStore(tmp_path / "store", mirror_bytes=1 << 32)
    # the first graphs in the build's order, and a new one, written while it runs
    first = sorted(store.graphs())[:3]
    store.replace_graphs({g: f"<{EX}s> <{EX}p> \"rewritten {i}\" ." for i, g in enumerate(first)}
                         | {f"{EX}during": f"<{EX}s> <{EX}p> <{EX}o> ."})
    ready(store)
    assert_mirrors_disk(store)
    store.close()


def test_removed_quads_outnumbering_the_live_ones_rebuild_it_beside_the_serving_one(mirrored, monkeypatch):
    monkeypatch.setattr(Mirror, "REBUILD_AFTER", 100)
    prepared = prepare_report(SEED)
    live = mirrored.mirror.describe()["quads"]
    rounds = live // len(prepared.triples) + 2
    for _ in range(rounds):
        mirrored.replace_graphs({REPORT: prepared.ntriples})
        assert mirrored.mirror.serving is not None  # the old mirror answers while the new one is built
    state = ready(mirrored, builds=2)
    assert state["quads"] == len(mirrored._store)
    assert_mirrors_disk(mirrored)


def test_a_store_over_the_budget_is_not_mirrored_and_says_why(tmp_path):
    store = OxigraphStore(tmp_path / "store", mirror_bytes=1000)
    store.replace_graphs(prepare_report(SEED).graphs())
    deadline = time.monotonic() + 30
    while store.mirror.describe()["state"] == "building" and time.monotonic() < deadline:
        time.sleep(0.02)
    state = store.mirror.describe()
    assert state["state"] == "off" and "ITUKG_MIRROR" in state["reason"], state
    assert store.mirror.serving is None
    assert store.query(f"ASK {{ GRAPH <{REPORT}> {{ ?s ?p ?o }} }}")  # read from the disk
    store.close()


def test_a_store_in_memory_or_read_only_has_no_mirror(tmp_path):
    assert OxigraphStore(None, mirror_bytes=1 << 30).mirror is None
    OxigraphStore(tmp_path / "store").close()
    assert OxigraphStore(tmp_path / "store", read_only=True, mirror_bytes=1 << 30).mirror is None


@pytest.mark.parametrize(("text", "expected"), [
    ("off", None), ("OFF", None), ("on", 1 << 62), ("2G", 2 << 30), ("500M", 500 << 20), ("1.5g", 3 << 29),
    ("64KiB", 64 << 10), ("12345", 12345),
])
def test_the_mirror_setting(text, expected):
    assert mirror_budget(text) == expected


def test_the_mirror_setting_auto_is_a_quarter_of_the_memory(tmp_path):
    meminfo = tmp_path / "meminfo"
    meminfo.write_text("MemTotal:       16000000 kB\nMemFree:         1000 kB\n")
    assert mirror_budget(None, meminfo=str(meminfo)) == mirror_budget("auto", meminfo=str(meminfo)) == 4_096_000_000


@pytest.mark.parametrize("text", ["sometimes", "-1G", "2X", "G", "nan"])
def test_a_bad_mirror_setting_names_the_variable(text):
    with pytest.raises(SettingsError, match="ITUKG_MIRROR"):
        mirror_budget(text)


# ------------------------------------------------------------------------------------------ in the service


def _graph_by_query(server: str, graph: str) -> set[str]:
    """A graph's triples as a query reads them (the mirror, once ready)."""
    response = httpx.get(f"{server}/sparql",
                         params={"query": f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"},
                         headers={"Accept": "application/n-triples"})
    assert response.status_code == 200, response.text
    return set(filter(None, response.text.splitlines()))


def _graph_from_disk(server: str, graph: str) -> set[str]:
    """A graph's triples as the Graph Store Protocol reads them (always the disk)."""
    response = httpx.get(f"{server}/store", params={"graph": graph}, headers={"Accept": "application/n-triples"})
    return set(filter(None, response.text.splitlines())) if response.status_code == 200 else set()


def test_the_service_reads_a_mirror_that_follows_its_writes(tmp_path):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    graph, other = "https://example.org/mirror/g1", "https://example.org/mirror/g2"
    with live_server(tmp_path / "store", token=True) as server:
        state = httpx.get(f"{server}/health").json()["mirror"]
        assert state["state"] == "ready" and state["quads"] > 1000 and state["builds"] == 1, state
        metrics = httpx.get(f"{server}/metrics").text
        assert "itukg_mirror_ready 1" in metrics and f"itukg_mirror_quads {state['quads']}" in metrics
        writes = [
            ("put", "/store", {"graph": graph}, "<urn:a> <urn:b> \"one\" . _:x <urn:b> <urn:c> .", "text/turtle"),
            ("post", "/store", {"graph": graph}, "<urn:a> <urn:b> \"two\" .", "text/turtle"),
            ("post", "/update", {}, f"INSERT DATA {{ GRAPH <{other}> {{ <urn:d> <urn:e> \"three\" }} }}",
             "application/sparql-update"),
            ("post", "/update", {}, f"DELETE DATA {{ GRAPH <{graph}> {{ <urn:a> <urn:b> \"one\" }} }}",
             "application/sparql-update"),
        ]
        for method, path, params, body, media in writes:
            response = httpx.request(method, f"{server}{path}", params=params, content=body,
                                     headers={"Content-Type": media, **auth})
            assert response.status_code < 300, response.text
            for name in (graph, other):
                assert _graph_by_query(server, name) == _graph_from_disk(server, name)
        assert len(_graph_by_query(server, graph)) == 2 and len(_graph_by_query(server, other)) == 1
        refused = httpx.put(f"{server}/store", params={"graph": graph}, headers={"Content-Type": "text/turtle", **auth},
                            content="<https://w3id.org/itukg/meeting/x/1> a <https://w3id.org/itukg/ontology#Meeting> ;"
                                    " <https://w3id.org/itukg/ontology#meetingNumber> \"not a number\" .")
        assert refused.status_code == 422
        assert (_graph_by_query(server, graph) == _graph_from_disk(server, graph)
                and len(_graph_from_disk(server, graph)) == 2)
        assert httpx.delete(f"{server}/store", params={"graph": graph}, headers=auth).status_code == 204
        assert _graph_by_query(server, graph) == set() == _graph_from_disk(server, graph)
        assert httpx.get(f"{server}/health").json()["mirror"]["builds"] == 1  # followed graph by graph


def test_the_mirror_can_be_turned_off(tmp_path):
    with live_server(tmp_path / "store", env={"ITUKG_MIRROR": "off"}) as server:
        state = httpx.get(f"{server}/health").json()["mirror"]
        assert state["state"] == "off" and "ITUKG_MIRROR=off" in state["reason"]
        assert "itukg_mirror_ready 0" in httpx.get(f"{server}/metrics").text
        response = httpx.get(f"{server}/queries/meetings", headers={"Accept": "application/json"})
        assert response.status_code == 200 and response.json()["results"]["bindings"]


def test_a_bad_mirror_option_is_one_line_and_exit_2(tmp_path):
    done = subprocess.run([sys.executable, "-m", "itukg.api.cli", "serve", "--store", str(tmp_path / "store"),
                           "--mirror", "lots"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0 and "--mirror" in done.stderr and "'lots'" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr


def test_a_reading_that_a_write_made_stale_is_dropped(tmp_path, monkeypatch):
    import threading

    from itukg.api.store import mirror as store_module

    store = OxigraphStore(tmp_path / "store")
    store.replace_graphs(prepare_report(SEED).graphs())
    store.close()
    holder: dict = {}
    opened = threading.Event()
    read = store_module._read_graph

    def read_then_write(source, name):
        reading = read(source, name)
        if name == REPORT:  # the disk changes (and the write syncs) after this graph was read
            opened.wait(30)
            holder["store"].replace_graphs({REPORT: f"<{EX}s> <{EX}p> \"newer than the reading\" ."})
            holder["wrote"] = True
        return reading

    monkeypatch.setattr(store_module, "_read_graph", read_then_write)
    holder["store"] = OxigraphStore(tmp_path / "store", mirror_bytes=1 << 32)
    opened.set()
    ready(holder["store"])
    assert holder.get("wrote")
    assert_mirrors_disk(holder["store"])
    assert holder["store"].count(REPORT) == 1
    holder["store"].close()
