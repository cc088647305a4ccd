"""Topics proposed in a report, with the questions put with them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .segment import Paragraph
from .symbols import Symbol, locate_symbols


@dataclass(slots=True)
class Topic:
    title: str
    symbol: Symbol | None
    questions: list[str]
    paragraph: int



# An article and up to two adjectives before the noun: "the topic", "an overall theme", "the main new topic".
_ARTICLE = r"(?:the|a|an|its|their)\s+(?:[a-z-]+\s+){0,2}?"
_QUOTED = r"[“\"](?P<title>[^”\"]{4,300})[”\"]"
_TOPIC = re.compile(
    rf"(?<!framework of )\b(?:topic\s+\d+\s*:?\s*|(?:{_ARTICLE}|following\s+|new\s+|proposed\s+)?(?:topic|theme)\b"
    r"(?:\s+(?:entitled|titled|called|of|on))?(?:[^“\"”.;:]{0,60}:)?\s*)"
    rf"{_QUOTED}",
    re.IGNORECASE,
)
# The title before its noun ("suggest “X” as the topic of the next …", "“X” as the subject of the Group's first
# online consultation"), the noun's complement ("the topic of the next consultation would be “X”"), or what a
# consultation is to address.
_TOPIC_OTHERWISE = (
    re.compile(rf"{_QUOTED}\s+as\s+(?:{_ARTICLE})?(?:topic|theme|subject|focus)\b", re.IGNORECASE),
    re.compile(rf"\b(?:topic|theme)\s+(?:of|for)\s+[^“\"”.;:]{{0,60}}?\b(?:should|would|will|shall|could)?\s*"
               rf"(?:be|is|was)\s+{_QUOTED}", re.IGNORECASE),
    re.compile(rf"\b(?:consultation|discussion)s?\s+(?:should\s+|would\s+|to\s+)?(?:address|cover|focus\s+on)\s+"
               rf"{_QUOTED}", re.IGNORECASE),
)
_NUMBERED_QUESTION = re.compile(r"\(\s*(?:\d{1,2}|[a-z])\s*\)\s*(?P<q>[^?]{5,600}\?)")
_QUESTION_INTRO = re.compile(r"\bquestions?\b", re.IGNORECASE)


def _topic_matches(text: str) -> list[re.Match]:
    """Every quoted title a paragraph proposes as a topic, in order, once each."""
    if "“" not in text and '"' not in text:  # every form quotes the title
        return []
    matches = list(_TOPIC.finditer(text))
    taken = {m.start("title") for m in matches}
    for pattern in _TOPIC_OTHERWISE:
        matches += [m for m in pattern.finditer(text) if m.start("title") not in taken]
    return sorted(matches, key=lambda m: m.start("title"))


# What may stand before a symbol that opens a paragraph: "In", "Document", a bullet's dash.
_OPENING = re.compile(r"\W{0,3}(?:In\s+)?(?:(?:Documents?|Doc\.)\s+)?")


def _opening_symbol(p: Paragraph | None) -> Symbol | None:
    """The document a paragraph opens with ("CWG-Internet-13/3, Contribution by …, proposes …", "In X the
    delegations …", "X – Contribution from …")."""
    if p is None or "/" not in p.text[:60]:
        return None
    located = locate_symbols(p.text[:80])
    start = _OPENING.match(p.text).end()
    return located[0][0] if located and located[0][1] == start else None


def _document_of(p: Paragraph, before: Paragraph | None, about: dict[int, Symbol]) -> Symbol | None:
    """The document a topic is proposed in: the paragraph's own, the one it opens with, or the one of a title line
    just before it that is not taken for a heading ("X – Contribution from …" over "The contribution proposes …")."""
    if p.position in about:
        return about[p.position]
    if (own := _opening_symbol(p)) is not None:
        return own
    if before is not None and not before.text.rstrip().endswith((".", ":", ";")):
        return _opening_symbol(before)
    return None


def find_topics(paragraphs: list[Paragraph], about: dict[int, Symbol]) -> list[Topic]:
    topics: list[Topic] = []
    current: Topic | None = None
    questions_open = False
    before: Paragraph | None = None
    for p in paragraphs:
        previous, before = before, p
        if p.is_heading:
            current, questions_open = None, False
            continue
        found = False
        for match in _topic_matches(p.text):
            lead = p.text[max(0, match.start() - 40): match.start("title")]
            if re.search(r"framework\s+of\s*(?:the\s+)?(?:topic\W*)?$", lead, re.I) or re.match(
                    r"\W*,?\s*(?:as\s+)?established\s+by", p.text[match.end():], re.I):
                continue
            title = match["title"].strip().rstrip(".").strip()
            tail = p.text[match.end():]
            questions = [re.sub(r"\s+", " ", q["q"]).strip() for q in _NUMBERED_QUESTION.finditer(tail)]
            current = Topic(title, _document_of(p, previous, about), questions, p.position)
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


__all__ = ["Topic", "find_topics"]
