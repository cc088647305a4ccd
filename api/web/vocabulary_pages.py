"""The ontology and the shapes, served from the package at their namespace IRIs: /ontology (and the modules
/ontology/meeting …, whose terms /ontology#Meeting … resolve to anchors of the page) and /shapes. This
module reads their Turtle files and writes their HTML pages: classes and properties with their labels and
definitions; each node shape with its target, messages and property shapes.
"""

from __future__ import annotations

from functools import cache
from html import escape

import pyoxigraph as ox
from fastapi import Request

from ...loader.vocab import BASE
from .addresses import ITU, OWL, RDF, RDFS, SH, SKOS, TYPE, last_segment, prefixed
from .facts import language_rank
from .resource_page import Html, document_page, formats_section
from .search_clause import SEARCH_NS, SEARCH_SERVICE

PACKAGES = ("ontology", "shapes")


@cache
def package_files(package: str) -> tuple[tuple[str, tuple], ...]:
    """(module name, triples) of each Turtle file of ``itukg.ontology`` / ``itukg.shapes``."""
    from importlib.resources import files

    folder = files(f"itukg.{package}")
    return tuple((p.name[:-4], tuple(ox.parse(p.read_bytes(), format=ox.RdfFormat.TURTLE)))
                 for p in sorted(folder.iterdir(), key=lambda p: p.name) if p.name.endswith(".ttl"))


def package_triples(package: str, module: str | None) -> list:
    """The triples of one module of a package, or of all of it (`module` None)."""
    return [t for name, triples in package_files(package) if module in (None, name) for t in triples]


def package_modules(package: str) -> list[str]:
    """The modules of a package, by name, without its umbrella (itukg.ttl)."""
    return [name for name, _ in package_files(package) if name != "itukg"]


def _index(triples: list) -> dict[str, dict[str, list]]:
    """subject -> predicate -> [objects], for named subjects and blank nodes alike."""
    index: dict[str, dict[str, list]] = {}
    for t in triples:
        index.setdefault(t.subject.value, {}).setdefault(t.predicate.value, []).append(t.object)
    return index


def _first(facts: dict, predicate: str) -> str | None:
    values = [v for v in facts.get(predicate, []) if isinstance(v, ox.Literal)]
    values.sort(key=lambda v: language_rank(v.language))
    return values[0].value if values else None


def _fragment(iri: str) -> str:
    return iri.rsplit("#", 1)[1] if "#" in iri else last_segment(iri)


@cache
def _package_labels() -> dict[str, str]:
    labels = {}
    for name in ("ontology", "shapes"):
        for subject, facts in _index(package_triples(name, None)).items():
            label = _first(facts, RDFS + "label") or _first(facts, SH + "name")
            if label and subject not in labels:
                labels[subject] = label
    return labels


def _module_list(html: Html, package: str, module: str | None, index: dict) -> str:
    items = []
    for name in package_modules(package):
        iri = f"{BASE}{package}/{name}"
        label = _first(index.get(iri, {}), RDFS + "label") or name
        current = ' aria-current="page"' if name == module else ""
        items.append(f'<li><a href="{escape(html.href(iri))}"{current}>{escape(label)}</a></li>')
    return f'<nav aria-labelledby="modules"><h2 id="modules">Modules</h2><ul>{"".join(items)}</ul></nav>'


def ontology_page(request: Request, module: str | None) -> bytes:
    """Classes and properties of the ontology (or of one module), with labels and definitions."""
    triples = package_triples("ontology", module)
    index = _index(package_triples("ontology", None))
    html = Html(request, _package_labels(), {})
    head_iri = BASE + "ontology" + (f"/{module}" if module else "")
    head = index.get(head_iri, {})
    title = _first(head, RDFS + "label") or "itukg ontology"
    parts = [f"<h1>{escape(title)}</h1>", f'<p class="iri">{escape(head_iri)}</p>']
    if _first(head, SKOS + "definition"):
        parts.append(f"<p>{escape(_first(head, SKOS + 'definition'))}</p>")
    parts.append(_module_list(html, "ontology", module, index))
    terms = [s for s in dict.fromkeys(t.subject.value for t in triples)
             if s.startswith((ITU, SEARCH_NS)) or s == SEARCH_SERVICE]
    kinds = (("classes", "Classes", OWL + "Class"),
             ("object-properties", "Object properties", OWL + "ObjectProperty"),
             ("datatype-properties", "Datatype properties", OWL + "DatatypeProperty"))
    shown = set()
    for ident, heading, kind in kinds:
        members = sorted((t for t in terms if ox.NamedNode(kind) in index[t].get(TYPE, [])),
                         key=lambda t: (html.label(t).lower(), t))
        shown.update(members)
        parts.append(f'<section aria-labelledby="{ident}"><h2 id="{ident}">{heading}</h2>')
        parts.extend(_term_article(html, t, index[t]) for t in members)
        parts.append("</section>")
    others = [t for t in terms if t not in shown]
    if others:
        parts.append('<section aria-labelledby="other-terms"><h2 id="other-terms">Other terms</h2>')
        parts.extend(_term_article(html, t, index[t]) for t in others)
        parts.append("</section>")
    parts.append(formats_section(request))
    return document_page(request, title, "\n".join(parts))


def _term_article(html: Html, term: str, facts: dict) -> str:
    label = _first(facts, RDFS + "label") or _fragment(term)
    definition = _first(facts, SKOS + "definition") or _first(facts, RDFS + "comment")
    rows = []
    for name, predicate in (("Subclass of", RDFS + "subClassOf"), ("Subproperty of", RDFS + "subPropertyOf"),
                            ("Domain", RDFS + "domain"), ("Range", RDFS + "range"),
                            ("Defined in", RDFS + "isDefinedBy")):
        values = [html.value(v) for v in facts.get(predicate, []) if isinstance(v, ox.NamedNode)]
        if values:
            rows.append(f"<dt>{name}</dt><dd>{', '.join(values)}</dd>")
    kinds = (OWL + "Class", OWL + "ObjectProperty", OWL + "DatatypeProperty")
    traits = [prefixed(v.value) for v in facts.get(TYPE, []) if v.value not in kinds]
    if traits:
        rows.append(f"<dt>Also</dt><dd>{escape(', '.join(traits))}</dd>")
    body = f"<p>{escape(definition)}</p>" if definition else ""
    details = f'<dl class="nested">{"".join(rows)}</dl>' if rows else ""
    return (f'<article id="{escape(_fragment(term))}"><h3>{escape(label)} '
            f'<code>{escape(prefixed(term))}</code></h3>{body}{details}</article>')


def _path(index: dict, node) -> str:
    """A SHACL path, written as in SPARQL."""
    if isinstance(node, ox.NamedNode):
        return prefixed(node.value)
    facts = index.get(node.value, {})
    if SH + "inversePath" in facts:
        return "^" + _path(index, facts[SH + "inversePath"][0])
    if SH + "alternativePath" in facts:
        return "(" + " | ".join(_path(index, n) for n in _list(index, facts[SH + "alternativePath"][0])) + ")"
    if RDF + "first" in facts:
        return " / ".join(_path(index, n) for n in _list(index, node))
    return "?"


def _list(index: dict, node) -> list:
    items = []
    while isinstance(node, ox.BlankNode) and RDF + "first" in index.get(node.value, {}):
        facts = index[node.value]
        items.append(facts[RDF + "first"][0])
        node = facts.get(RDF + "rest", [None])[0]
    return items


_CONSTRAINTS = ("minCount", "maxCount", "datatype", "class", "nodeKind", "minInclusive", "maxInclusive",
                "pattern", "hasValue")


def shapes_page(request: Request, module: str | None) -> bytes:
    """Each node shape with its target, messages and property shapes."""
    index = _index(package_triples("shapes", None))
    triples = package_triples("shapes", module)
    html = Html(request, _package_labels(), {})
    head_iri = BASE + "shapes" + (f"/{module}" if module else "")
    title = _first(index.get(head_iri, {}), RDFS + "label") or "itukg shapes"
    parts = [f"<h1>{escape(title)}</h1>", f'<p class="iri">{escape(head_iri)}</p>',
             "<p>The SHACL shapes every report and every write is validated against. A violation refuses the "
             "write; a warning keeps it and records the finding.</p>",
             _module_list(html, "shapes", module, index)]
    node_shape = ox.NamedNode(SH + "NodeShape")
    named = dict.fromkeys(t.subject.value for t in triples if isinstance(t.subject, ox.NamedNode))
    shapes_here = [s for s in named if node_shape in index[s].get(TYPE, [])]
    ids: set[str] = set()
    parts.append('<section aria-labelledby="node-shapes"><h2 id="node-shapes">Shapes</h2>')
    for shape in sorted(shapes_here, key=lambda s: _fragment(s).lower()):
        facts = index[shape]
        ident = _fragment(shape)
        ids.add(ident)
        label = _first(facts, RDFS + "label") or ident
        targets = ", ".join(html.value(v) for v in facts.get(SH + "targetClass", []))
        messages = "".join(f"<li>{escape(m.value)}</li>" for m in facts.get(SH + "message", []))
        rows = []
        for prop in facts.get(SH + "property", []):
            pfacts = index.get(prop.value, {})
            pid = _fragment(prop.value) if isinstance(prop, ox.NamedNode) else ""
            attr = f' id="{escape(pid)}"' if pid and pid not in ids else ""
            ids.add(pid)
            constraints = []
            for key in _CONSTRAINTS:
                for v in pfacts.get(SH + key, []):
                    shown = html.value(v) if isinstance(v, ox.NamedNode) else escape(v.value)
                    constraints.append(f"{key} {shown}")
            severity = ", ".join(_fragment(v.value) for v in pfacts.get(SH + "severity", [])) or "Violation"
            message = " ".join(escape(m.value) for m in pfacts.get(SH + "message", []))
            name = _first(pfacts, SH + "name") or pid
            path = _path(index, pfacts[SH + "path"][0]) if SH + "path" in pfacts else ""
            rows.append(f'<tr{attr}><th scope="row">{escape(name)}</th>'
                        f'<td data-label="Path"><code>{escape(path)}</code></td>'
                        f'<td data-label="Constraints">{"; ".join(constraints)}</td>'
                        f'<td data-label="Severity">{escape(severity)}</td>'
                        f'<td data-label="Message">{message}</td></tr>')
        table = ""
        if rows:
            columns = ("Property", "Path", "Constraints", "Severity", "Message")
            head = "".join(f'<th scope="col">{c}</th>' for c in columns)
            table = (f'<div class="scroll"><table class="facts"><thead><tr>{head}</tr></thead>'
                     f'<tbody>{"".join(rows)}</tbody></table></div>')
        severity = ", ".join(_fragment(v.value) for v in facts.get(SH + "severity", []))
        parts.append(f'<article id="{escape(ident)}"><h3>{escape(label)} '
                     f'<code>{escape(prefixed(shape))}</code></h3>'
                     + (f"<p>Applies to: {targets}</p>" if targets else "")
                     + (f"<p>Severity: {escape(severity)}</p>" if severity else "")
                     + (f"<ul>{messages}</ul>" if messages else "") + table + "</article>")
    parts.append("</section>")
    parts.append(formats_section(request))
    return document_page(request, title, "\n".join(parts))


__all__ = ["PACKAGES", "package_files", "package_triples", "package_modules", "ontology_page", "shapes_page"]
