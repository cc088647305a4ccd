"""The embedded store: a pyoxigraph `Store` on disk (or in memory for tests), with the `Store` interface
(`protocol.py`). The default graph of a query is the union of all named graphs, as with
`oxigraph serve --union-default-graph`.

The service's store keeps an in-memory mirror of the disk store (`mirror.Mirror`, decision 46): queries
read the mirror, and writes go to disk first, then to the mirror, graph by graph.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterable, Mapping
from pathlib import Path

import pyoxigraph as ox

from ...loader import iris
from ...loader.errors import QueryError
from ...loader.triples import Triple, to_ntriples
from .dataset import CONTENT_HASH, JOURNAL_GRAPH, PENDING, dump_dataset, reference_graphs, replace_update
from .errors import StoreError
from .mirror import Mirror
from .protocol import rows
from .syntax import describe_syntax_error, oxigraph_position


class OxigraphStore:
    """The embedded store. `path=None` keeps everything in memory. `mirror_bytes` (a store on disk that
    is written only through this object) gives queries an in-memory `Mirror` of up to that many bytes."""

    hidden: frozenset[str] = frozenset()  # every graph is itukg's

    def __init__(self, path: str | Path | None = None, *, read_only: bool = False, mirror_bytes: int | None = None):
        self.path = Path(path) if path is not None else None
        self.read_only = read_only
        try:
            if self.path is None:
                self._store = ox.Store()
            elif read_only:
                if not (self.path / "CURRENT").exists():
                    raise StoreError(f"{self.path}: no store here yet. Load a report first (itukg load).")
                self._store = _open_read_only(self.path)
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
        self.written = 0  # writes made through this object (`protocol.Store.written`)
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
        self.written += 1
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
        self.written += 1
        listed = " ".join(f"<{JOURNAL_GRAPH}> <{PENDING}> <{name}> ." for name in graphs)
        drops = " ".join(f"DROP SILENT GRAPH <{name}> ;" for name in graphs)
        try:
            self._store.update(f"{drops} INSERT DATA {{ GRAPH <{JOURNAL_GRAPH}> {{ {listed} }} }}")
            # every line ends with " .\n" (the last one too), which becomes " <graph> .\n"
            texts = {name: (text if isinstance(text, str) else to_ntriples(text)).strip()
                     for name, text in graphs.items()}
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
            None, ox.NamedNode(PENDING), None, ox.NamedNode(JOURNAL_GRAPH))]
        if pending:
            drops = " ".join(f"DROP SILENT GRAPH <{name}> ;" for name in pending)
            self._store.update(f"{drops} DROP SILENT GRAPH <{JOURNAL_GRAPH}>")
        return sorted(pending)

    def ensure_reference_data(self) -> None:
        """Load (or refresh) the reference data and the ontology when the bundled files changed."""
        digest, graphs = reference_graphs()
        marker = ox.Quad(ox.NamedNode(iris.REFERENCE_GRAPH), ox.NamedNode(CONTENT_HASH), ox.Literal(digest),
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
            raise QueryError(f"the SPARQL query is not valid: {_told(sparql, 'query', exc)}") from None
        except ValueError as exc:
            raise QueryError(f"the SPARQL query cannot be run: {exc}") from None

    def select(self, sparql: str) -> list[dict[str, str]]:
        """Rows of a SELECT over the union of all graphs, as {variable: value}."""
        return rows(self.query(sparql))

    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        """Run a SPARQL update in one transaction. A bad update raises `QueryError`."""
        self.written += 1
        try:
            self._store.update(sparql, base_iri=base_iri)
        except SyntaxError as exc:
            # nothing written
            raise QueryError(f"the SPARQL update is not valid: {_told(sparql, 'update', exc)}") from None
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
        if self.path is not None and not self.read_only:  # a read-only store has nothing to flush (and refuses)
            self._store.flush()
        del self._store


__all__ = ["OxigraphStore"]

_READ_ONLY_TRIES = 8


def _open_read_only(path: Path) -> ox.Store:
    """The store at `path`, read-only, beside a process that may be writing it. RocksDB reads the list of its
    files and then opens them: a compaction in the writer between the two removes a file the list names, and
    the open fails ("Corruption: … No such file or directory"). The writer's state is sound; the open is tried
    again on a fresh list, then refused in words."""
    failure = None
    for attempt in range(_READ_ONLY_TRIES):
        try:
            return ox.Store.read_only(str(path))
        except RuntimeError as exc:  # pyoxigraph's error for RocksDB's Corruption and IO errors
            failure = exc
            time.sleep(0.05 * (attempt + 1))
    raise StoreError(f"{path}: cannot open the store read-only ({failure}); another process kept rewriting its "
                     "files. Try again, or query the running service over HTTP.")


def _told(sparql: str, kind: str, exc: SyntaxError) -> str:
    """pyoxigraph's syntax error in words (`syntax.describe_syntax_error`)."""
    line, column, expected = oxigraph_position(str(exc))
    return "syntax error at " + describe_syntax_error(sparql, kind, line, column, expected)
