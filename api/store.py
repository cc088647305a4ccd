"""The one module that talks to the storage engine.

A narrow interface: replace named graphs atomically, query, count, export. The embedded
implementation is a pyoxigraph `Store` on disk (or in memory for tests). The default graph of a
query is the union of all named graphs, as with `oxigraph serve --union-default-graph`.

The service's store keeps an in-memory mirror of the disk store (`Mirror`, decision 46): queries
read the mirror, which Oxigraph evaluates 2.5–5× faster than its RocksDB storage, and writes go to
disk first, then to the mirror, graph by graph. The disk stays the only source of truth: the mirror
is built from it in the background when the store opens (queries read the disk until it is ready),
and rebuilt whenever it may have drifted.
"""

from __future__ import annotations

import collections
import contextlib
import hashlib
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from collections.abc import Iterable, Mapping
from pathlib import Path

import pyoxigraph as ox

from ..loader import iris
from ..loader.errors import QueryError, StoreError
from ..loader.lexicon import data_file
from ..loader.shacl import to_ntriples
from ..loader.triples import Triple

EXPORT_FORMATS = {
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "turtle": ox.RdfFormat.TURTLE,
    "jsonld": ox.RdfFormat.JSON_LD,
}
REFERENCE_FILES = ("states.ttl", "bodies.ttl", "conferences.ttl", "concepts.ttl", "resolutions.ttl", "links.ttl",
                   "agents.ttl")
ONTOLOGY_FILES = ("itukg.ttl", "meeting.ttl", "document.ttl", "actor.ttl", "resolution.ttl", "topic.ttl", "search.ttl",
                  "correction.ttl")
_HASH = "https://w3id.org/itukg/ontology#contentHash"
_PENDING = "https://w3id.org/itukg/ontology#pendingGraph"
JOURNAL_GRAPH = iris.BASE + "graph/journal"
MIRROR_BYTES_PER_QUAD = 400  # memory of one quad in pyoxigraph's in-memory store (measured: 330-350 B)


def replace_update(graphs: Mapping[str, Iterable[Triple] | str]) -> str:
    """One SPARQL update that replaces each named graph with the given triples (or N-Triples text)."""
    parts = [f"DROP SILENT GRAPH <{name}> ;" for name in graphs]
    body = []
    for name, triples in graphs.items():
        lines = triples if isinstance(triples, str) else to_ntriples(triples)
        body.append(f"GRAPH <{name}> {{\n{lines}\n}}")
    parts.append("INSERT DATA {\n" + "\n".join(body) + "\n}")
    return "\n".join(parts)


def reference_graphs() -> tuple[str, dict[str, str]]:
    """(digest of the bundled files, {graph: N-Triples}) of the reference data and the ontology; the
    reference graph records the digest, so that a store knows when to refresh them."""
    sources = reference_files()
    digest = hashlib.sha256(b"".join(f.read_bytes() for _, f in sources)).hexdigest()
    lines: dict[str, list[str]] = {iris.REFERENCE_GRAPH: [], iris.ONTOLOGY_GRAPH: []}
    for graph, source in sources:
        lines[graph].extend(f"{t.subject} {t.predicate} {t.object} ." for t in ox.parse(source.read_bytes(),
                                                                                      format=ox.RdfFormat.TURTLE))
    lines[iris.REFERENCE_GRAPH].append(f"<{iris.REFERENCE_GRAPH}> <{_HASH}> \"{digest}\" .")
    return digest, {graph: "\n".join(text) for graph, text in lines.items()}


def dump_dataset(store: ox.Store, format: str, *, graph: str | None = None) -> bytes:
    """Serialise a pyoxigraph store in one of `EXPORT_FORMATS`; a single-graph format (turtle) gets the
    union of all graphs, or the one named graph given."""
    rdf_format = EXPORT_FORMATS[format]
    prefixes = _prefixes() if format in ("trig", "turtle") else None
    if graph is not None:
        return store.dump(format=rdf_format, from_graph=ox.NamedNode(graph), prefixes=prefixes)
    if rdf_format.supports_datasets:
        return store.dump(format=rdf_format, prefixes=prefixes)
    triples = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True)
    return ox.serialize(triples, format=rdf_format, prefixes=prefixes)


def reference_files() -> list[tuple[str, object]]:
    """(graph, file) for every bundled file that is loaded into the store beside the reports."""
    from importlib.resources import files

    ontology = files("itukg.ontology")
    return ([(iris.REFERENCE_GRAPH, data_file(name)) for name in REFERENCE_FILES]
            + [(iris.ONTOLOGY_GRAPH, ontology / name) for name in ONTOLOGY_FILES])


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


class OxigraphStore:
    """The embedded store. `path=None` keeps everything in memory. `mirror_bytes` (a store on disk that
    is written only through this object) gives queries an in-memory `Mirror` of up to that many bytes."""

    def __init__(self, path: str | Path | None = None, *, read_only: bool = False, mirror_bytes: int | None = None):
        self.path = Path(path) if path is not None else None
        try:
            if self.path is None:
                self._store = ox.Store()
            elif read_only:
                if not (self.path / "CURRENT").exists():
                    raise StoreError(f"{self.path}: no store here yet. Load a report first (itukg load).")
                self._store = ox.Store.read_only(str(self.path))
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(self.path))
        except OSError as exc:
            message = str(exc)
            if "lock" in message.lower():
                raise StoreError(f"{self.path}: the store is in use by another itukg process (a running "
                                 "`itukg serve`?). Stop it, or query it over HTTP.") from None
            raise StoreError(f"{self.path}: cannot open the store ({message}).") from None
        self.recovered: list[str] = []
        self.mirror: Mirror | None = None
        self._writing = 0  # inside `writing`: the writes' graphs are known, so an update does not invalidate
        if not read_only:
            self.recovered = self._recover()
            self.ensure_reference_data()
        if mirror_bytes is not None and self.path is not None and not read_only:
            self.mirror = Mirror(self._store, mirror_bytes)

    # -- writes -------------------------------------------------------------------------------------

    def replace_graphs(self, graphs: Mapping[str, Iterable[Triple] | str]) -> None:
        """Replace each named graph with the given triples (or their N-Triples text), all in one
        transaction."""
        try:
            self._store.update(replace_update(graphs))
        except OSError as exc:
            raise StoreError(f"{self.path or 'memory'}: cannot write to the store ({exc}).") from None
        finally:
            self._synced(graphs)

    def bulk_replace(self, graphs: Mapping[str, Iterable[Triple] | str]) -> None:
        """Replace many named graphs (N-Triples text each) at bulk-load speed, about 3× faster than
        `replace_graphs` for batches of ten reports or more.

        A bulk load is not a transaction, so a journal makes it one on recovery: the graphs are first
        listed in the journal graph (in the same transaction that drops their old versions), then bulk
        loaded, then struck from the journal. A process killed in between leaves them listed, and the
        next opening of the store removes them (`recovered`). Readers may see a batch while it loads:
        use `replace_graphs` where a reader must never see a partial graph (the service does).
        """
        if not graphs:
            return
        listed = " ".join(f"<{JOURNAL_GRAPH}> <{_PENDING}> <{name}> ." for name in graphs)
        drops = " ".join(f"DROP SILENT GRAPH <{name}> ;" for name in graphs)
        try:
            self._store.update(f"{drops} INSERT DATA {{ GRAPH <{JOURNAL_GRAPH}> {{ {listed} }} }}")
            # every line ends with " .\n" (the last one too), which becomes " <graph> .\n"
            texts = {name: (text if isinstance(text, str) else to_ntriples(text)).strip() for name, text in graphs.items()}
            quads = "".join((text + "\n").replace(" .\n", f" <{name}> .\n") for name, text in texts.items() if text)
            self._store.bulk_load(quads, format=ox.RdfFormat.N_QUADS)
            self._store.update(f"DROP SILENT GRAPH <{JOURNAL_GRAPH}>")  # one writer: one batch at a time
        except OSError as exc:
            raise StoreError(f"{self.path or 'memory'}: cannot write to the store ({exc}).") from None
        finally:
            self._synced([*graphs, JOURNAL_GRAPH])

    @contextlib.contextmanager
    def writing(self, graphs: Iterable[str | None]):
        """Writes made inside write only these graphs (None: the default graph), as the caller knows from
        its analysis of them (the write gate's): the mirror copies just them again at the end, even if a
        write failed. An `update` outside this block may write anything, so it rebuilds the whole mirror."""
        self._writing += 1
        try:
            yield self
        finally:
            self._writing -= 1
            self._synced(graphs)

    def _synced(self, graphs: Iterable[str | None]) -> None:
        if self.mirror is not None:
            self.mirror.sync(graphs)

    def _recover(self) -> list[str]:
        """Remove the graphs of a bulk load that did not finish (see `bulk_replace`)."""
        pending = [q.object.value for q in self._store.quads_for_pattern(
            None, ox.NamedNode(_PENDING), None, ox.NamedNode(JOURNAL_GRAPH))]
        if pending:
            drops = " ".join(f"DROP SILENT GRAPH <{name}> ;" for name in pending)
            self._store.update(f"{drops} DROP SILENT GRAPH <{JOURNAL_GRAPH}>")
        return sorted(pending)

    def ensure_reference_data(self) -> None:
        """Load (or refresh) the reference data and the ontology when the bundled files changed."""
        digest, graphs = reference_graphs()
        marker = ox.Quad(ox.NamedNode(iris.REFERENCE_GRAPH), ox.NamedNode(_HASH), ox.Literal(digest),
                         ox.NamedNode(iris.REFERENCE_GRAPH))
        if not list(self._store.quads_for_pattern(*marker)):
            self.replace_graphs(graphs)

    # -- reads --------------------------------------------------------------------------------------

    def query(self, sparql: str, *, default_graph: list[str] | None = None, named_graphs: list[str] | None = None,
              base_iri: str | None = None, dataset: bool = False):
        """Run a SPARQL query over its RDF dataset (SPARQL 1.1 Query 13.2, Protocol 2.1.4): the protocol's
        `default_graph` / `named_graphs` (default-graph-uri, named-graph-uri) if either is given, the other one
        then being empty, whatever the query's FROM says; else the query's own FROM / FROM NAMED (`dataset`: the
        text has them), a FROM NAMED alone giving an empty default graph; else the union of all graphs as the
        default graph and every graph as a named graph. A bad query raises `QueryError`."""
        options: dict = {"base_iri": base_iri}
        if default_graph is not None or named_graphs is not None:
            # both, always: pyoxigraph fills the one not given from the query's FROM or from the whole store
            options["default_graph"] = [ox.NamedNode(g) for g in default_graph or []]
            options["named_graphs"] = [ox.NamedNode(g) for g in named_graphs or []]
        elif not dataset:
            options["use_default_graph_as_union"] = True
        store = self.mirror.serving if self.mirror is not None else None
        try:
            return (store or self._store).query(sparql, **options)
        except SyntaxError as exc:
            raise QueryError(f"the SPARQL query is not valid: {exc}") from None
        except ValueError as exc:
            raise QueryError(f"the SPARQL query cannot be run: {exc}") from None

    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        """Run a SPARQL update in one transaction. A bad update raises `QueryError`."""
        try:
            self._store.update(sparql, base_iri=base_iri)
        except SyntaxError as exc:
            raise QueryError(f"the SPARQL update is not valid: {exc}") from None  # nothing was written
        except OSError as exc:
            self._written_somewhere()
            raise StoreError(f"{self.path or 'memory'}: cannot write to the store ({exc}).") from None
        self._written_somewhere()

    def _written_somewhere(self) -> None:
        if self.mirror is not None and not self._writing:
            self.mirror.invalidate()

    def graph_ntriples(self, graph: str | None) -> str:
        """The triples of one named graph (None: the default graph) as N-Triples text."""
        name = ox.DefaultGraph() if graph is None else ox.NamedNode(graph)
        return self._store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=name).decode("utf-8")

    def has_graph(self, graph: str) -> bool:
        return self._store.contains_named_graph(ox.NamedNode(graph))

    def count(self, graph: str | None = None) -> int:
        """Quads in one named graph, or in the whole store."""
        if graph is None:
            return len(self._store)
        return sum(1 for _ in self._store.quads_for_pattern(None, None, None, ox.NamedNode(graph)))

    def graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs())

    def counts(self) -> dict[str, int]:
        """Quads in each named graph."""
        return {g: self.count(g) for g in self.graphs()}

    def export(self, format: str = "trig", *, graph: str | None = None) -> bytes:
        """Serialise the store in one of `EXPORT_FORMATS`; a single-graph format (turtle) gets the union
        of all graphs, or the one named graph given."""
        return dump_dataset(self._store, format, graph=graph)

    def quads(self):
        return self._store.quads_for_pattern(None, None, None, None)

    def close(self) -> None:
        if self.mirror is not None:
            self.mirror.close()
        if self.path is not None:
            self._store.flush()
        del self._store


def _prefixes() -> dict[str, str]:
    from ..loader.vocab import PREFIXES

    return dict(PREFIXES)


REMOTE_SCHEMES = ("sparql+http://", "sparql+https://")


def open_store(location: str | Path | None, *, read_only: bool = False, mirror_bytes: int | None = None):
    """Open the store a `--store` option names: a directory for the embedded store, or
    `sparql+http(s)://host:port/path` for a remote SPARQL engine (`remote.RemoteStore`, never mirrored)."""
    if isinstance(location, str) and location.startswith(REMOTE_SCHEMES):
        from .remote import RemoteStore

        return RemoteStore(location, read_only=read_only)
    return OxigraphStore(location, read_only=read_only, mirror_bytes=None if read_only else mirror_bytes)


__all__ = ["OxigraphStore", "Mirror", "open_store", "EXPORT_FORMATS", "reference_files", "reference_graphs", "replace_update",
           "dump_dataset", "REMOTE_SCHEMES"]
