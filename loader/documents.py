"""The documents a report examines: what each heading and paragraph says a document is, who submitted it,
and the agenda items that examined it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import lexicon
from .meeting import ORDINAL, ordinal_value
from .segment import Paragraph
from .symbols import Symbol, find_symbols, symbol_matches, symbol_of


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



def documents_by_section(paragraphs: list[Paragraph]) -> dict[int, Symbol]:
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


_REPORTS_ON = re.compile(rf"\b(?:of|on)\s+(?:the\s+|its\s+)?(?P<ordinal>{ORDINAL}|previous|last)\s+meeting\b", re.I)


def reports_on(text: str, meeting: int) -> int | None:
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


def find_claims(paragraphs: list[Paragraph], about: dict[int, Symbol]) -> list[Claim]:
    claims: list[Claim] = []
    for p in paragraphs:
        matches = symbol_matches(p.text)
        if not matches:
            continue
        if p.is_heading:
            first = matches[0]
            head = _CLAIM.match(p.text[first.start():])
            if len(matches) == 1 and first.start() <= len("Document ") and head:
                kind, title, states, unresolved = _classify(p.text[first.end():].lstrip(" :–—-\t"))
                claims.append(Claim(symbol_of(first), kind, title, states, unresolved, p.position))
                continue
            if len(matches) > 1 and _CONTRIBUTIONS_LIST.search(p.text[: first.start()]):
                claims.extend(Claim(symbol_of(m), "contribution", None, [], [], p.position) for m in matches)
                continue
        previous_end = 0
        for match in matches:
            before = p.text[max(previous_end, match.start() - 500): match.start()]
            before = re.split(r"(?<=[.;])\s", before)[-1]
            previous_end = match.end()
            claim = _inline_claim(symbol_of(match), before, p.text[match.end():], p.position, heading=p.is_heading)
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


def find_agenda_items(paragraphs: list[Paragraph], mentions: dict[int, list[Symbol]],
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


__all__ = ["AgendaItem", "Claim", "documents_by_section", "find_agenda_items", "find_claims", "reports_on"]
