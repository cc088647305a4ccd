"""Loading many reports: batches through the journaled bulk load, failures isolated, interrupted loads
cleaned up, unchanged reports skipped, meetings claimed once per run, conflicts between reports checked
against the store."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, SEED, corpus_reports, run_cli
from itukg.api.ingest.bulk import BulkLoad, load_reports, prepare_report
from itukg.api.store.dataset import JOURNAL_GRAPH
from itukg.api.store.embedded import OxigraphStore
from itukg.loader import iris
from itukg.loader.validate import cross_report_findings, cross_report_keys, validate_report


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
                        "<https://w3id.org/itukg/ontology#pendingGraph> "
                        "<https://w3id.org/itukg/graph/report/y/2> } }")
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
    skipped = sum(line.startswith("skipped ") for line in rerun.stdout.splitlines())
    assert loaded <= skipped < len(files)  # what was written before the kill is not prepared again
    first = run_cli("export", "--store", str(reference), "--format", "nquads").stdout
    second = run_cli("export", "--store", str(interrupted), "--format", "nquads").stdout
    assert set(first.splitlines()) == set(second.splitlines())


def _generated(tmp_path, count: int, seed: int) -> list[str]:
    folder = tmp_path / f"generated-{seed}"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate_reports.py"), "--count", str(count),
                    "--seed", str(seed), "--out", str(folder)], check=True, capture_output=True)
    files = sorted(str(p) for p in folder.glob("*-report.txt"))
    assert len(files) == count
    return files


def _marked(mark: bytes) -> list[int]:
    """The live processes whose environment holds `mark`."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if mark in (entry / "environ").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                pass
    return found


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs Linux's /proc to find the processes")
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_a_killed_bulk_load_leaves_no_process_behind(tmp_path, how):
    files = _generated(tmp_path, 60, 11)
    token = os.urandom(8).hex()
    mark = f"ITUKG_TEST_MARK={token}".encode()
    process = subprocess.Popen([sys.executable, "-m", "itukg.api.cli", "load", "--store", str(tmp_path / "s"),
                                "--jobs", "2", "--batch", "5", *files], stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True, env={**os.environ, "ITUKG_TEST_MARK": token})
    loaded = 0
    for line in process.stdout:
        loaded += line.startswith("loaded ")
        if loaded >= 10:
            break
    helpers = [pid for pid in _marked(mark) if pid != process.pid]
    assert len(helpers) >= 3, helpers  # the fork server and two workers
    os.kill(process.pid, how)
    process.wait()
    process.stdout.close()
    deadline = time.monotonic() + 30
    while _marked(mark) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _marked(mark) == []


def _statuses(outcomes) -> list[str]:
    return [o.status for o in outcomes]


def test_a_rerun_skips_unchanged_reports_and_replaces_changed_ones(tmp_path):
    files = _generated(tmp_path, 12, seed=3)
    store = OxigraphStore(tmp_path / "s")
    assert _statuses(load_reports(store, files, batch=5)) == ["loaded"] * 12
    first = _nquads(store)
    again = list(load_reports(store, files, batch=5))
    assert _statuses(again) == ["skipped"] * 12
    assert all(o.graph and o.graph in store.graphs() for o in again)
    assert _nquads(store) == first

    changed = Path(files[4])
    changed.write_text(changed.read_text().replace("The Group noted", "The Group took note of", 1) + "\n")
    rerun = list(load_reports(store, files, batch=5))
    assert _statuses(rerun) == ["skipped"] * 4 + ["loaded"] + ["skipped"] * 7
    fresh = OxigraphStore(tmp_path / "fresh")
    list(load_reports(fresh, files, batch=5))
    assert _nquads(store) == _nquads(fresh)
    assert _nquads(store) != first

    forced = list(BulkLoad(store, files, force=True).run())
    assert _statuses(forced) == ["loaded"] * 12
    assert _nquads(store) == _nquads(fresh)


def test_two_files_of_one_meeting_in_one_run_the_later_fails_naming_both(tmp_path):
    copy = tmp_path / "copy-of-seed.txt"
    copy.write_bytes(SEED.read_bytes())
    edited = tmp_path / "edited-seed.txt"
    edited.write_text(SEED.read_text().replace("The Agenda was adopted.", "The Agenda was adopted as amended."))
    store = OxigraphStore(None)
    outcomes = list(load_reports(store, [str(SEED), str(copy), str(edited), str(corpus_reports()[0])]))
    assert _statuses(outcomes) == ["loaded", "failed", "failed", "loaded"]
    assert outcomes[1].stage == outcomes[2].stage == "write"
    assert f"{copy}: has the same content as {SEED}" in outcomes[1].error
    assert f"{edited}: reports on the same meeting as {SEED}" in outcomes[2].error
    assert outcomes[1].exit_code == outcomes[2].exit_code == 1
    # the store holds the first file's version; a rerun decides the same way (the first is skipped)
    assert _statuses(load_reports(store, [str(SEED), str(copy), str(edited)])) == ["skipped", "failed", "failed"]


def test_failures_name_their_stage(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    letter = tmp_path / "letter.txt"
    letter.write_text("Dear colleagues,\nPlease find attached the invitation to the workshop.\n")
    backwards = tmp_path / "backwards.txt"
    backwards.write_text(SEED.read_text().replace("held on 18 October 2023", "held from 20 to 18 October 2023"))
    outcomes = list(load_reports(OxigraphStore(None), [str(empty), str(letter), str(backwards), str(SEED)]))
    assert [(o.status, o.stage, o.exit_code) for o in outcomes] == [
        ("failed", "read", 2), ("failed", "extract", 1), ("failed", "validate", 1), ("loaded", None, 0)]
    assert outcomes[2].findings and "schema:endDate is before its schema:startDate" in outcomes[2].findings[0]


def _variant_of_the_seed(tmp_path) -> Path:
    """The seed report as if it were the 19th meeting's: the same documents of meeting 18, but §4 no longer
    calls CWG-Internet-18/4 a secretariat report, and a topic's title differs in case."""
    text = SEED.read_text().replace("eighteenth", "nineteenth")
    text = text.replace("CWG-Internet 18/4: Secretariat report", "Secretariat report")
    text = text.replace("truly multilingual internet”", "truly multilingual Internet”")
    path = tmp_path / "cwg-internet-19-variant.txt"
    path.write_text(text)
    return path


def _stored_findings(store, graph: str) -> set[tuple[str, str]]:
    rows = store.query(f"""PREFIX sh: <http://www.w3.org/ns/shacl#>
        SELECT ?focus ?shape ?message WHERE {{ GRAPH <{graph}> {{ ?r sh:focusNode ?focus ; sh:sourceShape ?shape ;
        sh:resultMessage ?message }} }}""")
    return {(r["focus"].value, r["shape"].value, r["message"].value) for r in rows}


@pytest.mark.parametrize("batch", [1, 25])
def test_a_conflict_with_another_report_is_a_warning_of_the_later_one(tmp_path, batch):
    variant = _variant_of_the_seed(tmp_path)
    store = OxigraphStore(None)
    assert _statuses(load_reports(store, [str(SEED), str(variant)], batch=batch)) == ["loaded", "loaded"]
    later = _stored_findings(store, iris.validation_graph("CWG-Internet", 19))
    earlier = _stored_findings(store, iris.validation_graph("CWG-Internet", 18))
    document = iris.document("CWG-Internet", 18, 4)
    conflicts = {(f, s.rsplit("#", 1)[1]) for f, s, m in later if "report <graph/report/cwg-internet/18>" in m}
    assert conflicts == {(document, "Document-kindConflict"),
                         (iris.topic("Promoting and strengthening a truly multilingual internet"), "Topic-prefLabel")}
    assert not [m for _, _, m in earlier if "report <graph/report" in m]

    # the other order: the seed is the later one
    store = OxigraphStore(None)
    list(load_reports(store, [str(variant), str(SEED)], batch=batch))
    earlier = _stored_findings(store, iris.validation_graph("CWG-Internet", 18))
    assert any("report <graph/report/cwg-internet/19>" in m for _, _, m in earlier)


def test_a_conflict_recorded_in_the_store_is_found_again_by_a_later_report(tmp_path):
    """The 20th meeting's report says what the 18th says, and the 19th's differs: the 20th is warned of the
    19th whether the store's first value for the node is its own (then the 19th's recorded warning points
    to the conflict) or the 19th's."""
    variant = _variant_of_the_seed(tmp_path)
    twentieth = tmp_path / "cwg-internet-20-variant.txt"
    twentieth.write_text(SEED.read_text().replace("eighteenth", "twentieth"))
    store = OxigraphStore(None)
    assert _statuses(load_reports(store, [str(SEED), str(variant)])) == ["loaded", "loaded"]
    topic = iris.topic("Promoting and strengthening a truly multilingual internet")
    label = "http://www.w3.org/2004/02/skos/core#prefLabel"
    from itukg.loader.validate import cross_report_probe, cross_report_warned

    [probe] = store.query(cross_report_probe([(topic, label, "x", "en")]))
    assert probe["value"].value in ("Promoting and strengthening a truly multilingual internet",
                                    "Promoting and strengthening a truly multilingual Internet")
    warned = store.query(cross_report_warned([(topic, label)]))
    assert [(r["node"].value, r["p"].value, r["graph"].value) for r in warned] == [
        (topic, label, iris.validation_graph("CWG-Internet", 19))]
    assert len(list(store.query(cross_report_probe([(topic, label, "x", "en")], limit=2)))) == 2

    assert _statuses(load_reports(store, [str(twentieth)])) == ["loaded"]
    found = _stored_findings(store, iris.validation_graph("CWG-Internet", 20))
    assert any(f == topic and "report <graph/report/cwg-internet/19>" in m for f, _, m in found)


def test_the_union_of_reports_has_no_finding_that_no_report_was_warned_of(tmp_path):
    """Validating the whole store at once finds nothing beyond what the gate and the checks across reports
    recorded when each report was written: the targeted checks cover what spans reports."""
    reports = [str(SEED), str(_variant_of_the_seed(tmp_path)), *map(str, corpus_reports()),
               *_generated(tmp_path, 30, seed=5)]
    store = OxigraphStore(None)
    outcomes = list(load_reports(store, reports, batch=7))
    # a generated report of a meeting the corpus has is refused; every other report loads
    assert all(o.status == "loaded" or "reports on the same meeting" in o.error for o in outcomes)
    assert _statuses(outcomes).count("loaded") > 30
    union = [t for graph in store.graphs() if "/graph/report/" in graph
             for t in _triples(store.graph_ntriples(graph))]
    found = {(f.focus, f.shape) for f in validate_report(union).findings}
    recorded = {(focus, shape) for graph in store.graphs() if "/graph/validation/" in graph
                for focus, shape, _ in _stored_findings(store, graph)}
    assert len(found) > 10
    assert found <= recorded, found - recorded
    # and without the checks across reports, the union would have findings no report recorded
    alone = {(f.focus, f.shape) for path in reports[:2] for f in prepare_report(path).validation.findings}
    assert found - alone


def _triples(ntriples: str):
    import rdflib

    graph = rdflib.Graph()
    graph.parse(data=ntriples, format="nt")
    return list(graph)


def test_cross_report_keys_and_findings_for_a_report_said_to_report_on_two_meetings():
    from rdflib import URIRef

    from itukg.loader.vocab import ITU, RDF

    document = URIRef(iris.document("CWG-Internet", 19, 2))
    keys = cross_report_keys([(document, RDF.type, ITU.MeetingReport),
                              (document, ITU.reportOf, URIRef(iris.meeting("CWG-Internet", 18)))])
    assert keys == ((str(document), str(ITU.reportOf), iris.meeting("CWG-Internet", 18), ""),)
    elsewhere = {(str(document), str(ITU.reportOf)): {(iris.meeting("CWG-Internet", 17), ""): (
        iris.report_graph("CWG-Internet", 20), 2)}}
    [finding] = cross_report_findings(keys, elsewhere)
    assert (finding.severity, finding.focus, finding.shape.rsplit("#")[1]) == (
        "Warning", str(document), "MeetingReport-reportOf")
    assert "<meeting/cwg-internet/18>" in finding.message and "<meeting/cwg-internet/17>" in finding.message
    assert "report <graph/report/cwg-internet/20> (and 1 other report(s))" in finding.message
    # a value the report gives too is no conflict
    assert not cross_report_findings(keys, {(str(document), str(ITU.reportOf)): {
        (iris.meeting("CWG-Internet", 18), ""): (iris.report_graph("CWG-Internet", 20), 1)}})


def test_cross_report_warnings_do_not_depend_on_how_the_load_was_split(tmp_path):
    """One run over a fresh store answers the checks from memory; runs over a filled store read each node
    from the store the first time, then from memory; loads of one report each ask the store every time.
    All three record the same warnings, down to the other report named and the count of the others."""
    variant = _variant_of_the_seed(tmp_path)
    twentieth = tmp_path / "cwg-internet-20-variant.txt"
    twentieth.write_text(SEED.read_text().replace("eighteenth", "twentieth"))
    reports = []
    for report in [SEED, variant, twentieth, *corpus_reports(), *map(Path, _generated(tmp_path, 20, seed=5))]:
        meeting = report.name.rsplit("-", 1)[0]
        if meeting not in {r.name.rsplit("-", 1)[0] for r in reports}:  # one file a meeting: no replacements
            reports.append(report)
    reports = [str(r) for r in reports]
    assert len(reports) > 20

    def warnings(store) -> dict[str, set]:
        return {graph: _stored_findings(store, graph) for graph in store.graphs() if "/graph/validation/" in graph}

    whole = OxigraphStore(None)
    list(load_reports(whole, reports, batch=7))
    split = OxigraphStore(None)
    list(load_reports(split, reports[:9], batch=4))
    list(load_reports(split, reports[9:], batch=4))
    single = OxigraphStore(None)
    for report in reports:
        list(load_reports(single, [report]))
    found = warnings(whole)
    across = [m for messages in found.values() for _, _, m in messages if "report <graph/report/" in m]
    assert len(across) >= 3 and any("other report(s)" in m for m in across), across
    assert warnings(split) == found
    assert warnings(single) == found
