"""The views' data as files: a network as GraphML (what Gephi opens), as node-link JSON (networkx's
`node_link_data` with edges="edges") or as CSV (its edges); rows as CSV or JSON. Each a (bytes, media type)
pair: `FORMATS` names the formats and their media types."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence

import networkx as nx

from .errors import BadParameterError

FORMATS = {"graphml": "application/graphml+xml", "csv": "text/csv; charset=utf-8",
           "json": "application/json", "html": "text/html; charset=utf-8"}


def checked_format(value: str | None, offered: Sequence[str]) -> str:
    """The format a `format` parameter names ("html" when not given), or a `BadParameterError` naming it.

    >>> checked_format(None, ("csv",)), checked_format("CSV", ("csv",))
    ('html', 'csv')
    """
    name = (value or "html").strip().lower()
    if name not in offered and name != "html":
        raise BadParameterError("format", f"{value[:40]!r} is not a format of this view; it offers "
                                          f"{', '.join(('html', *offered))}.")
    return name


def network_graphml(graph: nx.Graph, positions: Mapping[str, tuple[float, float]] | None = None) -> bytes:
    """The network as GraphML, with each node's layout as x and y when given (Gephi reads them)."""
    out = nx.Graph()
    out.graph.update(graph.graph)
    for node in sorted(graph):
        extra = {"x": positions[node][0], "y": positions[node][1]} if positions and node in positions else {}
        out.add_node(node, **graph.nodes[node], **extra)
    out.add_edges_from(sorted((min(a, b), max(a, b), d) for a, b, d in graph.edges(data=True)))
    return "\n".join(nx.generate_graphml(out, prettyprint=True)).encode() + b"\n"


def network_json(graph: nx.Graph) -> bytes:
    """networkx's node-link data of the network, edges under "edges"."""
    return json.dumps(nx.node_link_data(graph, edges="edges"), ensure_ascii=False, indent=1).encode() + b"\n"


def network_csv(graph: nx.Graph) -> bytes:
    """The edges of the network as CSV: the two states (ISO3 and name) and the weight, heaviest first."""
    rows = sorted(((min(a, b), max(a, b), d.get("weight", 1)) for a, b, d in graph.edges(data=True)),
                  key=lambda r: (-r[2], r[0], r[1]))
    return rows_csv(("iso3A", "nameA", "iso3B", "nameB", "weight"),
                    [{"iso3A": a, "nameA": graph.nodes[a].get("label", ""), "iso3B": b,
                      "nameB": graph.nodes[b].get("label", ""), "weight": w} for a, b, w in rows])


def rows_csv(columns: Sequence[str], rows: Sequence[Mapping]) -> bytes:
    """Rows as CSV with a header line (RFC 4180 line ends).

    >>> rows_csv(("a", "b"), [{"a": 1, "b": "x,y"}])
    b'a,b\\r\\n1,"x,y"\\r\\n'
    """
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


def rows_json(data: object) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=1).encode() + b"\n"


__all__ = ["FORMATS", "checked_format", "network_graphml", "network_json", "network_csv", "rows_csv", "rows_json"]
