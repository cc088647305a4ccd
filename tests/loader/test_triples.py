"""loader/triples.py on records made by hand (no reading, no extraction): the exact triples of a tiny report, what
each kind of record adds, the revision in force of an undated citation, the cap on triples, and the N-Triples
text the stores are given."""

from __future__ import annotations

import datetime as dt

import pytest
from rdflib import Graph, Literal, URIRef

from itukg.loader import triples as triples_module
from itukg.loader.documents import AgendaItem, Claim
from itukg.loader.errors import TooLargeError
from itukg.loader.extract import Citation, Extraction
from itukg.loader.meeting import Meeting
from itukg.loader.outcomes import Decision
from itukg.loader.people import Role
from itukg.loader.read import Line, Source
from itukg.loader.refs import find_references
from itukg.loader.segment import Paragraph
from itukg.loader.symbols import Symbol
from itukg.loader.triples import graph_name, report_triples, to_ntriples

PREFIXES = """
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix eli: <http://data.europa.eu/eli/ontology#> .
@prefix elidl: <http://data.europa.eu/eli/eli-draft-legislation-ontology#> .
@prefix itu: <https://w3id.org/itukg/ontology#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix schema: <https://schema.org/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix report: <https://w3id.org/itukg/report/cwg-cop/3/> .
@prefix meeting: <https://w3id.org/itukg/meeting/cwg-cop/> .
"""

TEXT = "Brazil presented CWG-COP-3/2 under PP Res. 179 (Rev. Bucharest, 2022), which was noted."
SOURCE = Source("archive/cwg-cop-3-report.txt", (Line(1, "1\tOpening"), Line(2, f"1.1\t{TEXT}")), "ab" * 32)
PARAGRAPHS = [Paragraph(1, 1, "1", "Opening", True, False, 1, "1"),
              Paragraph(2, 2, "1.1", TEXT, False, False, 2, "1")]
MEETING = Meeting("CWG-COP", 3, dt.date(2024, 3, 12), dt.date(2024, 3, 13), None, False, 2, None)
SYMBOL = Symbol("CWG-COP", 3, 2, None, None, None, "CWG-COP-3/2")


def extraction(**records) -> Extraction:
    """The tiny report: its source, two paragraphs and its meeting, with the records given and no others."""
    empty = dict(items=[], about={}, mentions={}, claims=[], roles=[], citations=[], topics=[], decisions=[])
    return Extraction(SOURCE, PARAGRAPHS, MEETING, **{**empty, **records})


def turtle(text: str) -> set:
    return set(Graph().parse(data=PREFIXES + text, format="turtle"))


# The report, its meeting and its paragraphs: what every report states.
BARE = """
<https://w3id.org/itukg/report/cwg-cop/3> a itu:Document, itu:MeetingReport ;
    rdfs:label "Report of CWG-COP 3"@en ;
    eli:work_type <https://w3id.org/itukg/document-type/meeting-report> ;
    dcterms:title "Report of the 3rd meeting of CWG-COP"@en ;
    itu:contentHash "abababababababababababababababababababababababababababababababab" ;
    itu:reportOf meeting:3 ;
    itu:sourceFile "cwg-cop-3-report.txt" .
meeting:3 a itu:Meeting ;
    rdfs:label "CWG-COP 3" ;
    elidl:documented_by_a_realization_of <https://w3id.org/itukg/report/cwg-cop/3> ;
    prov:wasDerivedFrom report:paragraph\\/2 ;
    schema:startDate "2024-03-12"^^xsd:date ;
    schema:endDate "2024-03-13"^^xsd:date ;
    itu:meetingNumber 3 ;
    itu:meetingOf <https://w3id.org/itukg/body/cwg-cop> ;
    itu:remoteParticipation false .
report:paragraph\\/1 a itu:Paragraph ;
    dcterms:isPartOf <https://w3id.org/itukg/report/cwg-cop/3> ;
    schema:position 1 ; itu:lineNumber 1 ; schema:text "Opening"@en ; itu:isHeading true ; itu:paragraphNumber "1" .
report:paragraph\\/2 a itu:Paragraph ;
    dcterms:isPartOf <https://w3id.org/itukg/report/cwg-cop/3> ;
    schema:position 2 ; itu:lineNumber 2 ; itu:isHeading false ; itu:paragraphNumber "1.1" ;
    schema:text "Brazil presented CWG-COP-3/2 under PP Res. 179 (Rev. Bucharest, 2022), which was noted."@en .
"""


def test_the_triples_every_report_states():
    made = report_triples(extraction())
    assert set(made) == turtle(BARE)
    assert len(made) == len(set(made)) == 8 + 9 + 2 * 7  # report, meeting, paragraphs: each triple once


def test_the_report_graph_is_named_for_its_meeting():
    assert graph_name(extraction()) == URIRef("https://w3id.org/itukg/graph/report/cwg-cop/3")


# What one record of each kind adds to the bare report.
RECORDS = """
<https://w3id.org/itukg/report/cwg-cop/3> itu:completenessNote "no chair found"@en .
meeting:3 elidl:consists_of meeting:3\\/item\\/1 ;
    prov:qualifiedAssociation report:role\\/carla-mendes-prt\\/chair ;
    itu:examined <https://w3id.org/itukg/document/cwg-cop-3-2> .
meeting:3\\/item\\/1 a itu:AgendaItem ;
    rdfs:label "Opening"@en ; itu:itemNumber "1" ; schema:position 1 ;
    prov:wasDerivedFrom report:paragraph\\/1 ;
    itu:examined <https://w3id.org/itukg/document/cwg-cop-3-2> .
report:paragraph\\/1 itu:inAgendaItem meeting:3\\/item\\/1 .
report:paragraph\\/2 itu:inAgendaItem meeting:3\\/item\\/1 ;
    itu:mentions <https://w3id.org/itukg/document/cwg-cop-3-2> ;
    eli:cites <https://w3id.org/itukg/resolution/pp/179/bucharest-2022> .

<https://w3id.org/itukg/document/cwg-cop-3-2> a itu:Document, itu:Contribution ;
    rdfs:label "CWG-COP-3/2" ; itu:symbol "CWG-COP-3/2" ; skos:altLabel "CWG-COP-3/2" ;
    eli:work_type <https://w3id.org/itukg/document-type/contribution> ;
    dcterms:creator <https://w3id.org/itukg/state/BRA> ;
    itu:forMeeting meeting:3 .
report:claim\\/2-cwg-cop-3-2 a itu:DocumentClaim ;
    itu:claimAbout <https://w3id.org/itukg/document/cwg-cop-3-2> ;
    itu:claimedType <https://w3id.org/itukg/document-type/contribution> ;
    dcterms:title "Proposal"@en ;
    dcterms:creator <https://w3id.org/itukg/state/BRA> ;
    itu:unresolvedSubmitter "the Friends of Nowhere" ;
    prov:wasDerivedFrom report:paragraph\\/2 .
report:decision\\/2-1 a itu:Decision ;
    itu:decisionOn <https://w3id.org/itukg/document/cwg-cop-3-2> ;
    itu:outcome <https://w3id.org/itukg/outcome/noted> ;
    itu:decidedAt meeting:3 ;
    prov:wasDerivedFrom report:paragraph\\/2 .

<https://w3id.org/itukg/person/carla-mendes-prt> a prov:Agent, schema:Person ;
    rdfs:label "Carla Mendes" ; schema:name "Carla Mendes" ; schema:honorificPrefix "Ms." ;
    itu:represents <https://w3id.org/itukg/state/PRT> .
report:role\\/carla-mendes-prt\\/chair a itu:RoleInMeeting ;
    prov:agent <https://w3id.org/itukg/person/carla-mendes-prt> ;
    prov:hadRole <https://w3id.org/itukg/role/chair> ;
    prov:wasDerivedFrom report:paragraph\\/2 .

report:citation\\/2-1 a itu:Citation ;
    oa:motivatedBy oa:linking ;
    oa:hasTarget report:citation\\/2-1\\/target ;
    oa:hasBody <https://w3id.org/itukg/resolution/pp/179/bucharest-2022> ;
    prov:wasDerivedFrom report:paragraph\\/2 ;
    itu:bodyBasis "prefix" ; itu:citedBody <https://w3id.org/itukg/body/pp> ; itu:citedNumber "179" ;
    itu:citedPlace "Bucharest" ; itu:citedYear 2022 ; itu:qualifier "Rev." .
report:citation\\/2-1\\/target a oa:SpecificResource ;
    oa:hasSource report:paragraph\\/2 ;
    oa:hasSelector report:citation\\/2-1\\/selector .
report:citation\\/2-1\\/selector a oa:TextQuoteSelector ;
    oa:exact "PP Res. 179 (Rev. Bucharest, 2022)" ;
    oa:prefix "zil presented CWG-COP-3/2 under " ;
    oa:suffix ", which was noted." .
<https://w3id.org/itukg/resolution/pp/179> a itu:Resolution ;
    rdfs:label "PP Resolution 179"@en ; itu:resolutionNumber "179" ;
    itu:issuedBy <https://w3id.org/itukg/body/pp> ;
    eli:has_member <https://w3id.org/itukg/resolution/pp/179/bucharest-2022> .
<https://w3id.org/itukg/resolution/pp/179/bucharest-2022> a itu:ResolutionRevision ;
    rdfs:label "PP Resolution 179 (Rev. Bucharest, 2022)"@en ;
    eli:is_member_of <https://w3id.org/itukg/resolution/pp/179> ;
    eli:passed_by <https://w3id.org/itukg/body/pp> ;
    itu:year 2022 .
"""


def test_what_an_item_a_claim_a_role_a_citation_a_decision_and_a_note_add():
    (reference,) = find_references(TEXT)
    full = extraction(
        items=[AgendaItem("1", "Opening", 1, [SYMBOL])],
        mentions={2: [SYMBOL]},
        claims=[Claim(SYMBOL, "contribution", "Proposal", ["BRA"], ["the Friends of Nowhere"], 2)],
        roles=[Role("Carla Mendes", "Ms", "chair", None, "PRT", False, 2)],
        citations=[Citation(reference, "PP", "prefix", 2, 1)],
        decisions=[Decision("document", SYMBOL, "noted", 2)],
        completeness=["no chair found"],
    )
    assert set(report_triples(full)) == turtle(BARE) | turtle(RECORDS)
    assert report_triples(full) == report_triples(full), "the same triples in the same order every time"


def test_an_undated_citation_gets_the_revision_in_force_on_the_meetings_first_day_as_an_inference():
    (reference,) = find_references("Recalling PP Resolution 102 the Group met.")
    made = set(report_triples(extraction(citations=[Citation(reference, "PP", "prefix", 2, 1)])))
    inferred = turtle("""
report:citation\\/2-1 oa:hasBody <https://w3id.org/itukg/resolution/pp/102> ;
    itu:revisionInForce <https://w3id.org/itukg/resolution/pp/102/bucharest-2022> ;
    itu:revisionInForceInference report:citation\\/2-1\\/in-force .
report:citation\\/2-1\\/in-force a itu:RevisionInForceInference ;
    prov:wasGeneratedBy <https://w3id.org/itukg/activity/revision-in-force> ;
    itu:inForceOn "2024-03-12"^^xsd:date ;
    prov:wasDerivedFrom meeting:3, <https://w3id.org/itukg/resolution/pp/102>,
        <https://w3id.org/itukg/conference/pp-2022> .
<https://w3id.org/itukg/resolution/pp/102/bucharest-2022> a itu:ResolutionRevision ;
    itu:adoptedAt <https://w3id.org/itukg/conference/pp-2022> ;
    rdfs:label "PP Resolution 102 (Rev. Bucharest, 2022)"@en ;
    eli:is_member_of <https://w3id.org/itukg/resolution/pp/102> ;
    itu:year 2022 .
""")
    assert inferred <= made
    cited = {o for s, p, o in made if str(p) == "http://www.w3.org/ns/oa#hasBody"}
    assert cited == {URIRef("https://w3id.org/itukg/resolution/pp/102")}, "oa:hasBody stays what the text states"


def test_a_report_over_the_cap_is_refused_naming_the_file_and_the_records(monkeypatch):
    monkeypatch.setattr(triples_module, "MAX_TRIPLES", 10)
    with pytest.raises(TooLargeError) as refused:
        report_triples(extraction())
    assert str(refused.value).startswith("archive/cwg-cop-3-report.txt: has more than the 10 triples a report may "
                                         "have (stopped at 17, making those of its paragraphs)")  # 8 + 9 before


def test_to_ntriples_writes_one_line_a_triple():
    text = to_ntriples([(URIRef("http://e/a"), URIRef("http://e/p"), Literal('say "hi"', lang="en")),
                        (URIRef("http://e/a"), URIRef("http://e/q"), Literal(3))])
    assert text == ('<http://e/a> <http://e/p> "say \\"hi\\""@en .\n'
                    '<http://e/a> <http://e/q> "3"^^<http://www.w3.org/2001/XMLSchema#integer> .\n')


def test_to_ntriples_escapes_a_line_break():
    text = to_ntriples([(URIRef("http://e/a"), URIRef("http://e/p"), Literal("two\nlines"))])
    assert text == '<http://e/a> <http://e/p> "two\\nlines" .\n'
