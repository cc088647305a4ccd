"""The store interface on every backend (embedded, `oxigraph serve`, Virtuoso): replace, bulk load, recovery,
datasets, export and the named queries give the same results everywhere."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import ROOT, SEED, corpus_reports, select
from itukg.api.ingest.bulk import load_reports, prepare_report
from itukg.api.store.dataset import JOURNAL_GRAPH
from itukg.api.store.embedded import OxigraphStore
from itukg.loader.errors import ItukgError

REPORT = "https://w3id.org/itukg/graph/report/cwg-internet/18"
GOLDEN = ROOT / "tests" / "golden" / "cwg-internet-18"


def _nquads(store) -> set[str]:
    return set(store.export("nquads").decode().splitlines())


@pytest.fixture
def seeded(backend):
    store = backend.open()
    store.replace_graphs(prepare_report(SEED).graphs())
    yield store
    store.close()


def test_a_report_replaces_its_graph_and_a_failed_write_changes_nothing(seeded):
    prepared = prepare_report(SEED)
    assert seeded.count(REPORT) == len(prepared.triples)
    smaller = "".join(prepared.ntriples.splitlines(keepends=True)[:50])
    seeded.replace_graphs({REPORT: smaller})
    assert seeded.count(REPORT) == 50
    seeded.replace_graphs(prepared.graphs())
    before = _nquads(seeded)
    with pytest.raises((SyntaxError, ItukgError)):
        seeded.replace_graphs({REPORT: smaller, "urn:x:other": "<urn:a> <urn:b> \"unterminated ."})
    assert _nquads(seeded) == before
    assert not [g for g in seeded.graphs() if "/graph/staging/" in g or g == JOURNAL_GRAPH]


def test_bulk_load_gives_the_same_export_as_the_embedded_store(backend):
    reports = [str(p) for p in [SEED, *corpus_reports()]]
    store = backend.open()
    assert all(o.error is None for o in load_reports(store, reports, batch=3))
    reference = OxigraphStore(None)
    assert all(o.error is None for o in load_reports(reference, reports, batch=3))
    assert _nquads(store) == _nquads(reference)
    assert store.graphs() == reference.graphs() and JOURNAL_GRAPH not in store.graphs()
    assert store.counts() == reference.counts()
    store.close()


def test_queries_over_the_union_and_over_a_given_dataset(seeded):
    union = int(next(iter(seeded.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))["n"].value)
    engine_own = sum(seeded.count(g) for g in getattr(seeded, "hidden", ()))  # Virtuoso's system graphs
    assert union == seeded.count() + engine_own == sum(seeded.counts().values()) + engine_own
    only = seeded.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", default_graph=[REPORT])
    assert int(next(iter(only))["n"].value) == seeded.count(REPORT)
    named = seeded.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", named_graphs=[REPORT])
    assert [row["g"].value for row in named] == [REPORT]
    graph = seeded.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{REPORT}> {{ ?s ?p ?o }} }}")
    assert len(list(graph)) == seeded.count(REPORT)
    assert bool(seeded.query("ASK { ?s a <https://w3id.org/itukg/ontology#Meeting> }"))
    relative = seeded.query("SELECT ?x WHERE { BIND(<18> AS ?x) }",
                            base_iri="https://w3id.org/itukg/meeting/cwg-internet/")
    assert next(iter(relative))["x"].value == "https://w3id.org/itukg/meeting/cwg-internet/18"


@pytest.mark.parametrize("name", sorted(p.stem for p in GOLDEN.glob("*.json")))
def test_named_queries_give_the_golden_rows(seeded, name):
    expected = json.loads((GOLDEN / f"{name}.json").read_text(encoding="utf-8"))
    assert expected
    key = lambda row: json.dumps(row, sort_keys=True)  # noqa: E731
    assert sorted(map(key, select(seeded, name))) == sorted(map(key, expected))


def test_golden_files_are_there():
    assert len(list(GOLDEN.glob("*.json"))) >= 8


def test_graph_text_and_membership(seeded):
    text = seeded.graph_ntriples(REPORT)
    assert len(text.splitlines()) == seeded.count(REPORT)
    assert seeded.has_graph(REPORT) and not seeded.has_graph("urn:x:nothing")
    assert seeded.export("nquads", graph=REPORT).count(b"\n") == seeded.count(REPORT)


def test_a_text_without_a_final_newline_stays_in_its_graph(backend):
    store = backend.open()
    graphs = {"https://example.org/test/a": "<urn:x:a> <urn:x:p> \"one\" .",
              "https://example.org/test/b": "<urn:x:b> <urn:x:p> <urn:x:c> .\n<urn:x:b> <urn:x:q> \"two\" ."}
    for write in (store.bulk_replace, store.replace_graphs):
        write(graphs)
        # the last triple of a text once went to the default graph, leaving its own graph short
        assert store.count("https://example.org/test/a") == 1 and store.count("https://example.org/test/b") == 2
    store.close()


# A writer that died between staging and committing (remote engines whose update is not a transaction):
# the next opening removes what it staged and keeps the old graph, finishes a commit it had begun, or (a bulk
# load, written in place) removes the half-written graph.
_DIE = """
import os, sys
sys.path.insert(0, {tests!r})
from backends import Backend
backend = Backend(**{backend!r})
store = backend.open()
texts = {{{report!r}: open({path!r}).read()}}
staged = store._stage(texts, in_place={mode!r} == "in-place")
store._put_stages(staged, texts)
if {mode!r} == "committing":
    store.update("INSERT DATA {{ GRAPH <{journal}> {{ " + staged.committing() + " }} }}")
os._exit(0)
"""


@pytest.mark.parametrize("mode", ["staged", "committing", "in-place"])
def test_the_writes_of_a_dead_writer_are_finished_when_the_store_opens(backend, tmp_path, mode):
    store = backend.open()
    if not backend.remote or store.adapter.atomic_updates:
        store.close()
        pytest.skip(f"{backend.name}: an update request is a transaction, nothing is staged" if backend.remote else
                    "the embedded store's journal is tested in tests/api/ingest/test_ingest.py")
    store.replace_graphs(prepare_report(SEED).graphs())
    before = _nquads(store)
    smaller = tmp_path / "smaller.nt"
    smaller.write_text("".join(prepare_report(SEED).ntriples.splitlines(keepends=True)[:30]))
    script = _DIE.format(tests=str(ROOT / "tests"), backend=vars(backend), report=REPORT, path=str(smaller),
                         mode=mode, journal=JOURNAL_GRAPH)
    subprocess.run([sys.executable, "-c", script], check=True, timeout=120)
    assert JOURNAL_GRAPH in store.graphs()
    store.close()
    reopened = backend.open()
    assert JOURNAL_GRAPH not in reopened.graphs()
    assert not [g for g in reopened.graphs() if "/graph/staging/" in g]
    if mode == "committing":  # the commit had begun: it is finished
        assert reopened.recovered == [] and reopened.count(REPORT) == 30
    elif mode == "staged":  # the old version stays
        assert reopened.recovered == [REPORT] and _nquads(reopened) == before
    else:  # a bulk load writes in place: the half-written graph is removed, as in the embedded store
        assert reopened.recovered == [REPORT] and not reopened.has_graph(REPORT)
        assert _nquads(reopened) == {q for q in before if not q.endswith(f"<{REPORT}> .")}
    reopened.close()



def test_a_store_opened_read_only_beside_a_writer_reads_and_closes(tmp_path):
    writer = OxigraphStore(tmp_path / "store")
    try:
        reader = OxigraphStore(tmp_path / "store", read_only=True)  # no lock: the notebook API's way in
        assert reader.count() == writer.count() > 0  # the reference data
        reader.close()  # nothing to flush, and no "Flush is only possible on read-write instances"
    finally:
        writer.close()


def test_a_read_only_open_survives_a_writer_compacting_its_files(tmp_path):
    """RocksDB lists its files, then opens them: a compaction in between removes one, and pyoxigraph's
    read-only open fails ("Corruption: … No such file or directory") about one time in five under a busy
    writer. The store tries again on a fresh list."""
    import threading

    import pyoxigraph as ox

    writer = ox.Store(str(tmp_path / "store"))
    stop = threading.Event()

    def write() -> None:
        for i in range(10_000):
            if stop.is_set():
                return
            writer.bulk_extend([ox.Quad(ox.NamedNode(f"http://e/s{i}-{j}"), ox.NamedNode("http://e/p"),
                                        ox.Literal("x" * 50)) for j in range(2000)])
            writer.flush()
            if i % 5 == 4:
                writer.optimize()

    thread = threading.Thread(target=write)
    thread.start()
    try:
        for _ in range(40):
            OxigraphStore(tmp_path / "store", read_only=True).close()
    finally:
        stop.set()
        thread.join()
