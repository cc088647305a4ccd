"""Curators' corrections (api/corrections.py, docs/corrections.md): written as files for `itukg load
--corrections DIR` or PUT to /corrections/<body>/<n> of a live service; applied to the report graph, kept as
a record in the correction graph, applied again at every reload; refused whole by the gate."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from conftest import SEED, run_cli
from live import TOKEN, live_server

AUTH = {"Authorization": f"Bearer {TOKEN}"}
BASE = "https://w3id.org/itukg/"
REPORT = BASE + "report/cwg-internet/18"
GRAPH = BASE + "graph/report/cwg-internet/18"
RECORD = BASE + "graph/correction/cwg-internet/18"
DOC = BASE + "document/cwg-internet-18-4"
MEETING = BASE + "meeting/cwg-internet/18"
ITU = "https://w3id.org/itukg/ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
COMMENT = "http://www.w3.org/2000/01/rdf-schema#comment"

PREFIXES = """@prefix itu: <https://w3id.org/itukg/ontology#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix eli: <http://data.europa.eu/eli/ontology#> .
@prefix schema: <https://schema.org/> .
@prefix doc: <https://w3id.org/itukg/document/> .
"""

# the fact the seed report gets wrong: one paragraph calls the secretariat's report CWG-Internet-18/4 a contribution
RETRACT_KIND = "[ rdf:subject doc:cwg-internet-18-4 ; rdf:predicate rdf:type ; rdf:object itu:Contribution ]"
ADD_NOTE = '[ rdf:subject doc:cwg-internet-18-4 ; rdf:predicate rdfs:comment ; rdf:object "Checked by a curator."@en ]'


def correction(changes: str, *, created: str = '"2024-03-05"^^xsd:date', report: str = REPORT) -> str:
    return PREFIXES + f"""
[] a itu:Correction ;
    itu:corrects <{report}> ;
    prov:wasAttributedTo <mailto:curator@example.org> ;
    dcterms:created {created} ;
    rdfs:comment "CWG-Internet-18/4 is the secretariat's report."@en ;
    {changes} .
"""


GOOD = correction(f"itu:retracts {RETRACT_KIND} ;\n    itu:adds {ADD_NOTE}")


def folder(tmp_path: Path, text: str, name: str = "cwg-internet-18-report") -> Path:
    out = tmp_path / f"corrections-{abs(hash(text))}"
    out.mkdir()
    (out / f"{name}.ttl").write_text(text)
    return out


def export(store: Path) -> set[str]:
    result = run_cli("export", "--store", str(store), "--format", "nquads")
    assert result.returncode == 0, result.stderr
    return set(result.stdout.splitlines())


def in_graph(dump: set[str], subject: str, predicate: str, obj: str, graph: str = GRAPH) -> bool:
    return f"<{subject}> <{predicate}> {obj} <{graph}> ." in dump


KIND = (DOC, RDF_TYPE, f"<{ITU}Contribution>")
NOTE = (DOC, COMMENT, '"Checked by a curator."@en')


def assert_corrected(dump: set[str]) -> None:
    assert not in_graph(dump, *KIND), "the retracted fact is back"
    assert not any(line.startswith(f"<{DOC}> <{RDF_TYPE}> <{ITU}Contribution> ") for line in dump), "asserted elsewhere"
    assert in_graph(dump, *NOTE), "the added fact is missing"
    assert in_graph(dump, DOC, RDF_TYPE, f"<{ITU}SecretariatReport>")  # the rest of the extraction is there
    assert any(line.endswith(f"<{RECORD}> .") and f"<{ITU}corrects> <{REPORT}>" in line for line in dump)


def load(store: Path, *args: str) -> object:
    return run_cli("load", "--store", str(store), *args)


# ------------------------------------------------------------------------------------------ the CLI


def test_a_correction_survives_reloads(tmp_path):
    store, given = tmp_path / "s", folder(tmp_path, GOOD)
    plain = load(tmp_path / "plain", str(SEED))
    assert plain.returncode == 0, plain.stderr
    assert in_graph(export(tmp_path / "plain"), *KIND)  # what the correction corrects is really extracted

    first = load(store, str(SEED), "--corrections", str(given))
    assert first.returncode == 0, first.stderr
    assert "corrected: 1 fact(s) added and 1 retracted" in first.stdout
    corrected = export(store)
    assert_corrected(corrected)
    for args in ([str(SEED)], [str(SEED), "--force"], [str(SEED), "--force", "--corrections", str(given)]):
        again = load(store, *args)
        assert again.returncode == 0, again.stderr
        assert export(store) == corrected, args  # the same quads: corrected facts hold, retracted ones stay out


def test_corrections_of_a_report_in_the_store_undo_the_previous_ones(tmp_path):
    store = tmp_path / "s"
    assert load(store, str(SEED)).returncode == 0
    applied = load(store, "--corrections", str(folder(tmp_path, GOOD)))  # no report file: the stored graph
    assert applied.returncode == 0, applied.stderr
    assert "corrected 1 fact(s) added and 1 retracted" in applied.stdout
    assert_corrected(export(store))
    unchanged = load(store, "--corrections", str(folder(tmp_path, GOOD + "\n# the same again\n")))
    assert unchanged.returncode == 0 and "unchanged" in unchanged.stdout, unchanged.stdout + unchanged.stderr

    # the curator keeps the addition and drops the retraction: the retracted fact comes back, as extracted
    fewer = load(store, "--corrections", str(folder(tmp_path, correction(f"itu:adds {ADD_NOTE}"))))
    assert fewer.returncode == 0, fewer.stderr
    dump = export(store)
    assert in_graph(dump, *KIND) and in_graph(dump, *NOTE)
    reloaded = load(store, str(SEED), "--force")  # the same as extracting again and applying the record
    assert reloaded.returncode == 0, reloaded.stderr
    assert export(store) == dump


def test_a_retraction_the_report_no_longer_states_is_reported_not_refused(tmp_path):
    stale = '[ rdf:subject doc:cwg-internet-18-4 ; rdf:predicate rdfs:label ; rdf:object "No such label" ]'
    store = tmp_path / "s"
    result = load(store, str(SEED), "--corrections", str(folder(tmp_path, correction(f"itu:retracts {stale}"))))
    assert result.returncode == 0, result.stderr
    assert "retracts a fact the report does not state (any more), so it retracts nothing" in result.stdout
    assert '"No such label"' in result.stdout
    dump = export(store)
    flag = f'<{ITU}extracted> "false"^^<http://www.w3.org/2001/XMLSchema#boolean> <{RECORD}> .'
    assert any(line.endswith(flag) for line in dump)


REFUSED = {
    "a malformed date": (correction(f"itu:adds {ADD_NOTE}", created='"2024-13-45"^^xsd:date'), 1,
                         "dcterms:created"),
    "a date in words": (correction(f"itu:adds {ADD_NOTE}", created='"last Tuesday"'), 1, "dcterms:created"),
    "no curator": (correction(f"itu:adds {ADD_NOTE}").replace("prov:wasAttributedTo <mailto:curator@example.org> ;",
                                                               ""), 1, "prov:wasAttributedTo"),
    "a required fact retracted": (correction(
        'itu:retracts [ rdf:subject <https://w3id.org/itukg/meeting/cwg-internet/18> ; rdf:predicate itu:meetingOf ;'
        ' rdf:object <https://w3id.org/itukg/body/cwg-internet> ]'), 1, "itu:meetingOf"),
    "an added fact the shapes refuse": (correction(
        'itu:adds [ rdf:subject <https://w3id.org/itukg/meeting/cwg-internet/18> ; rdf:predicate itu:meetingNumber ; '
        'rdf:object "eighteen" ]'), 1, "itu:meetingNumber"),
    "a fact added and retracted": (correction(f"itu:adds {ADD_NOTE} ;\n    itu:retracts {ADD_NOTE}"), 1,
                                   "both add and retract the fact"),
    "a Turtle syntax error": (correction(f"itu:adds {ADD_NOTE}").replace('"Checked by a curator."@en ]',
                                                                         '"Checked by a curator.@en ]'), 2,
                              "is not valid Turtle at line 16"),
    "a report not loaded": (correction(f"itu:adds {ADD_NOTE}", report=BASE + "report/cwg-internet/99"), 2,
                            "which is not loaded"),
    "a plain triple": (GOOD + "\ndoc:cwg-internet-18-4 rdfs:comment \"outside any correction\" .\n", 2,
                       "belongs to no correction"),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_a_correction_the_gate_refuses_changes_nothing(tmp_path, case):
    text, code, words = REFUSED[case]
    store = tmp_path / "s"
    assert load(store, str(SEED)).returncode == 0
    before = export(store)
    given = folder(tmp_path, text)
    for args in (["--corrections", str(given)], [str(SEED), "--force", "--corrections", str(given)]):
        result = load(store, *args)
        assert result.returncode == code, (args, result.stdout, result.stderr)
        assert words in result.stderr, result.stderr
        assert "nothing was written" in result.stderr and "Traceback" not in result.stderr
        assert result.stderr.count("itukg: error:") == 1, result.stderr  # said once, not once per path tried
        assert export(store) == before, args


def test_a_file_names_one_report_and_a_report_has_one_file(tmp_path):
    two = folder(tmp_path, GOOD)
    (two / "copy.ttl").write_text(GOOD)
    result = load(tmp_path / "s", str(SEED), "--corrections", str(two))
    assert result.returncode == 2 and "both correct <" + REPORT in result.stderr, result.stderr
    assert not (tmp_path / "s").exists()
    both = GOOD + correction(f"itu:adds {ADD_NOTE}", report=BASE + "report/cwg-internet/17")
    result = load(tmp_path / "s", str(SEED), "--corrections", str(folder(tmp_path, both)))
    assert result.returncode == 2 and "names 2 reports" in result.stderr, result.stderr


# ------------------------------------------------------------------------------------------ the service


def _dump(server: str) -> set[tuple]:
    answer = httpx.post(f"{server}/sparql", data={"query": "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }"},
                        headers={"Accept": "text/tab-separated-values"}, timeout=60)
    assert answer.status_code == 200, answer.text
    return set(answer.text.splitlines()[1:])


def _has(server: str, subject: str, predicate: str, obj: str) -> bool:
    answer = httpx.post(f"{server}/sparql",
                        data={"query": f"ASK {{ GRAPH <{GRAPH}> {{ <{subject}> <{predicate}> {obj} }} }}"},
                        headers={"Accept": "application/sparql-results+json"}, timeout=30)
    return answer.json()["boolean"]


def test_the_service_applies_keeps_and_refuses_corrections(tmp_path):
    turtle = {"Content-Type": "text/turtle", **AUTH}
    with live_server(tmp_path / "store", token=True) as server:  # an empty store: the bundled report is loaded
        url = f"{server}/corrections/cwg-internet/18"
        assert _has(server, *KIND)
        assert httpx.put(url, content=GOOD, headers={"Content-Type": "text/turtle"}).status_code == 401
        answer = httpx.put(url, content=GOOD, headers=turtle, timeout=60)
        assert answer.status_code == 200, answer.text
        assert answer.json()["added"] == 1 and answer.json()["retracted"] == 1
        assert not _has(server, *KIND) and _has(server, *NOTE)
        record = httpx.get(url, headers={"Accept": "text/turtle"})
        assert record.status_code == 200 and "itu:extracted" in record.text or ITU + "extracted" in record.text
        corrected = _dump(server)

        refused = {
            "malformed date": (correction(f"itu:adds {ADD_NOTE}", created='"2024-02-30"^^xsd:date'), 422),
            "syntax": (GOOD.replace(" ;\n    itu:adds", " \n    itu:adds"), 400),
            "other report": (correction(f"itu:adds {ADD_NOTE}", report=BASE + "report/cwg-internet/17"), 400),
        }
        for case, (text, status) in refused.items():
            answer = httpx.put(url, content=text, headers=turtle, timeout=60)
            assert answer.status_code == status, (case, answer.text)
            assert _dump(server) == corrected, case
        missing = httpx.put(f"{server}/corrections/cwg-internet/99", content=correction(
            f"itu:adds {ADD_NOTE}", report=BASE + "report/cwg-internet/99"), headers=turtle, timeout=60)
        assert missing.status_code == 404, missing.text
        update = httpx.post(f"{server}/update", headers={**AUTH, "Content-Type": "application/sparql-update"},
                            content=f"INSERT DATA {{ GRAPH <{RECORD}> {{ <urn:a> <urn:b> <urn:c> }} }}")
        assert update.status_code == 403 and "/corrections/" in update.text, update.text
        assert _dump(server) == corrected

        # put back as read: the same record, the same report
        again = httpx.put(url, content=record.content, headers=turtle, timeout=60)
        assert again.status_code == 200, again.text
        assert _dump(server) == corrected
        assert httpx.delete(url, headers=AUTH, timeout=60).status_code == 204
        assert _has(server, *KIND) and not _has(server, *NOTE)
        assert httpx.get(url).status_code == 404
