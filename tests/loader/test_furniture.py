"""Page furniture, line-end hyphens, ligatures, wrapped lines and glued words, as archive copies have them
(docs/styles.md, "Page furniture and extraction damage"): each case reads as the clean text would."""

from __future__ import annotations

import pytest

from conftest import SEED
from itukg.loader.furniture import PdfLine, clean_pages, unglue
from itukg.loader.read import read_bytes, read_text
from itukg.loader.refs import find_references


def texts(text: str) -> list[str]:
    return [line.text for line in read_text(text).lines]


def numbered(text: str) -> list[tuple[int, str]]:
    return [(line.number, line.text) for line in read_text(text).lines]


# ------------------------------------------------------------------------------------------ page furniture


@pytest.mark.parametrize("mark,symbol", [("- 2 -", "WG-Internet 9/11"), ("2/3", "WG-COP/12-E"),
                                         ("- 9 -", "CWG-Internet-18/10-E"), ("- 2/4 -", "C16/41-E"),
                                         ("Page 3 of 5", "C11/45(Rev.1)-E"), ("- 4 -", "PP-14/20(Add.1)-E")])
def test_a_page_number_and_the_symbol_beside_it_are_dropped(mark, symbol):
    text = f"1.1\tThe Group met.\n{mark}\n{symbol}\n1.2\tThe Group noted the report.\n"
    assert texts(text) == ["1.1\tThe Group met.", "1.2\tThe Group noted the report."]


def test_a_page_number_as_the_first_line_is_dropped():
    assert texts("- 9 -\nFinal report of the meeting\n") == ["Final report of the meeting"]


def test_a_symbol_line_away_from_a_page_number_stays():
    assert texts("English only\nWG-COP/12\nThe Group met.\n") == ["English only", "WG-COP/12", "The Group met."]


def _page(first: int, *texts: str) -> list[PdfLine]:
    return [PdfLine(first + i, text, 800 - i * 14) for i, text in enumerate(texts)]


def test_pdf_running_headers_footers_and_repeated_edges_are_dropped():
    pages = [
        _page(1, "Document CWG-Internet-18/10-E", "The Group met on 18 October 2023 and", "noted the report.",
              "itukg/archive/report.docx"),
        _page(5, "- 2 -", "CWG-Internet-18/10-E", "The Group took note of the contribution.", "2",
              "itukg/archive/report.docx"),
        _page(10, "3", "CWG-Internet-18/10-E", "The meeting closed.", "itukg/archive/report.docx"),
    ]
    assert [text for _, text in clean_pages(pages)] == [
        "Document CWG-Internet-18/10-E", "The Group met on 18 October 2023 and noted the report.",
        "The Group took note of the contribution.", "The meeting closed."]


def test_pdf_paragraph_gaps_split_paragraphs_and_a_full_last_line_goes_on_to_the_next_page():
    full = "The Group considered the contribution and its annex in detail; several members took the floor"
    pages = [
        [PdfLine(1, "1.1 The Group met on 18 October and adopted", 800), PdfLine(2, "its agenda.", 786),
         PdfLine(3, "Introduction", 756), PdfLine(4, full, 726)],
        [PdfLine(5, "- 2 -", 820), PdfLine(6, "Member States welcomed it.", 800), PdfLine(7, "Next item", 770),
         PdfLine(8, "It was noted.", 740)],
    ]
    assert clean_pages(pages) == [
        (1, "1.1 The Group met on 18 October and adopted its agenda."), (3, "Introduction"),
        (4, f"{full} Member States welcomed it."), (7, "Next item"), (8, "It was noted.")]


# ------------------------------------------------------------------------------------------ characters


@pytest.mark.parametrize("damaged,clean", [
    ("speci\ufb01c", "specific"), ("\ufb02oor", "floor"), ("e\ufb00ect", "effect"), ("e\ufb03cient", "efficient"),
    ("ba\ufb04ed", "baffled"), ("par\u00adticipants", "participants"), ("18\u202fOctober", "18 October"),
    ("zero\u200bwidth", "zerowidth"), ("the  Group", "the Group"),
])
def test_ligatures_soft_hyphens_and_odd_spaces_are_folded(damaged, clean):
    assert texts(f"The {damaged} matters.\n") == [f"The {clean} matters."]


# ------------------------------------------------------------------------------------------ line ends


@pytest.mark.parametrize("first,second,joined", [
    ("Some 80 par-", "ticipants attended.", "Some 80 participants attended."),
    ("Some 80 par\u00ad", "ticipants attended.", "Some 80 participants attended."),
    ("the report (Document CWG-", "Internet-9/10) was endorsed.",
     "the report (Document CWG-Internet-9/10) was endorsed."),
    ("the topic proposed in Document WG-", "COP/8.", "the topic proposed in Document WG-COP/8."),
    ("open to non-", "members of the Group.", "open to non-members of the Group."),
    ("a multi-", "stakeholder forum.", "a multi-stakeholder forum."),
    ("the Vice-", "Chair spoke.", "the Vice-Chair spoke."),
])
def test_a_line_end_hyphen_is_rejoined_and_a_real_hyphen_kept(first, second, joined):
    assert texts(f"{first}\n{second}\n") == [joined]


def test_a_reference_broken_across_lines_is_read_whole():
    [paragraph] = texts("The Group works under ITU Plenipotentiary Resolution\n179 (Rev. Busan, 2014).\n")
    [reference] = find_references(paragraph)
    assert (reference.number, reference.place, reference.year) == ("179", "Busan", 2014)


def test_a_heading_number_alone_on_its_line_and_a_dash_bullet_alone_join_their_text():
    assert texts("2.\nAdoption of the agenda\nThe agenda was extended by one item:\n-\nMeasuring impact\n") == [
        "2.\tAdoption of the agenda", "The agenda was extended by one item:", "- Measuring impact"]


def test_a_hard_wrapped_text_is_joined_into_paragraphs_that_keep_their_first_line_number():
    lines = [
        "1.", "Introduction",
        "The ninth meeting of the Group was held in Geneva. Some eighty participants from governments and",
        "industry attended, in the room and remotely, and the Chairman welcomed the new Vice-Chairmen",
        "from Kenya and Argentina. The meeting adopted its agenda without change after a short debate.",
        "The Group took note of the report.",
        "2.", "Contributions",
        "5.1", "WG-COP/5: Contribution by the United States of America",
        "The contribution proposes that the Group follow the impact of national strategies with a common",
        "set of indicators for all Member States, regions and Sector Members taking part in the work.",
    ]
    got = numbered("\n".join(lines) + "\n")
    assert [number for number, _ in got] == [1, 3, 6, 7, 9, 11]
    assert got[1][1].startswith("The ninth meeting") and got[1][1].endswith("after a short debate.")
    assert got[4][1] == "5.1\tWG-COP/5: Contribution by the United States of America"


def test_a_typed_report_keeps_its_lines():
    """The bundled report (one paragraph a line) reads line for line as written, runs of spaces aside."""
    raw = [(number, " ".join(text.split()))
           for number, text in enumerate(SEED.read_text(encoding="utf-8").splitlines(), 1) if text.strip()]
    assert [(number, " ".join(text.split())) for number, text in numbered(SEED.read_text(encoding="utf-8"))] == raw


# ------------------------------------------------------------------------------------------ glued words


@pytest.mark.parametrize("glued,apart", [
    ("under Resolutions 101, 102, 133, and180", "under Resolutions 101, 102, 133, and 180"),
    ("postponed to the tenthmeeting.", "postponed to the tenth meeting."),
    ("declared the ninthmeeting open", "declared the ninth meeting open"),
    ("saw hispresence as a sign", "saw his presence as a sign"),
    ("open to allITU Member States", "open to all ITU Member States"),
    ("the meeting of 5February 2017", "the meeting of 5 February 2017"),
    ("SUMMARY OF THE 29thMEETING", "SUMMARY OF THE 29th MEETING"),
    ("met on the 24thand 25thJanuary", "met on the 24th and 25th January"),
    ("Working Group (CWGInternet)", "Working Group (CWG-Internet)"),
    ("under Resolution179 (Rev. Busan, 2014)", "under Resolution 179 (Rev. Busan, 2014)"),
])
def test_glued_words_are_read_apart(glued, apart):
    assert texts(f"The Group, {glued}.\n") == [f"The Group, {apart}."]


@pytest.mark.parametrize("start,apart", [
    ("1.1.On behalf of the Secretary-General", "1.1. On behalf of the Secretary-General"),
    ("5.Open Consultations", "5. Open Consultations"),
    ("6.1.CWG-Internet-9/5: Contribution from Brazil", "6.1. CWG-Internet-9/5: Contribution from Brazil"),
    ("1.2The Chair thanked the Group.", "1.2 The Chair thanked the Group."),
])
def test_a_paragraph_number_glued_to_its_text_is_read_apart(start, apart):
    assert texts(start + "\n") == [apart]


@pytest.mark.parametrize("kept", [
    "CWG-Internet-18/1", "CWG-Internet-18/1(Rev.1)", "C19/12", "C19/DT/4", "A/RES/70/125", "IPv6", "WTDC-17",
    "WG-COP/8", "CWG-WSIS&SDG-37/1(Rev.1)", "Council Resolution R1332", "Res. 102 (Rev. Bucharest, 2022)",
    "PP-14/20(Add.1)-E", "5G networks", "Decision 563 (C11, last amended C14)", "the 2030 Agenda", "4th",
    "https://www.itu.int/md/S17-CL-C-0045/en", "covid19",
])
def test_symbols_and_numbers_are_never_broken(kept):
    assert unglue(f"See {kept} here") == f"See {kept} here"


def test_a_docx_converted_from_a_pdf_is_cleaned_as_its_text():
    import io

    import docx

    document = docx.Document()
    for line in ("- 2 -", "WG-COP/12-E", "The Group works under Resolution", "179 (Rev. Busan, 2014) and its",
                 "speci\ufb01c par-", "ticipants attended the tenthmeeting."):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    assert [line.text for line in read_bytes(buffer.getvalue(), name="x.docx").lines] == [
        "The Group works under Resolution 179 (Rev. Busan, 2014) and its specific participants attended the "
        "tenth meeting."]


# ------------------------------------------------------------------------------------------ hard-wrapped text
# (a .txt extracted from a PDF: lines of at most some 90 characters, a blank line between paragraphs)


def test_a_symbol_broken_after_its_hyphen_is_not_read_as_a_page_number():
    """"20/5" alone on a line is no page number (a page past the last): it ends "CWG-Internet-"."""
    assert texts("The Group discussed Contributions CWG-Internet-20/4 and CWG-Internet-\n20/5\n") == [
        "The Group discussed Contributions CWG-Internet-20/4 and CWG-Internet-20/5"]


def test_a_symbol_that_ends_a_paragraph_before_a_page_number_stays():
    assert texts("The Group recalled UNGA Resolution\nA/RES/70/1\n- 2 -\nWG-WSIS-29/5-E\nThe meeting closed.\n") == [
        "The Group recalled UNGA Resolution A/RES/70/1", "The meeting closed."]


WRAPPED_WITH_BLANKS = [
    "1.1\tThe fourth meeting of the Group was held in Geneva on 3 May 2021 with the Vice-Chair",
    "- Africa Region, Ms. Amina Bello, in the chair on behalf of the Chair, who had sent apologies",
    "to the Group and wished it a productive meeting.",
    "",
    "1.2\tThe secretariat presented its report on the work of ITU under Resolution 140 and WTDC-",
    "17 Resolution 30 (Rev. Buenos Aires, 2017), and on its preparations for the next WSIS Forum.",
    "",
    "1.3\tThe Group thanked the secretariat for the report and asked it to share the report with its",
    "6 Regional Offices and the three Bureaux before the next session of the Council, in all languages.",
    "",
    "1.4\tThe Group invited Member States to build on these conclusions; they will go to Council-",
    "17.",
    "",
    "References",
    "",
    "5.2\tCWG-COP-21/4: Contribution by Kenya, Nigeria, Ghana, Senegal, Rwanda, Uganda, Malawi, United",
    "- 3 -",
    "CWG-COP-21/9-E",
    "Republic of Tanzania and Zambia",
    "",
    "5.3\tDocument CWG-COP-21/5 – Contribution by the United States of America, on measuring safety",
    "",
    "- 4 -",
    "CWG-COP-21/9-E",
    "The contribution proposes a common set of indicators for measuring the safety of children online",
    "in all regions, to be reported at each meeting of the Group.",
]


def test_a_wrap_that_puts_a_dash_or_a_number_first_on_a_line_stays_in_its_paragraph():
    """Inside a paragraph (no blank line), a line that starts with "- ", "17 ", "6 " or "17." after a full line
    without a sentence's end goes on with the paragraph; after a blank line, "References" is its own."""
    got = texts("\n".join(WRAPPED_WITH_BLANKS) + "\n")
    assert got[:5] == [
        "1.1\tThe fourth meeting of the Group was held in Geneva on 3 May 2021 with the Vice-Chair - Africa Region, "
        "Ms. Amina Bello, in the chair on behalf of the Chair, who had sent apologies to the Group and wished it a "
        "productive meeting.",
        "1.2\tThe secretariat presented its report on the work of ITU under Resolution 140 and WTDC-17 Resolution 30 "
        "(Rev. Buenos Aires, 2017), and on its preparations for the next WSIS Forum.",
        "1.3\tThe Group thanked the secretariat for the report and asked it to share the report with its 6 Regional "
        "Offices and the three Bureaux before the next session of the Council, in all languages.",
        "1.4\tThe Group invited Member States to build on these conclusions; they will go to Council-17.",
        "References"]


def test_page_furniture_inside_a_paragraph_joins_it_and_beside_a_blank_line_ends_it():
    """A running header with no blank line around it sits inside a paragraph (even a symbol heading); one with
    a blank line on one side belongs to the paragraph on its other side, whatever the line above it fills."""
    got = texts("\n".join(WRAPPED_WITH_BLANKS) + "\n")
    assert got[5:] == [
        "5.2\tCWG-COP-21/4: Contribution by Kenya, Nigeria, Ghana, Senegal, Rwanda, Uganda, Malawi, United Republic "
        "of Tanzania and Zambia",
        "5.3\tDocument CWG-COP-21/5 – Contribution by the United States of America, on measuring safety",
        "The contribution proposes a common set of indicators for measuring the safety of children online in all "
        "regions, to be reported at each meeting of the Group."]


WRAPPED_WITHOUT_BLANKS = [
    "5.\tCWG-FHR-18/5: Contribution by Saudi Arabia (Kingdom of), Bahrain (Kingdom of) and Egypt (Arab",
    "Republic of)",
    "The proponents ask the Group to review the financial regulations in the light of the latest audit,",
    "and to report to the Council on the measures taken to contain costs in the coming biennium.",
    "6.\tCWG-FHR-18/6: Contribution by Japan, Kenya, Mexico and the United Kingdom of Great Britain and Northern",
    "Ireland",
    "The contribution proposes that the external auditor present the audit report in person at the",
    "next meeting of the Group, and that the secretariat publish the report in all six languages.",
    "7.\tCWG-FHR-18/7: Contribution by the Russian Federation on the use of the six languages in the Council",
    "Working Groups",
    "8.\tCWG-FHR-18/8: Contribution by Brazil (Federative Republic of) on the budget of the Union in 2025",
    "The contribution was noted.",
]


def test_a_symbol_heading_wrapped_inside_brackets_or_before_a_short_tail_is_one_heading():
    """Without blank lines (no gaps to read), a full heading line goes on inside an open bracket or into a short
    last line without a sentence's end; a short sentence after it is a paragraph of its own."""
    assert texts("\n".join(WRAPPED_WITHOUT_BLANKS) + "\n") == [
        "5.\tCWG-FHR-18/5: Contribution by Saudi Arabia (Kingdom of), Bahrain (Kingdom of) and Egypt (Arab Republic "
        "of)",
        "The proponents ask the Group to review the financial regulations in the light of the latest audit, and to "
        "report to the Council on the measures taken to contain costs in the coming biennium.",
        "6.\tCWG-FHR-18/6: Contribution by Japan, Kenya, Mexico and the United Kingdom of Great Britain and Northern "
        "Ireland",
        "The contribution proposes that the external auditor present the audit report in person at the next meeting "
        "of the Group, and that the secretariat publish the report in all six languages.",
        "7.\tCWG-FHR-18/7: Contribution by the Russian Federation on the use of the six languages in the Council "
        "Working Groups",
        "8.\tCWG-FHR-18/8: Contribution by Brazil (Federative Republic of) on the budget of the Union in 2025",
        "The contribution was noted."]
