"""Loading many reports: batches through the journaled bulk load, failures isolated, interrupted loads
cleaned up."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from conftest import ROOT, SEED, corpus_reports, run_cli
from itukg.api.ingest import load_reports, prepare_report
from itukg.api.store import JOURNAL_GRAPH, OxigraphStore


def _nquads(store) -> set[str]:
    return set(store.export("nquads").decode().splitlines())


def test_bulk_and_transactional_writes_give_the_same_store(tmp_path):
    reports = [str(p) for p in [SEED, *corpus_reports()]]
    bulk = OxigraphStore(tmp_path / "bulk")
    assert all(o.error is None for o in load_reports(bulk, reports, batch=4))
    one_by_one = OxigraphStore(tmp_path / "single")
    for report in reports:
        assert all(o.error is None for o in load_reports(one_by_one, [report]))
    assert _nquads(bulk) == _nquads(one_by_one)
    assert JOURNAL_GRAPH not in bulk.graphs()


def test_a_failed_report_does_not_block_the_batch(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("not a report at all, just a sentence.")
    store = OxigraphStore(tmp_path / "s")
    outcomes = list(load_reports(store, [str(SEED), str(bad), *map(str, corpus_reports())], batch=3))
    assert [o.error is None for o in outcomes] == [True, False] + [True] * len(corpus_reports())
    assert "does not look like an ITU meeting report" in outcomes[1].error


def test_an_interrupted_bulk_load_is_removed_when_the_store_opens(tmp_path):
    store = OxigraphStore(tmp_path / "s")
    prepared = prepare_report(SEED)
    store.bulk_replace(prepared.graphs() | {"https://w3id.org/itukg/graph/report/x/1": prepared.ntriples})
    before = _nquads(store)
    # what a process killed during a bulk load leaves: a journal entry and part of a graph
    half = "".join(prepared.ntriples.splitlines(keepends=True)[:100])
    store.bulk_replace({"https://w3id.org/itukg/graph/report/y/2": half})
    store._store.update(f"INSERT DATA {{ GRAPH <{JOURNAL_GRAPH}> {{ <{JOURNAL_GRAPH}> "
                        f"<https://w3id.org/itukg/ontology#pendingGraph> <https://w3id.org/itukg/graph/report/y/2> }} }}")
    store.close()
    reopened = OxigraphStore(tmp_path / "s")
    assert reopened.recovered == ["https://w3id.org/itukg/graph/report/y/2"]
    assert _nquads(reopened) == before


def test_sigkill_during_a_bulk_load_then_rerun_gives_the_same_store(tmp_path):
    generated = tmp_path / "reports"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate_reports.py"), "--count", "150", "--seed", "9",
                    "--out", str(generated)], check=True, capture_output=True)
    files = sorted(str(p) for p in generated.glob("*-report.txt"))
    assert len(files) == 150
    reference = tmp_path / "reference"
    assert run_cli("load", "--store", str(reference), *files).returncode == 0

    interrupted = tmp_path / "interrupted"
    process = subprocess.Popen([sys.executable, "-m", "itukg.api.cli", "load", "--store", str(interrupted), *files],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    loaded = 0
    for line in process.stdout:
        loaded += line.startswith("loaded ")
        if loaded >= 40:
            break
    time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    process.stdout.close()
    assert loaded >= 40
    rerun = run_cli("load", "--store", str(interrupted), *files)
    assert rerun.returncode == 0, rerun.stderr
    first = run_cli("export", "--store", str(reference), "--format", "nquads").stdout
    second = run_cli("export", "--store", str(interrupted), "--format", "nquads").stdout
    assert set(first.splitlines()) == set(second.splitlines())
