"""The co-sponsorship network of member states: a node per state that submitted documents (its ISO 3166-1
alpha-3 code; attributes label, region, regions, contributions, iri), an edge per pair of states that
co-signed documents, weighted by their number (the named query `cosponsors`), for all the graph or one
group's meetings in a span of years.

The edges are the named query `cosponsors` with the group and years put at the start of its WHERE clause
(`Scope.restrict`), the nodes the named query `contributions` restricted the same way: the view's "query
behind this picture" is these texts as run. The layout is networkx's spring layout with a fixed seed over nodes
and edges added in sorted order, so the same data always gives the same picture.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import networkx as nx

from ...loader.catalogue import named_query
from ...loader.vocab import BASE
from ..store.protocol import Reader
from .errors import BadParameterError, UnknownSubjectError
from .rows import PREFIXES, checked_slug, count, remembered, select

SEED = 17  # the spring layout's seed: any fixed number gives a fixed picture
REGIONS = ("africa", "americas", "arab-states", "asia-pacific", "cis", "europe")  # data/concepts.ttl, <region>
FIRST_YEAR, LAST_YEAR = 1865, 2100  # the years a `from` or `to` may name (ITU was founded in 1865)


@dataclass(frozen=True)
class Scope:
    """Which documents a network counts: those of one group's meetings (`group`, the last segment of the body's
    IRI, e.g. cwg-internet) held from year `start` to year `end` (inclusive); None for no bound."""

    group: str | None = None
    start: int | None = None
    end: int | None = None

    def restrict(self, sparql: str) -> str:
        """The query with `?document` restricted to this scope (at the start of its WHERE clause).

        >>> print(Scope("cwg-internet", 2015).restrict("SELECT ?document WHERE { ?document ?p ?o }"))
        SELECT ?document WHERE {
          ?document itu:forMeeting ?scopeMeeting .
          ?scopeMeeting itu:meetingOf <https://w3id.org/itukg/body/cwg-internet> .
          ?scopeMeeting schema:startDate ?scopeDate . FILTER(YEAR(?scopeDate) >= 2015)
         ?document ?p ?o }
        """
        lines = []
        if self.group or self.start is not None or self.end is not None:
            lines.append("?document itu:forMeeting ?scopeMeeting .")
        if self.group:
            lines.append(f"?scopeMeeting itu:meetingOf <{BASE}body/{self.group}> .")
        years = [f"YEAR(?scopeDate) {op} {year}" for op, year in ((">=", self.start), ("<=", self.end))
                 if year is not None]
        if years:
            lines.append(f"?scopeMeeting schema:startDate ?scopeDate . FILTER({' && '.join(years)})")
        if not lines:
            return sparql
        where = re.search(r"\bWHERE\s*\{", sparql, re.IGNORECASE)
        assert where is not None, "a SELECT with a WHERE clause"
        block = "".join(f"\n  {line}" for line in lines)
        return sparql[: where.end()] + block + "\n" + sparql[where.end():]

    def slug(self) -> str:
        """A name for files of this scope.

        >>> Scope("cwg-internet", 2015, 2024).slug(), Scope().slug()
        ('cosponsors-cwg-internet-2015-2024', 'cosponsors')
        """
        parts = ["cosponsors", self.group or "", f"{self.start or ''}-{self.end or ''}".strip("-")]
        if self.start is not None and self.end is None:
            parts[-1] = f"from-{self.start}"
        elif self.end is not None and self.start is None:
            parts[-1] = f"to-{self.end}"
        return "-".join(p for p in parts if p)


def checked_year(parameter: str, value: str | int | None) -> int | None:
    """A year parameter (`from`, `to`) as an int, None when not given, or a `BadParameterError` naming it.

    >>> checked_year("from", "2015"), checked_year("to", None)
    (2015, None)
    >>> checked_year("from", "last year")
    Traceback (most recent call last):
    ...
    itukg.api.views.errors.BadParameterError: from: 'last year' is not a year (four digits, 1865 to 2100).
    """
    if value is None or value == "":
        return None
    text = str(value).strip()
    if not re.fullmatch(r"\d{4}", text) or not FIRST_YEAR <= int(text) <= LAST_YEAR:
        raise BadParameterError(parameter, f"{str(value)[:40]!r} is not a year (four digits, {FIRST_YEAR} to "
                                           f"{LAST_YEAR}).")
    return int(text)


def group_acronym(reader: Reader, group: str) -> str:
    """The acronym of the body whose IRI ends in `group`, or an `UnknownSubjectError` naming `group`."""
    slug = checked_slug("group", group)
    rows = select(reader, f"{PREFIXES}SELECT ?acronym WHERE {{ <{BASE}body/{slug}> itu:acronym ?acronym }}")
    if not rows:
        raise UnknownSubjectError("group", f"the graph has no group {slug!r} (the last part of a body's IRI, "
                                           "e.g. cwg-internet; /queries/meetings lists the groups that met).")
    return min(row["acronym"] for row in rows)


def checked_scope(reader: Reader, *, group: str | None = None, start: int | str | None = None,
                  end: int | str | None = None) -> Scope:
    """The scope these parameters name, checked: a known group, years in order."""
    first, last = checked_year("from", start), checked_year("to", end)
    if first is not None and last is not None and first > last:
        raise BadParameterError("from", f"{first} is after to={last}: the first year of the span comes first.")
    slug = None
    if group:
        group_acronym(reader, group)
        slug = checked_slug("group", group)
    return Scope(slug, first, last)


def edges_query(scope: Scope) -> str:
    """The co-sponsored pairs and their counts in this scope: the named query `cosponsors`, restricted."""
    return scope.restrict(named_query("cosponsors").sparql)


def nodes_query(scope: Scope) -> str:
    """The member states that submitted documents in this scope: the named query `contributions`, restricted."""
    return scope.restrict(named_query("contributions").sparql)


def cosponsor_network(reader: Reader, *, group: str | None = None, start: int | str | None = None,
                      end: int | str | None = None) -> nx.Graph:
    """The co-sponsorship network of member states in one group's meetings (`group`, e.g. "cwg-internet") held
    from year `start` to year `end`, all of them when not given: nodes are ISO3 codes (label, region, regions,
    contributions, iri), edges carry `weight`, the number of documents the pair co-signed. A new graph each
    call: changing it changes no later answer."""
    scope = checked_scope(reader, group=group, start=start, end=end)
    return remembered(reader, ("network", scope), lambda: _network(reader, scope)).copy()


def _network(reader: Reader, scope: Scope) -> nx.Graph:
    graph = nx.Graph()
    for key, value in (("group", scope.group), ("from", scope.start), ("to", scope.end)):
        if value is not None:
            graph.graph[key] = value
    for row in sorted(select(reader, nodes_query(scope)), key=lambda r: r["iso3"]):
        regions = sorted(set(row.get("regions", "").split()))
        graph.add_node(row["iso3"], label=row["label"], region=regions[0] if regions else "",
                       regions=" ".join(regions), contributions=count(row, "contributions"), iri=row["state"])
    for row in sorted(select(reader, edges_query(scope)), key=lambda r: (r["iso3A"], r["iso3B"])):
        graph.add_edge(row["iso3A"], row["iso3B"], weight=count(row, "count"))
    return graph


def layout(graph: nx.Graph) -> dict[str, tuple[float, float]]:
    """Positions, x in [0, 1] and y from 0 down to the height the picture needs (`height`), rounded: each
    connected part laid out on its own (networkx's spring layout with a fixed seed, nodes and edges added in
    sorted order), in a square as wide as the square root of its size, the squares packed in rows, largest
    first. The same graph always gets the same positions."""
    nodes = tuple(sorted(graph.nodes))
    edges = tuple(sorted((min(a, b), max(a, b), d.get("weight", 1)) for a, b, d in graph.edges(data=True)))
    return dict(_layout(nodes, edges))


@lru_cache(maxsize=64)
def _layout(nodes: tuple[str, ...], edges: tuple[tuple[str, str, int], ...]) -> tuple:
    """The layout of a graph given by its sorted nodes and edges (kept: a warm view does not lay it out again)."""
    graph = nx.Graph()
    graph.add_nodes_from(nodes)
    graph.add_weighted_edges_from(edges)
    parts = sorted((sorted(c) for c in nx.connected_components(graph)), key=lambda c: (-len(c), c[0]))
    sides = [len(part) ** 0.5 for part in parts]
    row_width = max([*sides, (sum(s * s for s in sides) * 1.3) ** 0.5], default=1.0)
    positions: dict[str, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for part, side in zip(parts, sides):
        if x and x + side > row_width + 1e-9:
            x, y, row_height = 0.0, y + row_height, 0.0
        for node, (px, py) in _part_layout(graph.subgraph(part)).items():
            positions[node] = (x + side * (0.15 + 0.7 * px), y + side * (0.15 + 0.7 * py))
        x, row_height = x + side, max(row_height, side)
    return tuple((node, (round(px / row_width, 4), round(py / row_width, 4))) for node, (px, py) in positions.items())


def _part_layout(part: nx.Graph) -> dict[str, tuple[float, float]]:
    """One connected part in [0, 1]²."""
    if len(part) == 1:
        return {next(iter(part)): (0.5, 0.5)}
    ordered = nx.Graph()
    ordered.add_nodes_from(sorted(part.nodes))
    ordered.add_weighted_edges_from(sorted((min(a, b), max(a, b), d.get("weight", 1))
                                           for a, b, d in part.edges(data=True)))
    raw = nx.spring_layout(ordered, seed=SEED, weight="weight", k=1.5 / len(ordered) ** 0.5, iterations=100)
    xs = [float(p[0]) for p in raw.values()]
    ys = [float(p[1]) for p in raw.values()]
    span_x, span_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
    return {node: ((float(p[0]) - min(xs)) / span_x, (float(p[1]) - min(ys)) / span_y) for node, p in raw.items()}


__all__ = ["Scope", "REGIONS", "checked_scope", "checked_year", "group_acronym", "cosponsor_network", "edges_query",
           "nodes_query", "layout"]
