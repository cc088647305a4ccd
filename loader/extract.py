"""Extracting typed records from a segmented report: the meeting, its agenda items, the people in
roles, the documents and what each paragraph claims about them, resolution citations, proposed
topics with their questions, and decisions. Records carry the position of the paragraph they were
read from; nothing here knows about RDF.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from . import lexicon
from .errors import NotAReportError
from .read import Source
from .refs import Reference, find_references
from .segment import Paragraph, segment

# ---------------------------------------------------------------------------------------------- records


@dataclass(frozen=True, slots=True)
class Symbol:
    """A document symbol: CWG-Internet-18/1(Rev.1) is Symbol("CWG-Internet", 18, 1, 1)."""

    body: str
    meeting: int
    number: int
    revision: int | None = None

    def __str__(self) -> str:
        return f"{self.body}-{self.meeting}/{self.number}" + (f"(Rev.{self.revision})" if self.revision else "")

    @property
    def original(self) -> "Symbol":
        return Symbol(self.body, self.meeting, self.number)


@dataclass(slots=True)
class Meeting:
    body: str
    number: int
    start: date
    end: date
    place: str | None
    remote: bool
    paragraph: int


@dataclass(slots=True)
class AgendaItem:
    number: str
    title: str
    paragraph: int
    documents: list[Symbol] = field(default_factory=list)


@dataclass(slots=True)
class Claim:
    """What one paragraph says about one document."""

    symbol: Symbol
    kind: str
    title: str | None
    submitters: list[str]
    unresolved: list[str]
    paragraph: int
    reports_on: int | None = None  # for a meeting report: the number of the meeting it reports on


@dataclass(slots=True)
class Role:
    name: str
    honorific: str | None
    role: str
    region: str | None
    state: str | None
    remote: bool
    paragraph: int


@dataclass(slots=True)
class Citation:
    reference: Reference
    body: str | None
    basis: str
    paragraph: int
    index: int


@dataclass(slots=True)
class Topic:
    title: str
    symbol: Symbol | None
    questions: list[str]
    paragraph: int


@dataclass(slots=True)
class Decision:
    """An outcome about a subject: ("document", symbol), ("item", number) or ("report", None)."""

    subject_kind: str
    subject: Symbol | str | None
    outcome: str
    paragraph: int


@dataclass(slots=True)
class Extraction:
    source: Source
    paragraphs: list[Paragraph]
    meeting: Meeting
    items: list[AgendaItem]
    about: dict[int, Symbol]
    mentions: dict[int, list[Symbol]]
    claims: list[Claim]
    roles: list[Role]
    citations: list[Citation]
    topics: list[Topic]
    decisions: list[Decision]


# ---------------------------------------------------------------------------------------------- entry


def extract_report(source: Source) -> Extraction:
    """Read every record a report states. Raises `NotAReportError` when no meeting is named."""
    paragraphs = segment(source)
    meeting = find_meeting(paragraphs, source)
    mentions = {p.position: find_symbols(p.text) for p in paragraphs}
    mentions = {k: v for k, v in mentions.items() if v}
    about = _documents_by_section(paragraphs)
    items = _agenda_items(paragraphs, mentions, about)
    claims = _claims(paragraphs, about)
    for claim in claims:
        if claim.kind == "meeting-report":
            text = claim.title or paragraphs[claim.paragraph - 1].text
            claim.reports_on = _reports_on(text, claim.symbol.meeting)
    roles = _roles(paragraphs)
    citations = _citations(paragraphs)
    topics = _topics(paragraphs, about)
    decisions = _decisions(paragraphs, about, mentions, items, claims, meeting)
    return Extraction(source, paragraphs, meeting, items, about, mentions, claims, roles, citations, topics,
                      decisions)


# ---------------------------------------------------------------------------------------------- meeting

_UNITS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
          "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
          "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90}
_TENS_ORDINAL = {"twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60,
                 "seventieth": 70, "eightieth": 80, "ninetieth": 90}
_ORDINAL = (r"(?:\d{1,4}(?:st|nd|rd|th)|(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[\s-]?)?"
            r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|tenth|eleventh|twelfth|"
            r"(?:thir|four|fif|six|seven|eigh|nine)teenth|twentieth|thirtieth|fortieth|fiftieth|sixtieth|"
            r"seventieth|eightieth|ninetieth)")
_MEETING = re.compile(rf"\b(?P<ordinal>{_ORDINAL})\s+(?:\w+\s+)?(?:meeting|session)\s+of\s+(?:the\s+)?(?P<body>[^,.;]+)",
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
    if word in _TENS_ORDINAL:
        return _TENS_ORDINAL[word]
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


# ---------------------------------------------------------------------------------------------- documents


def _symbol_pattern() -> re.Pattern:
    acronyms = sorted(lexicon.working_group_acronyms(), key=len, reverse=True)
    names = "|".join(re.escape(a).replace("&", r"\s*&\s*") for a in acronyms)
    return re.compile(
        rf"(?<![\w/])(?P<body>{names}|CWG-[A-Za-z]+(?:\s*&\s*[A-Za-z]+)?)[\s-]?(?P<meeting>\d{{1,4}})/(?P<number>\d{{1,3}})"
        r"(?:\s*\(\s*Rev\.?\s*(?P<rev>\d{1,2})\s*\))?(?![\d/])",
        re.IGNORECASE,
    )


_SYMBOLS: re.Pattern | None = None


def find_symbols(text: str) -> list[Symbol]:
    """Every document symbol in the text, canonical.

    >>> [str(s) for s in find_symbols("the Agenda (CWG-Internet-18/1(Rev.1)) and CWG-Internet 18/4")]
    ['CWG-Internet-18/1(Rev.1)', 'CWG-Internet-18/4']
    """
    return [_symbol(match) for match in _symbol_matches(text)]


def _symbol_matches(text: str) -> list[re.Match]:
    global _SYMBOLS
    if _SYMBOLS is None:
        _SYMBOLS = _symbol_pattern()
    return list(_SYMBOLS.finditer(text))


def _symbol(match: re.Match) -> Symbol:
    raw = re.sub(r"\s+", "", match["body"])
    body = lexicon.bodies().find(raw) or raw
    return Symbol(body, int(match["meeting"]), int(match["number"]), int(match["rev"]) if match["rev"] else None)


def _documents_by_section(paragraphs: list[Paragraph]) -> dict[int, Symbol]:
    """Paragraph position → the one document whose section holds it (from the nearest heading naming one)."""
    section_doc: dict[str, Symbol | None] = {}
    about: dict[int, Symbol] = {}
    for p in paragraphs:
        if p.is_heading and p.number:
            symbols = find_symbols(p.text)
            own = symbols[0] if len(symbols) == 1 else None
            parent = p.number.rsplit(".", 1)[0] if "." in p.number else None
            section_doc[p.number] = own or (section_doc.get(parent) if parent and not symbols else None)
        doc = section_doc.get(p.section) if p.section else None
        if doc is not None:
            about[p.position] = doc
    return about


_KINDS: tuple[tuple[str, re.Pattern], ...] = (
    ("contribution", re.compile(r"^(?:joint\s+)?(?:contribution|proposal|submission)s?\s+(?:by|from|of)\s+(?P<states>.+)$", re.I)),
    ("secretariat-report", re.compile(r"\bsecretariat(?:'s|’s)?\s+report\b|\breport\s+(?:by|of|from)\s+the\s+(?:ITU\s+)?secretariat\b|\breport\s+of\s+the\s+secretary-general\b", re.I)),
    ("agenda", re.compile(r"^(?:draft\s+|revised\s+)?agenda\b", re.I)),
    ("meeting-report", re.compile(r"^(?:draft\s+)?(?:summary(?:\s+of\s+(?:the\s+)?discussions)?|report)\s+of\s+(?:the\s+|its\s+)?\w+(?:[\s-]\w+)?\s+meeting\b|^(?:draft\s+)?meeting\s+report\b", re.I)),
    ("chair-report", re.compile(r"\bchair(?:man)?(?:'s|’s)?\s+report\b|\breport\s+(?:by|of)\s+the\s+chair", re.I)),
)
_CLAIM = re.compile(r"^(?:Document\s+)?(?P<symbol>\S.*?)\s*(?::|–|—|-)\s+(?P<rest>.+)$")
_INLINE_CONTRIBUTION = re.compile(r"^\s*(?:\)\s*)?(?:,|:|–|—|-)?\s*(?:a\s+|the\s+)?(?:joint\s+)?contribution\s+(?:by|from)\s+(?P<states>[^.;:]+)", re.I)
# What the words just before a symbol say it is: "the agenda (Document X)", "her draft report to the
# Council (X)", "a contribution to that meeting (Document X)", "Report by the Secretariat on … (X)".
_LEAD_OUT = r"[^.;()]{0,50}?[\s,]*(?:\(\s*)?(?:(?:contained|presented|issued|reproduced)\s+)?(?:in\s+|see\s+)?(?:Documents?\s+|Doc\.\s*)?$"
_INLINE_KINDS: tuple[tuple[str, re.Pattern], ...] = (
    ("secretariat-report", re.compile(r"(?:\breport\s+(?:by|of|from)\s+the\s+(?:ITU\s+)?secretariat|\bsecretariat(?:'s|’s)?\s+report)[^.;()]{0,150}?[\s,]*\(\s*(?:Documents?\s+|Doc\.\s*)?$|\bsecretariat(?:'s|’s)?\s+report" + _LEAD_OUT, re.I)),
    ("agenda", re.compile(r"\b(?:the|draft|revised|provisional|annotated|an?)\s+agenda(?:\s+of\s+the\s+meeting)?" + _LEAD_OUT, re.I)),
    ("chair-report", re.compile(r"(?:(?:\bchair(?:man)?(?:'s|’s)|\b(?:his|her))\s+(?:draft\s+)?report|\breport\s+(?:of|by)\s+the\s+chair(?:man|person)?\b)" + _LEAD_OUT, re.I)),
    ("meeting-report", re.compile(r"\b(?:summary(?:\s+of\s+(?:the\s+)?discussions)?|report)\s+of\s+(?:the\s+|its\s+)?(?:\w+(?:[\s-]\w+)?\s+)?meeting" + _LEAD_OUT, re.I)),
    ("contribution", re.compile(r"\bcontributions?(?:\s+(?:by|from)\s+(?P<states>(?:[^.;()]|\((?!\s*(?:Documents?|Doc\.)\s)[^()]*\)){3,300}))?" + _LEAD_OUT, re.I)),
)
_CONTRIBUTIONS_LIST = re.compile(r"\bcontributions\b", re.I)


_REPORTS_ON = re.compile(rf"\b(?:of|on)\s+(?:the\s+|its\s+)?(?P<ordinal>{_ORDINAL}|previous|last)\s+meeting\b", re.I)


def _reports_on(text: str, meeting: int) -> int | None:
    """The meeting a meeting report reports on ("Draft report of the eighteenth meeting" → 18)."""
    found = _REPORTS_ON.search(text)
    if not found:
        return None
    word = found["ordinal"].lower()
    return meeting - 1 if word in ("previous", "last") else ordinal_value(word)


def _classify(rest: str) -> tuple[str, str | None, list[str], list[str]]:
    rest = rest.strip().rstrip(" .")
    for kind, pattern in _KINDS:
        match = pattern.search(rest)
        if match:
            if kind == "contribution":
                states, unresolved = lexicon.member_states().match(match["states"])
                return kind, rest, states, unresolved
            return kind, rest, [], []
    return "document", rest, [], []


def _claims(paragraphs: list[Paragraph], about: dict[int, Symbol]) -> list[Claim]:
    claims: list[Claim] = []
    for p in paragraphs:
        matches = _symbol_matches(p.text)
        if not matches:
            continue
        if p.is_heading:
            first = matches[0]
            head = _CLAIM.match(p.text[first.start():])
            if len(matches) == 1 and first.start() <= len("Document ") and head:
                kind, title, states, unresolved = _classify(p.text[first.end():].lstrip(" :–—-\t"))
                claims.append(Claim(_symbol(first), kind, title, states, unresolved, p.position))
                continue
            if len(matches) > 1 and _CONTRIBUTIONS_LIST.search(p.text[: first.start()]):
                claims.extend(Claim(_symbol(m), "contribution", None, [], [], p.position) for m in matches)
                continue
        previous_end = 0
        for match in matches:
            before = p.text[max(previous_end, match.start() - 500): match.start()]
            before = re.split(r"(?<=[.;])\s", before)[-1]
            previous_end = match.end()
            claim = _inline_claim(_symbol(match), before, p.text[match.end():], p.position, heading=p.is_heading)
            if claim is not None:
                claims.append(claim)
    return claims


def _inline_claim(symbol: Symbol, before: str, after: str, position: int, *, heading: bool) -> Claim | None:
    """A claim read from the words around a symbol in running text (or at the end of a heading)."""
    for kind, pattern in _INLINE_KINDS:
        found = pattern.search(before)
        if found is None:
            continue
        states: list[str] = []
        unresolved: list[str] = []
        if kind == "contribution" and found.groupdict().get("states"):
            states, unresolved = lexicon.member_states().match(found["states"])
        title = before[: before.rfind("(")].strip(" ,:–—-") if heading and "(" in before else None
        return Claim(symbol, kind, title or None, states, unresolved if states else [], position)
    inline = _INLINE_CONTRIBUTION.match(after)
    if inline is not None:
        states, _ = lexicon.member_states().match(inline["states"])
        if states:
            return Claim(symbol, "contribution", None, states, [], position)
    return None


def _agenda_items(paragraphs: list[Paragraph], mentions: dict[int, list[Symbol]],
                  about: dict[int, Symbol]) -> list[AgendaItem]:
    items: dict[str, AgendaItem] = {}
    for p in paragraphs:
        if p.is_heading and p.number and "." not in p.number:
            items[p.number] = AgendaItem(p.number, p.text, p.position)
        item = items.get(p.item) if p.item else None
        if item is None:
            continue
        symbols = list(mentions.get(p.position, [])) if p.is_heading else []
        if p.position in about:
            symbols.append(about[p.position])
        for symbol in symbols:
            if symbol not in item.documents:
                item.documents.append(symbol)
    return list(items.values())


# ---------------------------------------------------------------------------------------------- people

_HONORIFIC = r"(?P<honorific>Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|H\.\s?E|Ambassador|Amb|Eng|Sir|Dame)\.?"
_NAME_WORD = r"[A-ZÀ-ÖØ-Þ][\w’'.-]*"
_PARTICLE = r"(?:de|da|do|dos|das|del|della|di|du|van|von|der|den|la|le|bin|binti|ibn|al|el|Al|El|y)"
_PERSON = re.compile(
    rf"\b{_HONORIFIC}\s+(?P<name>{_NAME_WORD}(?:[\s-]+(?:{_PARTICLE}[\s-]+)*{_NAME_WORD}){{0,4}})"
)
_NOT_NAME = {"ITU", "Chair", "Vice", "Acting", "Secretary", "Deputy", "Director", "The", "Council", "CWG",
             "Group", "Member", "States", "Chairman", "Vice-Chair", "Co-Chair"}

_ROLES: tuple[tuple[str, str], ...] = (
    ("acting-chair", r"acting\s+chair(?:man|person|woman)?|chair(?:man|person)?\s+a\.\s?i\.|interim\s+chair(?:man|person)?"),
    ("vice-chair", r"vice[\s-]*chair(?:man|person|woman)?s?"),
    ("co-chair", r"co[\s-]*chair(?:man|person|woman)?s?"),
    ("deputy-secretary-general", r"deputy\s+secretary[\s-]+general"),
    ("secretary-general", r"secretary[\s-]+general"),
    ("tsb-director", r"director\s+of\s+(?:the\s+)?(?:ITU\s+)?telecommunication\s+standardi[sz]ation\s+bureau(?:\s*\(TSB\))?|TSB\s+director|director\s+of\s+(?:the\s+)?TSB|director,?\s+TSB"),
    ("bdt-director", r"director\s+of\s+(?:the\s+)?(?:ITU\s+)?telecommunication\s+development\s+bureau(?:\s*\(BDT\))?|BDT\s+director|director\s+of\s+(?:the\s+)?BDT|director,?\s+BDT"),
    ("br-director", r"director\s+of\s+(?:the\s+)?(?:ITU\s+)?radiocommunication\s+bureau(?:\s*\(BR\))?|BR\s+director|director\s+of\s+(?:the\s+)?BR|director,?\s+BR"),
    ("chair", r"chair(?:man|person|woman)?"),
    ("secretary", r"secretary"),
)
_ROLE = re.compile(r"\b(?:" + "|".join(f"(?P<{key.replace('-', '_')}>{rx})" for key, rx in _ROLES) + r")\b",
                   re.IGNORECASE)
_GAP = re.compile(r"^(?:[\s,:()\-–—]|\bof\b|\bfor\b|\bthe\b|\bITU\b|\bgroup\b|\bregion\b|\bon\b|\bbehalf\b)*$",
                  re.IGNORECASE)
_AFTER = re.compile(
    r"^\s*(?:\((?P<country>[^()]{2,80})\))?\s*,?\s*"
    r"(?:who\s+(?:is|was|acted\s+as|served\s+as|serves\s+as)\s+|(?:was|is|as|acted\s+as|acting\s+as|served\s+as|"
    r"serving\s+as|was\s+elected(?:\s+as)?|was\s+appointed(?:\s+as)?|in\s+(?:his|her|their)\s+capacity\s+as)\s+)?"
    r"(?:the\s+|an?\s+)?(?:ITU\s+)?(?=\w)",
    re.IGNORECASE,
)
_CHAIRED = re.compile(r"^[^.;]*?\bchaired\s+(?:the\s+)?(?:meeting|session|group)|^\s*,?\s*who\s+chaired", re.I)
_CHAIRED_BY = re.compile(r"\b(?:chaired|presided(?:\s+over)?)\s+by\s*$", re.I)
_OBJECT_OF = re.compile(r"\b(?:absence|invitation|request|proposal|suggestion|remarks)\s+of\s+(?:the\s+)?(?:ITU\s+)?$", re.I)
_ACTED_AS = re.compile(r"^[^.;]*?\b(?:acted|served|acting|serving)\s+as\s+(?:the\s+)?(?P<role>acting\s+chair(?:man|person)?|chair(?:man|person)?)\b", re.I)
_EXTERNAL = re.compile(r"^\s*,?\s*(?:of|from)\s+(?:the\s+)?(?!ITU\b)[A-Z]")
_JOINED_REMOTELY = re.compile(r"^[^.;]*?\b(?:joined|participated|attended)\b[^.;]{0,40}\bremotely\b", re.I)


def _role_key(match: re.Match) -> str:
    return next(key for key, _ in _ROLES if match.group(key.replace("-", "_")))


def _region_after(text: str) -> str | None:
    match = re.match(r"^\s*(?:[-–—,(]|\bfor\b|\bof\b|\bfrom\b|\brepresenting\b)*\s*(?:the\s+)?(?P<rest>.{0,40})", text, re.I)
    if not match:
        return None
    regions = lexicon.regions()
    found = regions.pattern.match(lexicon.normalise(match["rest"]))
    return regions.keys[found.group(0)] if found else None


def _roles(paragraphs: list[Paragraph]) -> list[Role]:
    roles: list[Role] = []
    for p in paragraphs:
        text = p.text
        people = [m for m in _PERSON.finditer(text) if m["name"].split()[0] not in _NOT_NAME]
        for i, person in enumerate(people):
            name = re.sub(r"[\s,.]+$", "", person["name"])
            held: list[tuple[str, str | None]] = []
            start = max(people[i - 1].end() if i else 0, _sentence_start(text, person.start()))
            window = text[start: person.start()]
            before = list(_ROLE.finditer(window))
            if before:
                last = before[-1]
                gap = window[last.end():]
                region = _region_after(gap)
                gap_clean = lexicon.regions().pattern.sub("", lexicon.normalise(gap))
                gap_clean = lexicon.bodies().pattern.sub("", gap_clean)
                if _GAP.match(gap_clean) and not _OBJECT_OF.search(window[: last.start()]):
                    held.append((_role_key(last), region))
            end = people[i + 1].start() if i + 1 < len(people) else len(text)
            after_text = text[person.end(): end]
            if _EXTERNAL.match(after_text):  # "Ms. X of UNICEF": not an officer of the group
                held = []
            if _CHAIRED_BY.search(window):
                held.append(("chair", None))
            after = _AFTER.match(after_text)
            country = None
            if after:
                if after["country"]:
                    found, _ = lexicon.member_states().match(after["country"])
                    country = found[0] if len(found) == 1 else None
                role = _ROLE.match(after_text, after.end())
                if role:
                    held.append((_role_key(role), _region_after(after_text[role.end():])))
            acted = _ACTED_AS.search(after_text)
            if acted:
                held.append(("acting-chair" if "acting" in acted["role"].lower() else "chair", None))
            if not held and _CHAIRED.search(after_text):
                held.append(("chair", None))
            if ("chair", None) in held and len(held) > 1 and _CHAIRED_BY.search(window):
                held.remove(("chair", None))
            remote = bool(_JOINED_REMOTELY.search(after_text))
            seen: set[str] = set()
            for role, region in held:
                if role in seen:
                    continue
                seen.add(role)
                roles.append(Role(name, person["honorific"], role, region if role == "vice-chair" else None,
                                  country, remote, p.position))
    return roles


def _sentence_start(text: str, pos: int) -> int:
    boundary = max(text.rfind(". ", 0, pos - 4), text.rfind("; ", 0, pos))
    while boundary > 0 and re.search(r"\b(?:Mr|Ms|Mrs|Dr|Prof|Res|Rev|No|Doc)$", text[:boundary]):
        boundary = max(text.rfind(". ", 0, boundary - 1), text.rfind("; ", 0, boundary - 1))
    return boundary + 2 if boundary >= 0 else 0


# ---------------------------------------------------------------------------------------------- citations


def _citations(paragraphs: list[Paragraph]) -> list[Citation]:
    found: list[tuple[Paragraph, int, Reference]] = []
    for p in paragraphs:
        for index, reference in enumerate(find_references(p.text), start=1):
            found.append((p, index, reference))
    known: dict[str, set[str]] = {}
    for _, _, reference in found:
        if reference.body:
            known.setdefault(reference.number, set()).add(reference.body)
    citations = []
    for p, index, reference in found:
        body, basis = reference.body, reference.basis
        if body is None and len(known.get(reference.number, ())) == 1:
            body, basis = next(iter(known[reference.number])), "report-context"
        citations.append(Citation(reference, body, basis, p.position, index))
    return citations


# ---------------------------------------------------------------------------------------------- topics

_QUOTED = r"[“\"](?P<title>[^”\"]{4,300})[”\"]"
_TOPIC = re.compile(
    rf"(?<!framework of )\b(?:topic\s+\d+\s*:?\s*|(?:the\s+)?(?:following\s+|new\s+|proposed\s+)?topic\b(?:\s+(?:entitled|titled|called|of|on))?(?:[^“\"”.;:]{{0,60}}:)?\s*)"
    rf"{_QUOTED}",
    re.IGNORECASE,
)
_NUMBERED_QUESTION = re.compile(r"\(\s*(?:\d{1,2}|[a-z])\s*\)\s*(?P<q>[^?]{5,600}\?)")
_QUESTION_INTRO = re.compile(r"\bquestions?\b", re.IGNORECASE)


def _topics(paragraphs: list[Paragraph], about: dict[int, Symbol]) -> list[Topic]:
    topics: list[Topic] = []
    current: Topic | None = None
    questions_open = False
    for p in paragraphs:
        if p.is_heading:
            current, questions_open = None, False
            continue
        found = False
        for match in _TOPIC.finditer(p.text):
            lead = p.text[max(0, match.start() - 40): match.start("title")]
            if re.search(r"framework\s+of\s*(?:the\s+)?(?:topic\W*)?$", lead, re.I) or re.match(
                    r"\W*,?\s*(?:as\s+)?established\s+by", p.text[match.end():], re.I):
                continue
            title = match["title"].strip().rstrip(".").strip()
            tail = p.text[match.end():]
            questions = [re.sub(r"\s+", " ", q["q"]).strip() for q in _NUMBERED_QUESTION.finditer(tail)]
            current = Topic(title, about.get(p.position), questions, p.position)
            topics.append(current)
            found = True
            questions_open = False
        if found:
            continue
        if current is not None and _QUESTION_INTRO.search(p.text) and p.text.rstrip().endswith(":"):
            questions_open = True
            continue
        if current is not None and questions_open and p.text.rstrip().endswith("?"):
            current.questions.append(p.text.strip())
            continue
        if current is not None and questions_open and (numbered := list(_NUMBERED_QUESTION.finditer(p.text))):
            current.questions.extend(re.sub(r"\s+", " ", q["q"]).strip() for q in numbered)
            continue
        questions_open = questions_open and p.is_bullet
    return topics


# ---------------------------------------------------------------------------------------------- decisions

_GROUP = r"(?:the\s+)?(?:group|CWG(?![\w&-]*\d)(?:-[A-Za-z&]+)?|council\s+working\s+group|working\s+group|meeting)"
_OUTCOMES: tuple[tuple[str, re.Pattern], ...] = (
    ("no-agreement", re.compile(r"\b(?:could\s+not|did\s+not|was\s+unable\s+to|were\s+unable\s+to|failed\s+to)\s+(?:reach|achieve|arrive\s+at)\s+(?:any\s+|an\s+)?(?:agreement|consensus)|\bno\s+(?:agreement|consensus)\s+(?:was|could\s+be)\s+reached", re.I)),
    ("deferred", re.compile(r"\b(?:defer(?:red)?|postpone(?:d)?)\b|\bfor\s+(?:its\s+)?(?:approval|consideration)\s+at\s+(?:that|the\s+next|its\s+next|a\s+(?:later|future|subsequent))\s+meeting", re.I)),
    ("adopted", re.compile(rf"\b(?:was|were|is|are|been)\s+(?:duly\s+|unanimously\s+)?adopted\b|\b{_GROUP}\s+(?:\w+\s+){{0,2}}?adopted\b", re.I)),
    ("approved", re.compile(rf"\b(?:was|were|is|are|been)\s+(?:duly\s+|unanimously\s+)?approved\b|\b{_GROUP}\s+(?:\w+\s+){{0,2}}?approved\b", re.I)),
    ("noted", re.compile(rf"\b(?:was|were|is|are|been)\s+(?:duly\s+)?noted\b(?!\s+that)|\b{_GROUP}\b[^.;]*?\b(?:noted|took\s+note\s+of|takes\s+note\s+of)\b(?!\s+that)", re.I)),
    ("agreed", re.compile(rf"\b(?:was|were)\s+agreed\b|\b{_GROUP}\s+(?:\w+\s+){{0,2}}?agreed\s+(?:on|upon|to\s+(?:adopt|select|hold|retain))\b|\b{_GROUP}\s+reached\s+(?:an\s+)?agreement\s+on\b", re.I)),
)
# Every outcome pattern contains one of these words: sentences without any are skipped.
_OUTCOME_CUE = re.compile(r"adopt|approv|note|agree|defer|postpon|consensus|consideration", re.I)
_SENTENCE = re.compile(r"[^.!?]+(?:[.!?]+|$)")
_ABBREVIATIONS = re.compile(r"\b(Mr|Ms|Mrs|Dr|Prof|Res|Rev|No|Doc|Nos|e\.g|i\.e|Mod)\.\s")


def _sentences(text: str) -> list[str]:
    protected = _ABBREVIATIONS.sub(lambda m: m.group(1).replace(".", "\0") + "\0 ", text)
    protected = re.sub(r"\((Rev|Mod)\.", lambda m: f"({m.group(1)}\0", protected)
    return [s.replace("\0", ".").strip() for s in _SENTENCE.findall(protected) if s.strip()]


def _decisions(paragraphs: list[Paragraph], about: dict[int, Symbol], mentions: dict[int, list[Symbol]],
               items: list[AgendaItem], claims: list[Claim], meeting: Meeting) -> list[Decision]:
    kinds: dict[Symbol, set[str]] = {}
    for claim in claims:
        kinds.setdefault(claim.symbol, set()).add(claim.kind)
    item_docs = {item.number: item.documents for item in items}
    decisions: list[Decision] = []
    by_section: dict[str | None, list[Symbol]] = {}
    for p in paragraphs:
        if p.is_heading:
            continue
        section = by_section.setdefault(p.section, [])
        earlier: list[Symbol] = list(section)
        for sentence in _sentences(p.text):
            if not _OUTCOME_CUE.search(sentence):
                if "/" in sentence:
                    earlier.extend(find_symbols(sentence))
                continue
            for outcome, pattern in _OUTCOMES:
                if not pattern.search(sentence):
                    continue
                for subject_kind, subject in _subjects(sentence, outcome, p, about, item_docs, kinds, meeting,
                                                       earlier):
                    decisions.append(Decision(subject_kind, subject, outcome, p.position))
                break
            if "/" in sentence:
                earlier.extend(find_symbols(sentence))
        if "/" in p.text:
            section.extend(find_symbols(p.text))
    return decisions


_KIND_PHRASES = (
    ("chair-report", r"\breport\s+(?:of|by)\s+the\s+chair(?:man)?\b|\bchair(?:man)?(?:'s|’s)\s+(?:draft\s+)?report|\b(?:his|her)\s+(?:draft\s+)?report"),
    ("secretariat-report", r"\breport\s+(?:of|by|from)\s+the\s+secretariat|\bsecretariat(?:'s|’s)?\s+report"),
)


def _subjects(sentence, outcome, p, about, item_docs, kinds, meeting, earlier):
    symbols = find_symbols(sentence)
    if symbols:
        return [("document", s) for s in symbols]
    lower = sentence.lower()
    if re.search(r"\bagenda\b", lower):
        agenda = [s for s, k in kinds.items() if "agenda" in k and s.meeting == meeting.number]
        revised = [s for s in agenda if s.revision]
        if revised or agenda:
            return [("document", max(revised or agenda, key=lambda s: s.revision or 0))]
        return [("item", p.item)] if p.item else []
    if re.search(r"\bcontributions\b", lower) and p.item in item_docs:
        docs = [s for s in item_docs[p.item] if "contribution" in kinds.get(s, ())]
        if docs:
            return [("document", s) for s in docs]
    for kind, phrase in _KIND_PHRASES:
        if re.search(phrase, lower):
            of_kind = [s for s, k in kinds.items() if kind in k and s.meeting == meeting.number]
            if len(of_kind) == 1:
                return [("document", of_kind[0])]
    noun = re.search(r"\b(?:contribution|document|report|proposal|summary|roadmap|it|this|them)\b", lower)
    if noun and earlier:
        wanted = {"report": ("report",), "summary": ("report",), "contribution": ("contribution",),
                  "proposal": ("contribution",)}.get(noun.group(0), ())
        fitting = [s for s in earlier if not wanted or any(w in k for k in kinds.get(s, ()) for w in wanted)]
        return [("document", (fitting or earlier)[-1])]
    if noun and p.position in about:
        return [("document", about[p.position])]
    if re.search(r"\breport\s+of\s+the\s+(?:previous|last)\s+meeting|\blast\s+meeting", lower):
        return [("report", meeting.number - 1)]
    if re.search(r"\b(?:draft\s+)?meeting\s+report\b|\bdraft\s+report\b|\breport\s+of\s+(?:this|the\s+present)\s+meeting", lower):
        return [("report", meeting.number)]
    return [("item", p.item)] if p.item else []


__all__ = ["Symbol", "Meeting", "AgendaItem", "Claim", "Role", "Citation", "Topic", "Decision", "Extraction",
           "extract_report", "find_meeting", "find_symbols", "ordinal_value"]
