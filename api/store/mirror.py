"""The in-memory mirror of an on-disk pyoxigraph store (decision 46): queries read it, which Oxigraph evaluates
2.5–5× faster than its RocksDB storage; writes go to disk first, then to the mirror, graph by graph. The disk
stays the only source of truth: the mirror is built from it in the background when the store opens (queries
read the disk until it is ready), and rebuilt whenever it may have drifted.
"""

from __future__ import annotations

import collections
import os
import threading
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor

import pyoxigraph as ox

MIRROR_BYTES_PER_QUAD = 400  # memory of one quad in pyoxigraph's in-memory store (measured: 330-350 B)


class Mirror:
    """An in-memory copy of an on-disk pyoxigraph store, for queries to read.

    Built in a background thread, graph by graph, when it starts; until it is ready, `serving` is None and
    queries read the disk. A write to the disk store is followed by `sync` of the graphs it wrote, which
    copies them again from the disk (quads as they are, blank nodes included) into the mirror and into one
    being built. Writers must keep readers out while they write and sync (the engine's readers-writer lock
    does): a reader never sees a graph half copied.

    pyoxigraph's in-memory store keeps what is removed from it (it has no garbage collection), so when the
    quads removed since the last build outnumber the live ones, a new mirror is built beside the serving
    one, which answers until it is ready. A store that would take more than `max_bytes` of memory
    (`MIRROR_BYTES_PER_QUAD` each) is not mirrored: queries read the disk, and `state` says why.
    """

    REBUILD_AFTER = 100_000  # removed quads that always allow a rebuild, however few the live ones
    READERS = max(1, min(4, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1))

    def __init__(self, disk: ox.Store, max_bytes: int):
        self.disk = disk
        self.max_bytes = max_bytes
        self.serving: ox.Store | None = None
        self._building: ox.Store | None = None
        self._fresh: set[str | None] = set()  # graphs synced into the mirror being built
        self._lock = threading.Lock()
        self._generation = 0
        self._live = 0  # quads in the serving mirror (counted when it was built, then kept by `sync`)
        self._removed = 0  # quads removed from the serving mirror since it was built
        self.state = "building"
        self.reason = ""
        self.builds = 0
        self.build_s: float | None = None
        self._threads: list[threading.Thread] = []
        self.rebuild(keep_serving=False)

    def rebuild(self, *, keep_serving: bool) -> None:
        """Start building a new mirror from the disk; the serving one answers meanwhile if `keep_serving`."""
        with self._lock:
            self._generation += 1
            if not keep_serving:
                self.serving = None
            self._building, self._fresh = ox.Store(), set()
            if self.state != "off":
                self.state = "building" if self.serving is None else "ready"
            thread = threading.Thread(target=self._build, args=(self._generation,), name="itukg-mirror", daemon=True)
            self._threads = [t for t in self._threads if t.is_alive()] + [thread]
        thread.start()

    def _build(self, generation: int) -> None:
        started = time.monotonic()
        try:
            size = len(self.disk)
            if size * MIRROR_BYTES_PER_QUAD > self.max_bytes:
                self._stop(generation, f"the store's {size} quads would take about "
                           f"{size * MIRROR_BYTES_PER_QUAD / 2**20:.0f} MiB, over the mirror's limit of "
                           f"{self.max_bytes / 2**20:.0f} MiB (ITUKG_MIRROR)")
                return
            names: list[str | None] = [None] + sorted(g.value for g in self.disk.named_graphs())
            # graphs are read from the disk in threads (pyoxigraph's dump releases the GIL: 2 cores read twice
            # as fast) and put into the mirror one at a time, under the lock; a graph a write synced in the
            # meantime is fresher than what was read, so its reading is dropped
            with ThreadPoolExecutor(max_workers=self.READERS, thread_name_prefix="itukg-mirror-read") as pool:
                window = 4 * self.READERS  # readings held at once: memory stays bounded on a large store
                pending = collections.deque(pool.submit(_read_graph, self.disk, n) for n in names[:window])
                for index, name in enumerate(names):
                    reading = pending.popleft().result()
                    if index + window < len(names):
                        pending.append(pool.submit(_read_graph, self.disk, names[index + window]))
                    with self._lock:
                        if generation != self._generation:
                            for future in pending:
                                future.cancel()
                            return
                        if name not in self._fresh:
                            _put_graph(self.disk, self._building, name, reading)
            with self._lock:
                if generation != self._generation:
                    return
                self.serving, self._building, self._fresh = self._building, None, set()
                self._live, self._removed = len(self.serving), 0
                self.state, self.reason = "ready", ""
                self.builds += 1
                self.build_s = time.monotonic() - started
        except Exception as exc:  # noqa: BLE001  a mirror that cannot be built leaves queries on the disk
            self._stop(generation, f"the mirror could not be built ({type(exc).__name__}: {exc})")

    def _stop(self, generation: int, reason: str) -> None:
        with self._lock:
            if generation == self._generation:
                self.serving = self._building = None
                self.state, self.reason = "off", reason

    def sync(self, graphs: Iterable[str | None]) -> None:
        """Copy these graphs (None: the default graph) from the disk again, after a write to them."""
        graphs = list(dict.fromkeys(graphs))
        rebuild = False
        with self._lock:
            if self.serving is not None:
                for name in graphs:
                    removed, added = _copy_graph(self.disk, self.serving, name)
                    self._live += added - removed
                    self._removed += removed
                rebuild = self._building is None and self._removed > max(self._live, self.REBUILD_AFTER)
                if self._live * MIRROR_BYTES_PER_QUAD > self.max_bytes:
                    self.serving = self._building = None
                    self._generation += 1
                    self.state, self.reason = "off", "the store grew past the mirror's limit (ITUKG_MIRROR)"
                    return
            if self._building is not None:
                for name in graphs:
                    _copy_graph(self.disk, self._building, name)
                self._fresh.update(graphs)
        if rebuild:
            self.rebuild(keep_serving=True)

    def invalidate(self) -> None:
        """After a write whose graphs are not known: stop reading the mirror and build it again."""
        if self.state != "off":
            self.rebuild(keep_serving=False)

    def describe(self) -> dict:
        with self._lock:
            return {"state": self.state, "quads": self._live if self.serving is not None else 0,
                    "builds": self.builds, "build_s": None if self.build_s is None else round(self.build_s, 3),
                    **({"reason": self.reason} if self.reason else {})}

    def close(self) -> None:
        with self._lock:
            self._generation += 1
            self.serving = self._building = None
        for thread in self._threads:
            thread.join(5)


def _read_graph(source: ox.Store, name: str | None) -> tuple[bool, bytes]:
    """(whether the graph exists, its triples as N-Triples) for `_put_graph`."""
    graph = ox.DefaultGraph() if name is None else ox.NamedNode(name)
    exists = name is None or source.contains_named_graph(graph)
    return exists, source.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph) if exists else b""


def _put_graph(source: ox.Store, target: ox.Store, name: str | None, reading: tuple[bool, bytes]) -> None:
    """Put a graph read by `_read_graph` into an empty `target`. Parsing renames blank nodes, so a graph that
    has any (or whose text has "_:" anywhere) is copied quad by quad instead."""
    exists, text = reading
    if b"_:" in text:
        _copy_graph(source, target, name)
        return
    graph = ox.DefaultGraph() if name is None else ox.NamedNode(name)
    if name is not None:
        target.remove_graph(graph)
        if not exists:
            return
        target.add_graph(graph)
    else:
        target.clear_graph(graph)
    if text:
        target.load(text, format=ox.RdfFormat.N_TRIPLES, to_graph=graph)


def _copy_graph(source: ox.Store, target: ox.Store, name: str | None) -> tuple[int, int]:
    """Make graph `name` (None: the default graph) of `target` what it is in `source`: (quads removed,
    quads added)."""
    graph = ox.DefaultGraph() if name is None else ox.NamedNode(name)
    removed = sum(1 for _ in target.quads_for_pattern(None, None, None, graph))
    if name is None:
        target.clear_graph(graph)
    else:
        target.remove_graph(graph)
        if not source.contains_named_graph(graph):
            return removed, 0
        target.add_graph(graph)
    quads = list(source.quads_for_pattern(None, None, None, graph))
    target.extend(quads)
    return removed, len(quads)


__all__ = ["Mirror", "MIRROR_BYTES_PER_QUAD"]
