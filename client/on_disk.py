"""`EmbeddedGraph`: the notebook API on a store directory (the one `itukg load` writes), opened read-only.

A read-only opening takes no lock: a running `itukg serve` on the same directory, or a later `itukg load`,
goes on as if the notebook were not there. It reads the store as it was when `connect` opened it (connect
again to see a later load); pyoxigraph calls reading a store another process is writing undefined, so for a
store that a service is writing to, connect to the service instead.

pyoxigraph cannot stop a query once it runs. The time limit is therefore checked between the rows (or
triples) of an answer: it stops a query that streams many rows slowly, but not one that computes for long
before its first row (a large ORDER BY or GROUP BY); the service, whose engine process can be killed, stops
those too.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx
import pyoxigraph as ox
import rdflib

from .api.search.index import Index
from .api.search.saved import saved_index
from .api.store.errors import QueryTimeoutError
from .api.store.locations import open_store
from .api.store.protocol import Store
from .api.views.network import cosponsor_network
from .errors import ClientError
from .frames import Table
from .graph import KnowledgeGraph
from .loader.catalogue import catalogue, named_query
from .loader.errors import QueryError
from .values import Value, python_value


class EmbeddedGraph(KnowledgeGraph):
    """The graph in the store directory `path`, read-only."""

    def __init__(self, path: str | Path, *, as_frame: bool | None = None, timeout: float = 30.0):
        super().__init__(as_frame=as_frame, timeout=timeout)
        self.location = str(path)
        self._opened: Store | None = open_store(Path(path), read_only=True)  # StoreError when there is none
        self._indexes: dict[bool, Index] = {}  # by whether it was built for a search by meaning

    @property
    def _store(self) -> Store:
        if self._opened is None:
            raise ClientError(f"the connection to {self.location} is closed; connect again.")
        return self._opened

    def _catalogue(self) -> list[dict[str, Any]]:
        return [q.as_json() for q in catalogue().values()]

    def _named(self, name: str, values: dict[str, str], *, limit: int | None, offset: int | None) -> Table:
        answer = self._answer(named_query(name).bind(values, limit=limit, offset=offset))
        assert isinstance(answer, Table), f"the named query {name} is a SELECT"
        return answer

    def _answer(self, sparql: str) -> Table | bool | rdflib.Graph:
        deadline = time.monotonic() + self.timeout
        answer = self._store.query(sparql)  # QueryError for a query that is not valid
        try:
            if isinstance(answer, ox.QueryBoolean):
                return bool(answer)
            if isinstance(answer, ox.QueryTriples):
                triples = list(self._in_time(answer, deadline))
                graph = rdflib.Graph()
                if triples:
                    graph.parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")
                return graph
            columns = [variable.value for variable in answer.variables]
            rows = [{column: _value(solution[column]) for column in columns}
                    for solution in self._in_time(answer, deadline)]
            return Table(columns, rows)
        except (OSError, ValueError) as exc:  # an error of the evaluation, met while reading the answer
            raise QueryError(f"the SPARQL query cannot be run: {exc}") from None

    def _in_time(self, answer: Iterable[Any], deadline: float) -> Iterable[Any]:
        for item in answer:
            if time.monotonic() > deadline:
                raise QueryTimeoutError(f"the query ran for more than the time limit of {self.timeout:g} s and was "
                                        "stopped; narrow it (a LIMIT, a FILTER), or connect with a larger timeout.")
            yield item

    def _search(self, text: str, *, kind: str | None, limit: int, mode: str) -> dict[str, Any]:
        dense = mode != "lexical"
        if dense not in self._indexes:  # built (and saved beside the store) once, as `itukg search` does
            self._indexes[dense] = saved_index(self._store, dense=dense)[0]
        return self._indexes[dense].search(text, kind=kind, limit=limit, mode=mode).as_json()

    def _cosponsors(self, *, group: str | None, start: int | None, end: int | None) -> networkx.Graph:
        return cosponsor_network(self._store, group=group, start=start, end=end)

    def close(self) -> None:
        """Let go of the store."""
        if self._opened is not None:
            self._opened.close()
        self._opened = None
        self._indexes.clear()


def _value(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> Value:
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        return python_value("literal", term.value, None if term.language else term.datatype.value)
    return python_value("bnode" if isinstance(term, ox.BlankNode) else "uri", term.value, None)


__all__ = ["EmbeddedGraph"]
