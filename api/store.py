"""The one module that talks to the storage engine.

A narrow interface: replace named graphs atomically, query, count, export. The embedded
implementation is a pyoxigraph `Store` on disk (or in memory for tests). The default graph of a
query is the union of all named graphs, as with `oxigraph serve --union-default-graph`.
"""

from __future__ import annotations

import hashlib
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
REFERENCE_FILES = ("states.ttl", "bodies.ttl", "conferences.ttl", "concepts.ttl", "resolutions.ttl")
ONTOLOGY_FILES = ("itukg.ttl", "meeting.ttl", "document.ttl", "actor.ttl", "resolution.ttl", "topic.ttl", "search.ttl")
_HASH = "https://w3id.org/itukg/ontology#contentHash"
_PENDING = "https://w3id.org/itukg/ontology#pendingGraph"
JOURNAL_GRAPH = iris.BASE + "graph/journal"


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


class OxigraphStore:
    """The embedded store. `path=None` keeps everything in memory."""

    def __init__(self, path: str | Path | None = None, *, read_only: bool = False):
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
        if not read_only:
            self.recovered = self._recover()
            self.ensure_reference_data()

    # -- writes -------------------------------------------------------------------------------------

    def replace_graphs(self, graphs: Mapping[str, Iterable[Triple] | str]) -> None:
        """Replace each named graph with the given triples (or their N-Triples text), all in one
        transaction."""
        try:
            self._store.update(replace_update(graphs))
        except OSError as exc:
            raise StoreError(f"{self.path or 'memory'}: cannot write to the store ({exc}).") from None

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
            quads = "".join((text if isinstance(text, str) else to_ntriples(text)).replace(" .\n", f" <{name}> .\n")
                            for name, text in graphs.items())
            self._store.bulk_load(quads, format=ox.RdfFormat.N_QUADS)
            self._store.update(f"DROP SILENT GRAPH <{JOURNAL_GRAPH}>")  # one writer: one batch at a time
        except OSError as exc:
            raise StoreError(f"{self.path or 'memory'}: cannot write to the store ({exc}).") from None

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
              base_iri: str | None = None):
        """Run a SPARQL query. The default graph is the union of all graphs, unless the protocol's
        `default_graph` / `named_graphs` (default-graph-uri, named-graph-uri) say otherwise. A bad query
        raises `QueryError`."""
        options: dict = {"base_iri": base_iri}
        if default_graph is None and named_graphs is None:
            options["use_default_graph_as_union"] = True
        else:
            if default_graph is not None:
                options["default_graph"] = [ox.NamedNode(g) for g in default_graph]
            if named_graphs is not None:
                options["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
        try:
            return self._store.query(sparql, **options)
        except SyntaxError as exc:
            raise QueryError(f"the SPARQL query is not valid: {exc}") from None
        except ValueError as exc:
            raise QueryError(f"the SPARQL query cannot be run: {exc}") from None

    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        """Run a SPARQL update in one transaction. A bad update raises `QueryError`."""
        try:
            self._store.update(sparql, base_iri=base_iri)
        except SyntaxError as exc:
            raise QueryError(f"the SPARQL update is not valid: {exc}") from None
        except OSError as exc:
            raise StoreError(f"{self.path or 'memory'}: cannot write to the store ({exc}).") from None

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
        if self.path is not None:
            self._store.flush()
        del self._store


def _prefixes() -> dict[str, str]:
    from ..loader.vocab import PREFIXES

    return dict(PREFIXES)


REMOTE_SCHEMES = ("sparql+http://", "sparql+https://")


def open_store(location: str | Path | None, *, read_only: bool = False):
    """Open the store a `--store` option names: a directory for the embedded store, or
    `sparql+http(s)://host:port/path` for a remote SPARQL engine (`remote.RemoteStore`)."""
    if isinstance(location, str) and location.startswith(REMOTE_SCHEMES):
        from .remote import RemoteStore

        return RemoteStore(location, read_only=read_only)
    return OxigraphStore(location, read_only=read_only)


__all__ = ["OxigraphStore", "open_store", "EXPORT_FORMATS", "reference_files", "reference_graphs", "replace_update",
           "dump_dataset", "REMOTE_SCHEMES"]
