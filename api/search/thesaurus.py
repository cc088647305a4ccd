"""The graph knowledge that expands a query: the other labels of any concept it names (the acronyms and
alternative names of `data/search-synonyms.ttl`, and the labels of member states, bodies, regions and roles)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache


from ...loader.lexicon import data_file
from .analyser import STOPWORDS, words


_SKOS = "http://www.w3.org/2004/02/skos/core#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_ITU = "https://w3id.org/itukg/ontology#"
_LABELS = (_SKOS + "prefLabel", _SKOS + "altLabel", _RDFS + "label", _ITU + "formalName", _ITU + "acronym")
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
# (file, the classes of the subjects whose labels are used; None for every subject with a label)
_THESAURUS_SOURCES = (
    ("search-synonyms.ttl", (_SKOS + "Concept",)),
    ("states.ttl", (_ITU + "MemberState",)),
    ("bodies.ttl", None),
    ("concepts.ttl", (_ITU + "Region", _ITU + "Role")),
)


@dataclass(frozen=True, slots=True)
class _Label:
    text: str
    key: tuple[str, ...]  # lower-cased words
    exact: str | None  # a short or stopword-like acronym: the word as it must be written ("UA", "AI")


class Thesaurus:
    """Concepts and their labels; finds the labels a query contains."""

    def __init__(self, concepts: Iterable[Iterable[str]]):
        self.concepts: list[list[_Label]] = []
        self.by_key: dict[tuple[str, ...], set[int]] = {}
        for labels in concepts:
            entry = []
            for text in dict.fromkeys(labels):
                key = tuple(w.lower() for w in words(text))
                if not key:
                    continue
                exact = None
                if len(key) == 1 and (len(key[0]) <= 2 or key[0] in STOPWORDS):
                    exact = words(text)[0]
                entry.append(_Label(text, key, exact))
            if len(entry) > 1:
                number = len(self.concepts)
                self.concepts.append(entry)
                for label in entry:
                    self.by_key.setdefault(label.key, set()).add(number)
        self.longest = max((len(k) for k in self.by_key), default=0)

    def find(self, query: str) -> list["Expansion"]:
        """The labels the query contains (longest first, no overlaps), each with its concept's other labels."""
        raw = words(query)
        lower = [w.lower() for w in raw]
        found: list[Expansion] = []
        i = 0
        while i < len(lower):
            for n in range(min(self.longest, len(lower) - i), 0, -1):
                key = tuple(lower[i: i + n])
                others: list[str] = []
                for number in sorted(self.by_key.get(key, ())):
                    concept = self.concepts[number]
                    written = [label for label in concept if label.key == key]
                    if any(label.exact is None or label.exact == raw[i] for label in written):
                        others.extend(label.text for label in concept if label.key != key)
                if others:
                    found.append(Expansion(" ".join(raw[i: i + n]), tuple(dict.fromkeys(others)), (i, i + n)))
                    i += n
                    break
            else:
                i += 1
        return found


@dataclass(frozen=True, slots=True)
class Expansion:
    """A label found in a query (`written`, the words `span` of `words(query)`) and its concept's other labels."""

    written: str
    others: tuple[str, ...]
    span: tuple[int, int]

    def as_json(self) -> dict:
        return {"term": self.written, "expanded": list(self.others)}


@cache
def thesaurus() -> Thesaurus:
    """The concepts of the reference data whose labels expand queries."""
    import pyoxigraph as ox

    concepts = []
    for name, classes in _THESAURUS_SOURCES:
        with data_file(name).open("rb") as stream:
            triples = [(q.subject.value, q.predicate.value, q.object.value)
                       for q in ox.parse(stream, format=ox.RdfFormat.TURTLE)]
        chosen = None if classes is None else {s for s, p, o in triples if p == _RDF_TYPE and o in classes}
        labels: dict[str, list[str]] = {}
        for s, p, o in triples:
            if p in _LABELS and (chosen is None or s in chosen):
                labels.setdefault(s, []).append(o)
        concepts.extend(labels[s] for s in sorted(labels))
    return Thesaurus(concepts)


__all__ = ["Thesaurus", "Expansion", "thesaurus"]
