"""Document symbols as the reports write them, made canonical.

The archive writes one document many ways: "CWG-Internet-18/1(Rev.1)", "CWG-Internet 18/4",
"WG-Internet 9/1" (the group's old name), "CWGInternet-9/3" (hyphen lost), "WG-WSIS/15/1:", "WG-COP/5"
(no meeting number: the report's own meeting), "CWG-WSIS-29/16-E Rev. 1" (language suffix, spaced
revision), short forms after a full one ("Documents CWG-FHR-6/2 and 6/3"), parts ("14/5(Add.1)",
"C19/12 + Add.1", "Document X and Corrigendum 1", "Addendum 1 to Document X") and Council symbols
("C19/12", "C19/DT/4"). Each resolves to one `Symbol`, canonical as in tests/corpus/styles/README.md,
with the body's current acronym from data/bodies.ttl; the spelling used is kept on it (`spelling`, not
part of its identity).

>>> [str(s) for s in find_symbols("Documents WG-WSIS/15/8 and 15/9, C19/12 + Add.1 and CWG-FHR-6/4-E Rev. 1")]
['CWG-WSIS&SDG-15/8', 'CWG-WSIS&SDG-15/9', 'C19/12', 'C19/12(Add.1)', 'CWG-FHR-6/4(Rev.1)']
>>> [(str(s), s.spelling) for s in find_symbols("WG-COP/5 and Corrigendum 1", context=("CWG-COP", 9))]
[('CWG-COP-9/5', 'WG-COP/5'), ('CWG-COP-9/5(Corr.1)', 'Corrigendum 1')]
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from functools import lru_cache

from . import lexicon

COUNCIL = "Council"


@dataclass(frozen=True, slots=True)
class Symbol:
    """A document symbol: CWG-Internet-18/1(Rev.1) is Symbol("CWG-Internet", 18, 1, 1); C19/DT/4 is
    Symbol("Council", 19, 4, series="DT") (for the Council, `meeting` is the session's year in two digits);
    C19/12(Add.1) is Symbol("Council", 19, 12, part="Add.1"). `spelling` is how the text wrote it."""

    body: str
    meeting: int
    number: int
    revision: int | None = None
    part: str | None = None  # "Add.1" or "Corr.1": an addendum or corrigendum of the document
    series: str | None = None  # Council series: "DT", "DL", "INF", "ADM"
    spelling: str | None = field(default=None, compare=False)

    def __str__(self) -> str:
        if self.body == COUNCIL:
            head = f"C{self.meeting:02d}/" + (f"{self.series}/" if self.series else "") + str(self.number)
        else:
            head = f"{self.body}-{self.meeting}/{self.number}"
        return head + (f"(Rev.{self.revision})" if self.revision else "") + (f"({self.part})" if self.part else "")

    @property
    def original(self) -> "Symbol":
        """The document this one is a revision of (itself without the revision)."""
        return replace(self, revision=None, spelling=None)

    @property
    def parent(self) -> "Symbol | None":
        """The document an addendum or corrigendum belongs to."""
        return replace(self, part=None, spelling=None) if self.part else None

    @property
    def is_council(self) -> bool:
        return self.body == COUNCIL


_TAILS = (r"(?P<tail>(?:\s*/?\(\s*(?:Rev|Add|Corr)\.?\s*\d{1,2}\s*\))*)"
          r"(?P<lang>-[EFSARC](?![\w/]))?(?:\s+Rev\.\s?(?P<rev2>\d{1,2})\b)?")
# A bare short form is only read after the word "Document(s)"/"Doc." ("Documents 17/4 and 17/6 were noted"),
# and only with the report's meeting as context: "16/7" alone may be a date or a fraction.
_CUED = r"(?:(?<=[Dd]ocument\s)|(?<=[Dd]ocuments\s)|(?<=[Dd]oc\.\s)|(?<=[Dd]ocs\.\s))"
_TAIL_PART = re.compile(r"(Rev|Add|Corr)\.?\s*(\d{1,2})")
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"


def _pattern() -> re.Pattern:
    acronyms = sorted(lexicon.working_group_acronyms(), key=len, reverse=True)
    known = "|".join(re.escape(a).replace("&", r"\s*&\s*") for a in acronyms)
    generic = r"C?WG(?:-\s?|\s)?[A-Z][A-Za-z]*(?:\s*&\s*[A-Z][A-Za-z]*)?"  # WG-Internet, CWGInternet, CWG WSIS&SDG
    return re.compile(
        r"(?<![\w/&-])(?:(?P<pre>Addendum|Corrigendum|Revision)\s+(?P<preno>\d{1,2})\s+to\s+(?:Document\s+)?)?"
        r"(?P<sym>"
        rf"(?P<body>(?i:{known})|{generic})"
        r"(?:[\s/-]?\s?(?P<meeting>\d{1,4})/(?P<number>\d{1,3})|/(?P<lone>\d{1,3}))(?![\d/])"
        r"|C(?P<session>\d{2})/(?:(?P<series>DT|DL|INF|ADM)/)?(?P<cnumber>\d{1,3})(?![\d])"
        rf"|{_CUED}(?P<bmeeting>\d{{1,3}})/(?P<bnumber>\d{{1,3}})(?![\d/])"
        rf"){_TAILS}"
        r"|(?<![\w.])(?P<spart>Addendum|Corrigendum|Add\.|Corr\.)\s?(?P<spartno>\d{1,2})\b"
    )


# A short form after a full symbol: "… and 6/3", "…, 37/4", "… and 14/5(Add.1)"; after a Council symbol
# also a bare number ("Documents C09/6, 65 and 78").
_SHORT = re.compile(
    r"\s*(?:,|\band\b|&)\s*(?P<sym>(?:(?P<meeting>\d{1,4})/)?(?P<number>\d{1,3})(?![\d/])"
    rf"{_TAILS})(?!\s+(?:{_MONTHS})\b)"
)
_SYMBOLS: re.Pattern | None = None


def find_symbols(text: str, *, context: tuple[str, int] | None = None,
                 previous: Symbol | None = None, meetings: Collection[int] = ()) -> list[Symbol]:
    """Every document symbol in the text, canonical, each with its spelling.

    `context` is the report's meeting (body, number): a symbol without a meeting number ("WG-COP/5")
    belongs to it when the bodies agree, else it is skipped; a bare short form after "Document"
    ("Document 17/5") is the context body's document when its meeting is the report's or one of
    `meetings` (other meetings of that body whose full symbols the report names). `previous` is the
    document a part written alone ("Addendum 1") belongs to when the text names no document before it.

    >>> [str(s) for s in find_symbols("the Agenda (CWG-Internet-18/1(Rev.1)) and CWG-Internet 18/4")]
    ['CWG-Internet-18/1(Rev.1)', 'CWG-Internet-18/4']
    """
    return [symbol for symbol, _, _ in locate_symbols(text, context=context, previous=previous, meetings=meetings)]


def locate_symbols(text: str, *, context: tuple[str, int] | None = None, previous: Symbol | None = None,
                   meetings: Collection[int] = ()) -> list[tuple[Symbol, int, int]]:
    """`find_symbols` with where each symbol is written: (symbol, start, end) in the text's order."""
    if "/" not in text and "Add" not in text and "Corr" not in text:
        return []
    global _SYMBOLS
    if _SYMBOLS is None:
        _SYMBOLS = _pattern()
    found: list[tuple[Symbol, int, int]] = []
    last = previous.parent or previous if previous else None
    pos = 0
    while (match := _SYMBOLS.search(text, pos)) is not None:
        pos = match.end()
        if match["spart"]:
            if last is not None:
                kind = "Add" if match["spart"].startswith("Add") else "Corr"
                part = replace(last, part=f"{kind}.{int(match['spartno'])}", spelling=_spelling(match[0]))
                found.append((part, match.start(), match.end()))
            continue
        symbol = _symbol(match, context, meetings)
        if symbol is None:
            continue
        found.append((symbol, match.start(), match.end()))
        last = symbol.parent or symbol
        while (short := _SHORT.match(text, pos)) is not None:
            if short["meeting"] is None and not symbol.is_council:
                break
            meeting = int(short["meeting"]) if short["meeting"] and not symbol.is_council else symbol.meeting
            revision, part = _tail(short)
            listed = replace(symbol, meeting=meeting, number=int(short["number"]), revision=revision, part=part,
                             spelling=_spelling(short["sym"]))
            found.append((listed, short.start("sym"), short.end()))
            last = listed.parent or listed
            pos = short.end()
    return found


def _symbol(match: re.Match, context: tuple[str, int] | None, meetings: Collection[int] = ()) -> Symbol | None:
    revision, part = _tail(match)
    if match["pre"]:
        number = int(match["preno"])
        if match["pre"] == "Revision":
            revision = number
        else:
            part = f"{'Add' if match['pre'] == 'Addendum' else 'Corr'}.{number}"
    spelling = _spelling(match[0] if match["pre"] else match.string[match.start("sym"):match.end()])
    if match["session"]:
        return Symbol(COUNCIL, int(match["session"]), int(match["cnumber"]), revision, part, match["series"],
                      spelling=spelling)
    if match["bmeeting"]:
        meeting = int(match["bmeeting"])
        if context is None or context[0] == COUNCIL or (meeting != context[1] and meeting not in meetings):
            return None
        return Symbol(context[0], meeting, int(match["bnumber"]), revision, part, spelling=spelling)
    body = _body(match["body"])
    if match["lone"]:
        if context is None or context[0] != body:
            return None
        return Symbol(body, context[1], int(match["lone"]), revision, part, spelling=spelling)
    return Symbol(body, int(match["meeting"]), int(match["number"]), revision, part, spelling=spelling)


def _tail(match: re.Match) -> tuple[int | None, str | None]:
    revision = int(match["rev2"]) if match["rev2"] else None
    part = None
    for kind, number in _TAIL_PART.findall(match["tail"] or ""):
        if kind == "Rev":
            revision = int(number)
        else:
            part = f"{kind}.{int(number)}"
    return revision, part


@lru_cache(maxsize=256)
def _body(raw: str) -> str:
    """The body's current acronym for a symbol's prefix as written ("WG-Internet", "CWGInternet" → "CWG-Internet")."""
    key = re.sub(r"\s*&\s*", "&", raw.strip())
    key = re.sub(r"^(C?WG)[\s-]*", r"\1-", key)
    key = re.sub(r"\s+", "-", key)
    return lexicon.bodies().find(key) or key


def _spelling(text: str) -> str:
    """The symbol as written, its line breaks and spaces after a hyphen closed ("CWG- Internet-9/10")."""
    return re.sub(r"\s+", " ", re.sub(r"-\s+", "-", text)).strip()


__all__ = ["COUNCIL", "Symbol", "find_symbols", "locate_symbols"]
