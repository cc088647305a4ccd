"""Decisions: what the group did with each document or agenda item ("took note of", "approved", …)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .documents import AgendaItem, Claim
from .meeting import Meeting
from .segment import Paragraph
from .symbols import Symbol, find_symbols


@dataclass(slots=True)
class Decision:
    """An outcome about a subject: ("document", symbol), ("item", number) or ("report", None)."""

    subject_kind: str
    subject: Symbol | str | None
    outcome: str
    paragraph: int



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


def find_decisions(paragraphs: list[Paragraph], about: dict[int, Symbol], mentions: dict[int, list[Symbol]],
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


__all__ = ["Decision", "find_decisions"]
