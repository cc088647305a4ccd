"""Decisions: what the group did with each document or agenda item ("took note of", "approved", …).

The archive's phrasings (docs/styles.md, "Outcomes"): "adopted"; "approved", "endorsed" (→ approved);
"noted", "took note of", "the Report was noted"; "agreed to", "agreed on", "agreed to transmit … to
Council", "agreed to forward", "decided to transmit" (→ agreed); "could not reach consensus", "was not able
to reach agreement" (→ no-agreement); "deferred", "postponed", "will continue the discussion at its next
meeting" (→ deferred). One sentence can hold two decisions ("took note of Document A, and agreed to transmit
Document B"), each about its own documents; a sentence that postpones is a deferral even where someone
"agreed" to it. A decision on the group's work methods ("agreed to continue its work by correspondence") is
not an outcome. A decision that names no document is about the documents of the section it is in, the
heading's included ("Contribution by X (Document SYMBOL)", "Title (Documents A and B)"), or about those its
sentence named before ("could not agree on X, and will return to it at its next meeting"); a document named
only in a trailing relative clause (", which is examining the draft (Y)") is not decided on. Lists: after "The
Group:" or under a "Conclusions" heading, items opening lower-case ("a) took note of …; b) agreed …") are the
group's sentences; after a decision on "the following documents:", the documents the items open with.
Deferral also as going back to a matter at a later meeting ("will revert to the proposal at its fourteenth
meeting", "will be taken up again at the fourth meeting").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from .documents import AgendaItem, Claim
from .meeting import Meeting
from .segment import Paragraph
from .symbols import Symbol, locate_symbols


@dataclass(slots=True)
class Decision:
    """An outcome about a subject: ("document", symbol), ("item", number) or ("report", None)."""

    subject_kind: str
    subject: Symbol | str | None
    outcome: str
    paragraph: int


# Who decides: the group, the Council, the meeting, "It" opening a sentence, or the members as a whole ("Members
# took note …", "Participants noted …"; not "Several members noted", which is a view).
_GROUP = (r"(?:(?:the\s+)?(?:group|council|CWG(?![\w&-]*\d)(?:-[A-Za-z&]+)?|council\s+working\s+group|working\s+group|"
          r"meeting)|(?:(?<=\bbut\s)|(?<![\w,]\s)(?<![\w,]))(?:the\s+)?(?:members|participants)|(?-i:(?<![\w,]\s)It))")
# "took note of", "took note with thanks of", "took due note, with appreciation, of"
_TOOK_NOTE = r"(?:took|takes)\s+(?:due\s+|careful\s+|good\s+)?note\s*,?\s*(?:with\s+\w+(?:\s+and\s+\w+)?\s*,?\s*)?of"
# "Discussion will continue at the twentieth meeting", "discussions will resume", "consideration of the
# proposal will be continued"; with "would" (indirect speech) only when a later meeting is named.
_LATER_MEETING = (r"\b(?:next|following|future|later|(?!(?:last|past|first)\b)[a-z]+(?:-[a-z]+)?(?:th|st|nd|rd)|"
                  r"\d{1,3}(?:th|st|nd|rd))\s+(?:meeting|session)|\ba\s+later\s+(?:stage|date|time)\b")
_WILL_CONTINUE = (r"\b(?:discussions?|consideration|examination|debate)\s+(?:\w+\s+){0,6}?"
                  r"(?:will|shall|is\s+to|are\s+to)\s+(?:be\s+)?(?:continued|continue|resumed|resume)\b|"
                  r"\b(?:discussions?|consideration|examination|debate)\s+(?:\w+\s+){0,6}?would\s+(?:be\s+)?"
                  rf"(?:continued|continue|resumed|resume)\b[^.;]{{0,40}}?{_LATER_MEETING}")
# "will revert to the proposal at its fourteenth meeting", "decided to return to it at its next meeting", "the
# matter will be taken up again at the fourth meeting", "which will be considered again at the 39th meeting".
# Also "will be considered (further) at the next meeting", "brought back to", "carried over to the next session".
_AGAIN = (rf"\b(?:return|revert|come\s+back|go\s+back|get\s+back|brought\s+back|bring\s+(?:\w+\s+){{0,3}}?back)\s+to\b"
          rf"[^.;]{{0,60}}?{_LATER_MEETING}|"
          r"\b(?:taken\s+up|take\s+(?:\w+\s+){0,3}?up|considered|consider|discussed|discuss|examined|examine|"
          rf"reviewed|review|revisited|revisit|addressed|address)\s+(?:\w+\s+){{0,2}}?(?:again|further)\b[^.;]{{0,40}}?"
          rf"{_LATER_MEETING}|\b(?:will|shall|is\s+to|are\s+to)\s+be\s+(?:taken\s+up|considered|discussed|examined|"
          rf"reviewed|addressed)\s+(?:at|during|by)\s+[^.;]{{0,20}}?{_LATER_MEETING}|"
          rf"\b(?:carried|held)\s+over\b[^.;]{{0,40}}?{_LATER_MEETING}")
# Each outcome's pattern with the words it needs (a clause without any of them is not searched); the first
# pattern found in a clause gives its outcome.
_OUTCOMES: tuple[tuple[str, re.Pattern, tuple[str, ...]], ...] = (
    ("no-agreement", re.compile(r"\b(?:could\s+not|did\s+not|was\s+unable\s+to|were\s+unable\s+to|failed\s+to|"
                                r"(?:was|were)\s+not\s+able\s+to)\s+(?:reach|achieve|arrive\s+at)\s+"
                                r"(?:any\s+|an\s+|a\s+)?(?:agreement|consensus|conclusion)|"
                                r"\breached\s+no\s+(?:agreement|consensus|conclusion)\b|"
                                r"\bno\s+(?:agreement|consensus|conclusion)\s+"
                                r"(?:(?:was|could\s+be)\s+(?:reached|found)|emerged|was\s+possible)|"
                                r"\b(?:agreement|consensus)\s+did\s+not\s+emerge\b|"
                                r"\b(?:agreement|consensus)\s+(?:could|was|has)\s+not\s+(?:be\s+|been\s+)?"
                                r"(?:reached|achieved|found)\b|"
                                r"\bthere\s+was\s+no\s+(?:agreement|consensus)\b|\bcould\s+not\s+be\s+agreed\b|"
                                r"\bnot\s+in\s+a\s+position\s+to\s+(?:agree|reach\s+(?:agreement|consensus))\b|"
                                rf"\b{_GROUP}\s+(?:\w+\s+){{0,2}}?(?:could\s+not|did\s+not|was\s+unable\s+to|"
                                r"(?:was|were)\s+not\s+able\s+to|failed\s+to)\s+agree\b", re.I),
     ("agree", "consensus", "conclusion")),
    ("deferred", re.compile(r"\b(?:defer(?:red)?|postpone(?:d)?)\b|"
                            r"\bfor\s+(?:its\s+)?(?:approval|consideration)\s+at\s+"
                            r"(?:that|the\s+next|its\s+next|a\s+(?:later|future|subsequent))\s+meeting|"
                            r"\bcontinue\s+(?:the|its|their)\s+(?:discussion|consideration|examination)s?\b[^.;]{0,60}?"
                            rf"{_LATER_MEETING}|{_WILL_CONTINUE}", re.I),
     ("defer", "postpon", "approval", "consideration", "continu", "resum")),
    ("deferred", re.compile(_AGAIN, re.I), ("again", "back to", "revert", "return", "further", "d over", "will be",
                                            "is to be", "are to be", "shall be")),
    ("adopted", re.compile(rf"\b(?:was|were|is|are|been)\s+(?:duly\s+|unanimously\s+|then\s+)?adopted\b|"
                           rf"\b{_GROUP}\s+(?:\w+\s+){{0,2}}?adopted\b", re.I), ("adopted",)),
    ("approved", re.compile(rf"\b(?:was|were|is|are|been)\s+(?:duly\s+|unanimously\s+)?(?:approved|endorsed)\b|"
                            rf"\b{_GROUP}\s+(?:\w+\s+){{0,2}}?(?:approved|endorsed)\b", re.I),
     ("approved", "endorsed")),
    ("noted", re.compile(rf"\b(?:was|were|is|are|been)\s+(?:[a-z]+ed\s+and\s+)?(?:duly\s+)?"
                         r"(?:noted\b(?!\s+that)|taken\s+note\s+of\b)|"
                         r"\bnote\s+(?:was|were|has\s+been)\s+(?:duly\s+)?taken\s+of\b|"
                         rf"\b{_GROUP}\b[^.;]*?\b(?:noted|{_TOOK_NOTE})\b(?!\s+that)", re.I), ("note",)),
    ("agreed", re.compile(rf"\b(?:was|were)\s+agreed\b|"
                          rf"\b{_GROUP}\s+(?:\w+\s+){{0,2}}?(?:agreed|decided)\s+(?:on|upon|to)\b|"
                          rf"\b{_GROUP}\s+reached\s+(?:an\s+)?agreement\s+on\b|"
                          # "The Group supported the proposal and decided to submit it": two verbs, one decision
                          rf"\b{_GROUP}\s+(?:\w+\s+){{1,6}}?and\s+(?:then\s+)?(?:agreed|decided)\s+"
                          r"(?:on|upon|to)\b", re.I),
     ("agree", "decided")),
    # "The Group selected the topic proposed in X", "chose the theme put forward in Y", "agreed with the
    # recommendations", "The amendment was accepted", "It was decided to …"
    ("agreed", re.compile(rf"\b{_GROUP}\s+(?:\w+\s+){{0,2}}?(?:selected|chose|accepted|retained)\s+"
                          r"(?:the|this|that|its|both)\s+"
                          r"(?:\w+\s+){0,2}?(?:topics?|themes?|subjects?|proposals?|recommendations?|text|"
                          r"amendments?)\b|"
                          rf"\b{_GROUP}\s+(?:\w+\s+){{0,2}}?agreed\s+with\s+(?:the|this|these|its)\s+(?:\w+\s+){{0,2}}?"
                          r"(?:proposals?|recommendations?|suggestions?|approach)\b|"
                          r"\b(?:was|were)\s+accepted\b|\bit\s+was\s+decided\s+(?:to|that)\b", re.I),
     ("selected", "chose", "accepted", "retained", "agreed with", "was decided")),
)
# Every outcome pattern contains one of these words: sentences without any are skipped.
_OUTCOME_CUES = frozenset(word for _, _, needles in _OUTCOMES for word in needles)


def _has_cue(text: str) -> bool:
    """Whether any outcome pattern can match: every one needs one of its words (a few substring tests, far cheaper
    than one expression with as many branches)."""
    lower = text.lower()
    return any(word in lower for word in _OUTCOME_CUES)


# Where a sentence holding two decisions is cut: before "and"/"but"/";" that a decision's verb follows closely.
_CLAUSE = re.compile(r";\s*|,?\s+(?:and|but|while|whereas)\s+(?=(?:\w+\s+){0,3}?(?:took\s+note|noted|agreed|approved|"
                     r"endorsed|adopted|decided|deferred|postponed|could\s+not|did\s+not\s+agree|was\s+not\s+able|"
                     r"(?:was|were)\s+unable|(?:was|were)\s+taken\s+note|will\s+continue|will\s+resume|"
                     r"(?:will|would|is\s+to|are\s+to)\s+(?:be\s+)?(?:taken\s+up|considered|discussed|examined|"
                     r"reviewed|revisited|return|revert|come\s+back))\b)", re.I)
# "agreed to continue its work by correspondence", "decided to meet again in May": work methods, not outcomes.
_WORK_METHOD = re.compile(r"\b(?:agreed|decided)\s+(?:to\s+(?:continue\s+its\s+work|work\s+by|meet|hold\s+its|"
                          r"use\s+the\s+same)|(?:on|upon)\s+(?:the\s+)?(?:dates?|venue|schedule|"
                          r"working\s+methods?))\b", re.I)
# "The proponents recall that the Group was unable to agree at its last meeting": an earlier meeting's decision.
_RECALLED = re.compile(r"\b(?:recall(?:s|ed)?|remind(?:s|ed)?|recalling|reminding)\s+(?:\w+\s+)?that\b", re.I)
# The thing decided on, after an active verb ("noted the contribution") or before a passive one ("the Report was
# noted").
_NOUN = re.compile(r"\b(?P<noun>agenda|contributions?|documents?|reports?|proposal|summary|roadmap|draft|it|"
                   r"them|both|addendum|corrigendum)\b", re.I)
_PART_NOUNS = {"addendum": "Add", "corrigendum": "Corr"}
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


def _clauses(sentence: str) -> Iterator[tuple[str, int, str, re.Match]]:
    """Each decision of a sentence with the words it governs and where they start, the sentence cut before each
    decision after the first ("The Council took note of A, and agreed to …"). Words that decide nothing ("The
    Group thanked APT", "the Chairman proposed") stay with the clause after them; a clause without a subject
    ("agreed to transmit …") borrows one, also from a long opening the group's ("The Group went through the
    glossary … and agreed to use it"). A failure to agree may come with its deferral ("could not agree on X,
    which will be considered again at the next meeting"): both are decisions of the clause."""
    cuts = [(0, 0), *((cut.start(), cut.end()) for cut in _CLAUSE.finditer(sentence)), (len(sentence), len(sentence))]
    start: int | None = 0
    for (_, begin), (end, _) in zip(cuts, cuts[1:]):
        if start is None:
            start = begin
        origins = (start, begin) if begin > start and _GROUP_NAMED.search(sentence, start, begin) else (start,)
        for origin in origins:
            clause = sentence[origin:end]
            if origin > 0 and clause[:1].islower():
                clause = "the group " + clause
            found = _outcome(clause)
            if found:
                for outcome, verb in found:
                    yield clause, origin, outcome, verb
                start = None
                break


_GROUP_NAMED = re.compile(rf"\b{_GROUP}\b", re.I)


def _outcome(clause: str) -> list[tuple[str, re.Match]]:
    lower = clause.lower()
    for outcome, pattern, needles in _OUTCOMES:
        if not any(word in lower for word in needles):
            continue
        found = pattern.search(clause)
        if found:
            if outcome == "no-agreement":  # "could not agree on X, which will be considered again at …"
                for deferral, later_pattern, later_needles in _OUTCOMES[1:3]:
                    if any(word in lower for word in later_needles) and (
                            later := later_pattern.search(clause, found.end())):
                        return [(outcome, found), (deferral, later)]
            return [(outcome, found)]
    return []


@dataclass(slots=True)
class _Report:
    """What the decisions of one report are read against."""

    meeting: Meeting
    kinds: dict[Symbol, set[str]]
    parts: dict[Symbol, list[Symbol]]
    item_docs: dict[str, list[Symbol]]
    meetings: frozenset[int] = frozenset()  # the body's other meetings whose documents the report names in full

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
    named = frozenset(s.meeting for symbols in mentions.values() for s in symbols if s.body == meeting.body)
    report = _Report(meeting, kinds, parts, {item.number: item.documents for item in items}, named)
    decisions: list[Decision] = []
    by_section: dict[str | None, list[Symbol]] = {}
    described: dict[str | None, dict[Symbol, set[str]]] = {}
    heading_docs: dict[str | None, list[Symbol]] = {}
    loose: list[Symbol] | None = None
    lists = _ListSubject()
    for p in paragraphs:
        text = lists.text(p)
        if lists.following is not None:  # "The Group took note of the following contributions:" then the list
            listed = lists.listed(p, locate_symbols(p.text[:_LISTED_WITHIN + 40], context=report.context,
                                                    meetings=report.meetings))
            decisions.extend(Decision("document", s, lists.following, p.position) for s in listed)
        if p.is_heading or _is_symbol_heading(p, mentions):
            own = list(mentions.get(p.position, ()))
            if p.number is None:  # "- WG-Internet 9/1: Agenda": the section is the one of the next paragraph
                loose = own
            else:
                parent = p.number.rsplit(".", 1)[0] if "." in p.number else None
                heading_docs[p.section] = own or (heading_docs.get(parent, []) if parent else [])
            if not (p.is_heading and _reads_as_sentence(p)):
                continue
        elif loose is not None:
            heading_docs[p.section] = loose
            loose = None
        section = by_section.setdefault(p.section, [])
        words = described.setdefault(p.section, {})
        earlier: list[Symbol] = list(section)
        for sentence in _sentences(text):
            if _has_cue(sentence) and not _is_question(sentence):
                for clause, origin, outcome, verb in _clauses(sentence):
                    if ((outcome == "agreed" and _WORK_METHOD.search(clause))
                            or _RECALLED.search(clause, 0, verb.start())):
                        continue
                    if sentence.endswith(":") and "/" not in sentence and _FOLLOWING.search(clause):
                        lists.following = outcome
                        continue
                    prior = [s for s, _, _ in locate_symbols(sentence[:origin], context=report.context,
                                                             meetings=report.meetings)] if origin else []
                    subjects = _subjects(clause, verb, p, about, report, earlier, heading_docs.get(p.section, []),
                                         words, prior)
                    decisions.extend(Decision(kind, subject, outcome, p.position) for kind, subject in subjects)
            if "/" in sentence:
                located = locate_symbols(sentence, context=report.context, meetings=report.meetings)
                earlier.extend(symbol for symbol, _, _ in located)
                _describe(sentence, located, words)
        section.extend(mentions.get(p.position, ()))
    return decisions


# "The Group:", "At the close of its meeting, the Working Group:": the list after it says what the group did.
_LIST_INTRO = re.compile(rf"\b{_GROUP}\b[^.;:]{{0,80}}:\s*$", re.I)
# A heading over the group's decisions: "Conclusions", "V. CONCLUSIONS", "Summary of conclusions", "Decisions".
_CONCLUSIONS = re.compile(r"^(?:[IVXLC]{1,6}\.?\s+|\d{1,2}(?:\.\d{1,2})*\.?\s+)?(?:summary\s+of\s+(?:the\s+)?)?"
                          r"(?:conclusions?|decisions?|outcomes?)(?:\s+(?:of|reached\s+at)\s+the\s+\w+)?"
                          r"\s*:?\s*$", re.I)


# "took note of the following contributions:", "The following documents were approved:"
_FOLLOWING = re.compile(r"\bfollowing(?:\s+(?:\w+\s+){0,2}?(?:documents|contributions|reports|proposals|submissions))?"
                        r"\s*(?::|were\b|have\b)", re.I)
_LISTED_WITHIN = 30  # how far into a list item its document is written ("- Document X, from …")


class _ListSubject:
    """What a list says: after "The Group:" (or under a "Conclusions" heading) each item that opens with a
    lower-case word ("a) took note of …; b) agreed to …") is a sentence of the group's; after a decision about
    "the following" documents, the documents each item opens with are decided on."""

    def __init__(self) -> None:
        self.open = False
        self.following: str | None = None

    def listed(self, p: Paragraph, located: list[tuple[Symbol, int, int]]) -> list[Symbol]:
        """The documents a list item opens with ("- CWG-X/4 and 4(Add.1), from Peru, on …"); none ends the list."""
        run: list[Symbol] = []
        reach = _LISTED_WITHIN
        for symbol, start, end in located:
            if start > reach:
                break
            run.append(symbol)
            reach = end + 12  # "X and Y", "X, Y and Z", "X (Add.1)"
        if not run or not (p.is_bullet or p.text[:1] in "(-–•·" or located[0][1] < _LISTED_WITHIN and not p.is_heading):
            self.following = None
            return []
        return run

    def text(self, p: Paragraph) -> str:
        text = p.text
        if text.endswith(":") and _LIST_INTRO.search(text) or _CONCLUSIONS.match(text):
            self.open = True
            return text
        if self.open and text[:1].islower():
            return "The Group " + text
        self.open = self.open and p.is_bullet
        return text


def _reads_as_sentence(p: Paragraph) -> bool:
    """A paragraph taken for a heading that is a sentence stating a decision ("4  The agenda contained in X was
    adopted." under roman-numbered headings): its decisions are read like a paragraph's."""
    text = p.text
    return text.endswith(".") and text.count(" ") >= 5 and _has_cue(text)


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
    ("chair-report", r"\breport\s+(?:of|by)\s+the\s+chair(?:man)?\b|\bchair(?:man)?(?:'s|’s)\s+(?:draft\s+)?report"
                     r"|\b(?:his|her)\s+(?:draft\s+)?report"),
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
              earlier: list[Symbol], heading: list[Symbol], described: dict[Symbol, set[str]],
              prior: list[Symbol] = ()) -> list[tuple[str, Symbol | str | int | None]]:
    """What a decision is about; "its addendum" ("noted the report and its addendum") adds the parts of the
    documents chosen."""
    found = _decided_on(clause, verb, p, about, report, earlier, heading, described, prior)
    if _ITS_ADDENDUM.search(clause):
        docs = [s for kind, s in found if kind == "document"]
        found += [("document", part) for s in docs for part in report.parts.get(s, ()) if part not in docs]
    return found


# ", which is examining the draft Financial Plan (CWG-FHR 8/10)": a document named only to describe another.
_RELATIVE = re.compile(r",\s*(?:which|who|whose)\b", re.I)
# What a passive deferral is about when it names no document: the section's ("the matter will be taken up again").
_SECTION_THING = re.compile(r"\b(?:matter|item|issue|question|subject)s?\b[^,;]{0,40}$", re.I)


def _decided_on(clause: str, verb: re.Match, p: Paragraph, about: dict[int, Symbol], report: _Report,
                earlier: list[Symbol], heading: list[Symbol], described: dict[Symbol, set[str]],
                prior: list[Symbol]) -> list[tuple[str, Symbol | str | int | None]]:
    located = locate_symbols(clause, context=report.context, meetings=report.meetings)
    if located:
        if (which := _RELATIVE.search(clause, located[0][2])) is not None:
            located = [found for found in located if found[1] < which.start()]
        return [("document", s) for s, _, _ in located]
    lower = clause.lower()
    noun = _object(clause, verb)
    if noun == "agenda":
        agenda = [s for s, k in report.kinds.items() if "agenda" in k and s.meeting == report.meeting.number]
        revised = [s for s in agenda if s.revision]
        if agenda:
            return [("document", max(revised or agenda, key=lambda s: s.revision or 0))]
        # the one document of a section whose kind is not known otherwise ("Adoption of the agenda (X)")
        own = [s for s in dict.fromkeys(heading) if not report.kinds.get(s, set()) - {"document"}]
        if len(own) == 1 and len(set(heading)) == 1:
            return [("document", own[0])]
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
    if prior and (noun is None or noun in _POINTING):  # "could not agree on X, and will return to it …"
        return [("document", s) for s in (_chosen(noun, prior, report, lower) if noun else dict.fromkeys(prior))]
    # what the section's paragraphs named so far, after the heading's own documents (a noun's kind can choose
    # the heading's report over a corrigendum named since)
    candidates = [*(s for s in heading if s not in earlier), *earlier] if earlier else heading
    if len(set(candidates)) > 1 and (by_words := _by_description(clause, verb, candidates, described)):
        return [("document", s) for s in by_words]
    if noun and candidates:
        return [("document", s) for s in _chosen(noun, candidates, report, lower)]
    if noun and p.position in about:
        return [("document", about[p.position])]
    passive = bool(_PASSIVE.match(verb.group(0)) or _PASSIVE_BEFORE.search(clause, 0, verb.start()))
    passive = passive and not _SECTION_THING.search(clause, 0, verb.start())
    if noun is None and not passive and heading and len({s.parent or s for s in heading if s is not None}) == 1:
        main = _main(heading)  # the section is about one document (a contribution with its addenda: one proposal)
        together = report.parts.get(main, []) if report.kind(main, "contribution") else []
        return [("document", s) for s in [main, *(s for s in together if s in heading)]]
    if re.search(r"\breport\s+of\s+(?:the|its)\s+(?:previous|last)\s+meeting|\blast\s+meeting", lower):
        return [("report", report.meeting.number - 1)]
    if re.search(r"\b(?:draft\s+)?meeting\s+report\b|\bdraft\s+report\b|\breport\s+of\s+"
                 r"(?:this|the\s+present)\s+meeting", lower):
        return [("report", report.meeting.number)]
    return [("item", p.item)] if p.item else []


# Words that describe no document in particular: they cannot tell two documents of a section apart.
_PLAIN = frozenset("the a an and or of on in to for its their this that these those related said above following "
                   "two three four five six seven eight nine ten "
                   "document documents report reports contribution contributions proposal proposals secretariat "
                   "it them".split())
_WORD = re.compile(r"[A-Za-z][A-Za-z-]{2,}")
_OBJECT_END = re.compile(r"[,;(]|\b(?:to|for|with|in|into|at|as|by|from|on)\b", re.I)
_DOC_CUE = re.compile(r"\(?\s*(?:\b(?:Documents?|Doc\.|in|see))?\s*$", re.I)


def _content_words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text)} - _PLAIN


def _describe(sentence: str, located: list[tuple[Symbol, int, int]], described: dict[Symbol, set[str]]) -> None:
    """Remember the words written just before each symbol ("the draft budget (Document X)", "an information
    document on the assumptions (Document Y)"): a decision may later name a document by them."""
    start = 0
    for symbol, begin, end in located:
        before = _DOC_CUE.sub("", sentence[start:begin])
        words = _content_words(" ".join(before.split()[-12:]))
        if words:
            described.setdefault(symbol, set()).update(words)
        start = end


def _by_description(clause: str, verb: re.Match, candidates: list[Symbol],
                    described: dict[Symbol, set[str]]) -> list[Symbol]:
    """The documents a decision names by their description ("decided to submit the draft budget and the related
    information document"): each conjunct of the object must fit one document better than the others."""
    if _PASSIVE.match(verb.group(0)) or _PASSIVE_BEFORE.search(clause, 0, verb.start()):
        before = clause[:verb.start()]
        ends = list(_OBJECT_END.finditer(before))
        phrase = before[ends[-1].end():] if ends else before
    else:
        after = clause[verb.end():]
        end = _OBJECT_END.search(after)
        phrase = after[:end.start()] if end else after
    chosen: list[Symbol] = []
    for conjunct in re.split(r"\band\b|,", phrase):
        words = _content_words(conjunct)
        if not words:
            return []
        scores = {s: len(words & described.get(s, set())) for s in dict.fromkeys(candidates)}
        best = max(scores.values())
        winners = [s for s, score in scores.items() if score == best]
        if best == 0 or len(winners) > 1:
            return []
        chosen.append(winners[0])
    return list(dict.fromkeys(chosen))


def _main(symbols: list[Symbol]) -> Symbol:
    """The document a list of one document and its parts is about."""
    return next((s for s in symbols if s.parent is None), symbols[0])


def _chosen(noun: str, candidates: list[Symbol], report: _Report, clause: str = "") -> list[Symbol]:
    """The documents a noun points back to: "both documents" the last two, "them" all, "the three
    contributions" the last three, "the report" the last report; a contribution together with its addenda
    (they are one proposal)."""
    if noun in _PART_NOUNS and (named := [s for s in candidates if s.part and s.part.startswith(_PART_NOUNS[noun])]):
        return [named[-1]]  # "the addendum was taken note of": the section's addendum, not its document
    wanted = _WANTED_KIND.get(noun)
    fitting = [s for s in candidates if wanted and report.kind(s, wanted)] or candidates
    if noun == "both":
        return list(dict.fromkeys(fitting))[-2:]
    if noun in _PLURAL:
        if (counted := _COUNTED.search(clause)) and noun.startswith(counted["what"].lower()[:8]):
            count = _NUMBERS[counted["count"].lower()]
            pool = list(dict.fromkeys(fitting))
            return (pool if len(pool) >= count else list(dict.fromkeys(candidates)))[-count:]
        return list(dict.fromkeys(fitting))
    whole = [s for s in fitting if s.parent is None] or fitting
    last = whole[-1]
    together = [s for s in candidates if s.parent == last and wanted == "contribution"]
    return [last, *together]


_NUMBERS = {word: n for n, word in enumerate("two three four five six seven eight nine ten".split(), start=2)}
# "the three contributions", "the two documents": as many documents as the number says
_COUNTED = re.compile(r"\b(?P<count>two|three|four|five|six|seven|eight|nine|ten)\s+(?:\w+\s+)?"
                      r"(?P<what>contributions|documents|reports)\b", re.I)
# Nouns that point back to a document the sentence named before ("… and will return to it at its next meeting").
_POINTING = frozenset({"it", "them", "both", "proposal", "contribution", "contributions", "documents", "document"})


__all__ = ["Decision", "find_decisions"]
