"""`KnowledgeGraph`: the calls a notebook makes, the same on an embedded store (`on_disk.EmbeddedGraph`) and on
a running service (`over_http.HttpGraph`). Each backend supplies five primitives (the named-query catalogue, a
bound named query, a SPARQL answer, a search, the co-sponsorship network); this class turns their answers into
DataFrames or lists of dicts, and checks what it can before anything runs.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from types import TracebackType
from typing import TYPE_CHECKING, Any

from .errors import NamedQueryError
from .loader.errors import QueryError
from .frames import Rows, Table, tabulate

if TYPE_CHECKING:
    import networkx
    import pandas
    import rdflib

SEARCH_COLUMNS = ["iri", "kind", "label", "score", "snippet", "document", "references"]
CATALOGUE_COLUMNS = ["name", "title", "description", "params"]


class KnowledgeGraph(ABC):
    """A connection to itukg's graph. `as_frame` is the default result form of every call (None: a pandas
    DataFrame when pandas is installed, else a list of dicts); `timeout` the time limit of a query, in seconds."""

    location: str

    def __init__(self, *, as_frame: bool | None = None, timeout: float = 30.0):
        self.as_frame = as_frame
        self.timeout = timeout
        self.views = Views(self)
        self._names: list[str] | None = None

    # -- the calls ---------------------------------------------------------------------------------------

    def queries(self, *, as_frame: bool | None = None) -> "pandas.DataFrame | Rows":
        """The named queries: name, title, description and params (a list of {name, type, description})."""
        return tabulate(CATALOGUE_COLUMNS, self._catalogue(), self._form(as_frame))

    def query(self, name: str, *, as_frame: bool | None = None, limit: int | None = None, offset: int | None = None,
              **params: str | int) -> "pandas.DataFrame | Rows":
        """The rows of the named query `name` with `params` bound (`kg.queries()` lists the queries and their
        parameters); `limit` rows from row `offset`, in the query's order, when given."""
        if self._names is None:
            self._names = [entry["name"] for entry in self._catalogue()]
        if name not in self._names:
            raise NamedQueryError(f"there is no named query {name!r}; kg.queries() lists them: "
                                  f"{', '.join(self._names)}.")
        values = {key: _parameter_text(name, key, value) for key, value in params.items()}
        try:
            table = self._named(name, values, limit=limit, offset=offset)
        except QueryError as exc:  # the catalogue's own words; name the query when they do not
            message = str(exc)
            raise NamedQueryError(message if repr(name) in message else f"named query {name!r}: {message}") from None
        return tabulate(table.columns, table.rows, self._form(as_frame))

    def sparql(self, text: str, *, as_frame: bool | None = None) -> "pandas.DataFrame | Rows | bool | rdflib.Graph":
        """Run a SPARQL query over the union of all graphs: a SELECT's rows (a DataFrame or a list of dicts), an
        ASK's bool, a CONSTRUCT's or DESCRIBE's rdflib Graph."""
        answer = self._answer(text)
        if isinstance(answer, Table):
            return tabulate(answer.columns, answer.rows, self._form(as_frame))
        return answer

    def search(self, text: str, *, kind: str | None = None, limit: int = 10, mode: str = "hybrid",
               as_frame: bool | None = None) -> "pandas.DataFrame | Rows":
        """The records that answer `text`, best first, as `itukg search` and GET /search give them: iri, kind,
        label, score, snippet, document, references. `kind`: paragraph, document, resolution, topic or meeting;
        `mode`: hybrid, lexical or dense. A DataFrame's `attrs["note"]` says when the search fell back to words."""
        result = self._search(text, kind=kind, limit=limit, mode=mode)
        hits = tabulate(SEARCH_COLUMNS, [{c: hit.get(c) for c in SEARCH_COLUMNS} for hit in result["hits"]],
                        self._form(as_frame))
        if not isinstance(hits, list):
            hits.attrs["note"] = result.get("note")
        return hits

    # -- the backends' primitives ------------------------------------------------------------------------

    @abstractmethod
    def _catalogue(self) -> list[dict[str, Any]]:
        """The named queries as {name, title, description, params}."""

    @abstractmethod
    def _named(self, name: str, values: dict[str, str], *, limit: int | None, offset: int | None) -> Table:
        """The rows of a named query; a value or page its parameters refuse raises `QueryError`."""

    @abstractmethod
    def _answer(self, sparql: str) -> "Table | bool | rdflib.Graph":
        """The answer to a SPARQL query."""

    @abstractmethod
    def _search(self, text: str, *, kind: str | None, limit: int, mode: str) -> dict[str, Any]:
        """The search's answer as GET /search's JSON."""

    @abstractmethod
    def _cosponsors(self, *, group: str | None, start: int | None, end: int | None) -> "networkx.Graph":
        """The co-sponsorship network."""

    # -- life cycle --------------------------------------------------------------------------------------

    def close(self) -> None:
        """Let go of the store (or the service)."""

    def __enter__(self) -> KnowledgeGraph:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<itukg {type(self).__name__} {self.location}>"

    def _form(self, as_frame: bool | None) -> bool | None:
        return self.as_frame if as_frame is None else as_frame


class Views:
    """The views of the graph as data (`kg.views`)."""

    def __init__(self, graph: KnowledgeGraph):
        self._graph = graph

    def cosponsors(self, *, group: str | None = None, start: int | None = None,
                   end: int | None = None) -> "networkx.Graph":
        """The co-sponsorship network of member states: a node per state (its ISO3 code, with label, region,
        contributions and iri), an edge per pair that co-signed a document, with its `weight` (documents);
        `group` (a group's slug, e.g. cwg-internet) and the years `start` to `end` narrow it."""
        return self._graph._cosponsors(group=group, start=start, end=end)


def _parameter_text(name: str, key: str, value: object) -> str:
    """A parameter's value as the catalogue binds it: a str, or an int written out."""
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise NamedQueryError(f"named query {name!r}, parameter {key!r}: give a str or an int, not "
                          f"{type(value).__name__} ({value!r:.40}).")

__all__ = ["KnowledgeGraph", "Views", "SEARCH_COLUMNS", "CATALOGUE_COLUMNS"]
