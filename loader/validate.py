"""The SHACL gate: a report's triples are validated, with the ontology and the types of the reference
nodes they point to, before anything is written. Violations reject the report; warnings are kept.

Shapes and ontology are parsed once per process. `shapes/reference.ttl` holds the shapes of the
reference data and is used only by `validate_reference_data`.

The gate sees one report, so its cost does not grow with the store. Three shapes could still fail on
the union of reports where each report passes alone, because two reports describe the same node: a
document given different kinds (`itush:Document-kindConflict`), a meeting report said to report on
different meetings (`itush:MeetingReport-reportOf`), a topic with two titles in one language
(`itush:Topic-prefLabel`, topics are named by the slug of their title). Every other value the shapes
constrain follows from the node's IRI, or is stated only by the report that owns the node. Those three
are checked against the store over the report's own nodes (`cross_report_keys`); a conflict is a
warning of the report loaded later, and both statements are kept, as within a report (docs/decisions.md,
conflicts as claims).

The check costs a few index steps per node however many reports state it: because every conflict is
recorded when its second report is written, two graphs can give a node different values only if a
graph other than the one being replaced holds a warning about it. So `cross_report_probe` fetches one
value per node (and one more per replaced graph in the store); when it equals the report's own,
`cross_report_warned` looks for such a warning; only a node that fails either test is read in full
(`cross_report_query`) to name the other report. Reports
loaded with the gate off are not checked and leave no warnings, so they can hide a conflict.

A bulk load asks the store less (`itukg.api.ingest`): it reads a node in full the first time one of its
reports has it (`cross_report_probe` first, so only nodes the store has are read) and keeps what it read
in step with what it writes, so later reports are checked in memory; a load that starts on a store
holding only the reference data reads their few values at once (`cross_report_stated`) and then asks the
store nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from rdflib import Graph, Literal, URIRef

from . import iris
from .lexicon import data_file
from .triples import Triple, to_ntriples
from .vocab import ELI, ITU, ITUSH, PROV, RDF, SH, SKOS

REFERENCE_SHAPES = "reference.ttl"
_TYPE = RDF.type
REFERENCE_DATA = ("states.ttl", "bodies.ttl", "conferences.ttl", "concepts.ttl", "resolutions.ttl")


@dataclass(frozen=True, slots=True)
class Finding:
    """One SHACL result, with the paragraph of the report it concerns (when known)."""

    severity: str  # "Violation", "Warning" or "Info"
    focus: str
    path: str | None
    shape: str | None
    message: str
    paragraph: str | None  # "§4.1 (line 16)" or None
    paragraph_iri: str | None

    def describe(self) -> str:
        where = f" at {self.paragraph}" if self.paragraph else ""
        path = f" ({_short(self.path)})" if self.path else ""
        return f"{self.severity}: {_short(self.focus)}{path}{where}: {self.message}"


@dataclass(frozen=True, slots=True)
class Validation:
    findings: tuple[Finding, ...]

    @property
    def conforms(self) -> bool:
        return not self.violations

    @property
    def violations(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "Violation"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity != "Violation"]


def _parse(paths) -> Graph:
    graph = Graph()
    for path in paths:
        graph.parse(data=path.read_bytes(), format="turtle")
    return graph


@cache
def shapes_graph(*, reference: bool = False) -> Graph:
    folder = files("itukg.shapes")
    names = sorted(p.name for p in folder.iterdir() if p.name.endswith(".ttl"))
    chosen = [n for n in names if (n == REFERENCE_SHAPES) == reference]
    return _parse(folder / name for name in chosen)


@cache
def ontology_graph() -> Graph:
    folder = files("itukg.ontology")
    return _parse(p for p in sorted(folder.iterdir(), key=lambda p: p.name) if p.name.endswith(".ttl"))


@cache
def _reference_types() -> dict[URIRef, tuple[URIRef, ...]]:
    types: dict[URIRef, list[URIRef]] = {}
    for s, _, o in _parse(data_file(name) for name in REFERENCE_DATA).triples((None, RDF.type, None)):
        types.setdefault(s, []).append(o)
    return {node: tuple(kinds) for node, kinds in types.items()}


@cache
def compiled_shapes(*, reference: bool = False):
    from .shacl import CompiledShapes

    return CompiledShapes(shapes_graph(reference=reference), ontology_graph())


def validate_report(triples: list[Triple], *, engine: str = "compiled", ntriples: str | None = None) -> Validation:
    """Validate one report's triples against the report shapes.

    `engine="compiled"` (the default) runs the shapes compiled by `itukg.loader.shacl`;
    `engine="pyshacl"` runs pySHACL, the reference implementation, with the same data. `ntriples`
    is the report's triples as N-Triples text, when the caller has it (it spares a conversion).
    """
    reference = _reference_types()
    pointed = {o for _, _, o in triples if o in reference}
    types = [(node, _TYPE, kind) for node in pointed for kind in reference[node]]
    if ntriples is not None:
        ntriples += to_ntriples(types)
    return _findings(_results(list(triples) + types, reference=False, engine=engine, ntriples=ntriples), triples)


def validate_reference_data(*, engine: str = "compiled") -> Validation:
    """Validate the bundled reference data against `shapes/reference.ttl`."""
    data = list(_parse(data_file(name) for name in REFERENCE_DATA))
    return _findings(_results(data, reference=True, engine=engine), [])


def _results(data: list[Triple], *, reference: bool, engine: str, ntriples: str | None = None) -> list[tuple]:
    """(focus, shape, severity, message, path) of every SHACL result."""
    if engine == "compiled":
        from .shacl import validate

        return [(r.focus, r.shape, r.severity, r.message, r.path)
                for r in validate(compiled_shapes(reference=reference), data, ntriples=ntriples)]
    if engine != "pyshacl":
        raise ValueError(f"unknown validation engine {engine!r}")
    import pyshacl

    graph = Graph()
    graph.addN((s, p, o, graph) for s, p, o in data)
    _, results, _ = pyshacl.validate(
        graph, shacl_graph=shapes_graph(reference=reference), ont_graph=ontology_graph(), inference="none",
        abort_on_first=False, allow_infos=True, allow_warnings=True, advanced=True, do_owl_imports=False,
        inplace=True,
    )
    out = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        message = " ".join(str(m) for m in results.objects(result, SH.resultMessage)) or "constraint not met"
        out.append((results.value(result, SH.focusNode), results.value(result, SH.sourceShape),
                    results.value(result, SH.resultSeverity), message, results.value(result, SH.resultPath)))
    return out


def _findings(results: list[tuple], triples: list[Triple]) -> Validation:
    if not results:
        return Validation(())
    fields = {PROV.wasDerivedFrom: {}, ITU.paragraphNumber: {}, ITU.lineNumber: {}}
    mentioned: dict = {}
    mentions = ITU.mentions
    for s, p, o in triples:
        table = fields.get(p)
        if table is not None:
            table[s] = o
        elif p == mentions:
            mentioned.setdefault(o, s)
    derived, numbers, lines = fields.values()
    findings = []
    for focus, shape, severity, message, path in results:
        paragraph = focus if focus in lines else (derived.get(focus) or mentioned.get(focus))
        where = None
        if paragraph is not None:
            number = numbers.get(paragraph)
            where = (f"§{number} " if number else "") + f"(line {lines.get(paragraph)})"
        findings.append(Finding(
            severity=str(severity).rsplit("#", 1)[-1],
            focus=str(focus),
            path=str(path) if isinstance(path, URIRef) else None,
            shape=str(shape) if isinstance(shape, URIRef) else None,
            message=message,
            paragraph=where,
            paragraph_iri=str(paragraph) if paragraph is not None else None,
        ))
    return Validation(_in_order(findings))


def _in_order(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    return tuple(sorted(findings, key=lambda f: (f.severity != "Violation", f.focus, f.shape or "", f.message)))


def findings_triples(validation: Validation, graph: str) -> list[Triple]:
    """The warnings of a validation as a sh:ValidationReport, for the report's validation graph."""
    report = URIRef(graph)
    out: list[Triple] = [(report, RDF.type, SH.ValidationReport), (report, SH.conforms, Literal(validation.conforms))]
    for index, finding in enumerate(validation.warnings, start=1):
        node = URIRef(f"{graph}/result/{index}")
        out += [(report, SH.result, node), (node, RDF.type, SH.ValidationResult),
                (node, SH.resultSeverity, SH[finding.severity]), (node, SH.focusNode, URIRef(finding.focus)),
                (node, SH.resultMessage, Literal(finding.message))]
        if finding.shape:
            out.append((node, SH.sourceShape, URIRef(finding.shape)))
        if finding.path:
            out.append((node, SH.resultPath, URIRef(finding.path)))
        if finding.paragraph_iri:
            out.append((node, PROV.wasDerivedFrom, URIRef(finding.paragraph_iri)))
    return out


# (predicate, shape, message) of each constraint that spans reports; {value}, {other} and {graph} are
# filled in by `cross_report_findings`
CROSS_REPORT = {
    str(ELI.work_type): (str(ITUSH["Document-kindConflict"]),
                         "This report gives the document the kind {value}; report {graph}{more} gives it {other}. "
                         "Both claims are kept; check which kind is right."),
    str(ITU.reportOf): (str(ITUSH["MeetingReport-reportOf"]),
                        "This report says the meeting report reports on {value}; report {graph}{more} says "
                        "{other}. A meeting report reports on one meeting; both are kept, check which is right."),
    str(SKOS.prefLabel): (str(ITUSH["Topic-prefLabel"]),
                          "This report titles the topic {value}; report {graph}{more} titles it {other} (a topic's "
                          "IRI comes from its title, so the two differ only in case or punctuation). A topic has "
                          "one title per language; both are kept."),
}
_CROSS_TYPES = {ITU.reportOf: ITU.MeetingReport, SKOS.prefLabel: ITU.Topic}

Key = tuple[str, str, str, str]  # (node, predicate, lexical value, language or "")


def cross_report_keys(triples: list[Triple]) -> tuple[Key, ...]:
    """The statements of a report that another report could contradict (see the module docstring)."""
    typed = {(s, o) for s, p, o in triples if p == _TYPE and o in (ITU.MeetingReport, ITU.Topic)}
    keys = []
    for s, p, o in triples:
        if p == ELI.work_type or (p in _CROSS_TYPES and (s, _CROSS_TYPES[p]) in typed):
            keys.append((str(s), str(p), str(o), getattr(o, "language", None) or ""))
    return tuple(dict.fromkeys(keys))


def _excluding(graphs: Iterable[str], variable: str = "?g") -> str:
    listed = ", ".join(f"<{g}>" for g in sorted(set(graphs)))
    return f"FILTER ({variable} NOT IN ({listed}))" if listed else ""


def cross_report_probe(keys: Iterable[Key], *, limit: int = 1) -> str:
    """SPARQL: for each (node, predicate) of `keys`, the first `limit` (graph, value) the store finds, so a
    few index steps each, however many reports state the same value. The caller skips the graphs it is
    replacing (a filter in the query would make the engine read them all), so `limit` is one more than
    the number of those graphs that are in the store."""
    parts = [f"{{ SELECT ?node ?p ?g ?v WHERE {{ GRAPH ?g {{ <{node}> <{predicate}> ?v }} "
             f"BIND (<{node}> AS ?node) BIND (<{predicate}> AS ?p) }} LIMIT {limit} }}"
             for node, predicate in sorted({(node, predicate) for node, predicate, _, _ in keys})]
    return (f"SELECT ?node ?p ?g (STR(?v) AS ?value) ?lang WHERE {{ {' UNION '.join(parts)} "
            'BIND (IF(isLiteral(?v), LANG(?v), "") AS ?lang) }')


def cross_report_warned(pairs: Iterable[tuple[str, str]]) -> str:
    """SPARQL: the validation graphs that hold, for one of the (node, predicate) pairs, a warning of the
    shape that checks it (`CROSS_REPORT`)."""
    rows = " ".join(f"(<{node}> <{predicate}> <{CROSS_REPORT[predicate][0]}>)"
                    for node, predicate in sorted(set(pairs)))
    return (f"SELECT DISTINCT ?node ?p ?graph WHERE {{ VALUES (?node ?p ?shape) {{ {rows} }} GRAPH ?graph {{ ?result "
            f"<{SH.focusNode}> ?node ; <{SH.sourceShape}> ?shape }} }}")


def cross_report_query(keys: Iterable[Key], *, excluding: Iterable[str]) -> str:
    """SPARQL over the store: for each (node, predicate) of `keys`, every value other graphs give it, with
    the first such graph (in IRI order) and how many there are. `excluding` lists the graphs about to be
    replaced. It reads every graph that states the node, so it is asked only for the pairs that
    `cross_report_probe` and `cross_report_warned` single out."""
    pairs = " ".join(sorted({f"(<{node}> <{predicate}>)" for node, predicate, _, _ in keys}))
    skip = _excluding(excluding)
    return (f"SELECT ?node ?p (STR(?v) AS ?value) ?lang (MIN(STR(?g)) AS ?graph) (COUNT(DISTINCT ?g) AS ?graphs) "
            f"WHERE {{ VALUES (?node ?p) {{ {pairs} }} GRAPH ?g {{ ?node ?p ?v }} {skip} "
            f'BIND (IF(isLiteral(?v), LANG(?v), "") AS ?lang) }} GROUP BY ?node ?p ?v ?lang')


def cross_report_stated() -> str:
    """SPARQL over the store: every value any graph gives any node for the predicates the checks look at, as
    `cross_report_query` reads them. Asked once, of a store that holds only the reference data and the
    ontology, by a bulk load that then answers the checks from memory (`itukg.api.ingest`)."""
    predicates = " ".join(f"<{p}>" for p in sorted(CROSS_REPORT))
    return (f"SELECT ?node ?p (STR(?v) AS ?value) ?lang (MIN(STR(?g)) AS ?graph) (COUNT(DISTINCT ?g) AS ?graphs) "
            f"WHERE {{ VALUES ?p {{ {predicates} }} GRAPH ?g {{ ?node ?p ?v }} "
            f'BIND (IF(isLiteral(?v), LANG(?v), "") AS ?lang) }} GROUP BY ?node ?p ?v ?lang')


Elsewhere = dict[tuple[str, str], dict[tuple[str, str], tuple[str, int]]]
"""(node, predicate) → (value, language) → (first graph in IRI order, number of graphs) stated elsewhere."""


def cross_report_findings(keys: Iterable[Key], elsewhere: Elsewhere) -> list[Finding]:
    """Warnings for the values other reports give the report's nodes that the report does not."""
    own: dict[tuple[str, str], set[tuple[str, str]]] = {}
    for node, predicate, value, language in keys:
        own.setdefault((node, predicate), set()).add((value, language))
    findings = []
    for (node, predicate), values in sorted(own.items()):
        shape, template = CROSS_REPORT[predicate]
        for (other, language), (graph, count) in sorted(elsewhere.get((node, predicate), {}).items()):
            mine = sorted(v for v, lang in values if lang == language)
            if not mine or other in mine:
                continue
            shown = ", ".join(_show(v, language, predicate) for v in mine)
            more = f" (and {count - 1} other report(s))" if count > 1 else ""
            findings.append(Finding("Warning", node, predicate, shape, template.format(
                value=shown, other=_show(other, language, predicate), graph=_short(graph), more=more), None, None))
    return findings


def _show(value: str, language: str, predicate: str) -> str:
    if predicate == str(SKOS.prefLabel):
        return f'"{value}"' + (f"@{language}" if language else "")
    return value.rsplit("/", 1)[-1] if predicate == str(ELI.work_type) else _short(value)


def with_findings(validation: Validation, extra: Iterable[Finding]) -> Validation:
    """The validation with more findings, in the gate's order."""
    return Validation(_in_order([*validation.findings, *extra]))


def _short(iri: str) -> str:
    from .vocab import PREFIXES

    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return f"<{iri.removeprefix(iris.BASE)}>" if iri.startswith(iris.BASE) else f"<{iri}>"


__all__ = ["Finding", "Validation", "validate_report", "validate_reference_data", "findings_triples",
           "shapes_graph", "ontology_graph", "cross_report_keys", "cross_report_probe", "cross_report_warned",
           "cross_report_query", "cross_report_stated", "cross_report_findings",
           "with_findings"]
