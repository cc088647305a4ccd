"""Document symbols as the reports write them ("CWG-Internet-18/1(Rev.1)", "CWG-Internet 18/4"), made canonical."""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import lexicon


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
    return [symbol_of(match) for match in symbol_matches(text)]


def symbol_matches(text: str) -> list[re.Match]:
    global _SYMBOLS
    if _SYMBOLS is None:
        _SYMBOLS = _symbol_pattern()
    return list(_SYMBOLS.finditer(text))


def symbol_of(match: re.Match) -> Symbol:
    raw = re.sub(r"\s+", "", match["body"])
    body = lexicon.bodies().find(raw) or raw
    return Symbol(body, int(match["meeting"]), int(match["number"]), int(match["rev"]) if match["rev"] else None)


__all__ = ["Symbol", "find_symbols", "symbol_matches", "symbol_of"]
