"""The meeting a report is about (issue 15, items 2 and 9): from the body's sentences in every style, from the
cover header when the body never dates it, Council plenary meetings by session, a disagreement between
cover and body kept and warned about, and a report that names its meeting but little else loaded with notes
of what is missing; only a text with no meeting identity at all is refused."""

from __future__ import annotations

import json
from datetime import date

import pytest
from conftest import ROOT, SEED, run_cli, select

from itukg.api.store.embedded import OxigraphStore
from itukg.loader import iris
from itukg.loader.errors import NotAReportError
from itukg.loader.extract import extract_report
from itukg.loader.read import read_report, read_text
from itukg.loader.triples import graph_name, report_triples
from itukg.loader.validate import validate_report
from itukg.loader.vocab import ITU

STYLES = ROOT / "tests" / "corpus" / "styles"
FIXTURES = sorted(STYLES.glob("*-report.txt"))
COVER = ("Council Working Group on Child Online Protection\nNinth meeting – Geneva, 6-7 February 2017\n"
         "Document CWG-COP-9/11\n8 February 2017\nEnglish only\n")


def extract(text: str):
    return extract_report(read_text(text, name="report.txt"))


def facts(x) -> tuple:
    m = x.meeting
    return m.body, m.number, m.start, m.end


@pytest.mark.parametrize("path", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_every_style_fixture_gives_the_oracles_meeting(path):
    expected = json.loads(path.with_name(path.stem + ".expected.json").read_text(encoding="utf-8"))["meeting"]
    m = extract_report(read_report(path)).meeting
    assert (m.body, m.number, m.start.isoformat(), m.end.isoformat()) == (
        expected["body"], expected["number"], expected["startDate"], expected["endDate"])


@pytest.mark.parametrize(("sentence", "expected"), [
    ("The ninth meeting of CWG-COP was held on 6 and 7 February 2017.",
     ("CWG-COP", 9, date(2017, 2, 6), date(2017, 2, 7))),
    ("The 29thMeeting of WG-WSIS met on the 24thand 25thJanuary; its conclusions follow.",  # no year: the cover's
     ("CWG-WSIS&SDG", 29, date(2017, 1, 24), date(2017, 1, 25))),
    ("The fifteenth meeting of the Council Working Group on WSIS took place in Geneva from 8 to 9 February 2010.",
     ("CWG-WSIS&SDG", 15, date(2010, 2, 8), date(2010, 2, 9))),
    ("The tenth meeting of CWG-FHR was held from 30 September to 2 October 2024 at ITU Headquarters.",
     ("CWG-FHR", 10, date(2024, 9, 30), date(2024, 10, 2))),
])
def test_body_sentences_in_the_archives_styles(sentence, expected):
    header = "Council Working Group on WSIS\n29th meeting – Geneva, 24-25 January 2017\n" if "29th" in sentence else ""
    assert facts(extract(f"{header}Summary\n1.1\t{sentence}\n")) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("The twelfth meeting of CWG-SFP took place from Tuesday 29 September to Thursday 1 October 2020.",
     ("CWG-SFP", 12, date(2020, 9, 29), date(2020, 10, 1))),
    ("The twelfth meeting of CWG-SFP was held on Monday, 3 and Tuesday, 4 June 2024 in Geneva.",
     ("CWG-SFP", 12, date(2024, 6, 3), date(2024, 6, 4))),
    ("The twelfth meeting of CWG-SFP met from Monday 10 to Wednesday 12 March 2025.",
     ("CWG-SFP", 12, date(2025, 3, 10), date(2025, 3, 12))),
])
def test_weekdays_inside_a_range(sentence, expected):
    assert facts(extract(f"Summary\n1.1\t{sentence}\n")) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("1.1\tThe twelfth meeting of CWG-SFP began on Wednesday, 4 March 2026 and ended on Thursday, 5 March 2026.\n",
     (date(2026, 3, 4), date(2026, 3, 5))),
    ("1.1\tThe twelfth meeting of CWG-SFP was opened on Tuesday 9 June 2026 by the Chair.\n2\tOther\n2.1\tThe "
     "Chair adjourned the meeting on Thursday 11 June 2026 at noon.\n", (date(2026, 6, 9), date(2026, 6, 11))),
    ("Report of the twelfth meeting\n9-10 June 2026, Geneva\n1.1\tThe twelfth meeting of CWG-SFP was opened on "
     "9 June 2026.\n", (date(2026, 6, 9), date(2026, 6, 10))),
    ("1.1\tThe twelfth meeting of CWG-SFP was held on 9 June 2026.\n2.1\tThe survey closed on 30 June 2026.\n",
     (date(2026, 6, 9), date(2026, 6, 9))),
])
def test_a_meeting_dated_by_its_opening_day_ends_when_it_closed(text, expected):
    """The sentence that names the meeting may date only its opening; the day it closed (same sentence or a later
    paragraph), or a title line's range from that day, ends it. A date weeks later is something else."""
    assert facts(extract(text))[2:] == expected


def test_the_bodys_year_wins_over_a_council_covers_session():
    """A Council document of the 2024 session reports on a meeting of late 2023: the day written without a year
    takes the year of the sentence's later date, not the session's."""
    x = extract("Council 2024\nGeneva, 10-19 June 2024\nDocument C24/20-E\n8 January 2024\nOriginal: English\n"
                "1\tIntroduction\n1.1\tThe twelfth meeting of CWG-SFP was held on 27 November (afternoon) and "
                "28 November 2023 (morning).\n")
    assert facts(x)[:3] == ("CWG-SFP", 12, date(2023, 11, 27))


@pytest.mark.parametrize("group", ["the Group", "the Working Group", "the Council Working Group on Cost Recovery"])
def test_a_body_that_names_the_group_without_its_name_means_the_covers(group):
    """After a cover that names the group, "the Group" (or a Council working group by a name the lexicon lacks)
    is that group, and the body's dates are the meeting's; never "Council" for "Council Working Group …"."""
    cover = "WORKING GROUP ON FINANCIAL AND HUMAN RESOURCES\nDocument CWG-FHR-5/9-E\n"
    x = extract(f"{cover}1\tOpening\n1.1\tThe fifth meeting of {group} was held on 3 and 4 March 2014.\n")
    assert facts(x) == ("CWG-FHR", 5, date(2014, 3, 3), date(2014, 3, 4))


@pytest.mark.parametrize(("name", "body"), [
    ("Council Working Group on Languages", "CWG-LANG"),
    ("Working Group on Child Online Protection", "CWG-COP"),
    ("CWG WSIS&SDG", "CWG-WSIS&SDG"),
    ("Council Working Group on the Strategic and Financial Plans", "CWG-SFP"),
    ("Working Group on Financial and Human Resources", "CWG-FHR"),
])
def test_short_and_long_names_of_the_groups(name, body):
    assert facts(extract(f"1.1\tThe third meeting of the {name} was held on 9 May 2019.\n"))[:2] == (body, 3)


def test_a_report_whose_body_never_dates_the_meeting_loads_from_its_cover():
    x = extract(COVER + "Final REPORT OF THE NINTH meeting\n1\tIntroduction\n1.1\tThe Chairman opened the meeting.\n")
    assert facts(x) == ("CWG-COP", 9, date(2017, 2, 6), date(2017, 2, 7))
    assert x.meeting.place == "Geneva"


def test_a_title_with_the_number_only_takes_the_body_from_the_cover():
    cover = "Council Working Group on Child Online Protection\nDocument: WG-COP/12\nDate: 23rd January 2015\n"
    x = extract(cover + "SUMMARY OF THE 9th MEETING\n1.1\tThe agenda was adopted.\n")
    assert facts(x) == ("CWG-COP", 9, None, None)
    assert "no meeting dates found" in x.completeness


def test_a_council_cover_gives_the_session_and_the_body_the_meeting():
    x = extract("Council 2016\nGeneva, 25 May-2 June 2016\nDocument C16/41-E\n29 February 2016\nOriginal: English\n"
                "1\tIntroduction\n1.1\tThe sixth meeting of CWG-FHR was held from 24 to 26 February 2016.\n")
    assert facts(x) == ("CWG-FHR", 6, date(2016, 2, 24), date(2016, 2, 26))
    assert x.meeting.session is None


def test_council_plenary_meetings_are_numbered_within_their_session():
    def record(year: int) -> str:
        return (f"Council {year}\nGeneva, 10-20 June {year}\nDocument C{year % 100}/118-E\n2 July {year}\n"
                "Original: English\nSUMMARY RECORD\nOF THE\nFIFTH PLENARY MEETING\n"
                f"Tuesday, 11 June {year}, from 1435 to 1730 hours\n1\tItem (Document C{year % 100}/21)\n"
                "1.1\tThe Council took note of the report.\n")
    first, second = extract(record(2018)), extract(record(2019))
    assert (first.meeting.body, first.meeting.number, first.meeting.session) == ("Council", 5, 2018)
    assert first.meeting.start == date(2018, 6, 11)
    assert str(graph_name(first)) == iris.report_graph("Council", 5, session=2018)
    assert graph_name(first) != graph_name(second)
    assert iris.meeting("Council", 5, session=2019).endswith("/meeting/council/2019/5")
    assert iris.meeting("CWG-Internet", 18).endswith("/meeting/cwg-internet/18")  # working groups unchanged


def _warnings(x) -> list[str]:
    return [f.message for f in validate_report(report_triples(x)).warnings]


def test_when_cover_and_body_disagree_both_are_kept_and_the_gate_warns():
    x = extract(COVER + "1\tIntroduction\n1.1\tThe ninth meeting of CWG-COP was held on 9 and 10 February 2017.\n")
    assert facts(x) == ("CWG-COP", 9, date(2017, 2, 9), date(2017, 2, 10))  # the body's, on the meeting
    triples = set(report_triples(x))
    report = next(s for s, p, o in triples if p == ITU.coverStartDate)
    assert {str(o) for s, p, o in triples if s == report and p in (ITU.coverStartDate, ITU.coverEndDate)} == {
        "2017-02-06", "2017-02-07"}  # the cover's, on the report
    warned = [w for w in _warnings(x) if "cover header and the body disagree" in w]
    assert len(warned) == 2 and any("2017-02-06" in w and "2017-02-09" in w for w in warned), warned


def test_when_cover_and_body_agree_there_is_no_warning():
    x = extract(COVER + "1\tIntroduction\n1.1\tThe ninth meeting of CWG-COP was held on 6 and 7 February 2017.\n")
    assert not [w for w in _warnings(x) if "disagree" in w]


def test_a_report_with_a_cover_and_nothing_else_loads_with_notes():
    x = extract(COVER)
    assert facts(x) == ("CWG-COP", 9, date(2017, 2, 6), date(2017, 2, 7))
    assert x.completeness == ["no officers found", "no documents found", "no decisions found"]
    assert not validate_report(report_triples(x)).violations


def test_an_undated_meeting_is_a_warning_not_a_refusal():
    x = extract("1\tIntroduction\n1.1\tThe ninth meeting of CWG-COP was chaired by Dr Nadia Fares (Lebanon).\n")
    assert facts(x) == ("CWG-COP", 9, None, None) and "no meeting dates found" in x.completeness
    validation = validate_report(report_triples(x))
    assert not validation.violations
    assert any("schema:startDate" in f.message for f in validation.warnings)


@pytest.mark.parametrize("text", [
    "Purpose\nThis note describes a budget.\n1\tIntroduction\n1.1\tThe Group met on 6 February 2017.\n",
    "The approved report of the eighth meeting of CWG-COP was circulated.\n",  # not the report's own meeting
])
def test_a_text_with_no_meeting_identity_is_refused(text):
    with pytest.raises(NotAReportError, match="does not look like an ITU meeting report"):
        extract(text)


def test_an_impossible_meeting_date_is_one_paragraph_naming_file_and_line():
    with pytest.raises(NotAReportError) as caught:
        extract("1\tIntroduction\n1.1\tThe ninth meeting of CWG-COP was held on 31 February 2017.\n")
    message = str(caught.value)
    assert message.startswith("report.txt, line 2:") and "31 February 2017" in message and "\n" not in message


# --- the bundled report with a cover header ------------------------------------------------------------------

def test_the_bundled_report_with_a_cover_header_gives_the_same_facts(tmp_path):
    from itukg.api.ingest.bulk import prepare_report

    covered = tmp_path / "cwg-internet-18-report.txt"
    covered.write_text("Council Working Group on International Internet-related Public Policy Issues\n"
                       "Eighteenth meeting – Geneva, 18 October 2023\nDocument CWG-Internet-18/10\n20 October 2023\n"
                       "English only\n" + SEED.read_text(encoding="utf-8"), encoding="utf-8")
    rows = {}
    for name, path in (("plain", SEED), ("covered", covered)):
        store = OxigraphStore(None)
        prepared = prepare_report(path)
        assert not prepared.validation.violations
        store.replace_graphs(prepared.graphs())
        report = iris.report("CWG-Internet", 18)
        # paragraphs are named by position, which the cover's five lines shift: compare them by their text
        texts = {row["p"]: row["t"] for row in _rows(store, _TEXTS)}
        rows[name] = {query: sorted(json.dumps({k: texts.get(v, v) for k, v in row.items()
                                                # the cover gives the report its own symbol, a fact it adds
                                                if not (k == "symbol" and row.get("subject") == report)},
                                               sort_keys=True) for row in select(store, query))
                      for query in _QUERIES}
    assert rows["plain"] == rows["covered"]
    assert all(rows["plain"][query] for query in ("meetings", "officers", "documents", "outcomes", "citations"))


_TEXTS = "SELECT ?p ?t WHERE { ?p a <https://w3id.org/itukg/ontology#Paragraph> ; <https://schema.org/text> ?t }"


def _rows(store, query: str) -> list[dict[str, str]]:
    results = store.query(query)
    return [{v.value: row[v.value].value for v in results.variables} for row in results]


_QUERIES = sorted(p.stem for p in (ROOT / "ontology" / "queries").glob("*.rq") if p.stem != "incomplete")


# --- itukg load -------------------------------------------------------------------------------------------

def test_load_prints_what_it_could_not_find_and_the_graph_records_it(tmp_path):
    cover_only = tmp_path / "cwg-cop-9-report.txt"
    cover_only.write_text(COVER, encoding="utf-8")
    store = tmp_path / "store"
    result = run_cli("load", "--store", str(store), str(cover_only))
    assert result.returncode == 0, result.stderr
    assert "could not find: no officers found; no documents found; no decisions found" in result.stdout
    rows = json.loads(run_cli("query", "--store", str(store), "--name", "incomplete", "--format", "json").stdout)
    [row] = rows["results"]["bindings"]
    assert row["meeting"]["value"] == iris.meeting("CWG-COP", 9)
    assert set(row["notes"]["value"].split("; ")) == {"no officers found", "no documents found", "no decisions found"}


def test_load_refuses_a_text_with_no_meeting_identity(tmp_path):
    text = tmp_path / "note.txt"
    text.write_text("Purpose\nThis note describes a budget.\n", encoding="utf-8")
    result = run_cli("load", "--store", str(tmp_path / "store"), str(text))
    assert result.returncode == 1
    assert "does not look like an ITU meeting report" in result.stdout + result.stderr


def test_the_seed_report_has_no_completeness_note():
    assert extract_report(read_report(SEED)).completeness == []


def test_the_meetings_query_lists_an_undated_meeting(tmp_path):
    path = tmp_path / "cwg-cop-9-report.txt"
    path.write_text("1\tIntroduction\n1.1\tThe ninth meeting of CWG-COP was chaired by Dr Nadia Fares (Lebanon).\n",
                    encoding="utf-8")
    from itukg.api.ingest.bulk import prepare_report

    store = OxigraphStore(None)
    store.replace_graphs(prepare_report(path).graphs())
    [row] = select(store, "meetings")
    assert (row["body"], row["number"]) == ("CWG-COP", "9") and "startDate" not in row



@pytest.mark.parametrize("sentence,remote", [
    ("The meeting was held at ITU Headquarters in a hybrid format.", True),
    ("The meeting took place online on 5 and 6 October 2020.", True),
    ("Delegations attended in person or remotely.", True),
    ("Some 40 delegates participated remotely.", True),
    ("Arrangements for remote participation were explained.", True),
    ("It was held as a fully virtual meeting.", True),
    ("The Group considered Document 9/4 on child online protection.", False),
    ("The Group noted the responses to the online open consultation.", False),
    ("The Group recommended that open consultations be held online only.", False),
    ("Connectivity for rural and remote communities was discussed.", False),
])
def test_remote_participation_is_said_of_the_meeting_not_of_a_subject(sentence, remote):
    text = f"The ninth meeting of CWG-Internet was held in Geneva on 6 February 2017.\n\n1\t{sentence}\n"
    assert extract_report(read_text(text, name="wg-internet-9-report.txt")).meeting.remote is remote
