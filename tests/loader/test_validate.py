"""loader/validate.py on a small report of its own: its triples pass the gate, and each kind of damage (a field
missing, in the wrong form or type, twice, pointing to an unknown node) is refused with a finding that names the
focus node, the field and the paragraph, by the compiled shapes and by pySHACL alike. Then what the gate writes
(`findings_triples`) and the checks across reports (`cross_report_*`)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rdflib import Literal, URIRef

from itukg.loader.extract import extract_report
from itukg.loader.read import read_text
from itukg.loader.triples import Triple, report_triples
from itukg.loader.validate import (CROSS_REPORT, Finding, Validation, cross_report_findings, cross_report_keys,
                                   findings_triples, validate_report, with_findings)
from itukg.loader.vocab import DCTERMS, ELI, ITU, ITUSH, PROV, RDF, SDO, SH

TEXT = ("1\tOpening of the meeting\n1.1\tThe third meeting of the Council Working Group on Child Online Protection "
        "(CWG-COP) was held on 12 March 2024. Ms. Carla Mendes (Portugal), Chair of CWG-COP, chaired the meeting.\n"
        "2\tCWG-COP-3/4: Contribution by Brazil\n2.1\tBrazil introduced the contribution.\n"
        "2.2\tThe Group noted the contribution.\n")
TRIPLES = report_triples(extract_report(read_text(TEXT)))
DOCUMENT = URIRef("https://w3id.org/itukg/document/cwg-cop-3-4")
MEETING = URIRef("https://w3id.org/itukg/meeting/cwg-cop/3")
PERSON = URIRef("https://w3id.org/itukg/person/carla-mendes-prt")
PARAGRAPH = URIRef("https://w3id.org/itukg/report/cwg-cop/3/paragraph/4")
ENGINES = ("compiled", "pyshacl")


def without(subject: URIRef, predicate: URIRef) -> list[Triple]:
    return [t for t in TRIPLES if not (t[0] == subject and t[1] == predicate)]


def replaced(subject: URIRef, predicate: URIRef, value) -> list[Triple]:
    return without(subject, predicate) + [(subject, predicate, value)]


@pytest.mark.parametrize("engine", ENGINES)
def test_the_small_reports_triples_pass_the_gate(engine):
    assert any(t[1] == DCTERMS.creator and t[0] == DOCUMENT for t in TRIPLES), "the contribution has its submitter"
    validation = validate_report(TRIPLES, engine=engine)
    assert validation.conforms and validation.findings == ()


# (what is wrong, the damaged triples, the shape, what the finding starts with: severity, focus, field, paragraph)
DAMAGE: list[tuple[str, Callable[[], list[Triple]], str, str]] = [
    ("a required field missing", lambda: without(DOCUMENT, ITU.symbol),
     "Document-identified", "Violation: <document/cwg-cop-3-4> at §2 (line 3): The document has no itu:symbol."),
    ("a value not in its form", lambda: replaced(DOCUMENT, ITU.symbol, Literal("cwg cop 3 4")),
     "Document-symbolForm", "Violation: <document/cwg-cop-3-4> (itu:symbol) at §2 (line 3): The document's itu:symbol "
                            "is not in canonical form"),
    ("a value given twice", lambda: TRIPLES + [(DOCUMENT, ITU.symbol, Literal("CWG-COP-3/5"))],
     "Document-symbolCount", "Violation: <document/cwg-cop-3-4> (itu:symbol) at §2 (line 3): The document has more "
                             "than one itu:symbol"),
    ("a link to a node the reference data does not have",
     lambda: TRIPLES + [(DOCUMENT, DCTERMS.creator, URIRef("https://w3id.org/itukg/state/XXX"))],
     "Document-creator", "Violation: <document/cwg-cop-3-4> (dcterms:creator) at §2 (line 3): A dcterms:creator of "
                         "the document is neither an itu:MemberState"),
    ("a number written as text", lambda: replaced(MEETING, ITU.meetingNumber, Literal("3")),
     "Meeting-meetingNumber", "Violation: <meeting/cwg-cop/3> (itu:meetingNumber) at §1.1 (line 2): A meeting must "
                              "have exactly one itu:meetingNumber, a positive xsd:integer"),
    ("a date that is not an xsd:date", lambda: replaced(MEETING, SDO.startDate, Literal("12 March 2024")),
     "Meeting-startDate", "Violation: <meeting/cwg-cop/3> (schema:startDate) at §1.1 (line 2): A meeting has at most "
                          "one schema:startDate, an xsd:date"),
    ("a kind that is not a concept", lambda: TRIPLES + [(DOCUMENT, ELI.work_type, URIRef(
        "https://w3id.org/itukg/document-type/memo"))],
     "Document-workType", "Violation: <document/cwg-cop-3-4> (eli:work_type) at §2 (line 3): An eli:work_type of the "
                          "document is not an itu:DocumentType"),
    ("a paragraph outside its report", lambda: without(PARAGRAPH, DCTERMS.isPartOf),
     "Paragraph-report", "Violation: <report/cwg-cop/3/paragraph/4> (dcterms:isPartOf) at §2.1 (line 4): A paragraph "
                         "must be dcterms:isPartOf exactly one itu:MeetingReport."),
    ("a title in the wrong form (no paragraph: a person is not derived from one)",
     lambda: replaced(PERSON, SDO.honorificPrefix, Literal("ms")),
     "Person-honorific", "Violation: <person/carla-mendes-prt> (schema:honorificPrefix): A person's "
                         "schema:honorificPrefix must be a plain string, capitalised and ending in a full stop"),
]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("damage, triples, shape, described", DAMAGE, ids=[d[0] for d in DAMAGE])
def test_each_kind_of_damage_is_refused_naming_the_node_the_field_and_the_paragraph(engine, damage, triples, shape,
                                                                                     described):
    validation = validate_report(triples(), engine=engine)
    assert not validation.conforms, damage
    found = [f for f in validation.violations if f.shape == str(ITUSH[shape])]
    assert found, [f.describe() for f in validation.findings]
    assert found[0].describe().startswith(described)


@pytest.mark.parametrize("engine", ENGINES)
def test_a_contribution_without_a_submitter_is_a_warning_not_a_refusal(engine):
    validation = validate_report([t for t in TRIPLES if t[1] != DCTERMS.creator], engine=engine)
    assert validation.conforms and validation.violations == []
    assert [f.describe() for f in validation.warnings] == [
        "Warning: <document/cwg-cop-3-4> (dcterms:creator) at §2 (line 3): The contribution has no dcterms:creator: "
        "no paragraph of the report names who submitted it (or the names did not resolve). Expected at least one "
        "itu:MemberState or itu:NonStateActor."]


def test_the_warnings_are_written_as_a_shacl_report_and_violations_are_not():
    warning = Finding("Warning", str(DOCUMENT), str(DCTERMS.creator), str(ITUSH["Contribution-creator"]),
                      "no submitter", "§2 (line 3)", "https://w3id.org/itukg/report/cwg-cop/3/paragraph/3")
    violation = Finding("Violation", str(MEETING), None, None, "broken", None, None)
    graph = "https://w3id.org/itukg/graph/validation/cwg-cop/3"
    report, result = URIRef(graph), URIRef(f"{graph}/result/1")
    assert set(findings_triples(Validation((violation, warning)), graph)) == {
        (report, RDF.type, SH.ValidationReport), (report, SH.conforms, Literal(False)), (report, SH.result, result),
        (result, RDF.type, SH.ValidationResult), (result, SH.resultSeverity, SH.Warning),
        (result, SH.focusNode, DOCUMENT), (result, SH.resultMessage, Literal("no submitter")),
        (result, SH.sourceShape, ITUSH["Contribution-creator"]), (result, SH.resultPath, DCTERMS.creator),
        (result, PROV.wasDerivedFrom, URIRef("https://w3id.org/itukg/report/cwg-cop/3/paragraph/3")),
    }
    assert set(findings_triples(Validation(()), graph)) == {(report, RDF.type, SH.ValidationReport),
                                                            (report, SH.conforms, Literal(True))}


def test_violations_come_first_then_by_focus():
    late = Finding("Warning", "a", None, None, "w", None, None)
    early = Finding("Violation", "z", None, None, "v", None, None)
    assert with_findings(Validation((late,)), [early]).findings == (early, late)


def test_the_statements_another_report_could_contradict_and_the_warning_when_one_does():
    keys = cross_report_keys(TRIPLES)
    assert (str(DOCUMENT), str(ELI.work_type), "https://w3id.org/itukg/document-type/contribution", "") in keys
    assert {predicate for _, predicate, _, _ in keys} <= set(CROSS_REPORT)
    kind = str(ELI.work_type)
    elsewhere = {(str(DOCUMENT), kind): {("https://w3id.org/itukg/document-type/secretariat-report", ""):
                                         ("https://w3id.org/itukg/graph/report/cwg-cop/2", 2)}}
    (finding,) = cross_report_findings(keys, elsewhere)
    assert (finding.severity, finding.focus, finding.path, finding.shape) == (
        "Warning", str(DOCUMENT), kind, str(ITUSH["Document-kindConflict"]))
    assert finding.message == ("This report gives the document the kind contribution; report <graph/report/cwg-cop/2> "
                               "(and 1 other report(s)) gives it secretariat-report. Both claims are kept; check "
                               "which kind is right.")
    same = {(str(DOCUMENT), kind): {("https://w3id.org/itukg/document-type/contribution", ""): ("g", 1)}}
    assert cross_report_findings(keys, same) == [], "the same kind elsewhere is no conflict"
