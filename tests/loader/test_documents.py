"""Documents as the archive writes them (issue 15 items 3, 4, 6): the heading forms that name a section's
documents, the numbering the archive's copies have, what paragraphs claim about documents, and the
submitters that are not member states; then every style fixture's document facts against its oracle."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from itukg.loader.documents import find_agenda_items, read_documents
from itukg.loader.extract import extract_report
from itukg.loader.read import read_report, read_text
from itukg.loader.segment import segment

STYLES = Path(__file__).resolve().parents[1] / "corpus" / "styles"


def paragraphs(text: str):
    return segment(read_text(text))


def claims(text: str, context=None) -> dict[str, tuple]:
    """symbol → (kind, states, other submitters as (name, kind)) of every claim the text makes."""
    out: dict[str, tuple] = {}
    for c in read_documents(paragraphs(text), context=context).claims:
        out[str(c.symbol)] = (c.kind, tuple(c.submitters), tuple((a.name, a.kind) for a in c.agents))
    return out


# ---------------------------------------------------------------------------------------------- numbering


@pytest.mark.parametrize("line, number, text", [
    ("1.1.On behalf of the Secretary-General, the Deputy opened the meeting.", "1.1", "On behalf of"),
    ("5.Open Consultations", "5", "Open Consultations"),
    ("1.Introduction", "1", "Introduction"),
    ("2.1.The draft agenda was adopted.", "2.1", "The draft agenda"),
    ("3\tITU activities", "3", "ITU activities"),
    ("3. ITU activities", "3", "ITU activities"),
    ("4.2.\tThe Group took note of the report.", "4.2", "The Group took"),
])
def test_numbers_with_or_without_a_separator(line, number, text):
    [p] = paragraphs("1\tIntroduction\n" + line + "\n")[1:] or paragraphs(line + "\n")
    assert (p.number, p.text[: len(text)]) == (number, text)


def test_a_number_alone_on_its_line_numbers_the_next_line():
    ps = paragraphs("1.\nIntroduction\nThe meeting was opened.\n5.1\nWG-COP/5: Contribution by Brazil\nIt was noted.\n")
    assert [(p.number, p.is_heading, p.section, p.text) for p in ps] == [
        ("1", True, "1", "Introduction"), (None, False, "1", "The meeting was opened."),
        ("5.1", True, "5.1", "WG-COP/5: Contribution by Brazil"), (None, False, "5.1", "It was noted.")]


def test_a_dash_heading_whose_number_was_lost_takes_it_from_the_paragraph_after():
    ps = paragraphs("- Introduction\n1.1.The meeting was opened.\n- WG-Internet 9/1: Agenda of the meeting\n"
                    "2.1.The agenda was adopted.\n- a dash bullet that is not a heading\nMore text.\n")
    assert [(p.is_heading, p.section) for p in ps] == [(True, "1"), (False, "1"), (True, "2"), (False, "2"),
                                                      (False, "2"), (False, "2")]
    items = find_agenda_items(ps, {}, {})
    assert [(i.number, i.title) for i in items] == [("1", "Introduction"),
                                                    ("2", "WG-Internet 9/1: Agenda of the meeting")]


def test_a_tab_separated_table_is_not_sections():
    ps = paragraphs("Subjects discussed\tDocuments\n1\tReport of the Group\tC19/21\n2\tWSIS\tC19/12 + Add.1, C19/60\n"
                    "1\tReport of the Group (Document C19/21)\n1.1\tThe Council took note of the report.\n")
    assert [(p.number, p.is_heading) for p in ps] == [(None, True), (None, False), (None, False), ("1", True),
                                                      ("1.1", False)]
    assert [i.number for i in find_agenda_items(ps, {}, {})] == ["1"]


def test_a_heading_in_capitals():
    [heading, paragraph] = paragraphs("2\tADOPTION OF THE AGENDA (WG-WSIS-29/1)\n2.1\tIt was adopted.\n")
    assert heading.is_heading and paragraph.section == "2"


# ---------------------------------------------------------------------------------------------- headings


def test_symbol_colon_title():
    assert claims("5.1.WG-WSIS-29/5: Contribution by Cuba\n5.1.1.Cuba proposes a topic.\n") == {
        "CWG-WSIS&SDG-29/5": ("contribution", ("CUB",), ())}


def test_title_then_document_in_brackets():
    text = "1\tReport by the Chairman of the Council Working Group on Child Online Protection (Document C19/21)\n"
    assert claims(text) == {"C19/21": ("chair-report", (), ())}


def test_title_then_two_documents_in_brackets():
    text = ("4\tITU's annual report on the WSIS outcomes (Documents CWG-WSIS&SDG-37/3 and 37/4)\n"
            "4.1\tThe Group took note of both documents.\n")
    assert claims(text) == {"CWG-WSIS&SDG-37/3": ("secretariat-report", (), ()),
                            "CWG-WSIS&SDG-37/4": ("secretariat-report", (), ())}
    documents = read_documents(paragraphs(text))
    assert [str(s) for s in documents.about_all[2]] == ["CWG-WSIS&SDG-37/3", "CWG-WSIS&SDG-37/4"]
    assert 2 not in documents.about  # two documents: no single one


def test_documents_then_dash_and_title():
    text = "4.3\tDocuments CWG-LANG-14/5 and 14/5(Add.1) – Contribution by Mexico and Argentina\n4.3.1\tDeferred.\n"
    assert claims(text) == {"CWG-LANG-14/5": ("contribution", ("MEX", "ARG"), ()),
                            "CWG-LANG-14/5(Add.1)": ("contribution", ("MEX", "ARG"), ())}
    documents = read_documents(paragraphs(text))
    assert str(documents.about[2]) == "CWG-LANG-14/5"  # the addendum belongs to it
    assert [str(s) for s in documents.about_all[2]] == ["CWG-LANG-14/5", "CWG-LANG-14/5(Add.1)"]


def test_contribution_by_then_document_in_brackets():
    text = ("6\tContribution by Orbital Links Ltd, Sector Member of ITU-R (Document CWG-FHR-6/6)\n"
            "6.1\tThe contribution proposes a lower unit.\n6.2\tThe Group was not able to reach agreement.\n")
    assert claims(text) == {"CWG-FHR-6/6": ("contribution", (), (("Orbital Links Ltd", "sector-member"),))}
    assert {str(s) for s in read_documents(paragraphs(text)).about.values()} == {"CWG-FHR-6/6"}


def test_a_corrigendum_in_the_heading_leaves_the_section_about_its_document():
    text = ("4\tHuman Resources (Document CWG-FHR-6/4 and Corrigendum 1)\n4.1\tThe secretariat reported on the "
            "plan. Corrigendum 1 corrects two figures.\n")
    documents = read_documents(paragraphs(text))
    assert str(documents.about[2]) == "CWG-FHR-6/4"
    assert [str(s) for s in documents.mentions[2]] == ["CWG-FHR-6/4(Corr.1)"]
    assert [(str(c.symbol), c.kind) for c in documents.claims] == [("CWG-FHR-6/4", "secretariat-report")]


# ---------------------------------------------------------------------------------------------- running text


@pytest.mark.parametrize("sentence, kind", [
    ("Mr. X introduced the report of the Secretary-General (WG-WSIS/15/3).", "secretariat-report"),
    ("Mr. Y presented the report of BDT (WG-WSIS/15/4) on projects.", "secretariat-report"),
    ("The Group adopted its agenda (WG-WSIS/15/1:) as drafted.", "agenda"),
    ("The summary of conclusions of the fourteenth meeting (WG-WSIS/15/2) was approved.", "meeting-report"),
    ("The secretariat presented its report on the responses received during the online consultation and "
     "on the open consultation meeting of 5 February 2017 (Document WG-Internet 9/4).", "secretariat-report"),
    ("The Chairman introduced his draft report to the 2017 session of Council, which covers the eighth and "
     "ninth meetings (Document CWG-Internet-9/10).", "chair-report"),
])
def test_the_words_before_a_symbol(sentence, kind):
    assert [kind_ for kind_, _, _ in claims("1\tItem\n1.1\t" + sentence + "\n").values()] == [kind]


@pytest.mark.parametrize("sentence, kind", [
    ("The revised agenda (Doc. CWG-SFP-4/1 Rev.1) was approved as amended.", "agenda"),
    ("The secretariat presented Document CWG-SFP-4/2 on the financial outlook for 2028-2031.", "secretariat-report"),
    ("The secretariat introduced the draft operational plan (Document CWG-SFP-4/3) and answered questions.",
     "secretariat-report"),
    ("Members welcomed an update by the secretariat (Document CWG-SFP-4/4) on the staff survey.", "secretariat-report"),
    ("Members also had before them an information document from the secretariat (Document CWG-SFP-4/5).", None),
])
def test_what_the_secretariat_presents(sentence, kind):
    """Secretariat reports named by who presents them, not by the word "report"; an information document claims
    no kind, so stays a document (tests/corpus/styles/README.md, "Document kinds")."""
    assert [kind_ for kind_, _, _ in claims("1\tItem\n1.1\t" + sentence + "\n").values()] == [kind] * bool(kind)


@pytest.mark.parametrize("heading, sentence", [
    ("Financial outlook (Document CWG-SFP-4/2)", "The secretariat gave an update on the financial outlook."),
    ("Staff survey (Document CWG-SFP-4/2)", "Mr. Jan Olsen, of the Human Resources Department, presented the results."),
    ("Forum 2026 (Document CWG-SFP-4/2)", "The secretariat presented the programme of the Forum; questions followed."),
])
def test_a_secretariat_paragraph_in_a_documents_section(heading, sentence):
    assert claims(f"3\t{heading}\n3.1\t{sentence}\n") == {"CWG-SFP-4/2": ("secretariat-report", (), ())}


@pytest.mark.parametrize("sentence, states, agents", [
    ("Document CWG-SFP-4/6, from Argentina, sets out a method for the gap analysis.", ("ARG",), ()),
    ("Document 4/7, submitted by the Asia-Pacific Telecommunity (APT) on behalf of its members, recommends a "
     "shorter plan.", (), (("APT", "regional-organization"),)),
    ("Document 4/8, from the Inter-American Telecommunication Commission, asks for a regional annex.",
     (), (("CITEL", "regional-organization"),)),
    ("Document 4/9, from Brightwave Systems (ITU-R Sector Member), describes satellite costs.",
     (), (("Brightwave Systems", "sector-member"),)),
    ("Document 4/10, from the Andes Polytechnic (Academia, ITU-T), reviews indicators.",
     (), (("Andes Polytechnic", "academia"),)),
    ("Document 4/11, from Coastline Metrics (ITU-D Associate), presents a dashboard.",
     (), (("Coastline Metrics", "associate"),)),
    ("In Document CWG-SFP-4/12, Germany and Austria propose a shorter list of targets.", ("DEU", "AUT"), ()),
    ("The proposal on targets (Document CWG-SFP-4/13), presented by the delegate of Chile, was welcomed.",
     ("CHL",), ()),
])
def test_a_submitter_named_in_a_body_sentence(sentence, states, agents):
    """Who submitted a contribution the body describes in a sentence: "Document X, from Y, …", "In Document X,
    Y proposes …", "… (Document X), presented by the delegate of Y"; organizations by full name or acronym, and
    members of the Sectors with their category in brackets."""
    found = claims("1\tCWG-SFP-4/1: Agenda\n4\tContributions\n4.1\t" + sentence + "\n", context=("CWG-SFP", 4))
    [claim] = [v for k, v in found.items() if k != "CWG-SFP-4/1"]
    assert claim == ("contribution", states, agents)


def test_in_documents_a_b_and_c_the_secretariat_reported():
    text = "5\tForum\n5.1\tIn Documents CWG-SFP-4/2, 4/3 and 4/4 the secretariat reported on three surveys.\n"
    assert {k: v[0] for k, v in claims(text).items()} == {
        "CWG-SFP-4/2": "secretariat-report", "CWG-SFP-4/3": "secretariat-report", "CWG-SFP-4/4": "secretariat-report"}


def test_and_the_related_report():
    text = ("3.1.The secretariat introduced its report WG-WSIS-29/2 on activities, and the related report "
            "CWG-WSIS-29/3.\n")
    assert {k: v[0] for k, v in claims(text).items()} == {"CWG-WSIS&SDG-29/2": "secretariat-report",
                                                         "CWG-WSIS&SDG-29/3": "secretariat-report"}


def test_a_document_and_its_addendum_then_what_it_is():
    text = ("2.1\tThe representative of the General Secretariat introduced Document C19/12 and Addendum 1, "
            "the annual report of the Secretary-General on the activities of ITU.\n")
    assert claims(text) == {"C19/12": ("secretariat-report", (), ())}


def test_a_contribution_of_the_speakers_country():
    text = ("2.2\tThe councillor from Saudi Arabia introduced Document C19/60, containing a contribution submitted "
            "by her country and the United Arab Emirates, which proposes a mapping.\n"
            "3.1\tThe councillor from Kenya introduced Document C19/81, containing a contribution by his country, "
            "Uganda and Rwanda, which proposes a centre.\n")
    assert claims(text) == {"C19/60": ("contribution", ("SAU", "ARE"), ()),
                            "C19/81": ("contribution", ("KEN", "UGA", "RWA"), ())}


def test_contributions_of_a_and_of_b_respectively():
    text = ("6.2 The Dedicated Group considered Documents WG-WSIS/15/8 and WG-WSIS/15/9, contributions of Saudi "
            "Arabia and of Brazil respectively, each proposing a list.\n")
    assert claims(text) == {"CWG-WSIS&SDG-15/8": ("contribution", ("SAU",), ()),
                            "CWG-WSIS&SDG-15/9": ("contribution", ("BRA",), ())}


def test_submitted_by_in_the_section_of_a_document():
    text = ("7.1.WG-Internet 9/7: Contribution from the Arab States\n7.1.1.The contribution, submitted by Algeria, "
            "Egypt, Saudi Arabia, Tunisia and the United Arab Emirates on behalf of the Arab States, proposes a "
            "questionnaire.\n")
    documents = read_documents(paragraphs(text))
    states = {s for c in documents.claims for s in c.submitters}
    agents = {(a.name, a.kind) for c in documents.claims for a in c.agents}
    assert {str(c.symbol) for c in documents.claims} == {"CWG-Internet-9/7"}
    assert (states, agents) == ({"DZA", "EGY", "SAU", "TUN", "ARE"}, {("Arab States", "group-of-states")})


@pytest.mark.parametrize("sentence, states, agents", [
    # the symbol first, then who, without "Document"
    ("CWG-SFP-4/6, submitted by Kenya, Ghana (on behalf of the African Group) and Nigeria, as well as by "
     "Bolivia (Plurinational State of), reviews the targets.", ("KEN", "GHA", "NGA", "BOL"),
     (("African Group", "group-of-states"),)),
    ("CWG-SFP-4/6 is a joint contribution from Kazakhstan and the Regional Commonwealth in the field of "
     "Communications (RCC) concerning the indicators.", ("KAZ",), (("RCC", "regional-organization"),)),
    ("CWG-SFP-4/6, a contribution of Ghana and Togo, outlines a regional annex.", ("GHA", "TGO"), ()),
    ("CWG-SFP-4/6, Contribution by Brightwave Systems (ITU-R Sector Member), describes satellite costs.",
     (), (("Brightwave Systems", "sector-member"),)),
    ("CWG-SFP-4/6, from Jordan, Oman and Qatar (on behalf of the Arab States), and Lebanon, proposing a fund, "
     "was discussed.", ("JOR", "OMN", "QAT", "LBN"), (("Arab States", "group-of-states"),)),
    ("CWG-SFP-4/6 was introduced by Senegal, also on behalf of Mali and Niger. It proposes a fund.",
     ("SEN", "MLI", "NER"), ()),
    # who first, then the symbol
    ("In CWG-SFP-4/6, Iran (Islamic Republic of), Pakistan and Türkiye stress the need for targets.",
     ("IRN", "PAK", "TUR"), ()),
    ("In CWG-SFP-4/6 the delegations of Poland and Czech Republic propose two indicators.", ("POL", "CZE"), ()),
    ("Uruguay presented CWG-SFP-4/6, which asks for a shorter plan.", ("URY",), ()),
    ("Wavecrest Ltd (ITU-D Sector Member) introduced its contribution (CWG-SFP-4/6) on rural costs.",
     (), (("Wavecrest Ltd", "sector-member"),)),
    ("Viet Nam and the Philippines (CWG-SFP-4/6) recommend a review of the targets.", ("VNM", "PHL"), ()),
])
def test_a_submitter_named_around_a_bare_symbol(sentence, states, agents):
    """A symbol written without "Document" is tied to the words that say who submitted it, before it or after it,
    and the list keeps every state around "(on behalf of …)", "also on behalf of", "as well as by"."""
    found = claims("4\tContributions\n4.1\t" + sentence + "\n", context=("CWG-SFP", 4))
    assert found == {"CWG-SFP-4/6": ("contribution", states, agents)}


@pytest.mark.parametrize("sentence", [
    "The Chair presented CWG-SFP-4/6 on behalf of the drafting group.",
    "The Group discussed the questionnaire proposed in CWG-SFP-4/6, which Members supported.",
    "As proposed in CWG-SFP-4/6, Spain and Italy will report next time.",
])
def test_a_bare_symbol_whose_sentence_names_no_submitter(sentence):
    """The Chair who presents a document did not necessarily write it; a document named in passing gets no
    submitter from the sentence's other names."""
    assert claims("4\tContributions\n4.1\t" + sentence + "\n", context=("CWG-SFP", 4)) == {}


@pytest.mark.parametrize("heading, sentence, kind", [
    ("Approval of the agenda (CWG-SFP-4/1)", "The agenda was approved.", "agenda"),
    ("Glossary (CWG-SFP-4/3)", "Members reviewed the glossary drafted by the secretariat.", "secretariat-report"),
    ("Work plan (CWG-SFP-4/3)", "The Chairwoman introduced her work plan. The Group endorsed the plan in CWG-SFP-4/3.",
     "chair-report"),
])
def test_a_section_document_named_by_the_section_kind(heading, sentence, kind):
    """Kinds a section gives its document without the symbol's own words: "Approval of the agenda (X)", a text
    "drafted by the secretariat", the Chair presenting "her" plan (even when the paragraph repeats the symbol)."""
    found = claims(f"3\t{heading}\n3.1\t{sentence}\n", context=("CWG-SFP", 4))
    assert {k: v[0] for k, v in found.items()} == {str(found and next(iter(found))): kind}


def test_a_list_of_documents_shares_what_is_said_before_it():
    text = ("5\tReports\n5.1\tThe secretariat described Documents CWG-SFP-4/7 and 4/8: the budget and the staff plan.\n"
            "5.2\tThe secretariat summarized the survey run in March on “Rural access” (CWG-SFP-4/9).\n")
    assert {k: v[0] for k, v in claims(text, context=("CWG-SFP", 4)).items()} == {
        "CWG-SFP-4/7": "secretariat-report", "CWG-SFP-4/8": "secretariat-report", "CWG-SFP-4/9": "secretariat-report"}


# ---------------------------------------------------------------------------------------------- submitters


@pytest.mark.parametrize("heading, agent", [
    ("Contribution by the Asia-Pacific Telecommunity (APT)", ("APT", "regional-organization")),
    ("Contribution by ASMG", ("ASMG", "regional-organization")),
    ("Contribution by the African Telecommunications Union (ATU)", ("ATU", "regional-organization")),
    ("Contribution by the European Conference of Postal and Telecommunications Administrations (CEPT)",
     ("CEPT", "regional-organization")),
    ("Contribution by the Inter-American Telecommunication Commission (CITEL)", ("CITEL", "regional-organization")),
    ("Contribution from the Regional Commonwealth in the field of Communications (RCC)",
     ("RCC", "regional-organization")),
    ("Contribution by the Arab States", ("Arab States", "group-of-states")),
    ("Contribution by the African Group", ("African Group", "group-of-states")),
    ("Contribution by Orbital Links Ltd, Sector Member of ITU-R", ("Orbital Links Ltd", "sector-member")),
    ("Contribution by Wavefront Labs (Associate)", ("Wavefront Labs", "associate")),
    ("Contribution by the Kivu Institute of Digital Studies (Academia)",
     ("Kivu Institute of Digital Studies", "academia")),
    ("Contribution by the secretariat", ("ITU secretariat", "secretariat")),
    ("Contribution by the Chair", ("Chair", "chair")),
])
def test_submitters_that_are_not_member_states(heading, agent):
    [(kind, states, agents)] = claims(f"5.1\tCWG-WSIS&SDG-37/5: {heading}\n").values()
    assert (kind, states, agents) == ("contribution", (), (agent,))


def test_the_chair_is_the_chair_of_the_documents_group():
    [claim] = read_documents(paragraphs("5.5\tCWG-WSIS&SDG-37/9: Contribution by the Chair\n")).claims
    assert [a.key for a in claim.agents] == ["cwg-wsis-sdg-chair"]


def _gate_messages(tmp_path, heading: str) -> list[str]:
    from itukg.api.ingest.bulk import prepare_report

    report = tmp_path / "cwg-wsis-sdg-37-report.txt"
    report.write_text(
        "1\tIntroduction\n1.1\tThe thirty-seventh meeting of CWG-WSIS&SDG was held in Geneva on 30 September 2021.\n"
        f"2\tContributions\n2.1\tCWG-WSIS&SDG-37/5: {heading}\n2.1.1\tThe Group took note of the contribution.\n",
        encoding="utf-8")
    prepared = prepare_report(report)
    assert prepared.validation.conforms, [f.describe() for f in prepared.validation.violations]
    return [f.message for f in prepared.validation.warnings]


@pytest.mark.parametrize("heading", ["Contribution by the Regional Commonwealth in the field of Communications (RCC)",
                                     "Contribution by Orbital Links Ltd, Sector Member of ITU-R",
                                     "Contribution by the Kivu Institute of Digital Studies (Academia)",
                                     "Contribution by the Chair", "Contribution by the Arab States"])
def test_a_legitimate_submitter_leaves_no_warning(tmp_path, heading):
    assert not [m for m in _gate_messages(tmp_path, heading) if "submit" in m]


def test_a_submitter_that_cannot_be_resolved_still_warns(tmp_path):
    warned = _gate_messages(tmp_path, "Contribution by Atlantis and Brazil")
    assert any("matches no member state" in m for m in warned)


# ---------------------------------------------------------------------------------------------- the fixtures


def _expected_documents(report: Path) -> dict:
    expected = json.loads(report.with_name(report.stem + ".expected.json").read_text(encoding="utf-8"))
    own = expected["cover"]["symbol"]
    return {
        "documents": expected["documents"],
        "submissions": {k: sorted(v) for k, v in expected["submissions"].items()},
        "submitters_other": {k: sorted((a["name"], a["kind"]) for a in v)
                             for k, v in expected.get("submitters_other", {}).items()},
        "symbol_spellings": {k: sorted(v) for k, v in expected["symbol_spellings"].items() if k != own},
        "parts": expected.get("parts") or {},
    }, own


def _read_documents(report: Path, own: str) -> dict:
    extraction = extract_report(read_report(report))
    m = extraction.meeting
    documents = read_documents(extraction.paragraphs, context=(m.body, m.number), own=own)
    kinds: dict[str, set[str]] = {}
    states: dict[str, set[str]] = {}
    others: dict[str, set[tuple[str, str]]] = {}
    for claim in documents.claims:
        kinds.setdefault(str(claim.symbol), set()).add(claim.kind)
        if claim.submitters:
            states.setdefault(str(claim.symbol), set()).update(claim.submitters)
        if claim.agents:
            others.setdefault(str(claim.symbol), set()).update((a.name, a.kind) for a in claim.agents)
    spellings: dict[str, set[str]] = {}
    parts: dict[str, str] = {}
    for symbols in documents.mentions.values():
        for symbol in symbols:
            spellings.setdefault(str(symbol), set()).add(symbol.spelling)
            if symbol.parent:
                parts[str(symbol)] = str(symbol.parent)
    return {
        "documents": {s: (k.pop() if len(k) == 1 else sorted(k)) if k else "document"
                      for s, k in ((s, kinds.get(s, set())) for s in spellings)},
        "submissions": {k: sorted(v) for k, v in states.items()},
        "submitters_other": {k: sorted(v) for k, v in others.items()},
        "symbol_spellings": {k: sorted(v) for k, v in spellings.items()},
        "parts": parts,
    }


def _style_reports() -> list[Path]:
    reports = sorted(STYLES.glob("*-report.txt"))
    assert len(reports) >= 8, f"expected the style fixtures in {STYLES}"
    return reports


@pytest.mark.parametrize("report", _style_reports(), ids=lambda p: p.stem)
def test_the_fixtures_document_facts(report):
    expected, own = _expected_documents(report)
    got = _read_documents(report, own)
    for key in ("documents", "submissions", "submitters_other", "symbol_spellings", "parts"):
        assert got[key] == expected[key], key
