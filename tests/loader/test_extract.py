"""loader/extract.py (and the document records it assembles from loader/documents.py) on tiny texts of its own:
`read_documents` (what each paragraph is about, names and claims; the report's own symbol left out), the
sections' `about_all`, the citations' body from the report's context, and `completeness`, the notes for a
curator of what a report does not state."""

from __future__ import annotations

import dataclasses

from itukg.loader.documents import read_documents
from itukg.loader.extract import completeness, extract_report, find_citations
from itukg.loader.read import read_text
from itukg.loader.segment import segment

OPENING = ("1\tOpening of the meeting\n1.1\tThe third meeting of the Council Working Group on Child Online "
           "Protection (CWG-COP) was held on 12 March 2024.")
SECRETARIAT = ("2\tCWG-COP-3/2: Report by the Secretariat\n2.1\tThe secretariat presented the report.\n"
               "2.2\tThe report was noted.")
OWN = "3\tCWG-COP-3/9: Report of the meeting\n3.1\tThis report was drafted."
TEXT = "\n".join((OPENING, SECRETARIAT, OWN)) + "\n"


def names(by_position: dict) -> dict[int, list[str] | str]:
    return {k: [str(s) for s in v] if isinstance(v, list) else str(v) for k, v in by_position.items()}


def test_read_documents_says_what_each_paragraph_is_about_names_and_claims():
    documents = read_documents(segment(read_text(TEXT)), context=("CWG-COP", 3))
    assert names(documents.about_all) == {3: ["CWG-COP-3/2"], 4: ["CWG-COP-3/2"], 5: ["CWG-COP-3/2"],
                                          6: ["CWG-COP-3/9"], 7: ["CWG-COP-3/9"]}
    assert names(documents.about) == {3: "CWG-COP-3/2", 4: "CWG-COP-3/2", 5: "CWG-COP-3/2",
                                      6: "CWG-COP-3/9", 7: "CWG-COP-3/9"}
    assert names(documents.mentions) == {3: ["CWG-COP-3/2"], 6: ["CWG-COP-3/9"]}
    assert [(str(c.symbol), c.kind, c.title, c.paragraph) for c in documents.claims] == [
        ("CWG-COP-3/2", "secretariat-report", "Report by the Secretariat", 3),
        ("CWG-COP-3/9", "meeting-report", "Report of the meeting", 6),
    ]


def test_read_documents_leaves_out_the_reports_own_symbol():
    documents = read_documents(segment(read_text(TEXT)), context=("CWG-COP", 3), own="CWG-COP-3/9")
    assert names(documents.about_all) == {3: ["CWG-COP-3/2"], 4: ["CWG-COP-3/2"], 5: ["CWG-COP-3/2"]}
    assert names(documents.mentions) == {3: ["CWG-COP-3/2"]}
    assert [str(c.symbol) for c in documents.claims] == ["CWG-COP-3/2"]


def test_a_section_about_two_documents_is_about_all_of_them_and_about_none_alone():
    text = OPENING + ("\n2\tContributions (Documents CWG-COP-3/4 and CWG-COP-3/5)\n2.1\tBrazil presented Document "
                      "CWG-COP-3/4.\n2.2\tThe Group noted both documents.\n")
    x = extract_report(read_text(text))
    assert names(x.about_all) == {3: ["CWG-COP-3/4", "CWG-COP-3/5"], 4: ["CWG-COP-3/4", "CWG-COP-3/5"],
                                  5: ["CWG-COP-3/4", "CWG-COP-3/5"]}
    assert x.about == {}
    assert names(x.mentions) == {3: ["CWG-COP-3/4", "CWG-COP-3/5"], 4: ["CWG-COP-3/4"]}
    assert sorted((str(d.subject), d.outcome, d.paragraph) for d in x.decisions) == [
        ("CWG-COP-3/4", "noted", 5), ("CWG-COP-3/5", "noted", 5)]
    assert [(i.number, i.title, [str(s) for s in i.documents]) for i in x.items] == [
        ("1", "Opening of the meeting", []), ("2", "Contributions (Documents CWG-COP-3/4 and CWG-COP-3/5)",
                                              ["CWG-COP-3/4", "CWG-COP-3/5"])]


def test_the_extraction_of_a_small_report():
    x = extract_report(read_text(TEXT, name="cwg-cop-3-report.txt"))
    assert (x.meeting.body, x.meeting.number, str(x.meeting.start), x.meeting.paragraph) == (
        "CWG-COP", 3, "2024-03-12", 2)
    assert [(str(d.subject), d.outcome, d.paragraph) for d in x.decisions] == [("CWG-COP-3/2", "noted", 5)]
    assert x.completeness == ["no officers found", "1 document without an outcome"]
    assert x.source.name == "cwg-cop-3-report.txt" and len(x.paragraphs) == 7


def test_completeness_of_a_report_that_names_only_its_meeting():
    x = extract_report(read_text("1\tOpening\n1.1\tThe third meeting of the Council Working Group on Child Online "
                                 "Protection (CWG-COP) took place.\n"))
    assert (x.meeting.body, x.meeting.number, x.meeting.start) == ("CWG-COP", 3, None)
    assert x.completeness == ["no meeting dates found", "no officers found", "no documents found",
                              "no decisions found"]


def test_completeness_without_a_chair():
    x = extract_report(read_text(OPENING + " Mr. John Smith, Vice-Chair for the Africa Region, chaired it.\n"
                                 "1.2\tThe Group noted Documents CWG-COP-3/4 and CWG-COP-3/5.\n"))
    assert [(r.name, r.role, r.region) for r in x.roles] == [("John Smith", "vice-chair", "africa")]
    assert x.completeness == ["no chair found"]  # documents named in passing, without a claim, need no outcome


def test_completeness_is_a_function_of_the_records():
    x = extract_report(read_text(TEXT))
    assert completeness(dataclasses.replace(x, decisions=[])) == [
        "no officers found", "2 documents without an outcome", "no decisions found"]
    assert completeness(dataclasses.replace(x, claims=[], decisions=[])) == [
        "no officers found", "no decisions found"]  # the documents are still named: not "no documents found"
    assert completeness(dataclasses.replace(x, claims=[], mentions={}, decisions=[])) == [
        "no officers found", "no documents found", "no decisions found"]


def test_a_citation_without_its_body_takes_the_one_the_report_gives_that_number():
    paragraphs = segment(read_text("1\tWork\n1.1\tUnder PP Res. 179 (Rev. Bucharest, 2022) the Group met.\n"
                                   "1.2\tResolution 179 and Resolution 200 were recalled.\n"))
    assert [(c.reference.number, c.reference.body, c.body, c.basis, c.paragraph, c.index)
            for c in find_citations(paragraphs)] == [
        ("179", "PP", "PP", "prefix", 2, 1),
        ("179", None, "PP", "report-context", 3, 1),
        ("200", None, None, "unknown", 3, 2),
    ]
