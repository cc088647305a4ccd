"""Tests of the SHACL shapes (shapes/*.ttl) and of the ontology's own hygiene.

Report shapes are every shapes file but reference.ttl; they run in the report gate, whose data graph is
one report's triples plus the rdf:type triples of the reference nodes it points to. reference.ttl runs
only over the reference data (data/*.ttl). pyshacl runs as the gate runs it: no inference, no advanced
features, no owl:imports, the ontology as ont_graph.

Golden cases live in tests/shapes/cases/: <ShapeName>-valid.ttl must give no result at all, and
<ShapeName>-invalid.ttl must give at least one result of that shape. In an invalid case, every node
named bad:<X> (or bad:<X>_<n>) must be a focus node of a result of itush:<X>, which is the shape or one
of its property shapes; together the invalid cases exercise every property shape.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS

from itukg.loader.extract import extract_report
from itukg.loader.read import read_report
from itukg.loader.triples import report_triples

ROOT = Path(__file__).resolve().parents[2]
SHAPES_DIR = ROOT / "shapes"
ONTOLOGY_DIR = ROOT / "ontology"
DATA_DIR = ROOT / "data"
CASES_DIR = Path(__file__).resolve().parent / "cases"
SEED_REPORT = DATA_DIR / "corpus" / "cwg-internet-18-report.txt"
TERMS_QUERY = ONTOLOGY_DIR / "checks" / "terms-without-label.rq"
REFERENCE_SHAPES_FILE = "reference.ttl"

ITU = Namespace("https://w3id.org/itukg/ontology#")
ITUSH = Namespace("https://w3id.org/itukg/shapes#")
BAD = "https://example.org/case/bad/"

CONFLICT = ITUSH["Document-kindConflict"]
SEED_CONFLICT_DOCUMENT = URIRef("https://w3id.org/itukg/document/cwg-internet-18-4")


# --- graphs, parsed once ---------------------------------------------------------------------------

def _parse(paths) -> Graph:
    graph = Graph()
    for path in paths:
        graph.parse(path, format="turtle")
    return graph


def _report_shape_files() -> list[Path]:
    return sorted(p for p in SHAPES_DIR.glob("*.ttl") if p.name != REFERENCE_SHAPES_FILE)


@functools.cache
def ontology() -> Graph:
    return _parse(sorted(ONTOLOGY_DIR.glob("*.ttl")))


@functools.cache
def report_shapes() -> Graph:
    return _parse(_report_shape_files())


@functools.cache
def reference_shapes() -> Graph:
    return _parse([SHAPES_DIR / REFERENCE_SHAPES_FILE])


@functools.cache
def reference_data() -> Graph:
    return _parse(sorted(DATA_DIR.glob("*.ttl")))


def shapes_for(kind: str) -> Graph:
    return report_shapes() if kind == "report" else reference_shapes()


# --- running pyshacl -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Result:
    severity: URIRef
    shape: URIRef
    focus: URIRef
    path: object
    value: object
    component: URIRef
    messages: tuple[str, ...]


def run(data: Graph, shapes: Graph) -> list[Result]:
    """Validate as the gate does; every result, of any severity."""
    _, results_graph, _ = validate(
        data, shacl_graph=shapes, ont_graph=ontology(), inference="none", advanced=False,
        do_owl_imports=False, allow_warnings=False,
    )
    out = []
    for node in results_graph.subjects(RDF.type, SH.ValidationResult):
        value = results_graph.value
        out.append(Result(
            value(node, SH.resultSeverity), value(node, SH.sourceShape), value(node, SH.focusNode),
            value(node, SH.resultPath), value(node, SH.value), value(node, SH.sourceConstraintComponent),
            tuple(str(m) for m in results_graph.objects(node, SH.resultMessage)),
        ))
    return out


def describe(results: list[Result]) -> str:
    return "\n".join(
        f"  {r.severity.split('#')[-1]} {r.shape} focus={r.focus} path={r.path} value={r.value}: "
        f"{' | '.join(r.messages)}" for r in results
    )


def gate_graph(triples) -> Graph:
    """A report's triples plus the rdf:type triples of the reference nodes it points to."""
    graph = Graph()
    for triple in triples:
        graph.add(triple)
    reference = reference_data()
    for node in {o for o in graph.objects() if isinstance(o, URIRef)}:
        for cls in reference.objects(node, RDF.type):
            graph.add((node, RDF.type, cls))
    return graph


@functools.cache
def seed_results() -> tuple[Result, ...]:
    triples = report_triples(extract_report(read_report(str(SEED_REPORT))))
    return tuple(run(gate_graph(triples), report_shapes()))


# --- the shapes and their cases --------------------------------------------------------------------

def _node_shapes(graph: Graph) -> list[URIRef]:
    return sorted(s for s in set(graph.subjects(SH.targetClass, None)) if isinstance(s, URIRef))


REPORT_SHAPES = _node_shapes(report_shapes())
REFERENCE_SHAPES = _node_shapes(reference_shapes())
SHAPES = [("report", s) for s in REPORT_SHAPES] + [("reference", s) for s in REFERENCE_SHAPES]
SHAPE_IDS = [str(s).split("#")[-1] for _, s in SHAPES]


def local(shape: URIRef) -> str:
    return str(shape).split("#")[-1]


def case_file(shape: URIRef, which: str) -> Path:
    return CASES_DIR / f"{local(shape)}-{which}.ttl"


def own_shapes(shape: URIRef, shapes: Graph) -> set[URIRef]:
    """The shape and its property shapes."""
    return {shape, *shapes.objects(shape, SH.property)}


def expected_shape_of(node: URIRef) -> URIRef:
    """bad:Meeting-dateOrder_2 → itush:Meeting-dateOrder."""
    return ITUSH[str(node)[len(BAD):].split("_")[0]]


def bad_nodes(graph: Graph) -> set[URIRef]:
    return {s for s in graph.subjects() if isinstance(s, URIRef) and str(s).startswith(BAD)}


def test_shapes_and_cases_are_found():
    case_files = sorted(CASES_DIR.glob("*-valid.ttl")) + sorted(CASES_DIR.glob("*-invalid.ttl"))
    assert REPORT_SHAPES and REFERENCE_SHAPES
    assert len(SHAPES) >= 10, SHAPE_IDS
    assert len(case_files) >= 20
    expected = [case_file(s, which) for _, s in SHAPES for which in ("valid", "invalid")]
    missing = [p.name for p in expected if not p.exists()]
    assert not missing, f"shapes without a case file: {missing}"
    names = {local(s) for _, s in SHAPES}
    orphans = [p.name for p in CASES_DIR.glob("*.ttl") if p.name.rsplit("-", 1)[0] not in names]
    assert not orphans, f"case files of no shape: {orphans}"


def test_report_and_reference_shapes_are_disjoint():
    assert not set(REPORT_SHAPES) & set(REFERENCE_SHAPES)
    targets = set(report_shapes().objects(None, SH.targetClass))
    reference_classes = (ITU.MemberState, ITU.Body, ITU.Conference, ITU.Role, ITU.Outcome, ITU.DocumentType,
                         ITU.Region, SKOS.ConceptScheme)
    for cls in reference_classes:
        assert cls not in targets, f"the report gate must not check reference class {cls}"


@pytest.mark.parametrize(("kind", "shape"), SHAPES, ids=SHAPE_IDS)
def test_valid_case_conforms(kind, shape):
    results = run(_parse([case_file(shape, "valid")]), shapes_for(kind))
    assert not results, f"{case_file(shape, 'valid').name} should give no result:\n{describe(results)}"


@pytest.mark.parametrize(("kind", "shape"), SHAPES, ids=SHAPE_IDS)
def test_invalid_case_fails_on_its_shape(kind, shape):
    path = case_file(shape, "invalid")
    assert path.read_text().startswith("#"), f"{path.name} must open with a comment saying what is wrong"
    shapes = shapes_for(kind)
    data = _parse([path])
    results = run(data, shapes)
    mine = own_shapes(shape, shapes)
    assert any(r.shape in mine for r in results), (
        f"{path.name}: no result of {local(shape)}:\n{describe(results)}"
    )
    bad = bad_nodes(data)
    assert bad, f"{path.name} names no bad: node"
    for node in sorted(bad):
        expected = expected_shape_of(node)
        assert expected in mine, (
            f"{node}: {local(expected)} is not {local(shape)} or one of its property shapes"
        )
        assert any(r.focus == node and r.shape == expected for r in results), (
            f"{node} is not reported by {local(expected)}:\n"
            f"{describe([r for r in results if r.focus == node])}"
        )


def test_every_property_shape_is_exercised_by_an_invalid_case():
    exercised = set()
    for _, shape in SHAPES:
        exercised |= {expected_shape_of(n) for n in bad_nodes(_parse([case_file(shape, "invalid")]))}
    for shapes in (report_shapes(), reference_shapes()):
        declared = set(shapes.objects(None, SH.property))
        unexercised = sorted(declared - exercised)
        assert not unexercised, f"property shapes that no invalid case shows: {unexercised}"


# --- the seed report -------------------------------------------------------------------------------

def test_seed_report_has_no_violation():
    violations = [r for r in seed_results() if r.severity == SH.Violation]
    assert not violations, describe(violations)


def test_seed_report_has_exactly_the_known_kind_conflict():
    conflicts = [r for r in seed_results() if r.shape == CONFLICT]
    assert [r.focus for r in conflicts] == [SEED_CONFLICT_DOCUMENT], describe(conflicts)
    (conflict,) = conflicts
    assert conflict.severity == SH.Warning
    assert conflict.component == SH.SPARQLConstraintComponent
    (message,) = conflict.messages
    # the symbol, both kinds, and the paragraphs: §4 (secretariat report), §5.1, §5.1.2, §5.2 (contribution)
    for part in ("CWG-Internet-18/4", "secretariat-report", "contribution", "§4", "§5.1.2", "§5.1", "§5.2"):
        assert part in message, message
    assert "{?" not in message and "{$" not in message, message


# --- the reference data ----------------------------------------------------------------------------

def test_reference_data_conforms_to_reference_shapes():
    results = run(reference_data(), reference_shapes())
    assert not results, describe(results)


def test_reference_resolutions_conform_to_resolution_shapes():
    # data/resolutions.ttl holds lineages and revisions, which reference.ttl does not cover; they must
    # meet the same shapes as the ones a report mints (the other data files give the targets' types)
    results = run(reference_data(), _parse([SHAPES_DIR / "resolution.ttl"]))
    assert not results, describe(results)


# --- the shapes files themselves -------------------------------------------------------------------

ALL_SHAPE_FILES = sorted(SHAPES_DIR.glob("*.ttl"))


@pytest.mark.parametrize("path", ALL_SHAPE_FILES, ids=[p.name for p in ALL_SHAPE_FILES])
def test_every_property_shape_has_a_message_and_a_name(path):
    graph = _parse([path])
    properties = set(graph.objects(None, SH.property))
    assert properties, f"{path.name} declares no property shape"
    for prop in properties:
        messages = list(graph.objects(prop, SH.message))
        assert messages, f"{prop} in {path.name} has no sh:message"
        assert all(isinstance(m, Literal) and m.language == "en" for m in messages), f"{prop}: not @en"
        assert graph.value(prop, SH.name) is not None, f"{prop} in {path.name} has no sh:name"


def test_sparql_constraints_have_messages_with_selected_variables():
    for shapes in (report_shapes(), reference_shapes()):
        for constraint in shapes.objects(None, SH.sparql):
            message = str(shapes.value(constraint, SH.message))
            select = str(shapes.value(constraint, SH.select))
            selected = set(re.findall(r"[?$](\w+)", select.split("WHERE", 1)[0]))
            used = set(re.findall(r"\{[?$](\w+)\}", message))
            assert used and used <= selected, (used, selected)


def test_node_shapes_are_named_after_their_class():
    for shapes in (report_shapes(), reference_shapes()):
        for shape in _node_shapes(shapes):
            (cls,) = shapes.objects(shape, SH.targetClass)
            name = re.split(r"[#/]", str(cls))[-1]
            assert shape == ITUSH[f"{name}Shape"], (shape, cls)


def test_no_shape_targets_every_node():
    for shapes in (report_shapes(), reference_shapes()):
        for target in (SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target):
            assert not list(shapes.subjects(target, None)), f"a shape uses {target}"
        for cls in shapes.objects(None, SH.targetClass):
            assert cls not in (RDFS.Resource, OWL.Thing, SKOS.Concept), f"a shape targets {cls}"


def test_warnings_are_exactly_the_suspicious_but_kept_cases():
    warnings = {s for s in report_shapes().subjects(SH.severity, SH.Warning)}
    assert warnings == {
        CONFLICT,  # two different kinds for one document
        ITUSH["Citation-body"],  # a citation resolved to no resolution
        ITUSH["DocumentClaim-unresolved"],  # a submitter matching no member state
        ITUSH["Contribution-creator"],  # a contribution with no submitter
        ITUSH["MeetingReport-reportOfMissing"],  # a document called a report, of no known meeting
        ITUSH["MeetingShape"],  # a report's meeting that nothing dates (degrade, don't refuse)
        ITUSH["MeetingReport-coverAgrees"],  # the cover header and the body disagree on the meeting
    }
    assert not list(reference_shapes().subjects(SH.severity, None))


# --- the ontology ----------------------------------------------------------------------------------

def test_every_itu_term_has_label_definition_and_defining_module():
    rows = list(ontology().query(TERMS_QUERY.read_text()))
    terms = [str(r[0]) for r in rows]
    assert not terms, f"terms lacking rdfs:label, skos:definition or rdfs:isDefinedBy: {terms}"


def test_terms_query_finds_an_undocumented_term():
    graph = Graph()
    graph += ontology()
    graph.add((ITU.Undocumented, RDF.type, OWL.ObjectProperty))
    graph.add((ITU.HalfDocumented, RDF.type, OWL.Class))
    graph.add((ITU.HalfDocumented, RDFS.label, Literal("Half documented", lang="en")))
    rows = {r[0] for r in graph.query(TERMS_QUERY.read_text())}
    assert rows == {ITU.Undocumented, ITU.HalfDocumented}
