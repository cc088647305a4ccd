"""The views' pictures as SVG text: a network (`network_svg`) and stacked bars on a category axis
(`bar_chart`), each an <svg role="img"> labelled by its own <title> and <desc>, with a <title> on every mark
(what a pointer shows, with no script). Colours are presentation attributes (the pages' policy allows no inline
style); text takes the page's colour (currentColor), so the pictures follow a dark theme. Numbers are rounded to
one decimal: the same data gives the same bytes.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from html import escape

import networkx as nx

# Okabe and Ito's colour-blind-safe palette (https://jfly.uni-koeln.de/color/), then two greys
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000", "#999999",
           "#666666")
REGION_COLOURS = {"africa": "#E69F00", "americas": "#56B4E9", "arab-states": "#009E73", "asia-pacific": "#CC79A7",
                  "cis": "#0072B2", "europe": "#D55E00", "": "#999999"}
WIDTH = 520  # the viewBox's width: text of 11 units stays legible when the picture is 360 px wide


def _n(value: float) -> str:
    """A coordinate, rounded to one decimal, without a trailing .0.

    >>> _n(3.0), _n(2.449), _n(-0.04)
    ('3', '2.4', '0')
    """
    text = f"{round(value, 1):.1f}".removesuffix(".0")
    return "0" if text == "-0" else text


def _open(ident: str, height: float, title: str, desc: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{ident}-title {ident}-desc" '
            f'viewBox="0 0 {WIDTH} {_n(height)}" width="100%" font-family="system-ui, sans-serif" font-size="11" '
            f'class="view-picture"><title id="{ident}-title">{escape(title)}</title>'
            f'<desc id="{ident}-desc">{escape(desc)}</desc>')


def series_colours(names: Sequence[str]) -> dict[str, str]:
    """A colour for each series name, by its place among the names sorted.

    >>> series_colours(["noted", "adopted"])
    {'adopted': '#0072B2', 'noted': '#E69F00'}
    """
    return {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(sorted(set(names)))}


def network_svg(graph: nx.Graph, positions: Mapping[str, tuple[float, float]], *, ident: str, title: str,
                desc: str) -> str:
    """A network drawn at `positions` (x in [0, 1], y from 0 down): a circle per node, sized by its
    `contributions`, filled with the colour of its first region and ringed with that of its second, labelled with
    its name (the node); a line per edge, as thick as its `weight`."""
    left, right = 20.0, 44.0  # room on the right for the last labels
    size = WIDTH - left - right
    tall = max((y for _, y in positions.values()), default=0.0)
    height = 2 * left + size * tall if graph else 80.0
    parts = [_open(ident, height, title, desc)]
    if not graph:
        parts.append(f'<text x="{_n(WIDTH / 2)}" y="44" text-anchor="middle" fill="currentColor">'
                     "No member state submitted documents in this scope.</text></svg>")
        return "".join(parts)
    at = {node: (left + x * size, left + y * size) for node, (x, y) in positions.items()}
    heaviest = max((d.get("weight", 1) for _, _, d in graph.edges(data=True)), default=1)
    most = max((graph.nodes[n].get("contributions", 1) for n in graph), default=1) or 1
    parts.append('<g stroke="#888" stroke-opacity="0.55" stroke-linecap="round">')
    for a, b in sorted((min(a, b), max(a, b)) for a, b in graph.edges):
        weight = graph.edges[a, b].get("weight", 1)
        (x1, y1), (x2, y2) = at[a], at[b]
        parts.append(f'<line x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}" '
                     f'stroke-width="{_n(0.8 + 4.2 * weight / heaviest)}"><title>{escape(a)} and {escape(b)}: '
                     f'{weight} document{"s" if weight != 1 else ""} co-signed</title></line>')
    parts.append("</g><g>")
    for node in sorted(graph):
        data = graph.nodes[node]
        contributions = data.get("contributions", 0)
        radius = 4 + 10 * math.sqrt(contributions / most)
        regions = (data.get("regions") or "").split() or [""]
        fill = REGION_COLOURS.get(regions[0], REGION_COLOURS[""])
        ring = REGION_COLOURS.get(regions[1], fill) if len(regions) > 1 else "#fff"
        x, y = at[node]
        label = data.get("label", node)
        parts.append(f'<g><title>{escape(label)} ({escape(node)}): {contributions} document'
                     f'{"s" if contributions != 1 else ""} submitted; region {escape(" and ".join(regions) or "none")}'
                     f'</title><circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(radius)}" fill="{fill}" stroke="{ring}" '
                     f'stroke-width="{"3" if len(regions) > 1 else "1"}"/>'
                     f'<text x="{_n(x + radius + 2)}" y="{_n(y + 4)}" fill="currentColor">{escape(node)}</text></g>')
    parts.append("</g></svg>")
    return "".join(parts)


@dataclass
class Bar:
    """One category of a bar chart: its label under the axis, its count per series, a marker above it."""

    label: str
    counts: dict[str, int] = field(default_factory=dict)
    marker: str = ""


def bar_chart(bars: Sequence[Bar], colours: Mapping[str, str], *, ident: str, title: str, desc: str,
              unit: str = "documents") -> str:
    """Stacked bars, one per category in the given order, each segment a series in `colours`' order; a
    category's `marker` is drawn as a diamond above its bar with its text (the revisions of a resolution)."""
    marked = any(bar.marker for bar in bars)
    top, bottom, left = (58.0 if marked else 16.0), 40.0, 34.0
    plot_h = 180.0
    height = top + plot_h + bottom
    parts = [_open(ident, height, title, desc)]
    if not bars:
        parts.append('<text x="20" y="40" fill="currentColor">Nothing to show.</text></svg>')
        return "".join(parts)
    highest = max((sum(bar.counts.values()) for bar in bars), default=0) or 1
    step = (WIDTH - left - 8) / len(bars)
    width = max(2.0, min(40.0, step * 0.7))
    baseline = top + plot_h
    ticks = sorted({0, highest, *(() if highest < 4 else (round(highest / 2),))})
    parts.append('<g fill="currentColor" text-anchor="end">')
    for tick in ticks:
        y = baseline - plot_h * tick / highest
        parts.append(f'<line x1="{_n(left)}" x2="{WIDTH - 4}" y1="{_n(y)}" y2="{_n(y)}" stroke="#888" '
                     f'stroke-opacity="0.35"/><text x="{_n(left - 4)}" y="{_n(y + 4)}">{tick}</text>')
    parts.append("</g>")
    every = max(1, math.ceil(len(bars) / 14))  # at most 14 labels under the axis: they must not overlap
    for i, bar in enumerate(bars):
        x = left + step * i + (step - width) / 2
        y = baseline
        for series, colour in colours.items():
            value = bar.counts.get(series, 0)
            if not value:
                continue
            h = plot_h * value / highest
            y -= h
            parts.append(f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(width)}" height="{_n(h)}" fill="{colour}">'
                         f"<title>{escape(bar.label)}, {escape(series)}: {value} {escape(unit)}</title></rect>")
        if bar.marker:
            cx = x + width / 2
            parts.append(f'<g><title>{escape(bar.label)}: {escape(bar.marker)}</title>'
                         f'<path d="M{_n(cx)} 8l6 6-6 6-6-6z" fill="#D55E00"/>'
                         f'<line x1="{_n(cx)}" x2="{_n(cx)}" y1="20" y2="{_n(baseline)}" stroke="#D55E00" '
                         f'stroke-dasharray="3 3"/><text x="{_n(cx + 8 if cx < WIDTH * 0.6 else cx - 8)}" '
                         f'y="{_n(30 + 12 * (i % 2))}" text-anchor="{"start" if cx < WIDTH * 0.6 else "end"}" '
                         f'fill="currentColor">{escape(bar.marker)}</text></g>')
        if i % every == 0:
            parts.append(f'<text x="{_n(x + width / 2)}" y="{_n(baseline + 16)}" text-anchor="middle" '
                         f'fill="currentColor">{escape(bar.label)}</text>')
    parts.append(f'<line x1="{_n(left)}" x2="{WIDTH - 4}" y1="{_n(baseline)}" y2="{_n(baseline)}" '
                 'stroke="currentColor"/></svg>')
    return "".join(parts)


def legend(colours: Mapping[str, str], *, ringed: str = "") -> str:
    """The key of a picture's colours as an HTML list (text, so it stays legible at any width)."""
    items = "".join(f'<li><svg viewBox="0 0 10 10" width="12" height="12" aria-hidden="true">'
                    f'<rect width="10" height="10" fill="{colour}"/></svg> {escape(name or "none")}</li>'
                    for name, colour in colours.items())
    note = f"<p class=\"note\">{escape(ringed)}</p>" if ringed else ""
    return f'<ul class="view-legend" aria-label="Colours">{items}</ul>{note}'


__all__ = ["PALETTE", "REGION_COLOURS", "Bar", "bar_chart", "legend", "network_svg", "series_colours"]
