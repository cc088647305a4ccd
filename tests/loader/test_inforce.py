"""The revision in force (issue 17, item 2): a citation that names a resolution without its revision is read
as the revision in force on the meeting's first day, from the conference table's end dates and the revisions
data/resolutions.ttl lists; an inferred fact, kept apart from what the text states."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from conftest import load_into, select
from itukg.loader import iris
from itukg.loader.conferences import LISTED_UNTIL, conference_by_label, conferences
from itukg.loader.extract import extract_report
from itukg.loader.inforce import Catalogue, revision_in_force
from itukg.loader.read import read_report
from itukg.loader.triples import report_triples
from itukg.loader.vocab import ITU, PROV

RES_102 = iris.resolution("PP", "102")
BUSAN = RES_102 + "/busan-2014"
DUBAI = RES_102 + "/dubai-2018"
BUCHAREST = RES_102 + "/bucharest-2022"
ACTIVITY = "https://w3id.org/itukg/activity/revision-in-force"


def in_force(lineage: str, day: date, known: Catalogue | None = None) -> str | None:
    found = (known.revision_in_force(lineage, day) if known else revision_in_force(lineage, day))
    return found.revision if found else None


# --- the conference table ------------------------------------------------------------------------

def test_every_conference_has_its_days_in_its_year():
    found = conferences()
    assert len(found) == 40
    for c in found:
        assert c.start is not None and c.end is not None, c.label
        assert c.start <= c.end and c.start.year == c.year and (c.end - c.start).days < 40, c.label


def test_the_table_lists_every_conference_up_to_the_day_it_says():
    assert max(c.end for c in conferences()) <= LISTED_UNTIL


def test_pp_18_ended_in_mid_november_2018():
    pp18 = conference_by_label("PP-18")
    assert (pp18.start, pp18.end) == (date(2018, 10, 29), date(2018, 11, 16))


# --- the rule, on the bundled catalogue -----------------------------------------------------------

def test_a_meeting_in_september_2018_has_busan_2014():
    found = revision_in_force(RES_102, date(2018, 9, 24))
    assert (found.revision, found.conference, found.year) == (BUSAN, iris.conference("pp", 2014), 2014)
    assert found.label == "PP Resolution 102 (Rev. Busan, 2014)"


def test_a_meeting_in_2023_has_bucharest_2022():
    assert in_force(RES_102, date(2023, 10, 18)) == BUCHAREST


@pytest.mark.parametrize(("day", "expected"), [
    (date(2018, 10, 29), BUSAN),  # PP-18 opens: its texts are not yet adopted
    (date(2018, 11, 15), BUSAN),
    (date(2018, 11, 16), DUBAI),  # its last day: in force
    (date(2022, 10, 13), DUBAI),
    (date(2022, 10, 14), BUCHAREST),
    (date(2014, 11, 6), None),  # before Busan ended, the catalogue lists no earlier revision
    (date(2024, 12, 31), BUCHAREST),
    (date(2025, 1, 1), None),  # beyond the conference table: a conference it does not list may have revised it
])
def test_a_revision_is_in_force_from_its_conference_s_last_day(day, expected):
    assert in_force(RES_102, day) == expected


def test_a_lineage_with_no_listed_revisions_gives_nothing():
    assert in_force(iris.resolution("PP", "154"), date(2023, 10, 18)) is None  # listed, with no revision
    assert in_force(iris.resolution("PP", "999"), date(2023, 10, 18)) is None  # not in the catalogue
    assert in_force(iris.resolution("UNGA", "70/125"), date(2023, 10, 18)) is None  # not revised


def test_a_conference_that_could_have_revised_the_text_unseen_stops_the_inference():
    # Only Rev. Busan, 2014 of PP Resolution 123 is listed: until PP-18 ended it is surely the one in force;
    # after, PP-18 or PP-22 may have revised it, and the catalogue does not say.
    res_123 = iris.resolution("PP", "123")
    assert in_force(res_123, date(2018, 9, 24)) == res_123 + "/busan-2014"
    assert in_force(res_123, date(2018, 11, 16)) is None
    assert in_force(res_123, date(2023, 10, 18)) is None


def test_the_bundled_council_resolutions_give_nothing():
    # The Council may modify a resolution at any session and the catalogue does not say it lists them all.
    assert in_force(iris.resolution("Council", "1305"), date(2021, 6, 1)) is None


# --- the rule, on a catalogue of our own ----------------------------------------------------------

CATALOGUE = b"""
@prefix eli: <http://data.europa.eu/eli/ontology#> .
@prefix itu: <https://w3id.org/itukg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@base <https://w3id.org/itukg/> .
<resolution/council/1399> a itu:Resolution ; itu:revisionsListedUntil "2023-12-31"^^xsd:date ;
    eli:has_member <resolution/council/1399/2015> , <resolution/council/1399/2019> .
<resolution/council/1399/2015> itu:year 2015 ; rdfs:label "Council Resolution 1399 (2015)"@en .
<resolution/council/1399/2019> itu:year 2019 ; itu:qualifier "Mod." ; \
rdfs:label "Council Resolution 1399 (Mod. 2019)"@en .
<resolution/council/1398> a itu:Resolution ;
    eli:has_member <resolution/council/1398/2019> .
<resolution/council/1398/2019> itu:year 2019 ; itu:qualifier "Mod." .
<resolution/pp/123> a itu:Resolution ; itu:revisionsListedUntil "2024-12-31"^^xsd:date ;
    eli:has_member <resolution/pp/123/busan-2014> .
<resolution/pp/123/busan-2014> itu:year 2014 ; itu:adoptedAt <conference/pp-2014> .
"""


@pytest.fixture(scope="module")
def known() -> Catalogue:
    return Catalogue.parse(CATALOGUE)


@pytest.mark.parametrize(("day", "expected"), [
    (date(2016, 3, 1), "2015"),
    (date(2021, 6, 1), "2019"),  # the latest modification before the day
    (date(2019, 9, 1), None),  # Mod. 2019 is dated by its year only: before or after this day?
    (date(2015, 9, 1), None),
    (date(2024, 3, 1), None),  # after the day up to which the catalogue lists every modification
])
def test_a_council_resolution_has_its_latest_modification_when_the_catalogue_lists_them_all(known, day, expected):
    lineage = iris.resolution("Council", "1399")
    assert in_force(lineage, day, known) == (expected and f"{lineage}/{expected}")
    found = known.revision_in_force(lineage, date(2021, 6, 1))
    assert found.conference is None and found.label == "Council Resolution 1399 (Mod. 2019)"


def test_a_council_resolution_whose_modifications_may_be_incomplete_gives_nothing(known):
    assert in_force(iris.resolution("Council", "1398"), date(2021, 6, 1), known) is None


def test_a_catalogue_that_lists_every_revision_spans_the_conferences_that_left_the_text_alone(known):
    res_123 = iris.resolution("PP", "123")
    assert in_force(res_123, date(2023, 10, 18), known) == res_123 + "/busan-2014"
    assert in_force(res_123, date(2027, 1, 1), known) is None  # PP-26 is beyond the list (and the table)


# --- in the report's triples ----------------------------------------------------------------------

REPORT = """Council Working Group on International Internet-related Public Policy Issues
1. Introduction
1.1 The {ordinal} meeting of the CWG-Internet was held on {day}, under the chairmanship of Mr. Kwame Asante (Ghana).
2. Working methods
2.1 The Group recalled its mandate under Resolution 102 of the Plenipotentiary Conference and PP Res. 102 \
(Rev. Busan, 2014), and took note of Council Resolution 1305.
"""


def write_report(folder, ordinal: str, day: str):
    path = folder / f"cwg-internet-{ordinal}.txt"
    path.write_text(REPORT.format(ordinal=ordinal, day=day), encoding="utf-8")
    return path


def test_the_inferred_revision_is_apart_from_the_stated_one_with_its_provenance(tmp_path):
    triples = report_triples(extract_report(read_report(write_report(tmp_path, "eleventh", "24 September 2018"))))
    by_subject: dict[str, dict[str, set[str]]] = {}
    for s, p, o in triples:
        by_subject.setdefault(str(s), {}).setdefault(str(p), set()).add(str(o))
    citations = {s: props for s, props in by_subject.items() if str(ITU.Citation) in props.get(str(RDF_TYPE), ())}
    inferred = {s: props[str(ITU.revisionInForce)] for s, props in citations.items()
                if str(ITU.revisionInForce) in props}
    assert list(inferred.values()) == [{BUSAN}]  # "Resolution 102": Council 1305 and the stated Busan text get none
    [(citation, _)] = inferred.items()
    assert by_subject[citation]["http://www.w3.org/ns/oa#hasBody"] == {RES_102}  # the text's own reading stays
    [inference] = by_subject[citation][str(ITU.revisionInForceInference)]
    assert by_subject[inference][str(PROV.wasGeneratedBy)] == {ACTIVITY}
    assert by_subject[inference][str(ITU.inForceOn)] == {"2018-09-24"}
    assert by_subject[inference][str(PROV.wasDerivedFrom)] == {
        iris.meeting("CWG-Internet", 11), RES_102, iris.conference("pp", 2014)}


RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def test_through_a_store_the_citations_query_shows_the_revision_in_force_and_marks_it_inferred(tmp_path,
                                                                                                memory_store):
    load_into(memory_store, write_report(tmp_path, "eleventh", "24 September 2018"),
              write_report(tmp_path, "nineteenth", "24 May 2024"))
    rows = {(r["source"].split("/report/")[1].split("/")[1], r.get("body"), r["number"], r.get("year"),
             r.get("inForce"), r.get("inferred")) for r in select(memory_store, "citations", number="102")}
    assert rows == {
        ("11", "PP", "102", None, BUSAN, "true"),
        ("11", "PP", "102", "2014", BUSAN, "false"),  # stated: counted under what it states
        ("19", "PP", "102", None, BUCHAREST, "true"),
        ("19", "PP", "102", "2014", BUSAN, "false"),
    }
    council = [r for r in select(memory_store, "citations", number="1305")]
    assert council and all("inForce" not in r and "inferred" not in r for r in council)
    # the inference says where it came from, in the store as in the report
    ask = memory_store.query(f"""PREFIX itu: <{ITU}> PREFIX prov: <{PROV}>
        SELECT ?day WHERE {{ ?c itu:revisionInForce <{BUSAN}> ; itu:revisionInForceInference ?i .
        ?i prov:wasGeneratedBy <{ACTIVITY}> ; prov:wasDerivedFrom <{iris.conference("pp", 2014)}> ;
           itu:inForceOn ?day }}""")
    assert [row["day"].value for row in ask] == ["2018-09-24"]
    # docs/queries.md's example counts citations per revision, stated or in force
    docs = (Path(__file__).resolve().parents[2] / "docs" / "queries.md").read_text(encoding="utf-8")
    [example] = re.findall(r"```sparql\n(.*?)```", docs, re.S)
    counts = {row["revision"].value: (int(row["citations"].value), int(row["inferredCitations"].value))
              for row in memory_store.query(example)}
    assert counts == {BUSAN: (3, 1), BUCHAREST: (1, 1)}
