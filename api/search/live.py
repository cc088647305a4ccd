"""The service's index (`SearchState`): built in the web process from the engine's results at startup, and
again, lazily, at the first search after a write. The engine counts the writes it runs (`Engine.generation`,
whatever their outcome: a write cut off by a restart may still have landed, and a spurious rebuild only
costs time), and a search that finds the index built for an older generation rebuilds it first.
"""

from __future__ import annotations

import asyncio
import ctypes
import multiprocessing
import os
import signal
import threading
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import Protocol

from ..config import cpus
from ..store.protocol import Reader
from .index import Index
from .reading import records
from .records import Result
from .vectors import Vectors, dense_available, embedder

__all__ = ["SearchState", "Source", "EMBED_AT_ONCE"]

EMBED_AT_ONCE = 2000  # new texts a rebuild embeds before it answers; more are embedded in the background


class Source(Reader, Protocol):
    """What the service's index is built from: rows to read, and `written`, a count of the writes made through
    it so far (whatever their outcome), which goes up with every write."""

    written: int


class SearchState:
    """The service's index: built from the engine, rebuilt at the first search after a write."""

    def __init__(self, source: Source, *, saved: Path | None = None, threads: int = 0):
        self.source = source
        # Searches run at once: one more than the CPUs (`threads`, ITUKG_SEARCH_THREADS; 0 for that), the others
        # wait their turn. More at once only take turns on the same cores (and the GIL) and all finish late;
        # exactly as many leaves a core idle while the event loop hands the next one over (decision 38).
        self._gate = threading.BoundedSemaphore(threads or cpus() + 1)
        # the short road's threads (fastpath.py): as many as searches may run at once
        self.executor = ThreadPoolExecutor(threads or cpus() + 1, thread_name_prefix="itukg-search")
        self.saved = saved  # an index saved beside the store: its embeddings are reused by the first build
        self._bumps = 0  # writes the source did not count (`bump`)
        self._built: tuple[int, int] | None = None  # (the source's writes, bumps) the index was built at
        self._index: Index | None = None
        self._vectors: Vectors | None = None  # the latest embeddings computed: what a rebuild reuses
        self._embedding: threading.Thread | None = None
        self._lock = threading.Lock()
        self._count = threading.Lock()

    @property
    def generation(self) -> tuple[int, int]:
        """What the index must have been built at to be current: the source's count of writes, and `bump`s."""
        return self.source.written, self._bumps

    def bump(self) -> None:
        """The store changed in a way the source did not count: rebuild at the next search."""
        with self._count:
            self._bumps += 1

    def index(self) -> Index:
        """The index for the store as it is now (built or rebuilt first if needed).

        Texts new since the last build are embedded at once when they are few (`EMBED_AT_ONCE`, a few
        reports); more (a first start on a large store with no saved index) are embedded in a background
        thread, and until it is done the index searches lexical + graph and says so."""
        with self._lock:
            if self._index is None or self._built != self.generation:
                generation = self.generation
                if self._index is None and self.saved is not None:
                    self._vectors = Vectors.load(self.saved)
                index = Index().build(records(self.source), embed=False)
                if dense_available():
                    index.vectors = Vectors.embed(index.records, reuse=self._vectors, at_most=EMBED_AT_ONCE)
                    embedder().release_documents()  # the service keeps only the query model in memory
                    if index.vectors is None:
                        index.pending = "the embeddings of this store are being computed"
                    else:
                        self._vectors = index.vectors
                self._index, self._built = index, generation
                if index.vectors is None and index.pending and self._embedding is None:
                    self._embedding = threading.Thread(target=self._embed, name="itukg-search-embed", daemon=True)
                    self._embedding.start()
            return self._index

    def _embed(self) -> None:
        """Embed the texts of the current index, then of any index built meanwhile, reusing what was done:
        in a process of its own, on one thread at the lowest CPU priority, so that the service's requests
        come first (in a thread of the web process, its tokenizer held the GIL against the event loop)."""
        while True:
            with self._lock:
                index = self._index
                if index is None or index.vectors is not None:
                    self._embedding = None
                    return
                reuse = self._vectors
            try:
                vectors = _embed_in_background(index.records, reuse)
            except Exception as exc:  # noqa: BLE001  the service goes on, lexical + graph, and says why
                with self._lock:
                    index.pending = f"the embeddings could not be computed ({exc})"
                    self._embedding = None
                return
            with self._lock:
                self._vectors = index.vectors = vectors
                index.pending = None

    def search(self, query: str, **options) -> Result:
        """`Index.search` on the index of the store as it is now, when a turn is free (see `__init__`)."""
        index = self.index()
        with self._gate:
            return index.search(query, **options)

    async def asearch(self, query: str, **options) -> Result:
        """`search` in one of the state's own threads, awaited on the event loop."""
        return await asyncio.get_running_loop().run_in_executor(self.executor, partial(self.search, query, **options))

    def warm(self) -> None:
        try:
            index = self.index()
            if index.vectors is not None or index.pending:
                embedder().encode_query("warm")  # opens (the first time: derives) the query model
        except Exception:  # noqa: BLE001  a failed warm-up is retried by the first search
            pass


def _embed_in_background(records: list, reuse: Vectors | None) -> Vectors:
    """`Vectors.embed` in a spawned process at the lowest priority, on one thread."""
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"), initializer=_background) as pool:
        return pool.submit(_embed_gently, records, reuse).result()


def _background() -> None:
    """In the embedding process: the lowest priority, and an end with the service (Linux's parent-death
    signal: a service stopped mid-way must not leave it computing)."""
    os.nice(19)
    try:
        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _embed_gently(records: list, reuse: Vectors | None) -> Vectors:
    return Vectors.embed(records, reuse=reuse, gentle=True)
