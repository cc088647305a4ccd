"""The meeting a report is about: its body, number, dates and place."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from . import lexicon
from .errors import NotAReportError
from .read import Source
from .segment import Paragraph


@dataclass(slots=True)
class Meeting:
    body: str
    number: int
    start: date
    end: date
    place: str | None
    remote: bool
    paragraph: int



_UNITS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
          "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
          "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90}
_TENSORDINAL = {"twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60,
                 "seventieth": 70, "eightieth": 80, "ninetieth": 90}
ORDINAL = (r"(?:\d{1,4}(?:st|nd|rd|th)|(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[\s-]?)?"
            r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|tenth|eleventh|twelfth|"
            r"(?:thir|four|fif|six|seven|eigh|nine)teenth|twentieth|thirtieth|fortieth|fiftieth|sixtieth|"
            r"seventieth|eightieth|ninetieth)")
_MEETING = re.compile(rf"\b(?P<ordinal>{ORDINAL})\s+(?:\w+\s+)?(?:meeting|session)\s+of\s+(?:the\s+)?(?P<body>[^,.;]+)",
                      re.IGNORECASE)
_MONTHS = {m: i for i, m in enumerate(("january", "february", "march", "april", "may", "june", "july", "august",
                                       "september", "october", "november", "december"), start=1)}
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_DATE_RANGE = re.compile(
    rf"\b(?P<d1>\d{{1,2}})(?:\s+(?P<m1>{_MONTH}))?(?:\s+(?P<y1>\d{{4}}))?\s*(?:to|until|-|–|and)\s*"
    rf"(?P<d2>\d{{1,2}})\s+(?P<m2>{_MONTH})\s+(?P<y2>\d{{4}})\b"
    rf"|\b(?P<d>\d{{1,2}})\s+(?P<m>{_MONTH}),?\s+(?P<y>\d{{4}})\b"
    rf"|\b(?P<um>{_MONTH})\s+(?P<ud>\d{{1,2}}),\s+(?P<uy>\d{{4}})\b",
    re.IGNORECASE,
)
_PLACE = re.compile(r"\bheld\s+(?:at\s+(?:the\s+)?ITU\s+Headquarters(?:,|\s+in)?\s*|in\s+|at\s+)"
                    r"(?P<place>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?)")
_REMOTE = re.compile(r"\b(?:remote(?:ly)?|virtual(?:ly)?|online|hybrid|videoconference)\b", re.IGNORECASE)


def ordinal_value(word: str) -> int:
    """The number an ordinal names.

    >>> ordinal_value("forty-first"), ordinal_value("18th"), ordinal_value("twentieth")
    (41, 18, 20)
    """
    word = word.lower().replace(" ", "-")
    if word[0].isdigit():
        return int(re.match(r"\d+", word).group(0))
    if word in _TENSORDINAL:
        return _TENSORDINAL[word]
    if "-" in word:
        tens, unit = word.split("-", 1)
        return _TENS[tens] + _UNITS[unit]
    for tens, value in _TENS.items():
        if word.startswith(tens) and word[len(tens):] in _UNITS:
            return value + _UNITS[word[len(tens):]]
    return _UNITS[word]


def find_meeting(paragraphs: list[Paragraph], source: Source) -> Meeting:
    """The meeting the report is about, from the first paragraphs that name it with a date."""
    for paragraph in paragraphs[:30]:
        for match in _MEETING.finditer(paragraph.text):
            body = _meeting_body(paragraph.text[match.start("body"):])
            if body is None:
                continue
            tail = paragraph.text[match.end():]
            dates = _DATE_RANGE.search(tail) or _DATE_RANGE.search(paragraph.text)
            if not dates:
                continue
            start, end = _dates(dates)
            place = _PLACE.search(tail)
            text = " ".join(p.text for p in paragraphs)
            return Meeting(body=body, number=ordinal_value(match["ordinal"]), start=start, end=end,
                           place=place["place"] if place and not _REMOTE.match(place["place"]) else None,
                           remote=bool(_REMOTE.search(text)), paragraph=paragraph.position)
    raise NotAReportError(
        f"{source.name}: does not look like an ITU meeting report: none of its first paragraphs names the "
        "meeting with its date (expected a sentence such as \"The eighteenth meeting of CWG-Internet was held on "
        "18 October 2023\"), so nothing was loaded."
    )


def _meeting_body(text: str) -> str | None:
    """The body a meeting sentence names: an acronym in parentheses ("… Plan (CWG-SFP)") wins, else the
    longest name of a body found before the first comma or verb."""
    head = re.split(r",|\s(?:was|is|were|held)\s", text, maxsplit=1)[0]
    bodies = lexicon.bodies()
    for acronym in re.findall(r"\(([^()]{2,30})\)", head):
        found = bodies.find(acronym)
        if found and lexicon.normalise(acronym) in bodies.keys:
            return found
    matches = list(bodies.pattern.finditer(lexicon.normalise(head)))
    return bodies.keys[max(matches, key=lambda m: len(m.group(0))).group(0)] if matches else None


def _dates(match: re.Match) -> tuple[date, date]:
    try:
        if match["d"]:
            day = date(int(match["y"]), _MONTHS[match["m"].lower()], int(match["d"]))
            return day, day
        if match["um"]:
            day = date(int(match["uy"]), _MONTHS[match["um"].lower()], int(match["ud"]))
            return day, day
        end = date(int(match["y2"]), _MONTHS[match["m2"].lower()], int(match["d2"]))
        month = _MONTHS[match["m1"].lower()] if match["m1"] else end.month
        year = int(match["y1"]) if match["y1"] else (end.year if month <= end.month else end.year - 1)
        return date(year, month, int(match["d1"])), end
    except ValueError as exc:
        raise NotAReportError(f"the meeting date \"{match.group(0)}\" is not a valid date ({exc}).") from None


__all__ = ["Meeting", "ORDINAL", "find_meeting", "ordinal_value"]
