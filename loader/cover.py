"""The cover header every ITU document opens with, read as a source of facts (issue 15, item 2).

A working group's document names its group (on one or two lines, the hyphen of the acronym sometimes lost,
a stray "/" left by the table it is laid out in), the meeting ("Ninth meeting – Geneva, 6-7 February
2017", or "Fifteenth Meeting of the Council Working Group on WSIS (WG-WSIS)" or "Nineteenth Meeting" alone
over a "Geneva, 8-9 February 2010" line), its own symbol ("Document WG-Internet 9/11", "Document: WG-COP/12"),
the issue date and the language line. A Council document names the *session* instead ("Council 2016", the
session's place and dates, "Agenda item: ADM 5"): its dates are not those of the meeting it reports on. See
docs/styles.md.

Pure: the first lines of a source in, a `Cover` out (None when the text has no cover header).

>>> from itukg.loader.read import read_text
>>> cover = read_cover(read_text("Council Working Group on Child Online Protection\\n"
...     "Ninth meeting – Geneva, 23 January 2015\\nDocument CWG-COP-9/12\\n23 January 2015\\nEnglish only\\n"))
>>> cover.body, cover.number, cover.start, cover.symbol, cover.issued, cover.language, cover.language_code
('CWG-COP', 9, datetime.date(2015, 1, 23), 'CWG-COP-9/12', datetime.date(2015, 1, 23), 'English only', 'en')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from . import lexicon
from .dates import MONTH, ORDINAL, DateError, find_dates, ordinal_value
from .read import Source
from .symbols import find_symbols

HEADER_LINES = 20  # a cover header is read from the first lines only

_PAGE = re.compile(r"^(?:-\s*\d+(?:/\d+)?\s*-|\d+/\d+|Page\s+\d+(?:\s+of\s+\d+)?)$", re.IGNORECASE)
_STOP = re.compile(r"^(?:Summary|Purpose|Abstract|Action required|References?|Introduction)$"
                   rf"|^\d{{1,2}}(?:\.\d{{1,3}})*\.?(?:\s|$)(?!\s*{MONTH})|^\d{{1,2}}(?:\.\d{{1,3}})*\.(?=[A-Z])",
                   re.IGNORECASE)
_ITU = re.compile(r"^International\s+Telecommunication\s+Union$", re.IGNORECASE)
_COUNCIL = re.compile(r"^Council[\s-]*(?P<year>\d{4})$", re.IGNORECASE)
# "Ninth meeting – Geneva, 6-7 February 2017", "Third meeting, Geneva, 6-7 February 2013"
_MEETING = re.compile(rf"(?:^|[\s/])(?P<ordinal>{ORDINAL})\s*meeting\s*(?:[–—-]|,)\s*(?P<place>[^,\d]{{2,40}}?),\s*"
                      rf"(?P<dates>[^/]*\d{{4}})\s*/?$", re.IGNORECASE)
_BARE_MEETING = re.compile(rf"^(?P<ordinal>{ORDINAL})\s+meeting\s*[–—-]?$", re.IGNORECASE)  # place, dates below
_LONG_MEETING = re.compile(rf"^(?P<ordinal>{ORDINAL})\s+meeting\s+of\s+(?:the\s+)?(?P<group>.+)$", re.IGNORECASE)
_PLACE_DATES = re.compile(r"^(?P<place>[A-Z][^,\d]{1,40}),\s*(?P<dates>[^/]*\d{4})\s*/?$")
_AGENDA = re.compile(r"^Agenda\s+item:?\s*(?P<code>\S.{0,40})$", re.IGNORECASE)
_DOCUMENT = re.compile(r"^(?:(?:Revision|Addendum|Corrigendum)\s+\d{1,2}\s+to\s+)?Document:?\s+\S.{0,60}$",
                       re.IGNORECASE)
_DOCUMENT_WORD = re.compile(r"^Document:?\s+", re.IGNORECASE)
_REVISION = re.compile(r"^\(?Rev(?:ision)?\.?\s*(?P<k>\d{1,2})\)?$", re.IGNORECASE)
_ISSUED = re.compile(rf"^(?:Date:\s*)?(?P<date>\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH}\s+\d{{4}})$", re.IGNORECASE)
_LANGUAGES = {"english": "en", "french": "fr", "spanish": "es", "arabic": "ar", "chinese": "zh", "russian": "ru"}
_LANGUAGE = re.compile(r"^(?:Original:\s*(?P<original>[A-Za-z]+)(?:\s+only)?|(?P<only>[A-Za-z]+)\s+only)$",
                       re.IGNORECASE)
_FIELD = re.compile(r"^(?:SOURCE|TITLE|For)\s*[:\s]", re.IGNORECASE)
_SQUASH = re.compile(r"[^a-z0-9&]")


@dataclass(frozen=True, slots=True)
class Session:
    """A Council session as a Council document's cover names it ("Council 2016", Geneva, 25 May-2 June)."""

    year: int
    start: date | None
    end: date | None
    place: str | None

    @property
    def name(self) -> str:
        return f"Council {self.year}"


@dataclass(frozen=True, slots=True)
class Cover:
    """What a cover header says. `body`, `number`, `start`, `end` and `place` are the meeting the cover
    names (a working group's document); `session` and `agenda_item` a Council document's. `symbol` is the
    document's own symbol, canonical, as `written` on the cover. `lines` counts the header's lines,
    `meeting_line` is the line number (in the file) of the meeting line, and `problems` says what the cover
    writes that could not be read (an impossible date)."""

    lines: int
    body: str | None = None
    number: int | None = None
    start: date | None = None
    end: date | None = None
    place: str | None = None
    meeting_line: int | None = None
    symbol: str | None = None
    written: str | None = None
    issued: date | None = None
    language: str | None = None
    session: Session | None = None
    agenda_item: str | None = None
    problems: tuple[str, ...] = field(default=())

    @property
    def language_code(self) -> str | None:
        """ISO 639-1 code of the language the language line names ("Original: French" → "fr")."""
        word = re.search(r"[A-Za-z]+(?=(?:\s+only)?$)", self.language or "")
        return _LANGUAGES.get(word.group(0).lower()) if word else None

    @property
    def year(self) -> int | None:
        """The year the cover places the document in, for dates that the body writes without one."""
        for day in (self.start, self.session.start if self.session else None, self.issued):
            if day:
                return day.year
        return self.session.year if self.session else None


_VIRTUAL = re.compile(r"^(?:fully\s+)?(?:virtual|online)(?:\s+meeting)?$", re.IGNORECASE)


def _place(text: str) -> str:
    """A cover's place as the oracles write it: "Virtual meeting" and "Online" are "Virtual"."""
    text = text.strip()
    return "Virtual" if _VIRTUAL.match(text) else text


def read_cover(source: Source) -> Cover | None:
    """The cover header of a source, or None when its first lines have no meeting line, no symbol line and
    no Council session line."""
    found: dict = {}
    group: list[str] = []
    problems: list[str] = []
    pending_meeting = False  # a long-form meeting line waits for its place and dates on the next line
    lines = 0
    for index, line in enumerate(source.lines[:HEADER_LINES]):
        text = " ".join(line.text.split())
        position = index + 1
        after_long_meeting, pending_meeting = pending_meeting, False
        if _STOP.match(text):
            break
        lines = position
        if _PAGE.match(text) or _ITU.match(text) or _FIELD.match(text):
            continue

        def dates(raw: str, what: str) -> tuple[date | None, date | None]:
            try:
                span = find_dates(raw)
            except DateError as exc:
                problems.append(f"the cover's {what} {exc} (line {line.number})")
                return None, None
            return (span[0], span[1]) if span else (None, None)

        if (council := _COUNCIL.match(text)) and "session" not in found:
            found["session"] = Session(int(council["year"]), None, None, None)
        elif (meeting := _MEETING.search(text)) and "number" not in found:
            before = text[:meeting.start("ordinal")].strip(" /")
            if before:
                group.append(before)
            found.update(number=ordinal_value(meeting["ordinal"]), place=_place(meeting["place"]),
                         meeting_line=line.number)
            found["start"], found["end"] = dates(meeting["dates"], "meeting dates")
        elif (long := _LONG_MEETING.match(text)) and "number" not in found:
            group.append(long["group"])
            found.update(number=ordinal_value(long["ordinal"]), meeting_line=line.number)
            pending_meeting = True
        elif (bare := _BARE_MEETING.match(text)) and "number" not in found:
            found.update(number=ordinal_value(bare["ordinal"]), meeting_line=line.number)
            pending_meeting = True
        elif place_dates := _PLACE_DATES.match(text):
            start, end = dates(place_dates["dates"], "dates")
            place = place_dates["place"].strip()
            if after_long_meeting:
                found.update(start=start, end=end, place=place)
            elif "session" in found and found["session"].start is None:
                found["session"] = Session(found["session"].year, start, end, place)
        elif (agenda := _AGENDA.match(text)) and "agenda_item" not in found:
            found["agenda_item"] = agenda["code"].strip()
        elif _DOCUMENT.match(text) and "written" not in found:
            found["written"] = _DOCUMENT_WORD.sub("", text)
        elif _REVISION.match(text) and "written" in found and "Rev" not in found["written"]:
            found["written"] += " Rev. " + _REVISION.match(text)["k"]  # the revision on a line of its own
        elif (issued := _ISSUED.match(text)) and "issued" not in found:
            found["issued"] = dates(issued["date"], "issue date")[0]
        elif (language := _LANGUAGE.match(text)) and "language" not in found:
            if (language["original"] or language["only"]).lower() in _LANGUAGES:
                found["language"] = text
        elif "written" not in found and "number" not in found and "session" not in found:
            group.append(text)  # the group's name, before the fields
    if not ({"number", "written", "session"} & found.keys()):
        return None
    council = "session" in found
    body, number = (None, None) if council else (_group_body(" ".join(group)), found.get("number"))
    written = found.get("written", "")
    symbols = find_symbols(written) or (find_symbols(written, context=(body, number)) if body and number else [])
    symbol = symbols[0] if symbols else None
    if symbol and not symbol.is_council:  # the symbol names the group more surely than its name does
        body, number = symbol.body, number or symbol.meeting
    place = found.get("place") or (found["session"].place if council else None)
    return Cover(lines=lines, body=body, number=number, start=found.get("start"), end=found.get("end"),
                 place=place, meeting_line=found.get("meeting_line"), symbol=str(symbol) if symbol else None,
                 written=found.get("written"), issued=found.get("issued"), language=found.get("language"),
                 session=found.get("session"), agenda_item=found.get("agenda_item"), problems=tuple(problems))


def _group_body(text: str) -> str | None:
    """The body a cover's group lines name, also with the hyphens and spaces lost ("(CWGInternet)")."""
    if not text:
        return None
    bodies = lexicon.bodies()
    matches = list(bodies.pattern.finditer(lexicon.normalise(text)))
    if matches:
        return bodies.keys[max(matches, key=lambda m: len(m.group(0))).group(0)]
    squashed = _SQUASH.sub("", lexicon.normalise(text))
    found = [(len(key), body) for key, body in _squashed_bodies().items() if len(key) > 5 and key in squashed]
    return max(found)[1] if found else None


_SQUASHED: dict[str, str] = {}


def _squashed_bodies() -> dict[str, str]:
    if not _SQUASHED:
        _SQUASHED.update({_SQUASH.sub("", name): body for name, body in lexicon.bodies().keys.items()})
    return _SQUASHED


__all__ = ["Cover", "Session", "read_cover"]
