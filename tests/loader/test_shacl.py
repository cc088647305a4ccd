"""The compiled SHACL evaluator (`itukg.loader.shacl`) gives the same results as pySHACL, the reference
implementation: on every shape case, on every report, on the reference data, and on damaged reports."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from conftest import SEED, corpus_reports
from itukg.loader import validate as gate
from itukg.loader.extract import extract_report
from itukg.loader.read import read_report
from itukg.loader.shacl import CompiledShapes, UnsupportedShapeError, validate
from itukg.loader.triples import report_triples
from itukg.loader.vocab import ITUSH, RDF, SH, XSD

CASES = Path(__file__).resolve().parent.parent / "shapes" / "cases"


def _key(findings) -> set[tuple[str, str | None, str]]:
    return {(f.focus, f.shape, f.severity) for f in findings}


def _both(triples, *, reference=False):
    compiled = gate._findings(gate._results(list(triples), reference=reference, engine="compiled"), []).findings
    reference_run = gate._findings(gate._results(list(triples), reference=reference, engine="pyshacl"), []).findings
    return compiled, reference_run


def _case_files() -> list[Path]:
    files = sorted(CASES.glob("*.ttl"))
    assert len(files) >= 20, f"expected the shape cases in {CASES}"
    return files


@pytest.mark.parametrize("case", _case_files(), ids=lambda p: p.stem)
def test_same_results_on_every_shape_case(case):
    graph = Graph().parse(case, format="turtle")
    shape = ITUSH[case.stem.rsplit("-", 1)[0]]
    reference = (shape, None, None) in gate.shapes_graph(reference=True)
    compiled, pyshacl_run = _both(graph, reference=reference)
    assert _key(compiled) == _key(pyshacl_run)
    if case.stem.endswith("-invalid"):
        assert compiled, "an invalid case must give results"


@pytest.mark.parametrize("report", [SEED, *corpus_reports()], ids=lambda p: p.stem)
def test_same_results_on_every_report(report):
    triples = report_triples(extract_report(read_report(report)))
    compiled = gate.validate_report(triples, engine="compiled")
    reference = gate.validate_report(triples, engine="pyshacl")
    assert _key(compiled.findings) == _key(reference.findings)
    assert [f.message for f in compiled.findings] == [f.message for f in reference.findings] or \
        {f.message.split(" (")[0] for f in compiled.findings} == {f.message.split(" (")[0] for f in reference.findings}


def test_same_results_on_the_reference_data():
    compiled = gate.validate_reference_data(engine="compiled")
    reference = gate.validate_reference_data(engine="pyshacl")
    assert _key(compiled.findings) == _key(reference.findings) == set()


def _damage(triples, rnd: random.Random):
    """Drop, retype and corrupt a handful of triples, the way a buggy loader would."""
    out = list(triples)
    for _ in range(rnd.randint(1, 8)):
        i = rnd.randrange(len(out))
        s, p, o = out[i]
        action = rnd.choice(["drop", "literal", "iri", "duplicate", "bad-date", "type"])
        if action == "drop":
            out.pop(i)
        elif action == "literal":
            out[i] = (s, p, Literal("x"))
        elif action == "iri":
            out[i] = (s, p, URIRef("https://example.org/elsewhere"))
        elif action == "duplicate":
            out.append((s, p, Literal(7) if isinstance(o, Literal) else URIRef(str(o) + "-copy")))
        elif action == "bad-date":
            out.append((s, p, Literal("2023-13-45", datatype=XSD.date)))
        else:
            out.append((s, RDF.type, rnd.choice([URIRef("https://w3id.org/itukg/ontology#Meeting"),
                                                 URIRef("https://w3id.org/itukg/ontology#Citation"),
                                                 URIRef("https://w3id.org/itukg/ontology#Topic")])))
    return out


@pytest.mark.parametrize("seed", range(12))
def test_same_results_on_damaged_reports(seed):
    rnd = random.Random(seed)
    triples = _damage(report_triples(extract_report(read_report(SEED))), rnd)
    compiled = gate.validate_report(triples, engine="compiled")
    reference = gate.validate_report(triples, engine="pyshacl")
    assert _key(compiled.findings) == _key(reference.findings)


def test_unsupported_features_are_refused_not_skipped():
    shapes = Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <https://example.org/> .
        ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:closed true .""", format="turtle")
    with pytest.raises(UnsupportedShapeError):
        CompiledShapes(shapes, Graph())


def test_the_gate_is_fast_enough_to_matter():
    """Not a timing assertion: the compiled evaluator must not call pySHACL at all."""
    import sys

    triples = report_triples(extract_report(read_report(SEED)))
    before = set(sys.modules)
    validate(gate.compiled_shapes(), triples)
    assert not any(name.startswith("pyshacl") for name in set(sys.modules) - before)
    assert SH.Violation
