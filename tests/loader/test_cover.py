"""The cover header of an ITU document as a source of facts (issue 15, item 2): each form the archive uses
(docs/styles.md, "Cover header"), and the `cover` keys of the style fixtures' oracles."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from itukg.loader.cover import read_cover
from itukg.loader.read import read_report, read_text

STYLES = Path(__file__).resolve().parents[1] / "corpus" / "styles"
FIXTURES = sorted(STYLES.glob("*-report.txt"))


def cover_of(text: str):
    return read_cover(read_text(text, name="cover.txt"))


def test_the_style_fixtures_are_there():
    assert len(FIXTURES) >= 8


@pytest.mark.parametrize("path", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_the_cover_says_what_the_oracle_says(path):
    expected = json.loads(path.with_name(path.stem + ".expected.json").read_text(encoding="utf-8"))
    cover = read_cover(read_report(path))
    want = expected["cover"]
    assert cover is not None
    assert (cover.symbol, cover.issued.isoformat(), cover.language, cover.place) == (
        want["symbol"], want["issued"], want["language"], want["place"])
    if "session" in want:
        session = want["session"]
        assert (cover.session.name, cover.session.start.isoformat(), cover.session.end.isoformat()) == (
            session["name"], session["startDate"], session["endDate"])
        assert cover.agenda_item == want.get("agenda_item")
        assert cover.start is None and cover.number is None  # a Council cover's dates are the session's
    elif "r2-annex" in path.stem:  # the cover names the meeting the report is submitted to, not the one it reports on
        assert (cover.body, cover.number) == (expected["meeting"]["body"], expected["meeting"]["number"] + 1)
    else:
        meeting = expected["meeting"]
        assert (cover.body, cover.number, cover.start.isoformat(), cover.end.isoformat()) == (
            meeting["body"], meeting["number"], meeting["startDate"], meeting["endDate"])


@pytest.mark.parametrize(("line", "number", "start", "end", "place"), [
    ("Ninth meeting – Geneva, 6-7 February 2017", 9, date(2017, 2, 6), date(2017, 2, 7), "Geneva"),
    ("29th meeting – Geneva, 24-25 January 2017 /", 29, date(2017, 1, 24), date(2017, 1, 25), "Geneva"),
    ("Thirty-seventh meeting – Virtual, 30 September – 1 October 2021", 37, date(2021, 9, 30), date(2021, 10, 1),
     "Virtual"),
    ("Fourteenth meeting – Geneva, 7-8 February 2019", 14, date(2019, 2, 7), date(2019, 2, 8), "Geneva"),
    ("Twelfth meeting – Geneva, 29 and 30 January 2020", 12, date(2020, 1, 29), date(2020, 1, 30), "Geneva"),
    ("Nineteenth meeting – Geneva, 31 January – 1 February 2024", 19, date(2024, 1, 31), date(2024, 2, 1), "Geneva"),
    ("9th meeting – Geneva, 23rd January 2015", 9, date(2015, 1, 23), date(2015, 1, 23), "Geneva"),
    ("Second meeting – Geneva, 30 December 2019 - 2 January 2020", 2, date(2019, 12, 30), date(2020, 1, 2),
     "Geneva"),
    ("Fifth meeting, Bangkok, 3-4 March 2014", 5, date(2014, 3, 3), date(2014, 3, 4), "Bangkok"),  # commas only
    ("Sixth meeting – Online meeting, 9 June 2021", 6, date(2021, 6, 9), date(2021, 6, 9), "Virtual"),
    ("Seventh meeting – Fully virtual, 10-11 May 2021", 7, date(2021, 5, 10), date(2021, 5, 11), "Virtual"),
])
def test_meeting_lines_in_every_form(line, number, start, end, place):
    cover = cover_of(f"Council Working Group on Child Online Protection\n{line}\nDocument CWG-COP-{number}/3\n"
                     "English only\n")
    assert (cover.body, cover.number, cover.start, cover.end, cover.place) == ("CWG-COP", number, start, end, place)


@pytest.mark.parametrize(("header", "body"), [
    ("Council Working Group on International Internet Related Public Policy issues (CWGInternet) /"
     "Tenth meeting – Geneva, 18 September 2017", "CWG-Internet"),
    ("COUNCIL WORKING GROUP ON CHILD ONLINE\nPROTECTION\nTenth meeting – Geneva, 18 September 2017", "CWG-COP"),
    ("Council Working Group on the\nWorld Summit on the Information Society\n"
     "Tenth meeting – Geneva, 18 September 2017", "CWG-WSIS&SDG"),
    ("Tenth Meeting of the Council Working Group on WSIS (WG-WSIS)\nGeneva, 18 September 2017", "CWG-WSIS&SDG"),
    ("COUNCIL WORKING GROUP ON FINANCIAL AND HUMAN RESOURCES\nTenth meeting\nGeneva, 18 September 2017",
     "CWG-FHR"),  # the meeting line split before its place and dates
    ("Working Group on Child Online Protection\nTENTH MEETING –\nGeneva, 18 September 2017", "CWG-COP"),
])
def test_the_group_on_one_or_two_lines_or_glued_or_in_the_long_form(header, body):
    cover = cover_of(f"{header}\nEnglish only\n")
    assert (cover.body, cover.number, cover.start) == (body, 10, date(2017, 9, 18))


@pytest.mark.parametrize(("line", "symbol"), [
    ("Document WG-Internet 9/11", "CWG-Internet-9/11"),
    ("Document WG-WSIS-29/14-E", "CWG-WSIS&SDG-29/14"),
    ("Document: WG-COP/12", "CWG-COP-9/12"),  # no meeting number: the cover's meeting
    ("Document WG-WSIS/9/12 Rev.1", "CWG-WSIS&SDG-9/12(Rev.1)"),
    ("Document C16/41-E", "C16/41"),
    ("Revision 1 to Document C17/130-E", "C17/130(Rev.1)"),
])
def test_the_own_symbol_is_canonical(line, symbol):
    cover = cover_of("Council Working Group on Child Online Protection\n9th meeting – Geneva, 23 January 2015\n"
                     f"{line}\n")
    assert cover.symbol == symbol
    assert cover.written == line.split(" ", 1)[1].lstrip(": ") if line.startswith("Document") else line


def test_a_revision_on_a_line_of_its_own():
    cover = cover_of("Document CWG-WSIS-32/16-E\nRev. 1\n10 February 2018\nEnglish only\n")
    assert (cover.body, cover.number, cover.symbol) == ("CWG-WSIS&SDG", 32, "CWG-WSIS&SDG-32/16(Rev.1)")


@pytest.mark.parametrize(("line", "issued"), [
    ("8 February 2017", date(2017, 2, 8)), ("Date: 23rd January 2015", date(2015, 1, 23)),
    ("Date: 30th September 2015", date(2015, 9, 30)),
])
def test_issue_dates(line, issued):
    assert cover_of(f"Document CWG-COP-9/12\n{line}\nEnglish only\n").issued == issued


@pytest.mark.parametrize(("line", "code"), [
    ("English only", "en"), ("Original: English", "en"), ("Original: English only", "en"), ("Original: French", "fr"),
    ("Original: Spanish", "es"), ("Arabic only", "ar"),
])
def test_language_lines(line, code):
    cover = cover_of(f"Document CWG-COP-9/12\n8 February 2017\n{line}\n")
    assert (cover.language, cover.language_code) == (line, code)


def test_a_council_cover_names_the_session_not_the_meeting():
    cover = cover_of("Council 2016\nGeneva, 25 May-2 June 2016\nAgenda item: ADM 5\nDocument C16/41-E\n"
                     "29 February 2016\nOriginal: English\nReport by the Chairman of the Council Working Group on "
                     "Financial and Human Resources\n")
    assert (cover.session.name, cover.session.start, cover.session.end, cover.session.place) == (
        "Council 2016", date(2016, 5, 25), date(2016, 6, 2), "Geneva")
    assert (cover.agenda_item, cover.symbol, cover.body, cover.number, cover.start) == (
        "ADM 5", "C16/41", None, None, None)


def test_page_furniture_and_the_itu_line_are_not_the_group():
    cover = cover_of("- 9 -\nINTERNATIONAL TELECOMMUNICATION UNION\nCouncil Working Group on Child Online Protection\n"
                     "2/3\nEleventh meeting – Geneva, 1 February 2018\n")
    assert (cover.body, cover.number) == ("CWG-COP", 11)


def test_the_header_ends_where_the_report_begins():
    # a date line and a language line in the body are not the cover's
    cover = cover_of("Document CWG-COP-9/12\nSummary\n8 February 2017\nEnglish only\n")
    assert (cover.issued, cover.language, cover.lines) == (None, None, 1)


def test_a_text_without_a_cover_has_none():
    assert cover_of("1.1\tThe eighteenth meeting of CWG-Internet was held on 18 October 2023.\n") is None
    assert cover_of("Purpose\nThis is a report.\n") is None


def test_an_impossible_date_on_the_cover_is_a_problem_not_a_refusal():
    cover = cover_of("Council Working Group on Child Online Protection\nNinth meeting – Geneva, 31 February 2015\n"
                     "Document CWG-COP-9/12\n")
    assert (cover.number, cover.start, cover.symbol) == (9, None, "CWG-COP-9/12")
    assert len(cover.problems) == 1 and "31 February 2015" in cover.problems[0] and "line 2" in cover.problems[0]
