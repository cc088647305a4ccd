"""Segmenting a report's lines into paragraphs and the sections (agenda items) they belong to.

House style: numbered headings ("2.\\tCWG-Internet-18/1: Agenda of the meeting", "5.1.1\\tCWG-…: Contribution
by …"), numbered paragraphs ("4.1\\tThis report summarizes …"), unnumbered paragraphs and bullets ("· …")
under the last heading, a preface ("Purpose", "Action required") and a signature line at the end.
The archive's other styles add: numbers glued to the text ("1.1.On behalf", "5.Open Consultations"), a
number alone on its line with the text on the next, headings whose number was lost and replaced by a
dash ("- WG-Internet 9/1: Agenda", known from the "2.1" that follows), and tab-separated tables (a summary
record's "Subjects discussed / Documents") whose numbered rows are not sections.

>>> from itukg.loader.read import read_text
>>> paragraphs = segment(read_text("1\\tIntroduction\\n1.1\\tThe meeting was held.\\n2.\\tAgenda\\nIt was adopted.\\n"))
>>> [(p.number, p.is_heading, p.section) for p in paragraphs]
[('1', True, '1'), ('1.1', False, '1'), ('2', True, '2'), (None, False, '2')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .read import Source

_NUMBERED = re.compile(
    r"^\s*(?P<number>\d{1,2}(?:\.\d{1,3}){0,4})(?P<dot>\.?)(?P<sep>\t|\s+|(?<=\.)(?=[A-Z]))(?P<text>\S.*)$"
)
_NUMBER_ALONE = re.compile(r"^\s*(?P<number>\d{1,2}(?:\.\d{1,3}){0,4}\.?)\s*$")
_DASH_ALONE = re.compile(r"^\s*[-–—·•]\s*$")
_DASH_HEADING = re.compile(r"^\s*[-–—]\s+(?P<text>\S.*)$")
_FIRST_SUBSECTION = re.compile(r"^\s*(?P<item>\d{1,2})\.1\b")
_BULLET = re.compile(r"^\s*(?:[·•▪◦‣∙●○■□➢►\-–—*]|\(?[a-z]\)|\(?[ivx]{1,4}\))\s+(?P<text>\S.*)$")
_TERMINAL = re.compile(r"[.;!?]['\"”’)]*\s*$")


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph of a report. `section` is the number of the deepest heading it falls under."""

    position: int
    line: int
    number: str | None
    text: str
    is_heading: bool
    is_bullet: bool
    level: int
    section: str | None

    @property
    def item(self) -> str | None:
        """The number of the agenda item (top-level section) the paragraph belongs to."""
        return self.section.split(".")[0] if self.section else None


def _joined(source: Source) -> list[tuple[int, str]]:
    """The source's (line number, text), a number or a dash alone on its line joined to the next line."""
    lines = [(line.number, line.text) for line in source.lines]
    out: list[tuple[int, str]] = []
    index = 0
    while index < len(lines):
        number, text = lines[index]
        if index + 1 < len(lines) and (_NUMBER_ALONE.match(text) or _DASH_ALONE.match(text)):
            following = lines[index + 1][1]
            if following.strip() and not _NUMBER_ALONE.match(following) and not _NUMBERED.match(following):
                out.append((number, f"{text.strip()}\t{following.strip()}"))
                index += 2
                continue
        out.append((number, text))
        index += 1
    return out


def segment(source: Source) -> list[Paragraph]:
    """Turn a source's lines into paragraphs with their headings and sections."""
    paragraphs: list[Paragraph] = []
    open_sections: list[str] = []  # stack of heading numbers
    seen_numbered_heading = False
    lines = _joined(source)
    for index, (line_number, line_text) in enumerate(lines):
        text = line_text.strip()
        number: str | None = None
        is_bullet = False
        inferred: str | None = None  # the number of a heading that lost it, from the paragraph after it
        match = _NUMBERED.match(line_text)
        if match and "\t" in match["text"].strip():
            match = None  # a numbered row of a table, not a section
            text = text.replace("\t", " ")
        if match and _plausible_number(match):
            number = match["number"]
            text = match["text"].strip()
        elif (dash := _DASH_HEADING.match(line_text)) and (inferred := _lost_number(dash["text"], lines, index)):
            text = dash["text"].strip()
        elif (bullet := _BULLET.match(line_text)) is not None:
            is_bullet = True
            text = bullet["text"].strip()
        text = re.sub(r"\s+", " ", text)
        if inferred is not None:
            seen_numbered_heading = True
            open_sections = [inferred]
            paragraphs.append(Paragraph(
                position=len(paragraphs) + 1, line=line_number, number=None, text=text,
                is_heading=True, is_bullet=False, level=1, section=inferred,
            ))
            continue
        if number is not None:
            level = number.count(".") + 1
            heading = level == 1 or _looks_like_heading(text)
            if heading:
                seen_numbered_heading = True
                while open_sections and not _is_ancestor(open_sections[-1], number):
                    open_sections.pop()
                open_sections.append(number)
                section = number
            else:
                parent = number.rsplit(".", 1)[0]
                while open_sections and not (_is_ancestor(open_sections[-1], number)):
                    open_sections.pop()
                section = open_sections[-1] if open_sections else parent
        else:
            level = len(open_sections[-1].split(".")) + 1 if open_sections else 0
            heading = (not seen_numbered_heading and not is_bullet and len(text) < 60
                       and not _TERMINAL.search(text) and text[:1].isupper())
            section = open_sections[-1] if open_sections else None
        paragraphs.append(Paragraph(
            position=len(paragraphs) + 1, line=line_number, number=number, text=text,
            is_heading=heading, is_bullet=is_bullet, level=level, section=section,
        ))
    return paragraphs


def _lost_number(text: str, lines: list[tuple[int, str]], index: int) -> str | None:
    """The item number of a dash heading ("- WG-Internet 9/1: Agenda of the meeting") whose next line is
    numbered "<n>.1", else None (a dash bullet)."""
    if not _looks_like_heading(text) or index + 1 >= len(lines):
        return None
    following = _FIRST_SUBSECTION.match(lines[index + 1][1])
    return following["item"] if following else None


def _plausible_number(match: re.Match) -> bool:
    """A leading number is a paragraph number, not the start of a sentence ("2023 was …")."""
    number, text = match["number"], match["text"]
    if "." not in number and not match["dot"] and match["sep"] != "\t":
        # "6 Summary …" (space only) is a heading only if the text starts like one
        return text[:1].isupper() and int(number) <= 40 and not re.match(
            r"(January|February|March|April|May|June|July|August|September|October|November|December)\b", text)
    return int(number.split(".")[0]) <= 60


def _looks_like_heading(text: str) -> bool:
    return len(text) < 300 and not _TERMINAL.search(text) and not text.rstrip().endswith(":")


def _is_ancestor(section: str, number: str) -> bool:
    return number.startswith(section + ".") and number != section


__all__ = ["Paragraph", "segment"]
