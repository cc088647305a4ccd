"""The one interface of a store (`Store`), which the embedded store (`embedded.OxigraphStore`, with its in-memory
`mirror.Mirror`) and the store on a remote SPARQL engine (`remote.RemoteStore`) both implement, and which
everything above the store layer is typed against: the bulk load, the engine process, search and the CLI.

`Reader` is the part of it that reads rows: the service's engine handle (`itukg.api.engine.Engine`) has it
too, so that search and /resolve read the same way from a store or from the engine.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Protocol, runtime_checkable

import pyoxigraph as ox

from ...loader.triples import Triple
from .mirror import Mirror

Graphs = Mapping[str, Iterable[Triple] | str]  # named graph -> its triples, or their N-Triples text
Answer = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples


@runtime_checkable
class Reader(Protocol):
    """What reads rows of a SELECT."""

    def select(self, sparql: str) -> list[dict[str, str]]:
        """The rows of a SELECT as {variable: lexical value}, unbound variables left out."""


@runtime_checkable
class Store(Reader, Protocol):
    """A store of named graphs. `path` is where it (or, for a remote engine, what is derived from it, such as
    the search index) lives on this machine, None for a store in memory; `recovered` the graphs of a dead
    writer that opening it cleaned up; `hidden` the graphs the engine keeps for itself (left out of the graph
    list, the counts and the export); `mirror` the in-memory mirror queries read, if any; `written` the writes
    made through this object so far (what a search index built from it follows)."""

    path: Path | None
    recovered: list[str]
    written: int
    hidden: frozenset[str] | set[str]
    mirror: Mirror | None

    # -- writes
    def replace_graphs(self, graphs: Graphs) -> None:
        """Replace each named graph, all in one transaction (or staged so that none is left half written)."""

    def bulk_replace(self, graphs: Graphs) -> None:
        """Replace many named graphs at bulk-load speed; a dead writer's graphs are removed at the next opening."""

    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        """Run a SPARQL update."""

    def writing(self, graphs: Iterable[str | None]) -> AbstractContextManager:
        """A block whose writes touch only these graphs (None: the default graph)."""

    def ensure_reference_data(self) -> None:
        """Load (or refresh) the reference data and the ontology when the bundled files changed."""

    # -- reads
    def query(self, sparql: str, *, default_graph: list[str] | None = None, named_graphs: list[str] | None = None,
              base_iri: str | None = None, dataset: bool = False) -> Answer:
        """Run a SPARQL query; the default graph is the union of all graphs unless a dataset is given."""

    def graph_ntriples(self, graph: str | None) -> str:
        """One named graph (None: the default graph) as N-Triples text."""

    def has_graph(self, graph: str) -> bool: ...

    def count(self, graph: str | None = None) -> int:
        """Quads in one named graph, or in all."""

    def counts(self) -> dict[str, int]:
        """Quads in each named graph."""

    def graphs(self) -> list[str]:
        """The named graphs."""

    def quads(self) -> Iterator[ox.Quad]: ...

    def export(self, format: str = "trig", *, graph: str | None = None) -> bytes:
        """The store (or one graph) serialised in one of `dataset.EXPORT_FORMATS`."""

    def close(self) -> None: ...


def rows(results: ox.QuerySolutions) -> list[dict[str, str]]:
    """pyoxigraph solutions as {variable: lexical value}, unbound variables left out."""
    names = [v.value for v in results.variables]
    return [{n: row[n].value for n in names if row[n] is not None} for row in results]


__all__ = ["Store", "Reader", "Graphs", "Answer", "rows"]
