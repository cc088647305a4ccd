"""The SHACL gate: a report's triples are validated, with the ontology and the types of the reference
nodes they point to, before anything is written. Violations reject the report; warnings are kept.

Shapes and ontology are parsed once per process. `shapes/reference.ttl` holds the shapes of the
reference data and is used only by `validate_reference_data`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, SH

from . import iris
from .lexicon import data_file
from .triples import Triple
from .vocab import ITU

REFERENCE_SHAPES = "reference.ttl"
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


def validate_report(triples: list[Triple]) -> Validation:
    """Validate one report's triples against the report shapes."""
    data = Graph()
    data.addN((s, p, o, data) for s, p, o in triples)
    reference = _reference_types()
    pointed = {o for _, _, o in triples if isinstance(o, URIRef) and o in reference}
    data.addN((node, RDF.type, kind, data) for node in pointed for kind in reference[node])
    return _run(data, shapes_graph(), triples)


def validate_reference_data() -> Validation:
    """Validate the bundled reference data against `shapes/reference.ttl`."""
    data = _parse(data_file(name) for name in REFERENCE_DATA)
    return _run(data, shapes_graph(reference=True), [])


def _run(data: Graph, shapes: Graph, triples: list[Triple]) -> Validation:
    import pyshacl

    _, results, _ = pyshacl.validate(
        data, shacl_graph=shapes, ont_graph=ontology_graph(), inference="none", abort_on_first=False,
        allow_infos=True, allow_warnings=True, advanced=True, do_owl_imports=False, inplace=True,
    )
    derived = {s: o for s, p, o in triples if p == PROV.wasDerivedFrom}
    numbers = {s: o for s, p, o in triples if p == ITU.paragraphNumber}
    lines = {s: o for s, p, o in triples if p == ITU.lineNumber}
    mentioned = {}
    for s, p, o in triples:
        if p == ITU.mentions:
            mentioned.setdefault(o, s)
    findings = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        paragraph = focus if focus in lines else (derived.get(focus) or mentioned.get(focus))
        where = None
        if paragraph is not None:
            number = numbers.get(paragraph)
            where = (f"§{number} " if number else "") + f"(line {lines.get(paragraph)})"
        shape = results.value(result, SH.sourceShape)
        path = results.value(result, SH.resultPath)
        findings.append(Finding(
            severity=str(results.value(result, SH.resultSeverity)).rsplit("#", 1)[-1],
            focus=str(focus),
            path=str(path) if isinstance(path, URIRef) else None,
            shape=str(shape) if isinstance(shape, URIRef) else None,
            message=" ".join(str(m) for m in results.objects(result, SH.resultMessage)) or "constraint not met",
            paragraph=where,
            paragraph_iri=str(paragraph) if paragraph is not None else None,
        ))
    findings.sort(key=lambda f: (f.severity != "Violation", f.focus, f.message))
    return Validation(tuple(findings))


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


def _short(iri: str) -> str:
    from .vocab import PREFIXES

    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return f"<{iri.removeprefix(iris.BASE)}>" if iri.startswith(iris.BASE) else f"<{iri}>"


__all__ = ["Finding", "Validation", "validate_report", "validate_reference_data", "findings_triples",
           "shapes_graph", "ontology_graph"]
