"""Postings: sorted arrays of record numbers (ascending, distinct) as the index reads them from bm25s's
matrix, and what a query does with them: their union, the records held in all of them, where a pool's
records sit in a long posting, the scores at some records, and the best of a pool.
"""

from __future__ import annotations

import numpy as np

EMPTY_IDS = np.zeros(0, dtype=np.int64)


def union(parts: list[np.ndarray], size: int) -> np.ndarray:
    """The sorted union of arrays of record numbers below `size`, each ascending and distinct (as postings
    are). A long part and short others: the others are merged into it; parts short next to `size`: sorted
    together; else a mask of one byte a record (on 951,102 records, sorting is cheaper up to about 80,000
    numbers in all)."""
    parts = sorted((part for part in parts if len(part)), key=len)
    if not parts:
        return EMPTY_IDS
    longest, others = parts[-1], parts[:-1]
    if not others:
        return longest
    if 8 * sum(len(part) for part in others) <= len(longest):
        extra = others[0] if len(others) == 1 else distinct(np.concatenate(others))
        at = np.searchsorted(longest, extra)
        fresh = extra[longest[np.minimum(at, len(longest) - 1)] != extra]
        return np.insert(longest, np.searchsorted(longest, fresh), fresh)
    if 12 * sum(len(part) for part in parts) <= size:  # sorting them is cheaper than a mask of every record
        return distinct(np.concatenate(parts))
    mask = np.zeros(size, dtype=bool)
    for part in parts:
        mask[part] = True
    return np.flatnonzero(mask)


def distinct(values: np.ndarray) -> np.ndarray:
    """`np.unique` of an integer array, by sorting (NumPy 2.4's `np.unique` hashes, 20-40× slower on the
    arrays of record numbers a query merges)."""
    ordered = np.sort(values)
    if len(ordered) < 2:
        return ordered
    keep = np.empty(len(ordered), dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


def places_in(pool: np.ndarray, buffer: np.ndarray) -> np.ndarray:
    """Record number → its place in `pool`, for the records of `pool`, written into `buffer` (one entry a
    record) and returned: the other entries are left as they were, and mean nothing (`held_in` checks)."""
    buffer[pool] = np.arange(len(pool), dtype=buffer.dtype)
    return buffer


def held_in(ids: np.ndarray, pool: np.ndarray, place: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The places in `pool` of its records that a long posting holds, and their positions in the posting
    (`ids`, ascending). A pool much smaller than the posting is looked up in it; otherwise the posting is
    read through `place` (`places_in` of the pool: only its records' entries are meaningful, so each hit is
    checked against the pool), which reads the posting once instead of searching it for every record."""
    if len(pool) * 16 < len(ids):
        at = np.minimum(np.searchsorted(ids, pool), len(ids) - 1)
        holds = np.flatnonzero(ids[at] == pool)
        return holds, at[holds]
    places = place[ids]
    at = np.flatnonzero((places >= 0) & (places < len(pool)))
    at = at[pool[places[at]] == ids[at]]
    return places[at], at


def holding_all(postings: list[np.ndarray]) -> np.ndarray:
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


def scores_at(posting: tuple[np.ndarray, np.ndarray], records: np.ndarray) -> np.ndarray:
    """The scores of a term's posting (records ascending, scores) at `records`, all of which hold it."""
    ids, data = posting
    return data[np.searchsorted(ids, records)]


def sort_postings(scores: dict, chunk: int = 1 << 22) -> None:
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


def spread(values: np.ndarray, places: np.ndarray, size: int) -> np.ndarray:
    """`values` laid at `places` of an array of `size`, zero elsewhere."""
    out = np.zeros(size)
    out[places] = values
    return out


def best_of(score: np.ndarray, candidates: np.ndarray, count: int) -> np.ndarray:
    """The candidates with the `count` highest scores, and any tied with the last of them (unordered)."""
    if len(candidates) <= count:
        return candidates
    chosen = candidates[np.argpartition(-score[candidates], count - 1)[:count]]
    return candidates[score[candidates] >= score[chosen].min()]


__all__ = ["EMPTY_IDS", "union", "distinct", "places_in", "held_in", "holding_all", "scores_at", "sort_postings",
           "spread", "best_of"]
