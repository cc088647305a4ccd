"""Names the loader recognises in report text, read once from the reference data in `data/`:
member states (every ITU style and variant), ITU bodies (acronyms and names) and regions.

>>> states = member_states()
>>> states.match("Brazil (Federative Republic of), China (People’s Republic of), Cuba (Republic of), "
...              "and Russian Federation")
(['BRA', 'CHN', 'CUB', 'RUS'], [])
>>> states.match("the Islamic Republic of Iran and Atlantis")
(['IRN'], ['Atlantis'])
>>> bodies().find("the eighteenth meeting of the CWG-Internet")
'CWG-Internet'
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

import pyoxigraph as ox

_ITU = "https://w3id.org/itukg/ontology#"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_LABELS = {_SKOS + "prefLabel", _SKOS + "altLabel", _RDFS + "label", _ITU + "formalName", _ITU + "acronym"}
_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "“": '"', "”": '"', "–": "-", "—": "-", "‑": "-"})


def normalise(text: str) -> str:
    """Fold case, accents, quotes and spaces, and drop a leading "the", for comparing names.

    >>> normalise("  the  Côte d’Ivoire ")
    "cote d'ivoire"
    """
    text = unicodedata.normalize("NFKD", text.translate(_QUOTES))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = re.sub(r"\s+", " ", text).strip()
    return text[4:] if text.startswith("the ") else text


def data_file(name: str):
    """A file of the bundled reference data (`data/NAME`)."""
    return files("itukg.data") / name


@cache
def _triples(name: str) -> tuple[tuple[str, str, str], ...]:
    with data_file(name).open("rb") as stream:
        return tuple(
            (quad.subject.value, quad.predicate.value, quad.object.value)
            for quad in ox.parse(stream, format=ox.RdfFormat.TURTLE)
        )


@dataclass(frozen=True)
class NameIndex:
    """Normalised names → one key, with a regex that finds the longest name at a position."""

    keys: dict[str, str]
    pattern: re.Pattern

    @classmethod
    def build(cls, names: dict[str, str]) -> "NameIndex":
        alternatives = sorted(names, key=len, reverse=True)
        body = "|".join(re.escape(name) for name in alternatives)
        return cls(names, re.compile(rf"(?<![\w-])(?:{body})(?![\w-])"))

    def find(self, text: str) -> str | None:
        """The key of the first (longest) name found anywhere in the text."""
        match = self.pattern.search(normalise(text))
        return self.keys[match.group(0)] if match else None

    def match(self, text: str) -> tuple[list[str], list[str]]:
        """Read a list of names ("A, B (Republic of), and C"): the keys in order, and the leftovers."""
        norm = normalise(text).rstrip(" .;:")
        found: list[str] = []
        leftovers: list[str] = []
        pos = 0
        separators = re.compile(r"(?:\s|,|;|&|\band\b|\bthe\b|\bas well as\b)*")
        while pos < len(norm):
            pos = separators.match(norm, pos).end()
            if pos >= len(norm):
                break
            match = self.pattern.match(norm, pos)
            if match:
                key = self.keys[match.group(0)]
                if key not in found:
                    found.append(key)
                pos = match.end()
                continue
            end = len(norm)
            following = self.pattern.search(norm, pos)
            comma = norm.find(",", pos)
            candidates = [p for p in (comma if comma >= 0 else None, following.start() if following else None) if p]
            end = min(candidates) if candidates else len(norm)
            piece = norm[pos:end].strip(" ,;&")
            piece = re.sub(r"\s+(and|&)$", "", piece)
            if piece:
                leftovers.append(_original_case(text, piece))
            pos = max(end, pos + 1)
        return found, leftovers


def _original_case(text: str, piece: str) -> str:
    """The piece as the original text spells it, when it can be found there."""
    match = re.search(re.escape(piece).replace(r"\ ", r"\s+"), text, re.IGNORECASE)
    return match.group(0) if match else piece


def _labels_to(name: str, key: str) -> NameIndex:
    """Every label of every subject of a data file → that subject's value of the property `key`."""
    keys = {s: o for s, p, o in _triples(name) if p == key}
    names: dict[str, str] = {}
    for s, p, o in _triples(name):
        if p in _LABELS and s in keys:
            names.setdefault(normalise(o), keys[s])
    return NameIndex.build(names)


@cache
def member_states() -> NameIndex:
    """Every name of every member state → its ISO 3166-1 alpha-3 code."""
    return _labels_to("states.ttl", _ITU + "iso3")


@cache
def state_names() -> dict[str, str]:
    """ISO3 → preferred label."""
    iso3 = {s: o for s, p, o in _triples("states.ttl") if p == _ITU + "iso3"}
    return {iso3[s]: o for s, p, o in _triples("states.ttl") if p == _SKOS + "prefLabel" and s in iso3}


@cache
def bodies() -> NameIndex:
    """Every name and acronym of every body → its acronym ("CWG-Internet")."""
    return _labels_to("bodies.ttl", _ITU + "acronym")


@cache
def working_group_acronyms() -> tuple[str, ...]:
    """Acronyms of the bodies whose documents carry symbols ("CWG-Internet", "CWG-WSIS&SDG", …)."""
    groups = {s for s, p, o in _triples("bodies.ttl") if p == _RDF_TYPE and o == _ITU + "CouncilWorkingGroup"}
    return tuple(o for s, p, o in _triples("bodies.ttl") if p == _ITU + "acronym" and s in groups)


@cache
def regions() -> NameIndex:
    """Names of the six regions → their notation ("europe")."""
    notation = {s: o for s, p, o in _triples("concepts.ttl") if p == _SKOS + "notation" and "/region/" in s}
    names: dict[str, str] = {}
    for s, p, o in _triples("concepts.ttl"):
        if p in _LABELS and s in notation:
            names.setdefault(normalise(o), notation[s])
    adjectives = (("european", "europe"), ("african", "africa"), ("arab", "arab-states"), ("american", "americas"),
                  ("asian-pacific", "asia-pacific"), ("asia-pacific", "asia-pacific"))
    for adjective, key in adjectives:
        names.setdefault(adjective, key)
    return NameIndex.build(names)


@dataclass(frozen=True)
class AgentIndex:
    """The submitters of data/agents.ttl: a regex that finds any of their names in text as written (case
    folded, an "(ACRONYM)" after a full name included), and each normalised name → (key, label, kind)."""

    names: dict[str, tuple[str, str, str]]
    pattern: re.Pattern

    def find_all(self, text: str) -> list[tuple[re.Match, tuple[str, str, str]]]:
        """Each agent named in the text, with its match: key (the IRI's last segment), label, kind."""
        return [(m, self.names[normalise(m["name"])]) for m in self.pattern.finditer(text)]


@cache
def agents() -> AgentIndex:
    """Regional organizations, groups of states and the secretariat (data/agents.ttl), by every name."""
    triples = _triples("agents.ttl")
    kinds = {s: o.rsplit("/", 1)[-1] for s, p, o in triples if p == _ITU + "agentKind"}
    labels = {s: o for s, p, o in triples if p == _RDFS + "label" and s in kinds}
    names: dict[str, tuple[str, str, str]] = {}
    for s, p, o in triples:
        if p in _LABELS and s in kinds:
            names.setdefault(normalise(o), (s.rsplit("/", 1)[-1], labels[s], kinds[s]))
    body = "|".join(re.escape(name).replace(r"\ ", r"\s+") for name in sorted(names, key=len, reverse=True))
    pattern = re.compile(rf"(?<![\w-])(?P<name>{body})(?:\s*\([A-Z]{{2,6}}\))?(?![\w-])", re.IGNORECASE)
    return AgentIndex(names, pattern)


__all__ = ["normalise", "member_states", "state_names", "bodies", "regions", "working_group_acronyms", "data_file",
           "agents", "AgentIndex"]
