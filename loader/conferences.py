"""The conferences and assemblies that adopt ITU resolutions: which one met where and when.

Read once per process from ``data/conferences.ttl`` (packaged as ``itukg.data``).

>>> [c.place for c in find_conferences(place="dubai", year=2023)]
['Dubai', 'Dubai']
>>> c = find_conferences(place="FLORIANOPOLIS", body="wtsa")[0]
>>> c.body, c.place, c.year, c.label
('WTSA', 'Florianópolis', 2004, 'WTSA-04')
>>> conference_by_label("WTSA-20").year, conference_by_label("PP22").place
(2022, 'Bucharest')
>>> conference_by_label("PP-18").end
datetime.date(2018, 11, 16)
"""

from __future__ import annotations

import functools
import importlib.resources
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

import pyoxigraph as ox

from .vocab import BASE

_ITU = BASE + "ontology#"
_CONFERENCE = ox.NamedNode(_ITU + "Conference")
_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_P_CONFERENCE_OF = _ITU + "conferenceOf"
_P_YEAR = _ITU + "year"
_P_LOCATION = "https://schema.org/location"
_P_START = "https://schema.org/startDate"
_P_END = "https://schema.org/endDate"
_P_ALT_LABEL = "http://www.w3.org/2004/02/skos/core#altLabel"
_P_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"

LISTED_UNTIL = date(2024, 12, 31)
"""data/conferences.ttl lists every conference of the five series that ended on or before this day (WTDC-25 and
PP-26 are later); move it on when conferences are added."""

BODY_ACRONYMS: dict[str, str] = {"pp": "PP", "wtdc": "WTDC", "wtsa": "WTSA", "wrc": "WRC", "ra": "RA"}
"""Slug of a conference series' IRI (``.../body/pp``) → its acronym."""

# Acronyms a conference label may carry that differ from the series acronym ("APP-92").
_LABEL_ACRONYM_ALIASES = {"APP": "PP"}

_LABEL_RE = re.compile(r"^\s*([A-Za-z]+)\s*[-‐‑–]?\s*(\d{4}|\d{2})\s*$")


@dataclass(frozen=True, slots=True)
class Conference:
    body: str  # acronym "PP", "WTDC", "WTSA", "WRC", "RA"
    place: str  # canonical place name, as in conferences.ttl
    year: int  # the year it met
    iri: str
    place_variants: tuple[str, ...]  # the place and its skos:altLabel spellings
    label: str = ""  # conference label without the place ("PP-22", "WTSA-20", "WRC-2000")
    start: date | None = None  # its first and last day, when the table gives them
    end: date | None = None


def place_key(place: str) -> str:
    """Case-, accent-, punctuation- and spacing-insensitive key of a place name.

    >>> place_key("  Sharm  El-Sheikh ") == place_key("sharm el sheikh")
    True
    """
    ascii_text = unicodedata.normalize("NFKD", place).encode("ascii", "ignore").decode()
    return " ".join(re.findall(r"[a-z0-9]+", ascii_text.lower()))


@functools.cache
def conferences() -> tuple[Conference, ...]:
    """Every conference of conferences.ttl, ordered by body then year."""
    resource = importlib.resources.files("itukg.data") / "conferences.ttl"
    data = resource.read_bytes()
    props: dict[str, dict[str, list[ox.Literal | ox.NamedNode]]] = {}
    subjects: list[str] = []
    for triple in ox.parse(data, ox.RdfFormat.TURTLE):
        s, p, o = triple.subject, triple.predicate, triple.object
        if not isinstance(s, ox.NamedNode):
            continue
        if p == _RDF_TYPE and o == _CONFERENCE:
            subjects.append(s.value)
        props.setdefault(s.value, {}).setdefault(p.value, []).append(o)

    out: list[Conference] = []
    for iri in subjects:
        p = props[iri]
        body_iri = p[_P_CONFERENCE_OF][0].value
        slug = body_iri.rstrip("/").rsplit("/", 1)[-1]
        body = BODY_ACRONYMS.get(slug, slug.upper())
        year = int(p[_P_YEAR][0].value)
        place = p[_P_LOCATION][0].value
        variants = [place] + [alt.value for alt in p.get(_P_ALT_LABEL, []) if alt.value != place]
        label = ""
        for lit in p.get(_P_LABEL, []):
            label = lit.value.split("(", 1)[0].strip()
            break
        start, end = (date.fromisoformat(p[key][0].value) if key in p else None for key in (_P_START, _P_END))
        out.append(Conference(body, place, year, iri, tuple(variants), label, start, end))
    out.sort(key=lambda c: (c.body, c.year))
    return tuple(out)


@functools.cache
def _indexes() -> tuple[dict[str, tuple[Conference, ...]], dict[tuple[str, str], Conference]]:
    by_place: dict[str, list[Conference]] = {}
    by_label: dict[tuple[str, str], Conference] = {}
    derived: dict[tuple[str, str], Conference] = {}
    for c in conferences():
        for key in {place_key(v) for v in c.place_variants}:
            by_place.setdefault(key, []).append(c)
        m = _LABEL_RE.match(c.label)
        if m:
            acr = m.group(1).upper()
            by_label[(_LABEL_ACRONYM_ALIASES.get(acr, acr), m.group(2))] = c
        # The year itself, in four and two digits, as a fallback when no label says otherwise.
        derived.setdefault((c.body, str(c.year)), c)
        derived.setdefault((c.body, str(c.year)[2:]), c)
    for key, c in derived.items():
        by_label.setdefault(key, c)
    return {k: tuple(v) for k, v in by_place.items()}, by_label


def find_conferences(
    *, place: str | None = None, year: int | None = None, body: str | None = None
) -> list[Conference]:
    """The conferences matching every criterion given (place against the place and its variants,
    ignoring case and accents; body by acronym, ignoring case)."""
    if place is not None:
        candidates: tuple[Conference, ...] = _indexes()[0].get(place_key(place), ())
    else:
        candidates = conferences()
    wanted_body = body.upper() if body is not None else None
    return [
        c
        for c in candidates
        if (year is None or c.year == year) and (wanted_body is None or c.body == wanted_body)
    ]


def parse_label(label: str) -> tuple[str, str] | None:
    """``"WTSA-20"`` → ``("WTSA", "20")``; ``"APP-92"`` → ``("PP", "92")``; None when not a label."""
    m = _LABEL_RE.match(label)
    if not m:
        return None
    acr = m.group(1).upper()
    acr = _LABEL_ACRONYM_ALIASES.get(acr, acr)
    if acr not in BODY_ACRONYMS.values():
        return None
    return acr, m.group(2)


def conference_by_label(label: str) -> Conference | None:
    """The conference a label such as "PP-22", "PP22", "WTSA-20" or "WRC-2000" names, if known."""
    parsed = parse_label(label)
    if parsed is None:
        return None
    return _indexes()[1].get(parsed)


def label_year(digits: str) -> int:
    """The year a label's digits most likely mean when the table does not know the conference."""
    if len(digits) == 4:
        return int(digits)
    yy = int(digits)
    return 2000 + yy if yy < 70 else 1900 + yy


__all__ = [
    "BODY_ACRONYMS",
    "LISTED_UNTIL",
    "Conference",
    "conference_by_label",
    "conferences",
    "find_conferences",
    "label_year",
    "parse_label",
    "place_key",
]
