"""The meeting a report is about: its body, number, dates and place, from the body's sentences and titles or
from the cover header (`itukg.loader.cover`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from . import lexicon
from .cover import Cover
from .dates import ORDINAL, DateError, find_dates, ordinal_value
from .errors import NotAReportError
from .read import Source
from .segment import Paragraph


@dataclass(slots=True)
class Meeting:
    """The meeting a report is about. `start` and `end` are None when neither the body nor the cover dates it;
    `session` is the year of the Council session for a Council plenary meeting (numbered within its session);
    `paragraph` is where its identity was read."""

    body: str
    number: int
    start: date | None
    end: date | None
    place: str | None
    remote: bool
    paragraph: int
    session: int | None = None


_MEETING = re.compile(rf"\b(?P<ordinal>{ORDINAL})\s*(?:\w+\s+)?(?:meeting|session)\s+of\s+(?:the\s+)?(?P<body>[^,.;]+)",
                      re.IGNORECASE)
# What may come before "<ordinal> meeting of X" for it to name the report's own meeting even without a date:
# the start of a sentence, or a title ("SUMMARY OF THE", "Final REPORT ON THE").
_SUBJECT = re.compile(r"(?:^|[.;:]\s+)(?:(?:final\s+)?(?:summary|report|outcome)\s+(?:of|on)\s+)?(?:the\s+)?$",
                      re.IGNORECASE)
_TITLE = re.compile(rf"^(?:(?:final\s+)?(?:summary|report|outcome)\s+(?:of|on)\s+)the\s+(?P<ordinal>{ORDINAL})\s*"
                    r"meeting\b", re.IGNORECASE)
_PLENARY = re.compile(rf"\b(?P<ordinal>{ORDINAL})\s+plenary\s+meeting\b", re.IGNORECASE)
_PLACE = re.compile(r"\bheld\s+(?:at\s+(?:the\s+)?ITU\s+Headquarters(?:,|\s+in)?\s*|in\s+|at\s+)"
                    r"(?P<place>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?)")
# Someone took part remotely: said of the meeting's form or of its participants, never of a subject ("Child Online
# Protection", "the online consultation", "remote areas", "that consultations be held online").
_REMOTE = re.compile(r"\b(?:remote\s+participa\w*|participat\w*\s+(?:\w+\s+)?(?:remotely|online|virtually)"
                     r"|in\s+person\s+(?:and|or)\s+(?:remotely|online|virtually)"
                     r"|(?:took\s+place|was\s+held|were\s+held|convened|met)\s+(?:\w+\s+){0,3}?"
                     r"(?:virtually|online|remotely)"
                     r"|in\s+(?:a\s+)?(?:fully\s+)?(?:hybrid|virtual|online|remote)\s+(?:format|mode|manner|setting)"
                     r"|(?:fully\s+)?(?:virtual|online|hybrid)\s+meeting"
                     r"|video\s*conferenc\w*)\b", re.IGNORECASE)
_REMOTE_WORDS = ("remot", "virtual", "online", "hybrid", "video")


def _mentions_remote(text: str) -> bool:
    """Whether `_REMOTE` can match: a substring test first, a fraction of the pattern's cost on each paragraph."""
    lowered = text.lower()
    return any(word in lowered for word in _REMOTE_WORDS)


# A group named without its name ("the Group", "the Working Group"), or a Council working group by a name the
# lexicon does not hold ("Council Working Group on Languages"); "Council" followed by "working group".
_GROUP = re.compile(r"(?:council\s+)?(?:working\s+)?group(?:\s+on\s|\s*$)")
_GROUP_AFTER = re.compile(r"\s+working\s+group\b")
_SCAN = 30  # the meeting is named in the first paragraphs


def find_meeting(paragraphs: list[Paragraph], source: Source, cover: Cover | None = None) -> Meeting:
    """The meeting the report is about, from the first source that names it, in this order: the title of a
    Council plenary meeting's summary record; a sentence that names it with its date ("The ninth meeting of
    CWG-COP was held on …", a date without a year taking the cover's); a sentence or title that names it
    without a date; the cover's meeting line; a title with the number only ("SUMMARY OF THE 9th MEETING"); the
    cover's own symbol. Dates the body does not give come from the cover when it names the same meeting.
    Raises `NotAReportError` when nothing names a meeting."""
    head = paragraphs[:_SCAN]
    remote = any(_REMOTE.search(p.text) for p in paragraphs if _mentions_remote(p.text))
    year = cover.year if cover else None
    if (plenary := _plenary(head, source, cover)) is not None:
        plenary.remote = remote
        return plenary
    undated: tuple[str, int, int, str | None] | None = None
    numbered: tuple[int, int] | None = None  # a title's number with no body
    for paragraph in head:
        text = paragraph.text
        if numbered is None and (title := _TITLE.match(text)):
            numbered = (ordinal_value(title["ordinal"]), paragraph.position)
        for match in _MEETING.finditer(text):
            body = _meeting_body(text[match.start("body"):], cover)
            if body is None:
                continue
            tail = text[match.end():]
            span = _dates(tail, source, paragraph, year) or _dates(text, source, paragraph, year)
            place = _PLACE.search(tail)
            place = place["place"] if place and not _REMOTE.match(place["place"]) else None
            number = ordinal_value(match["ordinal"])
            if span:
                if span[0] == span[1]:
                    span = (span[0], _closing_day(paragraphs, span[0]))
                return _with_cover_place(Meeting(body, number, span[0], span[1], place, remote, paragraph.position),
                                         cover)
            if undated is None and _SUBJECT.search(text[:match.start()]):
                undated = (body, number, paragraph.position, place)
    if undated is not None:
        body, number, position, place = undated
        return _with_cover_dates(Meeting(body, number, None, None, place, remote, position), cover)
    if cover is not None and cover.body and cover.number:
        return _with_cover_dates(Meeting(cover.body, cover.number, None, None, None, remote,
                                         _paragraph_at(paragraphs, cover.meeting_line)), cover)
    if cover is not None and cover.body and numbered:
        return _with_cover_dates(Meeting(cover.body, numbered[0], None, None, None, remote, numbered[1]), cover)
    raise NotAReportError(
        f"{source.name}: does not look like an ITU meeting report: neither a cover header nor any of its first "
        "paragraphs names the meeting (expected a sentence such as \"The eighteenth meeting of CWG-Internet was held "
        "on 18 October 2023\", or a cover header with a line such as \"Eighteenth meeting – Geneva, 18 October "
        "2023\"), so nothing was loaded."
    )


# "… and closed on Friday, 20 September 2019", "The Chairman … closed the meeting on Tuesday 16 January 2018",
# "15-16 January 2018, ITU Headquarters, Geneva" (a title line under the report's title)
_CLOSED = re.compile(r"\b(?:closed|ended|concluded|adjourned|finished)\b", re.IGNORECASE)
_CLOSING_CUES = ("closed", "ended", "concluded", "adjourned", "finished")
_SPAN_DAYS = 7  # a meeting of the archive lasts a few days: a later date further away is something else


def _closing_day(paragraphs: list[Paragraph], start: date) -> date:
    """The last day of a meeting whose sentence gives only the day it opened: the date it "closed" (or "ended")
    on, or the end of a range opening that day on a title line; else the opening day."""
    for paragraph in paragraphs:
        text = paragraph.text
        if len(text) < 80 and "\t" not in text and (span := _quiet_dates(text, start.year)):
            if span[0] == start and start < span[1] <= start + timedelta(days=_SPAN_DAYS):
                return span[1]
        if not any(cue in text for cue in _CLOSING_CUES):
            continue
        for closed in _CLOSED.finditer(text):
            span = _quiet_dates(text[closed.end(): closed.end() + 80], start.year)
            if span and start < span[0] <= start + timedelta(days=_SPAN_DAYS):
                return span[0]
    return start


def _quiet_dates(text: str, year: int) -> tuple[date, date, str] | None:
    """`find_dates`, with a date not in the calendar read as none (it is not the meeting's own date line)."""
    try:
        return find_dates(text, year=year)
    except DateError:
        return None


def _paragraph_at(paragraphs: list[Paragraph], line: int | None) -> int:
    """The position of the paragraph that holds a line of the file (the first paragraph if unknown)."""
    return next((p.position for p in reversed(paragraphs) if line is not None and p.line <= line), 1)


def _same_meeting(meeting: Meeting, cover: Cover | None) -> bool:
    return cover is not None and cover.body == meeting.body and cover.number in (None, meeting.number)


def _with_cover_dates(meeting: Meeting, cover: Cover | None) -> Meeting:
    """The meeting with the dates and place of the cover's meeting line, when it names the same meeting."""
    if _same_meeting(meeting, cover):
        meeting.start, meeting.end = cover.start, cover.end
    return _with_cover_place(meeting, cover)


def _with_cover_place(meeting: Meeting, cover: Cover | None) -> Meeting:
    """The meeting with the place of the cover's meeting line when the body names none ("Virtual" is no place)."""
    if meeting.place is None and _same_meeting(meeting, cover) and cover.place and not _REMOTE.match(cover.place):
        meeting.place = cover.place
    return meeting


def _plenary(head: list[Paragraph], source: Source, cover: Cover | None) -> Meeting | None:
    """A Council plenary meeting, from its summary record's title ("FIFTH PLENARY MEETING") and the day line
    that follows it; numbered within the session the cover names (else the year of its date)."""
    for index, paragraph in enumerate(head[:15]):
        if len(paragraph.text) > 60 or not (match := _PLENARY.search(paragraph.text)):  # a title, not a sentence
            continue
        session = cover.session.year if cover and cover.session else None
        span = None
        for following in head[index:index + 3]:
            if span := _dates(following.text, source, following, session):
                break
        year = session or (span[0].year if span else None)
        if year is None:
            return None
        start, end = (span[0], span[1]) if span else (None, None)
        place = cover.session.place if cover and cover.session else None
        return Meeting("Council", ordinal_value(match["ordinal"]), start, end, place, False, paragraph.position,
                       session=year)
    return None


def _meeting_body(text: str, cover: Cover | None = None) -> str | None:
    """The body a meeting sentence names: an acronym in parentheses ("… Plan (CWG-SFP)") wins, else the
    longest name of a body found before the first comma or verb. "The Group", "the Working Group" or a
    Council working group by a name the lexicon lacks is the group the cover names (None without one): a
    working group is never "Council" because its name starts with that word."""
    head = re.split(r",|;|\s(?:was|is|were|held|met|took|opened)\s", text, maxsplit=1)[0]
    bodies = lexicon.bodies()
    for acronym in re.findall(r"\(([^()]{2,30})\)", head):
        found = bodies.find(acronym)
        if found and lexicon.normalise(acronym) in bodies.keys:
            return found
    norm = lexicon.normalise(head)
    matches = [m for m in bodies.pattern.finditer(norm) if not _GROUP_AFTER.match(norm, m.end())]
    if matches:
        return bodies.keys[max(matches, key=lambda m: len(m.group(0))).group(0)]
    return cover.body if cover is not None and _GROUP.match(norm) else None


def _dates(text: str, source: Source, paragraph: Paragraph, year: int | None) -> tuple[date, date] | None:
    try:
        span = find_dates(text, year=year)
    except DateError as exc:
        raise NotAReportError(f"{source.name}, line {paragraph.line}: the meeting date {exc}; correct the date "
                              "in the report, then load it again.") from None
    return (span[0], span[1]) if span else None


__all__ = ["Meeting", "ORDINAL", "find_meeting", "ordinal_value"]
