"""The documents a report examines: what each heading and paragraph says a document is, who submitted it,
and the agenda items that examined it.

Headings name documents as "SYMBOL: Title", "Documents A and B – Title", "Title (Document SYMBOL)" or
"Title (Documents A and B)"; a section's paragraphs are about the document(s) its heading names (or its
parent heading's, when it names none). Running text names them with the words around the symbol ("the
agenda (X)", "his draft report to Council (X)", "Document X, containing a contribution by her country and
Y"), and a paragraph of a document's section may say who submitted it without the symbol ("The
contribution, submitted by A and B on behalf of the Arab States, …").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from . import lexicon
from .meeting import ORDINAL, ordinal_value
from .segment import Paragraph
from .submitters import Agent, Submitters, read_submitters, who_phrase
from .symbols import Symbol, find_symbols, locate_symbols

Context = tuple[str, int] | None  # the report's meeting (body, number), for symbols without a meeting number


@dataclass(slots=True)
class AgendaItem:
    number: str
    title: str
    paragraph: int
    documents: list[Symbol] = field(default_factory=list)


@dataclass(slots=True)
class Claim:
    """What one paragraph says about one document. `submitters` are member states (ISO3), `agents` the
    submitters that are not, `unresolved` names that are neither."""

    symbol: Symbol
    kind: str
    title: str | None
    submitters: list[str]
    unresolved: list[str]
    paragraph: int
    reports_on: int | None = None  # for a meeting report: the number of the meeting it reports on
    agents: list[Agent] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------- sections


def documents_by_section_all(paragraphs: list[Paragraph], *, context: Context = None) -> dict[int, list[Symbol]]:
    """Paragraph position → every document whose section holds it (from the nearest heading naming any:
    "Title (Documents CWG-FHR-6/2 and 6/3)" gives both)."""
    section_docs: dict[str, list[Symbol]] = {}
    about: dict[int, list[Symbol]] = {}
    for p in paragraphs:
        if p.is_heading and p.section:
            symbols = _unique(find_symbols(p.text, context=context))
            parent = p.section.rsplit(".", 1)[0] if "." in p.section else None
            section_docs[p.section] = symbols or (section_docs.get(parent, []) if parent else [])
        docs = section_docs.get(p.section) if p.section else None
        if docs:
            about[p.position] = docs
    return about


def documents_by_section(paragraphs: list[Paragraph], *, context: Context = None,
                         about_all: dict[int, list[Symbol]] | None = None) -> dict[int, Symbol]:
    """Paragraph position → the one document whose section holds it: the heading's only document, or its
    only document that is not an addendum or corrigendum of another it names ("(Document X and
    Corrigendum 1)" is about X)."""
    if about_all is None:
        about_all = documents_by_section_all(paragraphs, context=context)
    about: dict[int, Symbol] = {}
    for position, docs in about_all.items():
        main = _main(docs)
        if main is not None:
            about[position] = main
    return about


def _main(docs: list[Symbol]) -> Symbol | None:
    mains = [s for s in docs if s.parent is None or s.parent not in docs]
    return mains[0] if len(mains) == 1 else None


def _unique(symbols: list[Symbol]) -> list[Symbol]:
    out: list[Symbol] = []
    for symbol in symbols:
        if symbol not in out:
            out.append(symbol)
    return out


# ---------------------------------------------------------------------------------------------- kinds

_KINDS: tuple[tuple[str, re.Pattern], ...] = (
    ("contribution", re.compile(r"^(?:joint\s+)?(?:contribution|proposal|submission)s?\s+(?:by|from|of)\s+"
                                r"(?P<states>.+)$", re.I)),
    ("secretariat-report", re.compile(r"\bsecretariat(?:'s|’s)?\s+report\b|\breport\s+(?:by|of|from)\s+the\s+"
                                      r"(?:ITU\s+)?secretariat\b|\breport\s+of\s+the\s+secretary-general\b|^(?:the\s+)?"
                                      r"(?:ITU|secretary-general)(?:'s|’s)\s+(?:\w+\s+)?report\b", re.I)),
    # "Draft agenda", "Adoption of the agenda", "Opening of the meeting and approval of the agenda"
    ("agenda", re.compile(r"(?:^|\b(?:adoption|approval)\s+of\s+the\s+)"
                          r"(?:draft\s+|revised\s+|provisional\s+)?agenda\b", re.I)),
    ("meeting-report", re.compile(r"^(?:draft\s+)?(?:summary(?:\s+of\s+(?:the\s+)?(?:discussions|conclusions))?|report)"
                                  r"\s+of\s+(?:the\s+|its\s+)?\w+(?:[\s-]\w+)?\s+meeting\b|^(?:draft\s+)?"
                                  r"meeting\s+report\b", re.I)),
    ("chair-report", re.compile(r"\bchair(?:man)?(?:'s|’s)?\s+report\b|\breport\s+(?:by|of)\s+the\s+chair", re.I)),
)
# What the words just before a symbol say it is: "the agenda (Document X)", "her draft report to the
# Council (X)", "a contribution to that meeting (Document X)", "Report by the Secretariat on … (X)".
_LEAD = (r"[\s,]*(?:\(\s*)?(?:(?:contained|presented|issued|reproduced)\s+)?(?:in\s+|see\s+)?"
         r"(?:Documents?\s+|Doc\.\s*)?$")
_LEAD_OUT = r"[^.;()]{0,50}?" + _LEAD
_BUREAU = r"(?:BDT|TSB|BR|the\s+(?:Telecommunication\s+\w+|Radiocommunication)\s+Bureau|the\s+General\s+Secretariat)"
_INLINE_KINDS: tuple[tuple[str, re.Pattern], ...] = (
    ("secretariat-report", re.compile(
        r"(?:\breport\s+(?:by|of|from)\s+the\s+(?:ITU\s+)?secretariat|\bsecretariat(?:'s|’s)?\s+report)[^.;()]{0,150}?"
        r"[\s,]*\(\s*(?:Documents?\s+|Doc\.\s*)?$"
        r"|\bsecretariat(?:'s|’s)?\s+report" + _LEAD_OUT +
        r"|\breport\s+(?:of|by|from)\s+(?:the\s+Secretary-General|" + _BUREAU + r")" + _LEAD_OUT +
        r"|\bsecretariat\s+(?:presented|introduced|submitted)\s+(?:its|the)\s+(?:[\w-]+\s+){0,4}?"
        r"report\b[^.;()]{0,200}?" + _LEAD +
        # "the secretariat introduced the draft budget (X)", "The secretariat presented Document X on …"
        r"|\b[Tt]he\s+secretariat\s+(?:presented|introduced|submitted|described|outlined|summari[sz]ed)\s+"
        r"(?:(?:its|the|an?)\s+"
        r"(?:[\w-]+\s+){0,5}?[\w-]+\s*)?" + _LEAD +
        # "The secretariat summarized the consultation held on 18 September on “…” (X)": what it presents, in brackets
        r"|\b[Tt]he\s+secretariat\s+(?:summari[sz]ed|presented|introduced|outlined|described|reported\s+on)\s"
        r"(?![^.;()]{0,150}?\b(?:contribution|proposal)s?\b)[^.;()]{0,150}?[\s,]*\(\s*(?:Documents?\s+|Doc\.\s*)?$" +
        # "an update by the secretariat (X)", "an overview from the secretariat on … (X)" (an information document
        # from the secretariat is a document, tests/corpus/styles/README.md)
        r"|\b(?:update|overview|briefing|progress\s+report)\s+(?:by|from|of)\s+the\s+(?:ITU\s+)?"
        r"secretariat\b" + _LEAD_OUT,
        re.I)),
    ("agenda", re.compile(r"\b(?:the|its|draft|revised|provisional|annotated|an?)\s+"
                          r"agenda(?:\s+of\s+the\s+meeting)?" + _LEAD_OUT, re.I)),
    ("chair-report", re.compile(r"(?:(?:\bchair(?:man)?(?:'s|’s)|\b(?:his|her))\s+(?:draft\s+)?report"
                                r"|\breport\s+(?:of|by)\s+the\s+chair(?:man|person)?\b)[^.;()]{0,100}?" + _LEAD, re.I)),
    ("meeting-report", re.compile(r"\b(?:summary(?:\s+of\s+(?:the\s+)?(?:discussions|conclusions))?|report)\s+of\s+"
                                  r"(?:the\s+|its\s+)?(?:\w+(?:[\s-]\w+)?\s+)?meeting" + _LEAD_OUT, re.I)),
    ("contribution", re.compile(r"\bcontributions?(?:\s+(?:by|from)\s+(?P<states>(?:[^.;()]"
                                r"|\((?!\s*(?:Documents?|Doc\.)\s)[^()]*\)){3,300}))?" + _LEAD_OUT, re.I)),
)
# "… and the related report X": the kind of the document just named
_SAME_KIND = re.compile(r"\b(?:and|as\s+well\s+as)\s+(?:the|its)\s+(?:related\s+|second\s+|other\s+)?"
                        r"(?:report|document)\s*(?:\(\s*)?(?:Documents?\s+)?$", re.I)
# "X, a contribution by …", "X – Contribution from …", "X is a contribution by …", "X, a joint contribution of …"
_INLINE_CONTRIBUTION = re.compile(r"^\s*(?:\)\s*)?(?:,|:|–|—|-|\s(?:is|was))?\s*(?:a\s+|the\s+)?(?:joint\s+)?"
                                  r"contribution\s+"
                                  r"(?:by|from|of)\s+(?P<states>[^.;:]+)", re.I)
# "X was presented by Algeria, also on behalf of …", "X, which was introduced by the delegate of Peru, …"
_PASSIVE_BY = re.compile(r"^\s*\)?\s*,?\s*(?:which\s+)?(?:was|were|is|has\s+been|had\s+been)\s+(?:jointly\s+)?"
                         r"(?:presented|introduced|submitted)\s+by\s+(?P<who>[^.;]+)", re.I)
# "Mexico introduced X", "Northgate Ltd (ITU-T Sector Member) presented its contribution (Document X)": the subject
_PRESENTER = re.compile(r"\s(?:presented|introduced|submitted)\s+(?:(?:its|their|a|the)\s+(?:joint\s+)?"
                        r"(?:contribution|proposal|document)\s*)?(?:\(\s*)?(?:Documents?\s+|Doc\.\s*)?$")
# "Korea (Republic of) and Japan (X) suggest …": the submitters, then the document in brackets, then the verb
_BRACKETED = re.compile(r"\(\s*(?:Documents?\s+|Doc\.\s*)?$")
# "Document C19/60, containing a contribution submitted by her country and the United Arab Emirates, which …"
_CONTAINING = re.compile(r"^\s*,\s*(?:containing|which\s+contains|that\s+contains)\s+(?:a|the)\s+(?:joint\s+)?"
                         r"contribution\s+(?:submitted\s+)?(?:by|from)\s+(?P<states>[^.;]+)", re.I)
# "Document C19/12 and Addendum 1, the annual report of the Secretary-General on …"
_APPOSITIVE = re.compile(r"^\s*,\s*(?P<phrase>(?:the|an?|its)\s+[^,;.()]{3,120})", re.I)
_PART_AFTER = re.compile(r"^\s*(?:and|\+|&)\s*(?:its\s+)?(?:Addendum|Corrigendum|Add\.|Corr\.)\s?\d{1,2}\b", re.I)
# "Document X, from China, describes …", "Document 16/6, from the Regional Commonwealth … (RCC), proposes …",
# "Document X, submitted by the ATU on behalf of its Member States, recommends …": who, up to the verb's comma.
_FROM_WHO = re.compile(r"^\s*,\s*(?:(?:a|the)\s+(?:joint\s+)?(?:contribution|proposal|document)\s+)?"
                       r"(?:(?:submitted|presented)\s+"
                       r"by|from)\s+(?P<who>(?:[^.;()]|\([^()]*\)){2,300}?)\s*,\s+(?=[a-z])(?!and\b|as\s+"
                       r"well\b|also\b|jointly\b)")
# "In Document X, France proposes …", "In Documents A, B and C the secretariat reported on …", "In CWG-SFP-3/5 the
# delegations of A and B propose …" (without "Document" only at a sentence's start: "as proposed in X" is no subject)
_IN_DOCUMENT = re.compile(r"\b[Ii]n\s+(?:Documents?\s+|Doc\.\s*)$|(?:^|[.;:]\s+|\t)In\s+$")
_VERB = (r"(?:propose[sd]?|describe[sd]?|present(?:s|ed)?|suggest(?:s|ed)?|recommend(?:s|ed)?|report(?:s|ed)?|"
         r"outline[sd]?|sets?\s+out|call(?:s|ed)?|asks?|asked|request(?:s|ed)?|share[sd]?|submit(?:s|ted)?|"
         r"inform(?:s|ed)?|provide[sd]?|invite[sd]?|review(?:s|ed)?|summari[sz]e[sd]?|argue[sd]?|stress(?:es|ed)?|"
         r"highlight(?:s|ed)?|offer(?:s|ed)?|explain(?:s|ed)?|put(?:s)?\s+forward|analy[sz]e[sd]?|examine[sd]?|"
         r"address(?:es|ed)?|seek(?:s)?|sought|express(?:es|ed)?|underline[sd]?|emphasi[sz]e[sd]?|recall(?:s|ed)?|"
         r"urge[sd]?|support(?:s|ed)?)\b")
# the subject of "In Document X, <who> proposes …": a list with commas and bracketed names ("Korea (Republic of)")
_SUBJECT_VERB = re.compile(r"^\s*,?\s*(?P<who>(?:[^.;()]|\([^()]*\)){2,300}?)\s+" + _VERB)
_VERB_AFTER = re.compile(r"^\s*\)\s+" + _VERB)
# "… (Document X), presented by the delegate of Egypt": the delegate's state submitted it
_PRESENTED_BY = re.compile(r"^\s*\)?\s*,?\s*(?:which\s+was\s+|was\s+)?(?:presented|introduced)\s+by\s+the\s+"
                           r"(?:delegate|delegation|representative|councillor)s?\s+(?:of|from)\s+"
                           r"(?P<who>[^.;,()]+)", re.I)
_SENTENCE_BREAK = re.compile(r"(?<=[.;])(?<!\bDoc\.)(?<!\bNo\.)\s")
_RESPECTIVELY = re.compile(r"^\s*,\s*(?:the\s+)?contributions\s+(?:of|from|by)\s+(?P<who>[^.;]+?)\s*,?\s+"
                           r"respectively\b", re.I)
_EACH_OF = re.compile(r"\s*(?:,|\band\b)\s*(?:of\s+|from\s+|by\s+)?", re.I)
_SPEAKER = re.compile(r"\b(?:councillor|delegate|delegation|representative|observer)\s+(?:from|of)\s+(?:the\s+)?"
                      r"(?P<country>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,4})")
# A section's paragraph that says who submitted its document, or that the secretariat presented it
_SUBMITTED_BY = re.compile(r"\b(?:contribution|proposal)\s*,?\s+(?:was\s+)?submitted\s+by\s+(?P<who>[^.;]+)", re.I)
_SECRETARIAT_PRESENTED = re.compile(
    r"\bsecretariat\s+(?:(?:presented|introduced)\s+(?:its|the)\s+(?:[\w-]+\s+){0,6}?report\b|reported\s+on\b)"
    # "The secretariat presented the 2020 edition of …", "… gave an update on …"
    r"|(?:^|[.;]\s+)The\s+secretariat\s+(?:presented|introduced|gave\s+an?\s+(?:update|overview|"
    r"briefing)|provided\s+an?\s+(?:update|overview))\b"
    # "Ms. X, of the WSIS team, reported on …": a member of the secretariat's staff
    r"|,\s+of\s+the\s+(?:ITU\s+)?(?:secretariat|[\w&+-]+(?:\s+[\w&+-]+){0,3}\s+(?:team|division|"
    r"department|unit))\s*,\s+(?:presented|introduced|reported)\b", re.I)
_SECRETARIAT_CUES = ("secretariat", "team,", "division,", "department,", "unit,")
# "The glossary prepared by the secretariat …": the section's document is the secretariat's
_SECRETARIAT_MADE = re.compile(r"\b(?:prepared|drafted|compiled|drawn\s+up|issued)\s+by\s+the\s+(?:ITU\s+)?"
                               r"secretariat\b", re.I)
# "The acting Chairman presented his plan for …", "The Chair introduced her draft report": the Chair's own document
_CHAIR_PRESENTED = re.compile(r"\b[Tt]he\s+(?:(?:acting|interim)\s+)?Chair(?:man|person|woman)?\s+"
                              r"(?:presented|introduced|outlined)\s+(?:his|her)\s+"
                              r"(?!(?:own\s+)?(?:country|administration)\b)")
_CONTRIBUTIONS_LIST = re.compile(r"\bcontributions\b", re.I)
_SHARED_KINDS = ("secretariat-report", "chair-report", "contribution")
_HEAD_LIST = re.compile(r"^(?:\s*(?:,|\band\b|&|\+)\s*)+$|^$", re.I)
_HEAD_LEAD = re.compile(r"^\s*(?:Documents?\s+|Doc\.\s*)?$", re.I)
_HEAD_REST = re.compile(r"^\s*[:)]?\s*(?::|–|—|-)?\s+(?P<rest>\S.*)$|^\s*:\s*(?P<glued>\S.*)$")
_HEAD_TITLE = re.compile(r"^(?P<title>.*?\S)\s*\(\s*(?:Documents?\s+|Doc\.\s*)?$", re.I)

_REPORTS_ON = re.compile(rf"\b(?:of|on)\s+(?:the\s+|its\s+)?(?P<ordinal>{ORDINAL}|previous|last)\s+meeting\b", re.I)


def reports_on(text: str, meeting: int) -> int | None:
    """The meeting a meeting report reports on ("Draft report of the eighteenth meeting" → 18)."""
    found = _REPORTS_ON.search(text)
    if not found:
        return None
    word = found["ordinal"].lower()
    return meeting - 1 if word in ("previous", "last") else ordinal_value(word)


def _classify(rest: str, body: str | None) -> tuple[str, str, Submitters]:
    rest = rest.strip().rstrip(" .")
    for kind, pattern in _KINDS:
        match = pattern.search(rest)
        if match:
            who = read_submitters(match["states"], body=body) if kind == "contribution" else Submitters()
            return kind, rest, who
    return "document", rest, Submitters()


def _claim(symbol: Symbol, kind: str, title: str | None, who: Submitters, position: int) -> Claim:
    return Claim(symbol, kind, title, who.states, who.unresolved, position, agents=who.agents)


# ---------------------------------------------------------------------------------------------- claims


def find_claims(paragraphs: list[Paragraph], about: dict[int, Symbol], *, context: Context = None,
                about_all: dict[int, list[Symbol]] | None = None,
                located: dict[int, list[tuple[Symbol, int, int]]] | None = None) -> list[Claim]:
    """What every heading and paragraph says about the documents it names, or about its section's.
    `located` is each paragraph's `locate_symbols`, when already known."""
    about_all = about_all if about_all is not None else {k: [v] for k, v in about.items()}
    claims: list[Claim] = []
    headed: set[Symbol] = set()  # documents whose heading gave them a kind
    for p in paragraphs:
        found = (located.get(p.position, []) if located is not None
                 else locate_symbols(p.text, context=context, previous=about.get(p.position)))
        if all(symbol.part for symbol, _, _ in found):  # names no document but its section's, or parts of it
            claims.extend(_section_claims(p, about, about_all, headed))
        if not found:
            continue
        if p.is_heading:
            heading = _heading_claims(p, found)
            if heading is not None:
                claims.extend(heading)
                headed.update(c.symbol for c in heading)
                continue
        inline = _inline_claims(p, found)
        claims.extend(inline)
        # "The acting Chairman presented his plan … The Group approved the plan set out in X", X the section's
        # document: what the paragraph says of the section's document when its words around X say nothing
        own = about_all.get(p.position, ())
        if (not inline and not p.is_heading and not all(symbol.part for symbol, _, _ in found)
                and all(symbol.part or symbol in own for symbol, _, _ in found)):
            claims.extend(_section_claims(p, about, about_all, headed))
    return claims


def _heading_claims(p: Paragraph, found: list[tuple[Symbol, int, int]]) -> list[Claim] | None:
    """Claims of a heading that names its documents: "A and B: Title", "Documents A and B – Title",
    "Title (Documents A and B)", "Summary of Contributions A, B and C"; None for another heading."""
    text = p.text
    first, last = found[0], found[-1]
    listed = all(_HEAD_LIST.match(text[a[2]:b[1]]) for a, b in zip(found, found[1:]))
    if listed and _HEAD_LEAD.match(text[: first[1]]) and (rest := _HEAD_REST.match(text[last[2]:])):
        kind, title, who = _classify(rest["rest"] or rest["glued"], first[0].body)
        return [_claim(symbol, kind, title, who, p.position) for symbol, _, _ in found]
    if listed and re.match(r"^\s*\)\s*[.:]?\s*$", text[last[2]:]) and (head := _HEAD_TITLE.match(text[: first[1]])):
        kind, title, who = _classify(re.sub(r"\s*\(continued\)$", "", head["title"], flags=re.I), first[0].body)
        if kind == "document":
            return []
        symbols = [s for s, _, _ in found if kind == "contribution" or s.parent is None]
        return [_claim(symbol, kind, title, who, p.position) for symbol in symbols]
    if len(found) > 1 and _CONTRIBUTIONS_LIST.search(text[: first[1]]):
        return [Claim(symbol, "contribution", None, [], [], p.position) for symbol, _, _ in found]
    return None


def _inline_claims(p: Paragraph, found: list[tuple[Symbol, int, int]]) -> list[Claim]:
    """Claims read from the words around each symbol in running text (or at the end of a heading)."""
    claims: list[Claim] = []
    text = p.text
    speaker = _speaker(text)
    previous_end = 0
    for index, (symbol, start, end) in enumerate(found):
        before = text[max(previous_end, start - 500): start]
        before = _SENTENCE_BREAK.split(before)[-1]
        previous_end = end
        after = text[end:]
        if (respectively := _RESPECTIVELY.match(after)) is not None:
            claims.extend(_respectively(found[: index + 1], respectively["who"], p.position))
            continue
        claim = _subject_claim(text, found, index, p.position) or _inline_claim(symbol, before, after, p, speaker)
        if claim is None and claims and claims[-1].paragraph == p.position and _SAME_KIND.search(before):
            claim = Claim(symbol, claims[-1].kind, None, [], [], p.position)
        # "The secretariat presented Documents A and B: …", "Mexico introduced A and B": the list shares the claim
        # its first document takes from the words before it
        if (claim is None and index and _HEAD_LIST.match(before) and claims and claims[-1].symbol == found[index - 1][0]
                and claims[-1].kind in _SHARED_KINDS and not symbol.part):
            claim = replace(claims[-1], symbol=symbol, title=None)
        if claim is not None:
            claims.append(claim)
    return claims


def _subject_claim(text: str, found: list[tuple[Symbol, int, int]], index: int, position: int) -> Claim | None:
    """What "In Document X, France proposes …" or "In Documents A, B and C the secretariat reported …" says:
    a contribution by the states or organizations that are the sentence's subject, or secretariat reports."""
    first, last = index, index
    while first > 0 and _HEAD_LIST.match(text[found[first - 1][2]: found[first][1]]):
        first -= 1
    while last + 1 < len(found) and _HEAD_LIST.match(text[found[last][2]: found[last + 1][1]]):
        last += 1
    if not _IN_DOCUMENT.search(text[max(0, found[first][1] - 14): found[first][1]]):
        return None
    subject = _SUBJECT_VERB.match(text[found[last][2]:])
    return _claim_by(found[index][0], subject["who"], position) if subject else None


def _claim_by(symbol: Symbol, words: str, position: int, speaker: str | None = None, *,
              chair: bool = True) -> Claim | None:
    """A document's claim from the words that say who it is from: secretariat reports for the secretariat, a
    contribution for member states and other organizations, nothing when the words name neither. Without
    `chair`, the Chair alone names nothing (the Chair who presents a document did not necessarily write it)."""
    who = read_submitters(words, body=symbol.body, speaker=speaker)
    if who.unresolved or not (who.states or who.agents):
        return None
    if not chair and not who.states and all(agent.kind == "chair" for agent in who.agents):
        return None
    if all(agent.kind == "secretariat" for agent in who.agents) and not who.states:
        return Claim(symbol, "secretariat-report", None, [], [], position)
    return _claim(symbol, "contribution", None, who, position)


def _inline_claim(symbol: Symbol, before: str, after: str, p: Paragraph, speaker: str | None) -> Claim | None:
    for kind, pattern in _INLINE_KINDS:
        found = pattern.search(before)
        if found is None:
            continue
        who = Submitters()
        if kind == "contribution" and not found["states"] and (
                subject := _subject_before(symbol, before, after, p.position, speaker)) is not None:
            return subject  # "Peru introduced its contribution (X)"
        if kind == "contribution" and found["states"]:
            who = read_submitters(found["states"], body=symbol.body, speaker=speaker)
            if not who.states and not who.agents:
                who.unresolved = []
        title = before[: before.rfind("(")].strip(" ,:–—-") if p.is_heading and "(" in before else None
        return _claim(symbol, kind, title or None, who, p.position)
    if (inline := _INLINE_CONTRIBUTION.match(after)) is not None:
        who = read_submitters(who_phrase(inline["states"]), body=symbol.body)
        if who.states or who.agents:
            return _claim(symbol, "contribution", None, Submitters(who.states, who.agents), p.position)
        return None
    if symbol.part:
        return None
    after = after[m.end():] if (m := _PART_AFTER.match(after)) else after
    if (containing := _CONTAINING.match(after)) is not None:
        who = read_submitters(re.split(r",\s+(?=which\b|and\s+which\b)", containing["states"])[0],
                              body=symbol.body, speaker=speaker)
        return _claim(symbol, "contribution", None, who, p.position)
    if (source := _FROM_WHO.match(after) or _PRESENTED_BY.match(after)) is not None:
        if (claim := _claim_by(symbol, source["who"], p.position, speaker)) is not None:
            return claim
    if "by" in after and (source := _PASSIVE_BY.match(after)) is not None:
        if (claim := _claim_by(symbol, who_phrase(source["who"]), p.position, speaker, chair=False)) is not None:
            return claim
    if (claim := _subject_before(symbol, before, after, p.position, speaker)) is not None:
        return claim
    if (appositive := _APPOSITIVE.match(after)) is not None:
        kind, _, _ = _classify(
            re.sub(r"^(?:the|an?|its)\s+(?:annual\s+|draft\s+)?", "", appositive["phrase"], flags=re.I), symbol.body)
        if kind not in ("document", "contribution"):
            return Claim(symbol, kind, None, [], [], p.position)
    return None


def _subject_before(symbol: Symbol, before: str, after: str, position: int, speaker: str | None) -> Claim | None:
    """What a sentence whose subject comes before the symbol says: "Mexico introduced X", "Kestrel Ltd (ITU-T Sector
    Member) presented its contribution (Document X)", "Korea (Republic of) and Japan (X) suggest …"."""
    if (presenter := _PRESENTER.search(before)) is not None:
        who = before[: presenter.start()]
    elif (bracket := _BRACKETED.search(before)) is not None and _VERB_AFTER.match(after):
        who = before[: bracket.start()]
    else:
        return None
    return _claim_by(symbol, who, position, speaker, chair=False) if who.strip() else None


def _respectively(found: list[tuple[Symbol, int, int]], who: str, position: int) -> list[Claim]:
    """"Documents A and B, contributions of X and of Y respectively": A by X, B by Y."""
    names = [name for name in _EACH_OF.split(who) if name.strip()]
    symbols = [symbol for symbol, _, _ in found][-len(names):]
    if len(symbols) != len(names):
        return []
    return [_claim(symbol, "contribution", None, read_submitters(name, body=symbol.body), position)
            for symbol, name in zip(symbols, names)]


def _speaker(text: str) -> str | None:
    """The member state whose delegate speaks in the paragraph ("The councillor from Kenya introduced …")."""
    if "from" not in text and " of " not in text:
        return None
    found = _SPEAKER.search(text)
    return lexicon.member_states().find(found["country"]) if found else None


def _section_claims(p: Paragraph, about: dict[int, Symbol], about_all: dict[int, list[Symbol]],
                    headed: set[Symbol]) -> list[Claim]:
    """Claims of a paragraph that names no document about its section's: who submitted it, or that the
    secretariat presented it (for documents whose heading gave no kind)."""
    if p.is_heading or p.position not in about_all:
        return []
    text = p.text
    if "submitted" in text and p.position in about and (found := _SUBMITTED_BY.search(text)) is not None:
        symbol = about[p.position]
        who = read_submitters(re.split(r",\s+(?=[a-z])", found["who"])[0], body=symbol.body, speaker=_speaker(text))
        return [_claim(symbol, "contribution", None, who, p.position)]
    lower = text.lower()
    kind = None
    if any(cue in lower for cue in _SECRETARIAT_CUES) and (_SECRETARIAT_PRESENTED.search(text)
                                                            or _SECRETARIAT_MADE.search(text)):
        kind = "secretariat-report"
    elif "hair" in text and _CHAIR_PRESENTED.search(text):
        kind = "chair-report"
    if kind is None:
        return []
    return [Claim(symbol, kind, None, [], [], p.position)
            for symbol in about_all[p.position] if symbol.parent is None and symbol not in headed]


# ---------------------------------------------------------------------------------------------- all together


@dataclass(slots=True)
class Documents:
    """The document records of one report (see `read_documents`)."""

    about_all: dict[int, list[Symbol]]  # paragraph position → every document its section is about
    about: dict[int, Symbol]  # paragraph position → the one document its section is about
    mentions: dict[int, list[Symbol]]  # paragraph position → the documents it names
    claims: list[Claim]


def read_documents(paragraphs: list[Paragraph], *, context: Context = None, own: str | None = None) -> Documents:
    """Every document record of a report. `context` is its meeting (body, number), `own` its own symbol
    (canonical, from the cover), which is not one of the documents it examines."""
    about_all = documents_by_section_all(paragraphs, context=context)
    if own:
        about_all = {k: kept for k, v in about_all.items() if (kept := [s for s in v if str(s) != own])}
    about = documents_by_section(paragraphs, about_all=about_all)
    located = {p.position: found for p in paragraphs
               if (found := locate_symbols(p.text, context=context, previous=about.get(p.position)))}
    mentions = {position: kept for position, found in located.items()
                if (kept := [symbol for symbol, _, _ in found if str(symbol) != own])}
    claims = [c for c in find_claims(paragraphs, about, about_all=about_all, located=located) if str(c.symbol) != own]
    return Documents(about_all, about, mentions, claims)


# ---------------------------------------------------------------------------------------------- agenda items


def find_agenda_items(paragraphs: list[Paragraph], mentions: dict[int, list[Symbol]],
                      about: dict[int, Symbol]) -> list[AgendaItem]:
    items: dict[str, AgendaItem] = {}
    for p in paragraphs:
        if p.is_heading and p.section and "." not in p.section:
            items[p.section] = AgendaItem(p.section, p.text, p.position)
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


__all__ = ["AgendaItem", "Claim", "Documents", "read_documents", "documents_by_section", "documents_by_section_all",
           "find_agenda_items", "find_claims", "reports_on"]
