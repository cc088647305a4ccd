"""The catalogue of named SPARQL queries shipped in `ontology/queries/` (one `.rq` file each).

A query's header comments give its title, description and parameters:

    # title: Meetings
    # description: Every meeting a loaded report describes …
    # param: body string The acronym of the body, e.g. CWG-Internet

A parameter is bound by a `VALUES` block placed at the start of the query's WHERE clause, so a
named query with parameters runs unchanged on any SPARQL 1.1 engine.

>>> query = named_query("meetings")
>>> query.title, [p.name for p in query.params]
('Meetings', ['body'])
>>> "VALUES ?body { \\"CWG-Internet\\" }" in query.bind({"body": "CWG-Internet"})
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from .errors import QueryError

_HEADER = re.compile(r"^#\s*(?P<key>title|description|param)\s*:\s*(?P<value>.+?)\s*$", re.MULTILINE)
_TYPES = ("string", "iri", "integer")


@dataclass(frozen=True, slots=True)
class Param:
    name: str
    type: str
    description: str

    def render(self, value: str) -> str:
        if self.type == "iri":
            if not re.fullmatch(r"[^\s<>\"{}|\\^`]+:[^\s<>\"{}|\\^`]*", value):
                raise QueryError(f"parameter {self.name}: {value!r} is not an IRI.")
            return f"<{value}>"
        if self.type == "integer":
            if not re.fullmatch(r"[+-]?\d+", value):
                raise QueryError(f"parameter {self.name}: {value!r} is not an integer.")
            return value
        escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
        return f'"{escaped}"'


@dataclass(frozen=True, slots=True)
class NamedQuery:
    name: str
    title: str
    description: str
    params: tuple[Param, ...]
    sparql: str

    def as_json(self) -> dict:
        """What a catalogue lists of the query: its name, title, description and parameters (the CLI's
        `itukg queries --json`, `GET /queries`, the notebook API's `queries()`)."""
        return {"name": self.name, "title": self.title, "description": self.description,
                "params": [{"name": p.name, "type": p.type, "description": p.description} for p in self.params]}

    def bind(self, values: dict[str, str] | None = None, *, limit: int | str | None = None,
             offset: int | str | None = None) -> str:
        """The query text with the given parameters bound, and a page of its rows (`limit` rows from row
        `offset`, in the query's order) when asked; unknown parameters are an error."""
        values = values or {}
        known = {p.name: p for p in self.params}
        unknown = sorted(set(values) - set(known))
        if unknown:
            allowed = ", ".join(known) or "none"
            raise QueryError(f"named query {self.name!r} has no parameter {unknown[0]!r} (parameters: {allowed}).")
        sparql = self.sparql
        if values:
            block = " ".join(f"VALUES ?{name} {{ {known[name].render(value)} }}" for name, value in values.items())
            where = re.search(r"\bWHERE\s*\{", sparql, re.IGNORECASE)
            sparql = sparql[: where.end()] + f"\n  {block}\n" + sparql[where.end():]
        page = [f"{word} {_count(word.lower(), given)}" for word, given in (("LIMIT", limit), ("OFFSET", offset))
                if given is not None]
        return sparql.rstrip() + "\n" + " ".join(page) + "\n" if page else sparql


PAGING = ("limit", "offset")  # reserved: no named query may have a parameter of these names


def _count(name: str, value: int | str) -> int:
    """`limit` or `offset` as a whole number of rows, or a one-line error naming it."""
    text = str(value).strip()
    if not re.fullmatch(r"[0-9]{1,12}", text):
        raise QueryError(f"{name} must be a whole number of rows, 0 or more (got {str(value)[:40]!r}).")
    return int(text)


@cache
def catalogue() -> dict[str, NamedQuery]:
    """Every named query, by name."""
    folder = files("itukg.ontology") / "queries"
    out: dict[str, NamedQuery] = {}
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        if not path.name.endswith(".rq"):
            continue
        text = path.read_text(encoding="utf-8")
        header: dict[str, list[str]] = {}
        for match in _HEADER.finditer(text):
            header.setdefault(match["key"], []).append(match["value"])
        params = []
        for spec in header.get("param", []):
            name, kind, description = (spec.split(None, 2) + ["", ""])[:3]
            params.append(Param(name, kind if kind in _TYPES else "string", description))
        name = path.name[:-3]
        out[name] = NamedQuery(name, header.get("title", [name])[0], header.get("description", [""])[0],
                               tuple(params), text)
    return out


def named_query(name: str) -> NamedQuery:
    """The named query NAME, or a `QueryError` listing the names there are."""
    queries = catalogue()
    if name not in queries:
        raise QueryError(f"there is no named query {name!r}; the catalogue has: {', '.join(queries)}.")
    return queries[name]


__all__ = ["PAGING", "Param", "NamedQuery", "catalogue", "named_query"]
