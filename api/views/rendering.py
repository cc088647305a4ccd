"""The body of each view's HTML page: its picture (an SVG figure with a caption and a key), the link to the query
behind it, its downloads, and its data as tables below. The page around it (head, navigation, search box) is the
web layer's."""

from __future__ import annotations

from html import escape
from urllib.parse import urlencode

import networkx as nx

from .network import Scope, edges_query, nodes_query
from .profiles import Profile
from .svg import REGION_COLOURS, bar_chart, legend, network_svg, series_colours
from .tables import Link, Section, href, query_link, section_html
from .timeline import Timeline

STYLESHEET = "/static/views.css"


def _figure(svg: str, caption: str, key: str, queries: str) -> str:
    return (f'<figure class="view-figure">{svg}<figcaption>{escape(caption)} {key}'
            f'<p class="view-queries">{queries}</p></figcaption></figure>')


def _downloads(path: str, params: dict, formats: tuple[str, ...], root: str) -> str:
    links = " ".join(f'<a href="{escape(root + path + "?" + urlencode({**params, "format": f}))}">{f.upper()}</a>'
                     for f in formats)
    return f'<p class="formats">Download: {links}</p>'


def _links(root: str) -> str:
    return f'<link rel="stylesheet" href="{root}{STYLESHEET}">'  # the shared page head links pages.css only


def _head(title: str, summary: str, root: str) -> str:
    return f'{_links(root)}<h1>{escape(title)}</h1><p>{escape(summary)}</p>'


def network_body(graph: nx.Graph, positions: dict, scope: Scope, root: str) -> str:
    """The co-sponsorship network's page body."""
    where = f" in the meetings of {scope.group}" if scope.group else ""
    span = "".join(f" {word} {year}" for word, year in (("from", scope.start), ("to", scope.end)) if year is not None)
    title = f"Co-sponsorship network{where}{span}"
    pairs = sorted(((min(a, b), max(a, b), d["weight"]) for a, b, d in graph.edges(data=True)),
                   key=lambda e: (-e[2], e[0], e[1]))
    desc = (f"{len(graph)} member states that submitted documents{where}{span} and {len(pairs)} pairs that co-signed "
            "at least one; the tables below the picture list them.")
    svg = network_svg(graph, positions, ident="network", title=title, desc=desc)
    regions = {name: colour for name, colour in REGION_COLOURS.items() if name}
    key = legend(regions, ringed="A circle is as large as the number of documents the state submitted, a line as "
                                 "thick as the number the two co-signed. A state in two regions is ringed in the "
                                 "colour of its second.")
    queries = (query_link(edges_query(scope), root) + " (its lines: the named query cosponsors) and "
               + query_link(nodes_query(scope), root, "the query behind its circles") + " (the named query "
               "contributions).")
    params = {k: v for k, v in (("group", scope.group), ("from", scope.start), ("to", scope.end)) if v is not None}
    states = Section("states", "Member states", (("state", "Member state"), ("region", "Regions"),
                                                 ("contributions", "Documents submitted"), ("partners", "Co-signers")),
                     [{"state": Link(f"{d['label']} ({n})", f"/views/state/{n}"),
                       "region": ", ".join(d["regions"].split()), "contributions": d["contributions"],
                       "partners": graph.degree(n)} for n, d in sorted(graph.nodes(data=True))],
                     nodes_query(scope))
    edges = Section("pairs", "Pairs that co-signed", (("a", "Member state"), ("b", "Member state"),
                                                     ("weight", "Documents co-signed")),
                    [{"a": Link(graph.nodes[a]["label"], f"/views/state/{a}"),
                      "b": Link(graph.nodes[b]["label"], f"/views/state/{b}"), "weight": w} for a, b, w in pairs],
                    edges_query(scope))
    form = _scope_form(scope, root)
    return (_head(title, desc, root) + form + _figure(svg, "Member states as circles coloured by region:", key, queries)
            + _downloads("/views/cosponsors", params, ("graphml", "csv", "json"), root)
            + section_html(states, root) + section_html(edges, root))


def _scope_form(scope: Scope, root: str) -> str:
    """A form (GET, no script) to choose the group and the years."""
    def field(name: str, label: str, value: object, size: int) -> str:
        shown = "" if value is None else escape(str(value))
        return (f'<label for="scope-{name}">{label}</label> <input id="scope-{name}" name="{name}" value="{shown}" '
                f'size="{size}" inputmode="{"numeric" if size == 4 else "text"}">')
    return (f'<form class="view-scope" method="get" action="{root}/views/cosponsors">'
            f'{field("group", "Group", scope.group, 14)} {field("from", "From", scope.start, 4)} '
            f'{field("to", "To", scope.end, 4)} <button type="submit">Show</button></form>')


def timeline_body(timeline: Timeline, citing_sparql: str, revisions_sparql: str, path: str, root: str) -> str:
    """A resolution's timeline page body."""
    bars, groups = timeline.bars()
    title = f"{timeline.label} over time"
    documents = sum(c["documents"] for c in timeline.citations)
    desc = (f"The {len(timeline.revisions)} revisions of {timeline.label} by year of adoption, and the "
            f"{documents} documents of {len({c['meeting'] for c in timeline.citations})} meetings that cite it, per "
            "year and group; the tables below the picture list them.")
    colours = series_colours(groups)
    svg = bar_chart(bars, colours, ident="timeline", title=title, desc=desc, unit="citing documents")
    key = legend(colours, ringed="A diamond marks the year a revision was adopted. A report's own text counts as "
                                 "one document.")
    queries = (query_link(citing_sparql, root) + " (the citing documents) and "
               + query_link(revisions_sparql, root, "the query behind its revisions") + ".")
    revisions = Section("revisions", "Revisions", (("revision", "Revision"), ("conference", "Conference"),
                                                   ("year", "Year")),
                        [{"revision": Link(r["version"] or r["revision"], r["revision"]),
                          "conference": Link(r["conferenceLabel"], r["conference"]) if r["conference"] else "",
                          "year": r["year"]} for r in timeline.revisions], revisions_sparql)
    citing = Section("citations", "Meetings and the documents citing it", (
        ("meeting", "Meeting"), ("date", "Date"), ("documents", "Documents"), ("symbols", "Cited in"),
        ("revisions", "Revisions counted"), ("paragraphs", "Paragraphs")),
        [{"meeting": Link(f"{c['group']} {c['number']}", c["meeting"]), "date": c["startDate"],
          "documents": c["documents"], "symbols": c["symbols"].replace(" ", ", "),
          "revisions": c["revisions"].replace("(inferred)", " (inferred)").replace(" ", ", ").replace(", (", " ("),
          "paragraphs": c["paragraphs"]} for c in timeline.citations], citing_sparql,
        "Documents: those whose paragraphs cite it, the report's own text counted as one. The revision counted is the "
        "one the text names or, when it names none, the one in force on the meeting's first day (inferred).")
    intro = f'<p class="note">{escape(timeline.title)}</p>' if timeline.title else ""
    page = f'<p><a href="{escape(href(timeline.lineage, root))}">The resolution\'s page</a>.</p>'
    return (_head(title, desc, root) + intro + page
            + _figure(svg, "Documents citing it per year, coloured by group:", key, queries)
            + _downloads(path, {}, ("csv", "json"), root) + section_html(revisions, root) + section_html(citing, root))


def profile_body(profile: Profile, root: str) -> str:
    """A state's or a group's page body: its charts, then its sections."""
    parts = [_head(profile.title, profile.summary, root),
             f'<p><a href="{escape(href(profile.subject, root))}">Its page</a>.</p>']
    for n, (heading, bars, series, sparql) in enumerate(profile.charts):
        colours = series_colours(series)
        desc = f"{heading}: " + "; ".join(
            f"{bar.label}: " + ", ".join(f"{k} {v}" for k, v in sorted(bar.counts.items())) for bar in bars) + "."
        svg = bar_chart(bars, colours, ident=f"chart-{n}", title=heading, desc=desc)
        key = legend(colours) if len(colours) > 1 else ""
        parts.append(f'<h2 id="chart-{n}-heading">{escape(heading)}</h2>'
                     + _figure(svg, f"{heading}.", key, query_link(sparql, root) + "."))
    parts += [section_html(section, root) for section in profile.sections]
    return "".join(parts)


def error_body(status: int, message: str, root: str) -> str:
    """The body of a view's error page."""
    heading = "Not found" if status == 404 else "Cannot show this view"
    return (_links(root) + f'<h1>{heading}</h1><p role="alert">{escape(message)}</p>'
            f'<p><a href="{root}/views/cosponsors">The co-sponsorship network</a> · '
            f'<a href="{root}/">the query page</a></p>')


__all__ = ["STYLESHEET", "error_body", "network_body", "profile_body", "timeline_body"]
