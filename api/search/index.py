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
tests/api/search); ``mode="hybrid"`` (the default) adds the graph knowledge, and the dense scores when the
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

import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np

from ...loader.refs import Reference, find_references
from .analyser import CONTROL, STOPWORDS, WORD, analyse, stem, words
from .errors import DenseNotReadyError, SearchError
from .postings import (EMPTY_IDS, best_of, held_in, holding_all, places_in, scores_at, sort_postings,
                       spread, union)
from .records import KINDS, Document, Hit, Result
from .snippets import snippet
from .thesaurus import Expansion, thesaurus
from .vectors import Vectors, dense_available, embedder

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
DENSE_CANDIDATES = 100  # the records nearest the query in meaning that join the candidates of a hybrid search
COMMON_SHARE = 0.05  # a word this share of the records hold is looked up in the records of the others (`_lexical`)
# A record joins the candidates on meaning alone when its cosine similarity to the query reaches the floor:
# queries of nonsense or punctuation ("qwertyuiop", "*", "((((") come no nearer than 0.18-0.27 to any record
# of the test corpus; a question and the paragraph that answers it usually reach 0.4 or more.
DENSE_FLOOR = 0.3
DENSE_WEIGHT = 1.0  # of the cosine similarity (as it is: a query near nothing adds little) next to BM25 scaled to 1


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

    def build(self, records: Iterable[Document], *, embed: bool | None = None, reuse: "Vectors | None" = None,
              progress: Callable[[int, int], None] | None = None) -> "Index":
        """Index the records (a record with an IRI already seen is dropped); returns the index.

        `embed`: compute the records' embeddings (default: when the embedding extra is installed); texts
        that `reuse` (an older index's vectors) holds already are taken from it, not embedded again;
        `progress(done, total)` follows the embedding."""
        import bm25s

        self._keep(records)
        corpus = [analyse(f"{r.label}\n{r.text}\n{r.context}") or ["\x00"] for r in self.records]
        self._bm25 = bm25s.BM25(method="lucene")
        if corpus:
            self._bm25.index(corpus, show_progress=False)
            sort_postings(self._bm25.scores)
        if embed is None:
            embed = dense_available()
        self.vectors = Vectors.embed(self.records, reuse=reuse, progress=progress) if embed else None
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
        (`places_in`: set for the records of a pool, read only for them, so never zeroed)."""
        hybrid = mode == "hybrid"
        references = find_references(query) if hybrid else []
        expansions = thesaurus().find(query) if hybrid else []
        wanted = None if kind is None else KINDS.index(kind)
        # Every array below is over `pool`, the records that can score (sorted record numbers), never over the
        # whole index: a query costs what its terms, references and nearest texts touch.
        graph_ids, graph = self._graph(references)
        dense_rows = self._dense(query) if dense and self.records and WORD.search(query) else None
        weights: dict[str, float] = {}
        if mode == "dense":
            pool = EMPTY_IDS if dense_rows is None else self.vectors.records_of(*dense_rows[:2], floor=DENSE_FLOOR)
            score = self.vectors.similarity_of(pool, dense_rows[2]) if dense_rows is not None else np.zeros(0)
            candidates = np.flatnonzero(score >= DENSE_FLOOR)
            if wanted is not None:
                candidates = candidates[self._kinds[pool[candidates]] == wanted]
        else:
            near = EMPTY_IDS
            ceiling = 0.0  # the most the dense part adds to a record outside `near` (of the kind wanted)
            if dense_rows is not None:
                close = self.vectors.records_of(*dense_rows[:2], floor=DENSE_FLOOR)
                if wanted is not None:
                    close = close[self._kinds[close] == wanted]
                similarity = self.vectors.similarity_of(close, dense_rows[2])
                chosen = best_of(similarity, np.arange(len(close)), DENSE_CANDIDATES)
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
                        query, expansions, buffer, also=union([graph_ids, near], len(self.records)), split=split)
                else:
                    lexical_ids, lexical, weights, rest = EMPTY_IDS, np.zeros(0), {}, 0.0
                pool = union([lexical_ids, graph_ids, near], len(self.records))
                place = places_in(pool, buffer)
                lexical = spread(lexical, place[lexical_ids], len(pool))
                top = lexical.max() if len(lexical) else 0.0
                graph_part = GRAPH_SCALE * spread(graph, place[graph_ids], len(pool))
                score = graph_part + (lexical / top if top > 0 else lexical)
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
        best = best_of(score, candidates, limit)  # the `limit` best and every record tied with the last of them
        best = best[np.lexsort((self._iri_rank[pool[best]], -score[best]))[:limit]]  # by score, then IRI
        gains_of: dict[str, float] = {}
        hits = [self._hit(i, round(s, 4), weights, gains_of) for s, i in zip(score[best].tolist(), pool[best].tolist())]
        return Result(query, mode, dense, hits, expansions=[e.as_json() for e in expansions],
                      references=[r.as_json() for r in references], note=note)

    def _lexical(self, query: str, expansions: list[Expansion], buffer: np.ndarray, *, also: np.ndarray = EMPTY_IDS,
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
                 if position not in covered and w.lower() not in STOPWORDS]
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
                held = holding_all([postings[t][0] for t in label_terms])
                if len(held):
                    scores = np.sum([scores_at(postings[t], held) for t in label_terms], axis=0) / len(label_terms)
                    parts.append((held, factor * scores.astype(np.float64)))  # as the float64 score arrays
            if parts:
                held = union([ids for ids, _ in parts], size)
                place = places_in(held, buffer)
                best = np.zeros(len(held))
                for ids, scores in parts:
                    best[place[ids]] = np.maximum(best[place[ids]], scores)
                groups.append((held, best))
        common: set[str] = set()
        if split:
            common = {t for t in alone if len(postings[t][0]) >= COMMON_SHARE * size}
            if not groups and common >= set(alone):  # nothing else to find records with
                common = set()
        pool = union([ids for ids, _ in groups] + [postings[t][0] for t in alone if t not in common]
                      + ([also] if common else []), size)
        place = places_in(pool, buffer)
        total = np.zeros(len(pool))
        for ids, best in groups:  # the records of one group or posting are distinct: += adds each once
            total[place[ids]] += best
        rest = 0.0
        for term in alone:  # in the query's order, as the full sum adds them
            ids, data = postings[term]
            if term in common:
                holders, at = held_in(ids, pool, place)
                total[holders] += data[at]
                rest += float(data.max())
            else:
                total[place[ids]] += data
            weights[term] = 1.0
        return pool, total, weights, rest

    def _postings(self, term: str) -> tuple[np.ndarray, np.ndarray]:
        """The records that hold `term` (in ascending order: `sort_postings`) and its BM25 score in each
        (bm25s's matrix, a column per term)."""
        column = self._bm25.vocab_dict.get(term)
        if column is None:
            return EMPTY_IDS, np.zeros(0, dtype=np.float32)
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
        tied = lambda ties, key: ties.get(key, EMPTY_IDS)  # noqa: E731  sorted record numbers
        id_parts, tier_parts = [], []
        for ref in references:
            if ref.lineage is None:
                ids = tied(number_of, ref.number)
                tiers = np.full(len(ids), TIER_NUMBER)
            else:
                lineage = union([tied(exact_of, ref.lineage), tied(lineage_of, ref.lineage)], size)
                exact = tied(exact_of, ref.revision) if ref.revision is not None else lineage
                ids = union([lineage, exact], size)
                paragraph = self._kinds[ids] == _PARAGRAPH
                tiers = np.where(np.isin(ids, exact, assume_unique=True),
                                 np.where(paragraph, TIER_CITES_EXACT, TIER_IS_OR_HOLDS),
                                 np.where(paragraph, TIER_CITES_LINEAGE, TIER_HOLDS_LINEAGE))
            id_parts.append(ids)
            tier_parts.append(tiers)
        if not id_parts:
            return EMPTY_IDS, np.zeros(0)
        ids = union(id_parts, size)
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
            sort_postings(index._bm25.scores)
        except (OSError, ValueError, KeyError):
            index.build(records, embed=False)
        index.meta = data.get("meta") or {}
        if (path / "vectors.npy").exists():
            index.vectors = Vectors.load(path, len(index.records))
        return index


def _place_type(index: "Index") -> type:
    """The integer type of a pool's places: 32 bits while the records fit."""
    return np.int32 if len(index.records) < 2**31 else np.int64


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


def _checked_query(query: str) -> str:
    if not isinstance(query, str):
        raise SearchError("the query must be text.")
    if len(query) > MAX_QUERY_CHARS:
        raise SearchError(f"the query is {len(query)} characters long; the limit is {MAX_QUERY_CHARS}.")
    cleaned = " ".join(CONTROL.sub(" ", query).split())
    if not cleaned:
        raise SearchError("the query is empty.")
    return cleaned


__all__ = ["Index", "MODES", "MAX_QUERY_CHARS", "MAX_LIMIT"]
