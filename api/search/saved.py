"""The index the command line keeps beside a store (`DIR.search/`): `itukg index` saves it, a load saves or
refreshes it (`refresh_saved_index`, called by the bulk load), and `itukg search` uses it while it matches the
store (`fingerprint`), else builds one and saves it, so that only the first search after a change pays.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

from ..store.protocol import Reader, Store
from .errors import SearchError
from .index import Index
from .vectors import Vectors, dense_available
from .reading import records

__all__ = ["build_index", "index_path", "fingerprint", "saved_index", "save_index", "refresh_saved_index"]

Progress = Callable[[int, int], None]


def build_index(source: Reader, *, reuse: Vectors | None = None, embed: bool | None = None,
                progress: Progress | None = None) -> Index:
    """A fresh index of everything in the store (or the engine), with embeddings when the extra is installed
    (or as `embed` says); texts that `reuse` (the vectors of the index this one replaces) holds are not
    embedded again; `progress(done, total)` follows the embedding."""
    return Index().build(records(source), reuse=reuse, embed=embed, progress=progress)


def index_path(store_path: str | Path) -> Path:
    """Where the command line keeps the index of the store at `store_path`: beside it, `DIR.search`."""
    path = Path(store_path)
    return path.with_name(path.name + ".search")


def fingerprint(store: Store) -> str:
    """What the saved index must match to be used: the quads, the named graphs and the content hashes of
    the loaded reports. A write that changes none of these (a literal edited in place) is not seen: run
    `itukg index` after such a write."""
    hashes = sorted((r["g"], r["h"]) for r in store.select(
        "SELECT ?g ?h WHERE { GRAPH ?g { ?s <https://w3id.org/itukg/ontology#contentHash> ?h } }"))
    data = json.dumps([store.count(), store.graphs(), hashes])
    return hashlib.sha256(data.encode()).hexdigest()


def saved_index(store: Store, *, dense: bool = True, announce: Callable[[str], None] = lambda status: None,
                progress: Progress | None = None) -> tuple[Index, str]:
    """The index for `store` and where it came from: "saved" (the one saved beside the store, which matches
    it), "embedded" (the saved one lacked the embeddings a search by meaning needs (`dense`): they were
    computed now and saved), "stale" (one was saved, but the store changed since: rebuilt and saved now),
    "none" (none saved: built and saved now) or "memory" (a store with no directory, or one whose index
    could not be written: built in memory). `announce(status)` is called before any building, so that the
    caller can say why the search takes time; `progress(done, total)` follows the embedding."""
    location = index_path(store.path) if store.path is not None else None
    if location is None:
        announce("memory")
        return build_index(store, embed=None if dense else False, progress=progress), "memory"
    index = None
    if (location / "index.json").exists():
        try:
            index = Index.load(location)
        except SearchError:
            index = None
        if index is not None and index.meta.get("fingerprint") == fingerprint(store):
            if index.vectors is not None or not dense or not dense_available():
                return index, "saved"
            announce("embedded")
            index.vectors = Vectors.embed(index.records, progress=progress)
            return index, _saved(index, location, "embedded")
        status = "stale"
    else:
        status = "none"
    announce(status)
    reuse = index.vectors if index is not None else Vectors.load(location)
    index = build_index(store, reuse=reuse, embed=None if dense else False, progress=progress)
    index.meta["fingerprint"] = fingerprint(store)
    return index, _saved(index, location, status)


def _saved(index: Index, location: Path, status: str) -> str:
    """Save `index` at `location`; `status`, or "memory" when the directory cannot be written."""
    try:
        index.save(location)
    except OSError:
        return "memory"
    return status


def save_index(store: Store, *, embed: bool | None = None) -> tuple[Index, Path]:
    """Rebuild the index of `store` and save it beside the store (reusing the embeddings of the one saved);
    `embed=False` saves it without embeddings (a search by meaning computes them when it first needs them)."""
    location = index_path(store.path)
    index = build_index(store, reuse=Vectors.load(location), embed=embed)
    index.meta["fingerprint"] = fingerprint(store)
    index.save(location)
    return index, location


def refresh_saved_index(store: Store) -> Path | None:
    """After a load: rebuild and save the index beside an on-disk store. The words and the graph are indexed
    at once (it is quick); the embeddings only when the index saved before had them (the new texts are
    embedded, the others reused), else by the first search by meaning, which saves them."""
    if store.path is None:
        return None
    location = index_path(store.path)
    had_vectors = (location / "vectors.npy").exists()
    return save_index(store, embed=had_vectors and dense_available())[1]
