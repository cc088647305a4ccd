"""Recognise references to resolutions in running text: which body adopted which resolution, and in
which revision.

>>> r, = find_references("based on PP Res. 102 (Rev. Bucharest, 2022), the Group")
>>> r.text, r.body, r.number, r.qualifier, r.place, r.year
('PP Res. 102 (Rev. Bucharest, 2022)', 'PP', '102', 'Rev.', 'Bucharest', 2022)
>>> r.lineage, r.revision
('https://w3id.org/itukg/resolution/pp/102', 'https://w3id.org/itukg/resolution/pp/102/bucharest-2022')
>>> refs = find_references("Council Resolutions 1305 and 1336 (Mod. 2019)")
>>> [(r.text, r.body, r.number, r.year) for r in refs]
[('Council Resolutions 1305', 'Council', '1305', 2019), ('1336 (Mod. 2019)', 'Council', '1336', 2019)]
>>> r, = find_references("Resolution 206 (Dubai, 2018)")
>>> r.body, r.basis, r.revision
('PP', 'place-year', 'https://w3id.org/itukg/resolution/pp/206/dubai-2018')
>>> r, = find_references("WTSA-20 Resolution 64")
>>> r.body, r.place, r.year, r.basis
('WTSA', 'Geneva', 2022, 'conference-year')
>>> [(r.body, r.number, r.lineage) for r in find_references("see A/RES/70/125")]
[('UNGA', '70/125', 'https://w3id.org/itukg/resolution/unga/70-125')]
>>> find_references("Recommendation ITU-T X.1205, Decision 5 and CWG-Internet-18/3")
[]

How the body is established (``Reference.basis``):

* ``"prefix"``: a body is named before the keyword ("PP", "Council", "Plenipotentiary Conference (PP)",
  "UN General Assembly", ...), after the reference ("... of the Plenipotentiary Conference"), or by
  a UN symbol ("A/RES/70/125");
* ``"conference-year"``: a conference label names it ("PP-22 Resolution 102", "Resolution 180 (PP-22)");
  "-NN" is the conference's label, resolved through conferences.ttl ("WTSA-20" met in 2022); a Council
  session does the same for the Council ("Resolution 1344 (C12, last modified C15)": Council, 2015, the
  year of the last change);
* ``"place-year"``: the revision's place and year match exactly one conference ("Kigali, 2022" → WTDC);
* ``"number"``: no body is named, but the qualifier is "Mod." or the number is 1000 or more (Council);
* ``"unknown"``: none of the above (``body`` is None).

Keywords are matched in any case; bare acronyms (PP, WTDC, WTSA, WRC, RA, UNGA) only in upper case
outside parentheses, since "pp" and "ra" are also ordinary abbreviations. A list ("Resolutions 101,
102 and 133") is read after the plural keyword, so that "Res. 102, 5 Member States" is one
reference; after the singular one only when each number has its own revision ("Resolution 101 (Rev.
Dubai, 2018) and 102 (Rev. Dubai, 2018)").
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from . import iris
from .conferences import (
    BODY_ACRONYMS,
    Conference,
    conference_by_label,
    find_conferences,
    label_year,
    parse_label,
)

__all__ = ["Reference", "find_references"]

COUNCIL = "Council"
UNGA = "UNGA"
_SERIES = frozenset(BODY_ACRONYMS.values())  # bodies whose resolutions are revised at a place

# ---------------------------------------------------------------------------------------------
# Regular expressions (compiled once).

_DASH = "\\-‐‑‒–"  # hyphen-minus, hyphen, non-breaking hyphen, figure dash, en dash
_NUM = r"[0-9]{1,4}(?:/[0-9]{1,4})?"
_NUM_END = r"(?![\w/]|\.[0-9])"
_LABEL_CORE = rf"(?:APP|PP|WTDC|WTSA|WRC|RA)\s?[{_DASH}]?\s?(?:[0-9]{{4}}|[0-9]{{2}})(?![0-9])"
# Acronyms outside parentheses: upper case only.
_ACRONYM = rf"(?-i:{_LABEL_CORE}|PP|WTDC|WTSA|WRC|RA|UNGA|ITU[{_DASH}][TDR])(?![\w{_DASH}])"
# Acronyms inside a name's parenthesis ("Plenipotentiary Conference (PP)"): any case.
_ACRONYM_IN_PARENS = rf"(?:{_LABEL_CORE}|PP|WTDC|WTSA|WRC|RA|UNGA)"
_NAMES = "|".join(
    [
        r"plenipotentiary(?:\s+conference)?",
        r"council(?!\s+working\b)(?!\s+of\s+europe\b)",
        r"world\s+telecommunications?\s+development\s+conference",
        r"world\s+telecommunications?\s+standardi[sz]ation\s+assembly",
        r"world\s+radiocommunications?\s+conference",
        r"radiocommunications?\s+assembly",
        r"(?:united\s+nations\s+|u\.?\s?n\.?\s+)?general\s+assembly",
    ]
)
_BODY_PHRASE = (
    rf"(?:ITU\s+)?(?:(?:{_NAMES})(?:\s*\(\s*{_ACRONYM_IN_PARENS}\s*\))?(?![\w{_DASH}])|{_ACRONYM})"
)

# The keyword and its (first) number, or a UN General Assembly symbol.
_KEY_RE = re.compile(
    rf"""(?<![\w/{_DASH}])
    (?:
        (?P<sym>A/RES/(?P<symnum>[0-9]{{1,3}}/[0-9]{{1,4}}))(?![\w/])
      | (?P<kw>resolutions?|res)\.?\s*(?:(?P<sector>ITU[{_DASH}][RTD])\s*)?(?:nos?\.?\s*)?
        (?-i:R(?=[0-9]{{4}}))?(?P<num>{_NUM}){_NUM_END}
    )""",
    re.I | re.X,
)
# A body named just before the keyword; searched in a window that ends at the keyword.
_PREFIX_RE = re.compile(rf"(?<![\w/{_DASH}])(?P<pre>{_BODY_PHRASE})\s+\Z", re.I)
# A body that is not one of ours named just before the keyword: another council, or an acronym
# ("Security Council resolution 2240", "ECOSOC Resolution 2006/46"). Such a reference keeps body None
# and no body is inferred for it.
_FOREIGN_COUNCIL_RE = re.compile(
    r"(?<![\w/])(?:security|human\s+rights|economic\s+and\s+social|trusteeship|european|arctic|executive"
    r"|governing)\s+council\s+\Z",
    re.I,
)
_FOREIGN_ACRONYM_RE = re.compile(rf"(?<![\w/{_DASH}])(?!ITU\b)[A-Z][A-Z0-9&]*[A-Z0-9]\s+\Z")
# A body named after the reference: "... of the Plenipotentiary Conference".
_SUFFIX_RE = re.compile(rf"\s+of\s+(?:the\s+)?(?P<suf>{_BODY_PHRASE})", re.I)
# A Council session as the Council's own texts write it: "C15", "C-1997".
_SESSION = rf"C[{_DASH}]?(?:[0-9]{{4}}|[0-9]{{2}})(?![0-9])"
# A revision parenthetical: "(Rev. Bucharest, 2022)", "(Mod. 2019)", "(Dubai, 2018)", "(Rev. PP-22)", and the
# Council's session forms "(C15)", "(Mod. C19)", "(C12, last modified C15)", "(C-1985, last amended C19)".
_PAREN_RE = re.compile(
    rf"""\s*\(\s*
    (?:(?P<q>revised|modified|rev\.|mod\.|rev\b|mod\b)\s*)?
    (?:
        (?P<session>{_SESSION})
        (?:\s*,\s*(?:as\s+)?(?P<last>last\s+)?(?:modified|amended|revised)\s+(?:in\s+|by\s+)?(?P<changed>{_SESSION}))?
      | (?P<label>{_LABEL_CORE})
      | (?:(?P<place>[^\W\d_](?:[^\W\d_]|['’.{_DASH}]|\s(?=[^\W\d_])){{0,60}})\s*,?\s*)?
        (?P<year>(?:19|20)[0-9]{{2}})(?![0-9])
    )
    \s*\)""",
    re.I | re.X,
)
# A further number of a list: ", 102", " and 206", ", and 133".
_LIST_RE = re.compile(
    rf"(?:\s*,\s*(?:and\s+)?|\s+(?:and|or)\s+|\s*&\s*)(?:nos?\.?\s*)?(?P<num>{_NUM}){_NUM_END}", re.I
)
_LABEL_SEARCH_RE = re.compile(rf"(?<![A-Za-z])(?:{_LABEL_CORE})", re.I)
_SPACES_RE = re.compile(r"\s+")

_PREFIX_WINDOW = 120

# Words of a body phrase → body, tried in order on the lower-cased phrase.
_NAME_KEYWORDS: tuple[tuple[str, str], ...] = (
    ("plenipotentiary", "PP"),
    ("council", COUNCIL),
    ("development", "WTDC"),
    ("standardi", "WTSA"),
    ("radiocommunication conference", "WRC"),
    ("radiocommunications conference", "WRC"),
    ("radiocommunication assembly", "RA"),
    ("radiocommunications assembly", "RA"),
    ("general assembly", UNGA),
)
_ACRONYM_BODIES = {
    "PP": "PP",
    "WTDC": "WTDC",
    "WTSA": "WTSA",
    "WRC": "WRC",
    "RA": "RA",
    "UNGA": UNGA,
    "ITU-T": "WTSA",
    "ITU-D": "WTDC",
    "ITU-R": "RA",
}


# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Reference:
    text: str  # the matched span, verbatim from the input
    start: int
    end: int  # offsets of `text` in the input
    body: str | None  # "PP","Council","WTDC","WTSA","WRC","RA","UNGA" or None when unknown
    number: str  # "102", "1305", "70/125"
    qualifier: str | None  # "Rev." or "Mod." (normalised), None when none
    place: str | None  # canonical place name as in conferences.ttl; None if none
    year: int | None
    basis: str  # "prefix", "place-year", "conference-year", "number" or "unknown"

    @property
    def lineage(self) -> str | None:
        """The resolution across all its revisions."""
        if self.body is None:
            return None
        return iris.resolution(self.body, self.number)

    @property
    def revision(self) -> str | None:
        """The revision cited; None when the body or year is unknown, and for UNGA resolutions."""
        if self.body is None or self.year is None or self.body == UNGA:
            return None
        place = None if self.body == COUNCIL else self.place
        return iris.revision(self.body, self.number, place, self.year)

    def as_json(self) -> dict:
        return {
            "text": self.text,
            "body": self.body,
            "number": self.number,
            "qualifier": self.qualifier,
            "place": self.place,
            "year": self.year,
            "lineage": self.lineage,
            "revision": self.revision,
        }


@dataclass(frozen=True, slots=True)
class _Named:
    """What a body phrase ("PP-22", "Council", "Plenipotentiary Conference (PP)") establishes."""

    body: str
    basis: str
    place: str | None
    year: int | None


@dataclass(frozen=True, slots=True)
class _Revision:
    """What a parenthetical establishes."""

    qualifier: str | None
    label_body: str | None  # set when the parenthetical is a conference label ("PP-22")
    place: str | None  # canonical when a label names a known conference, else as written
    year: int | None


_FOREIGN = _Named("", "unknown", None, None)  # a body named that is not one of ours


def _label(text: str) -> tuple[str, int, str | None]:
    """A conference label → (body, year, place or None)."""
    compact = re.sub(rf"[\s{_DASH}]+", "-", text.strip())
    body, digits = parse_label(compact) or ("", "")
    conf: Conference | None = conference_by_label(compact)
    if conf is not None:
        return conf.body, conf.year, conf.place
    return body, label_year(digits), None


@functools.lru_cache(maxsize=1024)
def _named(phrase: str) -> _Named | None:
    found = _LABEL_SEARCH_RE.search(phrase)
    if found:
        body, year, place = _label(found.group(0))
        return _Named(body, "conference-year", place, year)
    words = _SPACES_RE.sub(" ", phrase).strip()
    words = re.sub(rf"^itu\s+(?![{_DASH}])", "", words, flags=re.I)
    acronym = re.sub(rf"[{_DASH}]", "-", words).upper()
    if acronym in _ACRONYM_BODIES:
        return _Named(_ACRONYM_BODIES[acronym], "prefix", None, None)
    lower = words.lower()
    for keyword, body in _NAME_KEYWORDS:
        if keyword in lower:
            return _Named(body, "prefix", None, None)
    return None


def _session_year(label: str) -> int:
    """A Council session label's year: "C15" → 2015, "C97" → 1997, "C-1985" → 1985."""
    digits = re.sub(r"[^0-9]", "", label)
    if len(digits) == 4:
        return int(digits)
    return int(digits) + (2000 if int(digits) < 50 else 1900)


def _revision(m: re.Match[str]) -> _Revision:
    q = m.group("q")
    qualifier = None if q is None else ("Rev." if q[0] in "rR" else "Mod.")
    if m.group("session") is not None:  # the Council's text as last changed at that session
        changed = m.group("changed")
        return _Revision("Mod." if changed else qualifier, COUNCIL, None,
                         _session_year(changed or m.group("session")))
    label = m.group("label")
    if label is not None:
        body, year, place = _label(label)
        return _Revision(qualifier, body, place, year)
    place = m.group("place")
    if place is not None:
        place = _SPACES_RE.sub(" ", place).strip()
    return _Revision(qualifier, None, place, int(m.group("year")))


@functools.lru_cache(maxsize=256)
def _canonical_place(place: str) -> str:
    """The table's spelling of a known place ("bucharest" → "Bucharest"), else the place as given."""
    hits = find_conferences(place=place)
    return hits[0].place if hits else place


def _resolve(
    number: str, named: _Named | None, rev: _Revision | None
) -> tuple[str | None, str | None, str | None, int | None, str]:
    """(body, qualifier, place, year, basis) of one item."""
    body = basis = place = year = None
    if named is _FOREIGN:  # keep what is written, infer nothing
        qualifier = rev.qualifier if rev is not None else None
        if rev is not None:
            place, year = rev.place, rev.year
        return None, qualifier, place, year, "unknown"
    if named is not None:
        body, basis, place, year = named.body, named.basis, named.place, named.year
    qualifier = rev.qualifier if rev is not None else None
    if rev is not None:
        year = rev.year
        if rev.label_body is not None:
            if body is None:
                body, basis = rev.label_body, "conference-year"
            place = rev.place
        elif rev.place is None:
            place = None
            if body in _SERIES:
                hits = find_conferences(year=year, body=body)
                if len(hits) == 1:
                    place = hits[0].place
        elif body is not None:
            hits = find_conferences(place=rev.place, year=year, body=body) if body in _SERIES else []
            place = hits[0].place if len(hits) == 1 else _canonical_place(rev.place)
        else:
            hits = find_conferences(place=rev.place, year=year)
            if len(hits) == 1:
                body, basis, place = hits[0].body, "place-year", hits[0].place
            else:
                places = {h.place for h in hits}
                place = places.pop() if len(places) == 1 else _canonical_place(rev.place)
    if body is None:
        if qualifier == "Mod." or ("/" not in number and int(number) >= 1000):
            body, basis = COUNCIL, "number"
        else:
            basis = "unknown"
    return body, qualifier, place, year, basis  # type: ignore[return-value]


def find_references(text: str) -> list[Reference]:
    """Every resolution reference of `text`, in order of appearance (a list gives one per number)."""
    out: list[Reference] = []
    pos = 0
    search = _KEY_RE.search
    while True:
        m = search(text, pos)
        if m is None:
            return out
        if m.group("sym") is not None:
            sym = m.group("sym")
            out.append(Reference(sym, m.start(), m.end(), UNGA, m.group("symnum"), None, None, None, "prefix"))
            pos = m.end()
            continue

        kw_start = m.start()
        first_start = kw_start
        named: _Named | None = None
        lo = max(pos, kw_start - _PREFIX_WINDOW)
        pm = _PREFIX_RE.search(text, lo, kw_start)
        if pm is not None:
            named = _named(pm.group("pre"))
            if named is not None:
                first_start = pm.start("pre")
        if m.group("sector") is not None:  # "Resolution ITU-R 61": the sector's assembly
            named = _named(m.group("sector"))
        if named is None or named.body == COUNCIL:
            fm = _FOREIGN_COUNCIL_RE.search(text, lo, kw_start)
            if fm is None and named is None and not m.group("kw").isupper():
                fm = _FOREIGN_ACRONYM_RE.search(text, lo, kw_start)
            if fm is not None and (pm is None or fm.start() < pm.start("pre")):
                named, first_start = _FOREIGN, kw_start

        # items: [start, number, end, revision]
        items: list[list] = []
        item_start, number, end = first_start, m.group("num"), m.end("num")
        plural = m.group("kw")[-1] in "sS" and len(m.group("kw")) > 3
        while True:
            item = [item_start, number, end, None]
            rm = _PAREN_RE.match(text, end)
            if rm is not None:
                item[3] = _revision(rm)
                item[2] = rm.end()
            items.append(item)
            lm = _LIST_RE.match(text, item[2])
            if lm is None:
                break
            # after a singular keyword, only a number with its own revision continues the list
            # ("PP Resolution 101 (Rev. Dubai, 2018) and 102 (Rev. Dubai, 2018)"; not "Res. 102, 5 Member States")
            if not plural and (item[3] is None or _PAREN_RE.match(text, lm.end("num")) is None):
                break
            item_start, number, end = lm.start("num"), lm.group("num"), lm.end("num")

        last = items[-1]
        if named is None:  # no body named before: perhaps one after ("... of the Council")
            sm = _SUFFIX_RE.match(text, last[2])
            if sm is not None:
                suffix = _named(sm.group("suf"))
                if suffix is not None:
                    named = suffix
                    last[2] = sm.end()
                    if last[3] is None:
                        rm = _PAREN_RE.match(text, last[2])
                        if rm is not None:
                            last[3] = _revision(rm)
                            last[2] = rm.end()

        shared = last[3]
        for start, number, end, rev in items:
            body, qualifier, place, year, basis = _resolve(number, named, rev or shared)
            out.append(Reference(text[start:end], start, end, body, number, qualifier, place, year, basis))
        pos = last[2]
