"""HTML pages: the frame every page of the service shares (navigation, the search box, the dataset's JSON-LD),
the writing of terms as labels and links on this host (`Html`), and the page of a description: its
properties, the links to it, and the reports and paragraphs they come from.
"""

from __future__ import annotations

from html import escape
from urllib.parse import urlencode

import pyoxigraph as ox
from fastapi import Request

from ...loader import iris
from ...loader.vocab import BASE
from ..views.links import views_of
from .addresses import ITU, RDF, SDO, TYPE, href, last_segment, prefixed
from .facts import INCOMING_LIMIT, LABELS, Description, graph_report, language_rank, ontology_terms
from .harvest import dataset_script

FORMATS = (("turtle", "Turtle"), ("ntriples", "N-Triples"), ("jsonld", "JSON-LD"), ("rdfxml", "RDF/XML"),
           ("trig", "TriG"), ("nquads", "N-Quads"))


def site_root(request: Request) -> str:
    """The path the service is mounted at, without a final slash ("" at the root)."""
    return request.scope.get("root_path", "").rstrip("/")


_NAV = (("dataset", "itukg"), ("ontology", "Ontology"), ("shapes", "Shapes"), ("sparql", "SPARQL"),
        ("queries", "Queries"), ("api", "API"))


def document_page(request: Request, title: str, body: str) -> bytes:
    """A whole HTML page around `body`: the head, the navigation, the search box, the footer."""
    root = escape(site_root(request))
    nav = "".join(f'<a href="{root}/{path}">{name}</a>' for path, name in _NAV)
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)} — itukg</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="{root}/static/pages.css">
{search_assets(root)}
{dataset_script(request)}
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header><nav aria-label="Site">{nav}</nav>
{search_box(root)}</header>
<main id="main">
{body}
</main>
<footer><p class="muted">itukg: linked data from the records of ITU meetings.</p></footer>
</body>
</html>
""".encode()


def search_assets(root: str) -> str:
    """The stylesheet and script of the search box (files of api/static/, nothing from another origin)."""
    return (f'<link rel="stylesheet" href="{root}/static/search.css">\n'
            f'<script src="{root}/static/search.js" defer></script>')


def search_box(root: str) -> str:
    """The search box of every page: GET /search, shown by api/static/search.js under the box; a resolution
    reference typed in it is offered its /resolve page. `root` must be HTML-escaped already."""
    kinds = "".join(f'<option value="{k}">{k}s</option>' for k in
                    ("paragraph", "document", "resolution", "topic", "meeting"))
    return f"""<form class="search" role="search" action="{root}/search" method="get" data-root="{root}"
      data-base="{escape(BASE)}">
  <label for="search-q">Search</label>
  <input id="search-q" name="q" type="search" required maxlength="1000" autocomplete="off"
         placeholder="Ask in plain words, or type a reference: Res. 102 (Rev. Bucharest, 2022)">
  <select name="kind" aria-label="Only hits of this kind"><option value="">everything</option>{kinds}</select>
  <button type="submit">Search</button>
</form>
<section id="search-results" class="search-results" aria-label="Search results" aria-live="polite"
         hidden></section>"""


class Html:
    """Writing terms as HTML for one page: labels, links on this host, escaping."""

    def __init__(self, request: Request, labels: dict[str, str], terms: dict[str, dict[str, str]]):
        self.root = site_root(request)
        self.here = str(request.base_url)
        self.labels = labels
        self.terms = terms

    def label(self, iri: str) -> str:
        """Its label, else its prefixed name, else its path under the base, else the IRI."""
        found = self.labels.get(iri) or self.terms.get(iri, {}).get("label")
        if found:
            return found
        short = prefixed(iri)
        return iri[len(BASE):] if short == iri and iri.startswith(BASE) else short

    def text(self, term) -> str:
        """What a term is sorted by."""
        return (self.label(term.value) if isinstance(term, ox.NamedNode) else term.value).lower()

    def href(self, iri: str) -> str:
        return href(iri, self.root, self.here)

    def prop_label(self, iri: str) -> str:
        return self.terms.get(iri, {}).get("label") or prefixed(iri)

    def prop(self, iri: str) -> str:
        """A property by its ontology label, else its prefixed name."""
        label = self.prop_label(iri)
        definition = self.terms.get(iri, {}).get("definition")
        title = f' title="{escape(definition)}"' if definition else ""
        return f'<a href="{escape(self.href(iri))}"{title}>{escape(label)}</a>'

    def link(self, iri: str) -> str:
        return f'<a href="{escape(self.href(iri))}">{escape(self.label(iri))}</a>'

    def value(self, term, bnodes: dict | None = None) -> str:
        if isinstance(term, ox.NamedNode):
            return self.link(term.value)
        if isinstance(term, ox.BlankNode):
            facts = (bnodes or {}).get(term.value)
            if not facts:
                return '<span class="muted">(blank node)</span>'
            items = "".join(f"<dt>{self.prop(p.value)}</dt><dd>{self.value(o)}</dd>" for p, o, _ in facts)
            return f'<dl class="nested">{items}</dl>'
        if isinstance(term, ox.Literal):
            text = escape(term.value)
            if term.language:
                return f'<span lang="{escape(term.language)}">{text}</span>'
            datatype = term.datatype.value
            if datatype.startswith(("http://www.w3.org/2001/XMLSchema#", RDF)):  # shown as they read
                return text
            return f'{text} <span class="muted">({escape(prefixed(datatype))})</span>'
        return escape(str(term))

    def graph(self, graph: str | None, generated: bool = False) -> str:
        if graph is None:
            return '<span class="muted">' + ("this service" if generated else "default graph") + "</span>"
        names = {iris.REFERENCE_GRAPH: "Reference data", iris.ONTOLOGY_GRAPH: "Ontology"}
        report = graph_report(graph)
        if graph in names:
            text = names[graph]
        elif report and graph.startswith(BASE + "graph/validation/"):
            text = "Validation of " + self.label(report)
        elif report:
            text = self.label(report) if report in self.labels else last_segment(graph)
        else:
            text = prefixed(graph) if graph.startswith(BASE) else graph
        return f'<a href="{escape(self.href(graph))}">{escape(text)}</a>'


def _title(description: Description, labels: dict[str, str]) -> str:
    """Its label; else, for a node named by its type ("Paragraph 22"), that; else its last segment."""
    best = None
    for p, o, _ in description.out:
        if p.value in LABELS and isinstance(o, ox.Literal):
            rank = (LABELS.index(p.value), language_rank(o.language), o.value)
            best = rank if best is None or rank < best else best
    if best:
        return best[2]
    iri = description.iri
    if description.is_graph and iri.startswith(BASE + "graph/"):
        return "Named graph " + iri[len(BASE + "graph/"):]
    return labels.get(iri) or last_segment(iri)


def _paragraph_key(item: tuple[str, dict]) -> tuple:
    iri, facts = item
    position = facts.get(SDO + "position")
    try:
        number = int(position.value) if position is not None else 0
    except ValueError:
        number = 0
    return (iri.rsplit("/paragraph/", 1)[0], number, iri)


def render(request: Request, description: Description, labels: dict[str, str]) -> bytes:
    """The HTML page of a description."""
    html = Html(request, labels, ontology_terms(request))
    iri = description.iri
    title = _title(description, labels)
    anchors = {p: f"paragraph-{n}" for n, (p, _) in enumerate(sorted(description.paragraphs.items(),
                                                                    key=_paragraph_key), 1)}

    def sources(node: str | None, graphs: list) -> str:
        parts = [html.graph(g, description.generated) for g in dict.fromkeys(graphs)]
        for paragraph in sorted(description.derived.get(node, ()) if node else ()):
            if paragraph in anchors:
                name = _paragraph_name(description.paragraphs[paragraph])
                parts.append(f'<a href="#{anchors[paragraph]}">{escape(name)}</a>')
        return ", ".join(parts)

    parts = [f'<h1>{escape(title)}</h1>', f'<p class="iri">{escape(iri)}</p>']
    types = {o.value for p, o, _ in description.out if p.value == TYPE and isinstance(o, ox.NamedNode)}
    types = sorted(types, key=lambda t: html.label(t).lower())
    if types:
        parts.append("<p>Type: " + ", ".join(html.link(t) for t in types) + "</p>")
    views = views_of(iri, types)
    if views:
        links = ", ".join(f'<a href="{escape(html.root + path)}">{escape(label)}</a>' for label, path in views)
        parts.append(f'<p class="views">Seen in the views: {links}.</p>')
    if description.is_graph:
        store = f"{html.root}/store?{urlencode({'graph': iri})}"
        report = graph_report(iri)
        holds_report = report and iri.startswith(BASE + "graph/report/")
        about = f" It holds what {html.link(report)} says." if holds_report else ""
        parts.append(f'<p>This IRI names a graph of the store.{about} Its triples: '
                     f'<a href="{escape(store)}">{escape(store)}</a>.</p>')

    facts: dict[str, list] = {}
    for p, o, g in description.out:
        if p.value != TYPE:
            facts.setdefault(p.value, []).append((o, g))
    if facts:
        rows = []
        for p in sorted(facts, key=lambda p: (p not in LABELS, html.prop_label(p).lower())):
            values = {}
            for o, g in facts[p]:
                values.setdefault(o, []).append(g)
            cells = "".join(f"<li>{html.value(o, description.bnodes)}</li>" for o in
                            sorted(values, key=html.text))
            graphs = [g for gs in values.values() for g in gs]
            rows.append(f'<tr><th scope="row">{html.prop(p)}</th><td data-label="Value"><ul>{cells}</ul></td>'
                        f'<td data-label="Source">{sources(None, graphs)}</td></tr>')
        parts.append(table("properties", "Properties", ("Property", "Value", "Source"), rows))

    if description.incoming:
        grouped: dict[tuple, list] = {}
        for s, p, g in description.incoming:
            grouped.setdefault((s, p.value), []).append(g)
        rows = []
        for (s, p), graphs in sorted(grouped.items(), key=lambda item: (html.prop_label(item[0][1]).lower(),
                                                                          html.text(item[0][0]))):
            node = s.value if isinstance(s, ox.NamedNode) else None
            rows.append(f'<tr><th scope="row">{html.value(s)}</th>'
                        f'<td data-label="Property">{html.prop(p)}</td>'
                        f'<td data-label="Source">{sources(node, graphs)}</td></tr>')
        note = (f'<p class="note">Only the first {INCOMING_LIMIT} links are shown; '
                f'<a href="{escape(html.root)}/sparql">query the store</a> for all of them.</p>'
                if description.truncated else "")
        parts.append(table("incoming", "Links to this resource", ("Resource", "Property", "Source"), rows,
                            intro="Resources whose property has this resource as its value.") + note)

    if description.out or description.incoming:
        parts.append(_provenance(description, html, anchors))
    parts.append(formats_section(request))
    return document_page(request, title, "\n".join(parts))


def _paragraph_name(facts: dict) -> str:
    number = facts.get(ITU + "paragraphNumber")
    position = facts.get(SDO + "position")
    if number is not None:
        return f"§{number.value}"
    return f"paragraph {position.value}" if position is not None else "paragraph"


def table(ident: str, heading: str, columns: tuple, rows: list, intro: str = "") -> str:
    """A section with a heading and a table of facts (rows already written as HTML)."""
    head = "".join(f'<th scope="col">{c}</th>' for c in columns)
    intro = f"<p>{intro}</p>" if intro else ""
    return (f'<section aria-labelledby="{ident}"><h2 id="{ident}">{heading}</h2>{intro}'
            f'<div class="scroll"><table class="facts"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></div></section>')


def _provenance(description: Description, html: Html, anchors: dict[str, str]) -> str:
    parts = ['<section aria-labelledby="provenance"><h2 id="provenance">Provenance</h2>']
    graphs = sorted(description.graphs)
    if graphs:
        parts.append("<h3>Reports and graphs</h3>"
                     "<p>The facts on this page come from these named graphs:</p><ul>")
        for graph in graphs:
            report = graph_report(graph)
            extra = f" — {html.link(report)}" if report and graph.startswith(BASE + "graph/report/") else ""
            shown = f'<span class="iri muted">{escape(graph)}</span>'
            parts.append(f"<li>{html.graph(graph)}{extra} {shown}</li>")
        parts.append("</ul>")
    elif description.generated:
        parts.append("<p>This description is written by the service from the state of its store.</p>")
    else:
        parts.append("<p>These facts are in the store's default graph, not in a named graph.</p>")
    if anchors:
        supports: dict[str, list[str]] = {}
        for node, paragraphs in description.derived.items():
            for paragraph in paragraphs:
                supports.setdefault(paragraph, []).append(node)
        parts.append("<h3>Source paragraphs</h3>")
        for paragraph, anchor in anchors.items():
            facts = description.paragraphs[paragraph]
            line = facts.get(ITU + "lineNumber")
            report = facts.get("http://purl.org/dc/terms/isPartOf")
            where = [f"line {escape(line.value)}"] if line is not None else []
            if isinstance(report, ox.NamedNode):
                where.append("of " + html.link(report.value))
            nodes = sorted(supports.get(paragraph, []),
                           key=lambda n: (n != description.iri, html.label(n).lower()))
            states = ", ".join("this resource" if n == description.iri else html.link(n) for n in nodes)
            text = facts.get(SDO + "text")
            quote_html = (f'<blockquote cite="{escape(paragraph)}"><p>{html.value(text)}</p></blockquote>'
                          if text is not None else "")
            parts.append(f'<article id="{anchor}"><h4><a href="{escape(html.href(paragraph))}">'
                         f'{escape(_paragraph_name(facts))}</a> '
                         f'<span class="muted">{" ".join(where)}</span></h4>'
                         f'{quote_html}<p class="note">Source of: {states}</p></article>')
    parts.append("</section>")
    return "".join(parts)


def formats_section(request: Request) -> str:
    """Links to this page in each RDF format (?format=…)."""
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "format"]
    links = " ".join(f'<a href="?{escape(urlencode(params + [("format", name)]))}">{label}</a>'
                     for name, label in FORMATS)
    return (f'<section aria-labelledby="formats"><h2 id="formats">This page as data</h2>'
            f'<p class="formats">{links}</p></section>')


# -- the ontology and the shapes


__all__ = ["FORMATS", "site_root", "document_page", "search_assets", "search_box", "Html", "render", "table",
           "formats_section"]
