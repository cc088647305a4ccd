"""loader/segment.py on a few lines of its own: paragraphs, their numbers, headings, bullets and sections in the
house styles of docs/styles.md (the 2023– style with tabs and bullets; the 2017–2018 Chairman's reports with
numbers glued to the text, a number alone on its line and a heading whose number was lost to a dash; a Council
summary record's table of subjects)."""

from __future__ import annotations

import pytest

from itukg.loader.read import read_text
from itukg.loader.segment import Paragraph, segment


def rows(text: str) -> list[tuple]:
    """(line, number, text, heading, bullet, level, section) of every paragraph the text gives."""
    paragraphs = segment(read_text(text))
    assert [p.position for p in paragraphs] == list(range(1, len(paragraphs) + 1))
    return [(p.line, p.number, p.text, p.is_heading, p.is_bullet, p.level, p.section) for p in paragraphs]


HOUSE = """Purpose
To report.
1.\tOpening of the meeting
1.1\tThe meeting was opened by the Chair.
2.\tCWG-COP-21/2: Report by the Secretariat
2.1\tThe secretariat presented the report.
2.1.1\tIt found that:
· most respondents agreed;
· some did not.
2.2\tThe Group noted the report.
Carla Mendes, Chair
"""


def test_the_house_style_with_tabs_bullets_a_preface_and_a_signature():
    assert rows(HOUSE) == [
        (1, None, "Purpose", True, False, 0, None),  # before the first numbered heading: a preface heading
        (2, None, "To report.", False, False, 0, None),
        (3, "1", "Opening of the meeting", True, False, 1, "1"),
        (4, "1.1", "The meeting was opened by the Chair.", False, False, 2, "1"),
        (5, "2", "CWG-COP-21/2: Report by the Secretariat", True, False, 1, "2"),
        (6, "2.1", "The secretariat presented the report.", False, False, 2, "2"),
        (7, "2.1.1", "It found that:", False, False, 3, "2"),  # ends with a colon: a paragraph, not a heading
        (8, None, "most respondents agreed;", False, True, 2, "2"),
        (9, None, "some did not.", False, True, 2, "2"),
        (10, "2.2", "The Group noted the report.", False, False, 2, "2"),
        (11, None, "Carla Mendes, Chair", False, False, 2, "2"),  # after a numbered heading: never a heading
    ]


GLUED = """1.Introduction
1.1.The Chairman opened the meeting.
2.
Agenda of the meeting
2.1.The agenda was adopted.
- WG-Internet 9/3: Report of the Secretariat
3.1.The report was noted.
"""


def test_the_chairmans_reports_glued_numbers_a_number_alone_and_a_lost_number():
    assert rows(GLUED) == [
        (1, "1", "Introduction", True, False, 1, "1"),
        (2, "1.1", "The Chairman opened the meeting.", False, False, 2, "1"),
        (3, "2", "Agenda of the meeting", True, False, 1, "2"),  # "2." alone, joined to the line after it
        (5, "2.1", "The agenda was adopted.", False, False, 2, "2"),
        (6, None, "WG-Internet 9/3: Report of the Secretariat", True, False, 1, "3"),  # "3" from the "3.1" after
        (7, "3.1", "The report was noted.", False, False, 2, "3"),
    ]


def test_a_dash_line_without_a_numbered_paragraph_after_it_is_a_bullet():
    assert rows("1\tDiscussion\n- Members spoke.\nThey agreed.\n") == [
        (1, "1", "Discussion", True, False, 1, "1"),
        (2, None, "Members spoke.", False, True, 2, "1"),
        (3, None, "They agreed.", False, False, 2, "1"),
    ]


def test_subsection_headings_open_sections_and_close_them():
    text = ("5\tContributions\n5.1\tCWG-FHR-6/4: Contribution by Brazil\n5.1.1\tBrazil introduced it.\n"
            "5.2\tCWG-FHR-6/5: Contribution by Kenya\n5.2.1\tKenya introduced it.\n6\tClosing\n6.1\tIt closed.\n")
    assert [(p.number, p.is_heading, p.section, p.item) for p in segment(read_text(text))] == [
        ("5", True, "5", "5"), ("5.1", True, "5.1", "5"), ("5.1.1", False, "5.1", "5"),
        ("5.2", True, "5.2", "5"), ("5.2.1", False, "5.2", "5"), ("6", True, "6", "6"), ("6.1", False, "6", "6"),
    ]


def test_a_summary_records_table_of_subjects_is_not_sections():
    text = ("Subjects discussed\tDocuments\n1\tReport on child online protection\tC19/21\n"
            "1\tReport on child online protection (Document C19/21)\n1.1\tThe Chairman introduced it.\n")
    assert rows(text) == [
        (1, None, "Subjects discussed Documents", True, False, 0, None),
        (2, None, "1 Report on child online protection C19/21", False, False, 0, None),  # a row: no heading
        (3, "1", "Report on child online protection (Document C19/21)", True, False, 1, "1"),
        (4, "1.1", "The Chairman introduced it.", False, False, 2, "1"),
    ]


@pytest.mark.parametrize("line", [
    "2023 was a year of consultations.",  # a year, not a paragraph number
    "6 June was the first day.",  # a date
    "75.1\tA number past any agenda.",
])
def test_a_leading_number_that_is_not_a_paragraph_number(line):
    (paragraph,) = segment(read_text(line + "\n"))
    assert paragraph.number is None and paragraph.text == line.replace("\t", " ")


def test_a_paragraph_outside_any_section_has_no_item():
    paragraph = Paragraph(position=1, line=1, number=None, text="x", is_heading=False, is_bullet=False, level=0,
                          section=None)
    assert paragraph.item is None
    assert Paragraph(1, 1, "4.2", "x", False, False, 2, "4.2.1").item == "4"


def test_blank_lines_give_no_paragraphs_and_keep_the_line_numbers():
    assert rows("1\tOpening\n\n1.1\tIt opened.\n") == [
        (1, "1", "Opening", True, False, 1, "1"), (3, "1.1", "It opened.", False, False, 2, "1")]
