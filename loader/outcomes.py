"""Decisions: what the group did with each document or agenda item ("took note of", "approved", …).

The archive's phrasings (docs/styles.md, "Outcomes"): "adopted"; "approved", "endorsed" (→ approved);
"noted", "took note of", "the Report was noted"; "agreed to", "agreed on", "agreed to transmit … to
Council", "agreed to forward", "decided to transmit" (→ agreed); "could not reach consensus", "was not able
to reach agreement" (→ no-agreement); "deferred", "postponed", "will continue the discussion at its next
meeting" (→ deferred). One sentence can hold two decisions ("took note of Document A, and agreed to transmit
Document B"), each about its own documents; a sentence that postpones is a deferral even where someone
"agreed" to it. A decision on the group's work methods ("agreed to continue its work by correspondence") is
not an outcome. A decision that names no document is about the documents of the section it is in, the
heading's included ("Contribution by X (Document SYMBOL)", "Title (Documents A and B)").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
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


_GROUP = (r"(?:the\s+)?(?:group|council|CWG(?![\w&-]*\d)(?:-[A-Za-z&]+)?|council\s+working\s+group|working\s+group|"
          r"meeting)")
_OUTCOMES: tuple[tuple[str, re.Pattern], ...] = (
    ("no-agreement", re.compile(r"\b(?:could\s+not|did\s+not|was\s+unable\s+to|were\s+unable\s+to|failed\s+to|"
                                r"(?:was|were)\s+not\s+able\s+to)\s+(?:reach|achieve|arrive\s+at)\s+(?:any\s+|an\s+)?"
                                r"(?:agreement|consensus)|\bno\s+(?:agreement|consensus)\s+(?:was|could\s+be)\s+reached", re.I)),
    ("deferred", re.compile(r"\b(?:defer(?:red)?|postpone(?:d)?)\b|\bfor\s+(?:its\s+)?(?:approval|consideration)\s+at\s+"
                            r"(?:that|the\s+next|its\s+next|a\s+(?:later|future|subsequent))\s+meeting|"
                            r"\bcontinue\s+(?:the|its|their)\s+(?:discussion|consideration|examination)s?\b[^.;]{0,60}?"
                            r"\b(?:next|following|future|later)\s+(?:meeting|session)", re.I)),
    ("adopted", re.compile(rf"\b(?:was|were|is|are|been)\s+(?:duly\s+|unanimously\s+|then\s+)?adopted\b|\b{_GROUP}\s+(?:\w+\s+){{0,2}}?adopted\b", re.I)),
    ("approved", re.compile(rf"\b(?:was|were|is|are|been)\s+(?:duly\s+|unanimously\s+)?(?:approved|endorsed)\b|"
                            rf"\b{_GROUP}\s+(?:\w+\s+){{0,2}}?(?:approved|endorsed)\b", re.I)),
    ("noted", re.compile(rf"\b(?:was|were|is|are|been)\s+(?:duly\s+)?noted\b(?!\s+that)|\b{_GROUP}\b[^.;]*?\b(?:noted|took\s+note\s+of|takes\s+note\s+of)\b(?!\s+that)", re.I)),
    ("agreed", re.compile(rf"\b(?:was|were)\s+agreed\b|\b{_GROUP}\s+(?:\w+\s+){{0,2}}?(?:agreed|decided)\s+(?:on|upon|to)\b|"
                          rf"\b{_GROUP}\s+reached\s+(?:an\s+)?agreement\s+on\b", re.I)),
)
# Every outcome pattern contains one of these words: sentences without any are skipped.
_OUTCOME_CUE = re.compile(r"adopt|approv|endors|note|agree|decided|defer|postpon|consensus|consideration|continue", re.I)
# Where a sentence holding two decisions is cut: before "and"/"but"/";" that a decision's verb follows closely.
_CLAUSE = re.compile(r";\s*|,?\s+(?:and|but|while|whereas)\s+(?=(?:\w+\s+){0,3}?(?:took\s+note|noted|agreed|approved|"
                     r"endorsed|adopted|decided|deferred|postponed|could\s+not|was\s+not\s+able|will\s+continue)\b)", re.I)
# "agreed to continue its work by correspondence", "decided to meet again in May": work methods, not outcomes.
_WORK_METHOD = re.compile(r"\b(?:agreed|decided)\s+(?:to\s+(?:continue\s+its\s+work|work\s+by|meet|hold\s+its|"
                          r"use\s+the\s+same)|(?:on|upon)\s+(?:the\s+)?(?:dates?|venue|schedule|working\s+methods?))\b", re.I)
# The thing decided on, after an active verb ("noted the contribution") or before a passive one ("the Report was noted").
_NOUN = re.compile(r"\b(?P<noun>agenda|contributions?|documents?|reports?|proposal|summary|roadmap|draft|it|them|"
                   r"both|addendum)\b", re.I)
_PLURAL = {"contributions", "documents", "reports", "them"}
_WANTED_KIND = {"report": "report", "reports": "report", "summary": "report", "contribution": "contribution",
                "contributions": "contribution", "proposal": "contribution"}
_PASSIVE = re.compile(r"(?:was|were|is|are|been)\s", re.I)
_PASSIVE_BEFORE = re.compile(r"\b(?:was|were|is|are|been|be)\s+$", re.I)
_ITS_ADDENDUM = re.compile(r"\bits\s+(?:addendum|addenda|corrigendum)\b", re.I)
_SENTENCE = re.compile(r"[^.!?]+(?:[.!?]+|$)")
_ABBREVIATIONS = re.compile(r"\b(Mr|Ms|Mrs|Dr|Prof|Res|Rev|No|Doc|Nos|e\.g|i\.e|Mod|Add|Corr)\.\s")


def _sentences(text: str) -> list[str]:
    protected = _ABBREVIATIONS.sub(lambda m: m.group(1).replace(".", "\0") + "\0 ", text)
    protected = re.sub(r"\((Rev|Mod|Add|Corr)\.", lambda m: f"({m.group(1)}\0", protected)
    return [s.replace("\0", ".").strip() for s in _SENTENCE.findall(protected) if s.strip()]


def _clauses(sentence: str) -> Iterator[tuple[str, tuple[str, re.Match]]]:
    """Each decision of a sentence with the words it governs, the sentence cut before each decision after the
    first ("The Council took note of A, and agreed to …"). Words that decide nothing ("The Group thanked APT",
    "the Chairman proposed") stay with the clause after them; a clause without a subject ("agreed to transmit
    …") borrows one."""
    cuts = [(0, 0), *((cut.start(), cut.end()) for cut in _CLAUSE.finditer(sentence)), (len(sentence), len(sentence))]
    start = 0
    for (_, begin), (end, _) in zip(cuts, cuts[1:]):
        if start is None:
            start = begin
        clause = sentence[start:end]
        if start > 0 and clause[:1].islower():
            clause = "the group " + clause
        found = _outcome(clause)
        if found is not None:
            yield clause, found
            start = None


def _outcome(clause: str) -> tuple[str, re.Match] | None:
    for outcome, pattern in _OUTCOMES:
        found = pattern.search(clause)
        if found:
            return outcome, found
    return None


@dataclass(slots=True)
class _Report:
    """What the decisions of one report are read against."""

    meeting: Meeting
    kinds: dict[Symbol, set[str]]
    parts: dict[Symbol, list[Symbol]]
    item_docs: dict[str, list[Symbol]]

    @property
    def context(self) -> tuple[str, int]:
        return self.meeting.body, self.meeting.number

    def kind(self, symbol: Symbol, wanted: str) -> bool:
        return any(wanted in k for k in self.kinds.get(symbol, ()))


def find_decisions(paragraphs: list[Paragraph], about: dict[int, Symbol], mentions: dict[int, list[Symbol]],
                   items: list[AgendaItem], claims: list[Claim], meeting: Meeting) -> list[Decision]:
    """Every decision the report states, each about the documents it names or its section is about."""
    kinds: dict[Symbol, set[str]] = {}
    for claim in claims:
        if claim.symbol is not None:
            kinds.setdefault(claim.symbol, set()).add(claim.kind)
    parts: dict[Symbol, list[Symbol]] = {}
    for symbols in mentions.values():
        for symbol in symbols:
            parent = getattr(symbol, "parent", None)
            if parent is not None and symbol not in parts.setdefault(parent, []):
                parts[parent].append(symbol)
    report = _Report(meeting, kinds, parts, {item.number: item.documents for item in items})
    decisions: list[Decision] = []
    by_section: dict[str | None, list[Symbol]] = {}
    heading_docs: dict[str | None, list[Symbol]] = {}
    loose: list[Symbol] | None = None
    for p in paragraphs:
        if p.is_heading or _is_symbol_heading(p, mentions):
            own = list(mentions.get(p.position, ()))
            if p.number is None:  # "- WG-Internet 9/1: Agenda": the section is the one of the next paragraph
                loose = own
                continue
            parent = p.number.rsplit(".", 1)[0] if "." in p.number else None
            heading_docs[p.section] = own or (heading_docs.get(parent, []) if parent else [])
            continue
        if loose is not None:
            heading_docs[p.section] = loose
            loose = None
        section = by_section.setdefault(p.section, [])
        earlier: list[Symbol] = list(section)
        for sentence in _sentences(p.text):
            if _OUTCOME_CUE.search(sentence) and not _is_question(sentence):
                for clause, (outcome, verb) in _clauses(sentence):
                    if outcome == "agreed" and _WORK_METHOD.search(clause):
                        continue
                    subjects = _subjects(clause, verb, p, about, report, earlier, heading_docs.get(p.section, []))
                    decisions.extend(Decision(kind, subject, outcome, p.position) for kind, subject in subjects)
            if "/" in sentence:
                earlier.extend(find_symbols(sentence, context=report.context))
        section.extend(mentions.get(p.position, ()))
    return decisions


def _is_question(sentence: str) -> bool:
    """A question decides nothing ("What policies have been adopted …?"); a sentence that quotes one does."""
    return sentence.endswith("?") and sentence.count("“") <= sentence.count("”")


def _is_symbol_heading(p: Paragraph, mentions: dict[int, list[Symbol]]) -> bool:
    """A bullet that is a document's heading ("- WG-Internet 9/3: Report of the secretariat …")."""
    symbols = mentions.get(p.position)
    if not (p.is_bullet and symbols and symbols[0].spelling):
        return False
    return p.text.startswith(symbols[0].spelling) and p.text[len(symbols[0].spelling):].lstrip()[:1] == ":"


_KIND_PHRASES = (
    ("chair-report", r"\breport\s+(?:of|by)\s+the\s+chair(?:man)?\b|\bchair(?:man)?(?:'s|’s)\s+(?:draft\s+)?report|\b(?:his|her)\s+(?:draft\s+)?report"),
    ("secretariat-report", r"\breport\s+(?:of|by|from)\s+the\s+secretariat|\bsecretariat(?:'s|’s)?\s+report"),
)


def _object(clause: str, verb: re.Match) -> str | None:
    """The noun the decision is about: the last before a passive verb ("Consideration of the proposal was
    deferred"), the first after an active one ("took note of the report"), else the nearest."""
    before = [m["noun"].lower() for m in _NOUN.finditer(clause, 0, verb.end())]
    after = _NOUN.search(clause, verb.end())
    if before and (_PASSIVE.match(verb.group(0)) or _PASSIVE_BEFORE.search(clause, 0, verb.start())):
        return before[-1]
    if after:
        return after["noun"].lower()
    return before[-1] if before else None


def _subjects(clause: str, verb: re.Match, p: Paragraph, about: dict[int, Symbol], report: _Report,
              earlier: list[Symbol], heading: list[Symbol]) -> list[tuple[str, Symbol | str | int | None]]:
    symbols = [s for s in find_symbols(clause, context=report.context) if s is not None]
    if symbols:
        if _ITS_ADDENDUM.search(clause):
            symbols += [part for s in symbols for part in report.parts.get(s, ()) if part not in symbols]
        return [("document", s) for s in symbols]
    lower = clause.lower()
    noun = _object(clause, verb)
    if noun == "agenda":
        agenda = [s for s, k in report.kinds.items() if "agenda" in k and s.meeting == report.meeting.number]
        revised = [s for s in agenda if s.revision]
        if agenda:
            return [("document", max(revised or agenda, key=lambda s: s.revision or 0))]
        return [("item", p.item)] if p.item else []
    if noun == "contributions" and p.item in report.item_docs:
        docs = [s for s in report.item_docs[p.item] if report.kind(s, "contribution")]
        if docs:
            return [("document", s) for s in docs]
    for kind, phrase in _KIND_PHRASES:
        if re.search(phrase, lower):
            of_kind = [s for s, k in report.kinds.items() if kind in k and s.meeting == report.meeting.number]
            if len(of_kind) == 1:
                return [("document", of_kind[0])]
    # what the section's paragraphs named so far, after the heading's own documents (a noun's kind can choose
    # the heading's report over a corrigendum named since)
    candidates = [*(s for s in heading if s not in earlier), *earlier] if earlier else heading
    if noun and candidates:
        return [("document", s) for s in _chosen(noun, candidates, report)]
    if noun and p.position in about:
        return [("document", about[p.position])]
    passive = bool(_PASSIVE.match(verb.group(0)) or _PASSIVE_BEFORE.search(clause, 0, verb.start()))
    if noun is None and not passive and heading and len({s.parent or s for s in heading if s is not None}) == 1:
        return [("document", _main(heading))]  # the section is about one document
    if re.search(r"\breport\s+of\s+(?:the|its)\s+(?:previous|last)\s+meeting|\blast\s+meeting", lower):
        return [("report", report.meeting.number - 1)]
    if re.search(r"\b(?:draft\s+)?meeting\s+report\b|\bdraft\s+report\b|\breport\s+of\s+(?:this|the\s+present)\s+meeting", lower):
        return [("report", report.meeting.number)]
    return [("item", p.item)] if p.item else []


def _main(symbols: list[Symbol]) -> Symbol:
    """The document a list of one document and its parts is about."""
    return next((s for s in symbols if s.parent is None), symbols[0])


def _chosen(noun: str, candidates: list[Symbol], report: _Report) -> list[Symbol]:
    """The documents a noun points back to: "both documents" the last two, "them" all, "the report" the last
    report; a contribution together with its addenda (they are one proposal)."""
    wanted = _WANTED_KIND.get(noun)
    fitting = [s for s in candidates if wanted and report.kind(s, wanted)] or candidates
    if noun == "both":
        return list(dict.fromkeys(fitting))[-2:]
    if noun in _PLURAL:
        return list(dict.fromkeys(fitting))
    whole = [s for s in fitting if s.parent is None] or fitting
    last = whole[-1]
    together = [s for s in candidates if s.parent == last and wanted == "contribution"]
    return [last, *together]


__all__ = ["Decision", "find_decisions"]
