"""The index the command line keeps beside a store (`DIR.search/`): `itukg index` saves it, a load refreshes a
saved one (`refresh_saved_index`, called by the bulk load), and `itukg search` uses it while it matches the
store (`fingerprint`), else builds one in memory.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ..store.protocol import Reader, Store
from .errors import SearchError
from .index import Index
from .reading import records
from .vectors import Vectors

__all__ = ["build_index", "index_path", "fingerprint", "saved_index", "save_index", "refresh_saved_index"]


def build_index(source: Reader, *, reuse: Vectors | None = None) -> Index:
    """A fresh index of everything in the store (or the engine), with embeddings when the extra is installed;
    texts that `reuse` (the vectors of the index this one replaces) holds are not embedded again."""
    return Index().build(records(source), reuse=reuse)


def index_path(store_path: str | Path) -> Path:
    """Where the command line keeps the index of the store at `store_path`: beside it, `DIR.search`."""
    path = Path(store_path)
    return path.with_name(path.name + ".search")


def fingerprint(store: Store) -> str:
    """What the saved index must match to be used: the quads, the named graphs and the content hashes of
    the loaded reports. A write that changes none of these (a literal edited in place) is not seen: run
    `itukg index` after such a write."""
    hashes = sorted((r["g"], r["h"]) for r in store.select("SELECT ?g ?h WHERE { GRAPH ?g { ?s <https://w3id.org/itukg/ontology#contentHash> ?h } }"))
    data = json.dumps([store.count(), store.graphs(), hashes])
    return hashlib.sha256(data.encode()).hexdigest()


def saved_index(store: Store) -> tuple[Index, str]:
    """The index for `store` (an open `OxigraphStore`) and where it came from: "saved" (the one saved beside
    the store, which matches it), "stale" (one was saved, but the store changed since: built now) or "none"
    (none saved: built now)."""
    location = index_path(store.path) if store.path is not None else None
    if location is None or not (location / "index.json").exists():
        return build_index(store), "none"
    try:
        index = Index.load(location)
    except SearchError:
        index = None
    if index is not None and index.meta.get("fingerprint") == fingerprint(store):
        return index, "saved"
    return build_index(store, reuse=index.vectors if index is not None else Vectors.load(location)), "stale"


def save_index(store: Store) -> tuple[Index, Path]:
    """Rebuild the index of `store` and save it beside the store (reusing the embeddings of the one saved)."""
    location = index_path(store.path)
    index = build_index(store, reuse=Vectors.load(location))
    index.meta["fingerprint"] = fingerprint(store)
    index.save(location)
    return index, location


def refresh_saved_index(store: Store) -> Path | None:
    """After a load: rebuild and save the index if one is saved beside the store (it is small)."""
    if store.path is None or not (index_path(store.path) / "index.json").exists():
        return None
    return save_index(store)[1]
