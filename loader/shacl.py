"""A compiled evaluator for the subset of SHACL that itukg's shapes use.

pySHACL re-reads the shapes graph and re-parses every SPARQL constraint for every focus node, which
costs about 0.4 s per report. This module compiles the shapes once into Python objects and evaluates
them over an index of the report's triples: the same results (focus node, source shape, severity,
message) in a few milliseconds. pySHACL stays the reference: `tests/loader/test_shacl.py` checks that
both give the same results on every shape case, every test report and mutated reports.

Supported: sh:targetClass (with rdfs:subClassOf from the ontology), sh:property, predicate /
sh:inversePath / sh:alternativePath paths, sh:minCount, sh:maxCount, sh:class, sh:datatype,
sh:nodeKind, sh:pattern (with sh:flags), sh:minLength, sh:maxLength, sh:minInclusive,
sh:maxInclusive, sh:in, sh:hasValue, sh:uniqueLang, sh:lessThanOrEquals, sh:or, sh:and, sh:not,
sh:severity, sh:message and SPARQL-based constraints (sh:sparql / sh:select, run on pyoxigraph). A
shapes graph that uses anything else raises `UnsupportedShapeError` when compiled, so the evaluator can
never silently skip a constraint.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Callable, Iterable

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from .vocab import RDF, RDFS, SH, XSD

from .errors import ItukgError
from .triples import to_ntriples

Term = URIRef | BNode | Literal

_TYPE = RDF.type
_STRING = XSD.string
_LANG_STRING = RDF.langString


class UnsupportedShapeError(ItukgError):
    """The shapes use a SHACL feature this evaluator does not implement."""


# ------------------------------------------------------------------------------------------ compiled shapes

_SHAPE_KEYS = {SH.path, SH.name, SH.description, SH.message, SH.severity, SH.property, SH.targetClass,
               SH.minCount, SH.maxCount, SH["class"], SH.datatype, SH.nodeKind, SH.pattern, SH.flags,
               SH.minLength, SH.maxLength, SH.minInclusive, SH.maxInclusive, SH["in"], SH.hasValue,
               SH.uniqueLang, SH.lessThanOrEquals, SH["or"], SH["and"], SH["not"], SH.sparql, SH.order,
               SH.group, SH.deactivated, RDF.type, RDFS.label, RDFS.comment}


@dataclass
class Path:
    """A SHACL path: a predicate, an inverse, an alternative or a sequence of paths."""

    kind: str  # "predicate", "inverse", "alternative" or "sequence"
    predicate: URIRef | None = None
    members: tuple["Path", ...] = ()
    node: Term | None = None  # the path node, reported as sh:resultPath

    def sparql(self) -> str:
        if self.kind == "predicate":
            return f"<{self.predicate}>"
        if self.kind == "inverse":
            return f"^({self.members[0].sparql()})"
        joiner = "|" if self.kind == "alternative" else "/"
        return "(" + joiner.join(m.sparql() for m in self.members) + ")"


@dataclass
class Sparql:
    select: str
    message: str | None


@dataclass
class Shape:
    node: Term
    path: Path | None
    severity: URIRef = SH.Violation
    message: str | None = None
    targets: tuple[URIRef, ...] = ()
    properties: list["Shape"] = field(default_factory=list)
    constraints: list[tuple[URIRef, object]] = field(default_factory=list)
    checks: list[Callable] = field(default_factory=list)
    sparqls: list[Sparql] = field(default_factory=list)


class CompiledShapes:
    """Shapes compiled once from a shapes graph and an ontology (for rdfs:subClassOf)."""

    def __init__(self, shapes: Graph, ontology: Graph):
        self._graph = shapes
        self.superclasses = _superclasses(ontology)
        self._cache: dict[Term, Shape] = {}
        roots = set(shapes.subjects(SH.targetClass, None))
        self.roots = [self._compile(node) for node in sorted(roots, key=str)]

    def _list(self, node: Term) -> list[Term]:
        return list(Collection(self._graph, node))

    def _compile(self, node: Term) -> Shape:
        if node in self._cache:
            return self._cache[node]
        g = self._graph
        unknown = {p for p in g.predicates(node, None)} - _SHAPE_KEYS
        if unknown:
            raise UnsupportedShapeError(f"shape {node} uses {', '.join(sorted(map(str, unknown)))}, which the "
                                        "compiled SHACL evaluator does not support.")
        path_node = g.value(node, SH.path)
        message = g.value(node, SH.message)
        shape = Shape(node=node, path=self._path(path_node) if path_node is not None else None,
                      severity=g.value(node, SH.severity) or SH.Violation,
                      message=str(message) if message is not None else None,
                      targets=tuple(g.objects(node, SH.targetClass)))
        self._cache[node] = shape
        for key in (SH.minCount, SH.maxCount, SH.minLength, SH.maxLength):
            for value in g.objects(node, key):
                shape.constraints.append((key, int(value)))
        for key in (SH["class"], SH.datatype, SH.nodeKind, SH.hasValue, SH.minInclusive, SH.maxInclusive,
                    SH.lessThanOrEquals):
            for value in g.objects(node, key):
                shape.constraints.append((key, value))
        for value in g.objects(node, SH.pattern):
            flags = str(g.value(node, SH.flags) or "")
            compiled = re.compile(str(value), (re.I if "i" in flags else 0) | (re.M if "m" in flags else 0)
                                  | (re.S if "s" in flags else 0) | (re.X if "x" in flags else 0))
            shape.constraints.append((SH.pattern, compiled))
        for value in g.objects(node, SH["in"]):
            shape.constraints.append((SH["in"], frozenset(self._list(value))))
        for value in g.objects(node, SH.uniqueLang):
            if value.toPython() is True:
                shape.constraints.append((SH.uniqueLang, True))
        for key in (SH["or"], SH["and"]):
            for value in g.objects(node, key):
                shape.constraints.append((key, [self._compile(member) for member in self._list(value)]))
        for value in g.objects(node, SH["not"]):
            shape.constraints.append((SH["not"], self._compile(value)))
        for value in g.objects(node, SH.sparql):
            shape.constraints.append((SH.sparql, self._sparql(value)))
        shape.properties = [self._compile(p) for p in sorted(g.objects(node, SH.property), key=str)]
        shape.checks = [_check(key, argument) for key, argument in shape.constraints if key != SH.sparql]
        shape.sparqls = [argument for key, argument in shape.constraints if key == SH.sparql]
        return shape

    def _path(self, node: Term) -> Path:
        g = self._graph
        if isinstance(node, URIRef):
            return Path("predicate", predicate=node, node=node)
        if (inverse := g.value(node, SH.inversePath)) is not None:
            return Path("inverse", members=(self._path(inverse),), node=node)
        if (alternatives := g.value(node, SH.alternativePath)) is not None:
            return Path("alternative", members=tuple(self._path(m) for m in self._list(alternatives)), node=node)
        if g.value(node, RDF.first) is not None:
            return Path("sequence", members=tuple(self._path(m) for m in self._list(node)), node=node)
        raise UnsupportedShapeError(f"path {node} is not a predicate, inverse, alternative or sequence path.")

    def _sparql(self, node: Term) -> Sparql:
        g = self._graph
        select = str(g.value(node, SH.select))
        prefixes = []
        for owner in g.objects(node, SH.prefixes):
            for declaration in g.objects(owner, SH.declare):
                prefixes.append(f"PREFIX {g.value(declaration, SH.prefix)}: <{g.value(declaration, SH.namespace)}>")
        message = g.value(node, SH.message)
        return Sparql("\n".join(prefixes) + "\n" + select, str(message) if message is not None else None)


def _superclasses(ontology: Graph) -> dict[URIRef, set[URIRef]]:
    direct: dict[URIRef, set[URIRef]] = defaultdict(set)
    for sub, sup in ontology.subject_objects(RDFS.subClassOf):
        if isinstance(sup, URIRef):
            direct[sub].add(sup)
    closed: dict[URIRef, set[URIRef]] = {}

    def close(cls: URIRef) -> set[URIRef]:
        if cls not in closed:
            closed[cls] = {cls}
            for sup in direct.get(cls, ()):
                closed[cls] |= close(sup)
        return closed[cls]

    for cls in list(direct):
        close(cls)
    return closed


# ------------------------------------------------------------------------------------------ evaluation


@dataclass(frozen=True, slots=True)
class Result:
    focus: Term
    shape: Term  # sh:sourceShape
    severity: URIRef
    message: str
    path: Term | None
    value: Term | None


class _Data:
    def __init__(self, triples: Iterable[tuple[Term, URIRef, Term]], superclasses: dict[URIRef, set[URIRef]],
                 ntriples: str | None = None):
        self.triples = list(triples)
        self.ntriples = ntriples
        self.out: dict[Term, dict[URIRef, list[Term]]] = defaultdict(lambda: defaultdict(list))
        self.into: dict[Term, dict[URIRef, list[Term]]] = defaultdict(lambda: defaultdict(list))
        self.instances: dict[URIRef, set[Term]] = defaultdict(set)
        self.types: dict[Term, set[URIRef]] = defaultdict(set)
        for s, p, o in self.triples:
            self.out[s][p].append(o)
            self.into[o][p].append(s)
            if str.__eq__(p, _TYPE):  # a predicate is an IRI: its text decides (rdflib's == runs in Python)
                for cls in superclasses.get(o, {o}):
                    self.instances[cls].add(s)
                    self.types[s].add(cls)
        self._oxigraph: ox.Store | None = None

    def values(self, focus: Term, path: Path) -> list[Term]:
        if path.kind == "predicate":
            return list(dict.fromkeys(self.out[focus].get(path.predicate, ()))) if focus in self.out else []
        if path.kind == "inverse":
            inner = path.members[0]
            if inner.kind != "predicate":
                raise UnsupportedShapeError("only the inverse of a predicate is supported")
            return list(dict.fromkeys(self.into[focus].get(inner.predicate, ()))) if focus in self.into else []
        if path.kind == "alternative":
            found: dict[Term, None] = {}
            for member in path.members:
                found.update(dict.fromkeys(self.values(focus, member)))
            return list(found)
        nodes = [focus]
        for member in path.members:
            nodes = list(dict.fromkeys(v for n in nodes for v in self.values(n, member)))
        return nodes

    def oxigraph(self) -> ox.Store:
        if self._oxigraph is None:
            store = ox.Store()
            text = self.ntriples if self.ntriples is not None else to_ntriples(self.triples)
            store.load(text, format=ox.RdfFormat.N_TRIPLES)
            self._oxigraph = store
        return self._oxigraph


def rdflib_term(term, *, plain_strings: bool = False) -> Term:
    """A pyoxigraph term as rdflib's; with `plain_strings`, an xsd:string literal as a plain one (as rdflib parses
    Turtle, which `sh:in` lists compare with)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    if plain_strings and term.datatype.value == _XSD_STRING:
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def validate(shapes: CompiledShapes, triples: Iterable[tuple[Term, URIRef, Term]], *,
             ntriples: str | None = None) -> list[Result]:
    """Every SHACL result of the data against the compiled shapes. `ntriples`, the same data as
    N-Triples text when the caller has it already, spares converting it for SPARQL constraints."""
    data = _Data(triples, shapes.superclasses, ntriples)
    results: list[Result] = []
    for shape in shapes.roots:
        focus_nodes = set()
        for target in shape.targets:
            focus_nodes |= data.instances.get(target, set())
        if not focus_nodes:
            continue
        for focus in sorted(focus_nodes, key=str):
            _node_shape(shape, focus, data, results)
        _sparql_constraints(shape, focus_nodes, data, results)
    return results


def _conforms(shape: Shape, focus: Term, data: _Data) -> bool:
    collected: list[Result] = []
    if shape.path is None:
        _node_shape(shape, focus, data, collected, nested=True)
    else:
        _property_shape(shape, focus, data, collected)
    return not collected


def _node_shape(shape: Shape, focus: Term, data: _Data, results: list[Result], *, nested: bool = False) -> None:
    if shape.path is not None:  # a property shape used directly inside sh:or / sh:and
        _property_shape(shape, focus, data, results)
        return
    for check in shape.checks:
        for _ in check([focus], focus, data):
            results.append(Result(focus, shape.node, shape.severity, _message(shape), None, focus))
    for prop in shape.properties:
        _property_shape(prop, focus, data, results)


def _property_shape(shape: Shape, focus: Term, data: _Data, results: list[Result]) -> None:
    values = data.values(focus, shape.path)
    for check in shape.checks:
        for value in check(values, focus, data):
            results.append(Result(focus, shape.node, shape.severity, _message(shape), shape.path.node, value))
    for prop in shape.properties:
        for value in values:
            _property_shape(prop, value, data, results)


def _message(shape: Shape) -> str:
    return shape.message or "constraint not met"


def _check(key: URIRef, argument) -> Callable[[list[Term], Term, "_Data"], list[Term | None]]:
    """Compile one constraint into a function of (values, focus, data) → the values that fail it
    (None for a constraint on the whole set of values)."""
    if key == SH.minCount:
        return lambda values, focus, data: [None] if len(values) < argument else []
    if key == SH.maxCount:
        return lambda values, focus, data: [None] if len(values) > argument else []
    if key == SH["class"]:
        return lambda values, focus, data: [v for v in values if argument not in data.types.get(v, ())]
    if key == SH.datatype:
        return lambda values, focus, data: [v for v in values if not _has_datatype(v, argument)]
    if key == SH.nodeKind:
        return lambda values, focus, data: [v for v in values if not _has_kind(v, argument)]
    if key == SH.pattern:
        return lambda values, focus, data: [v for v in values if isinstance(v, BNode) or not argument.search(str(v))]
    if key == SH.minLength:
        return lambda values, focus, data: [v for v in values if isinstance(v, BNode) or len(str(v)) < argument]
    if key == SH.maxLength:
        return lambda values, focus, data: [v for v in values if isinstance(v, BNode) or len(str(v)) > argument]
    if key in (SH.minInclusive, SH.maxInclusive):
        minimum = key == SH.minInclusive
        return lambda values, focus, data: [v for v in values if not _compare(v, argument, minimum)]
    if key == SH["in"]:
        return lambda values, focus, data: [v for v in values if v not in argument]
    if key == SH.hasValue:
        return lambda values, focus, data: [] if argument in values else [None]
    if key == SH.uniqueLang:
        def unique_lang(values, focus, data):
            languages = [v.language for v in values if isinstance(v, Literal) and v.language]
            return [None for lang in sorted(set(languages)) if languages.count(lang) > 1]
        return unique_lang
    if key == SH.lessThanOrEquals:
        def less_than_or_equals(values, focus, data):
            others = data.out[focus].get(argument, []) if focus in data.out else []
            return [v for v in values for o in others if not _less_or_equal(v, o)]
        return less_than_or_equals
    if key == SH["or"]:
        return lambda values, focus, data: [v for v in values if not any(_conforms(m, v, data) for m in argument)]
    if key == SH["and"]:
        return lambda values, focus, data: [v for v in values if not all(_conforms(m, v, data) for m in argument)]
    if key == SH["not"]:
        return lambda values, focus, data: [v for v in values if _conforms(argument, v, data)]
    raise UnsupportedShapeError(f"constraint {key} is not supported")


def _has_datatype(value: Term, datatype: URIRef) -> bool:
    if not isinstance(value, Literal):
        return False
    actual = _LANG_STRING if value.language else (value.datatype or _STRING)
    return actual == datatype and not value.ill_typed


def _has_kind(value: Term, kind: URIRef) -> bool:
    iri, blank, literal = isinstance(value, URIRef), isinstance(value, BNode), isinstance(value, Literal)
    return {SH.IRI: iri, SH.BlankNode: blank, SH.Literal: literal, SH.BlankNodeOrIRI: iri or blank,
            SH.BlankNodeOrLiteral: blank or literal, SH.IRIOrLiteral: iri or literal}[kind]


def _compare(value: Term, bound: Literal, minimum: bool) -> bool:
    if not isinstance(value, Literal) or value.ill_typed:
        return False
    try:
        a, b = value.toPython(), bound.toPython()
        return a >= b if minimum else a <= b
    except TypeError:
        return False


def _less_or_equal(a: Term, b: Term) -> bool:
    if not (isinstance(a, Literal) and isinstance(b, Literal)) or a.ill_typed or b.ill_typed:
        return False
    try:
        return a.toPython() <= b.toPython()
    except TypeError:
        return False


def _sparql_constraints(shape: Shape, focus_nodes: set[Term], data: _Data, results: list[Result]) -> None:
    """SPARQL-based constraints of the shape and of its property shapes, each run once for all focus
    nodes ($this left free, rows kept for the focus nodes), on an in-memory pyoxigraph store."""
    for owner in [shape, *shape.properties]:
        for constraint in owner.sparqls:
            query = constraint.select
            if owner.path is not None:
                query = query.replace("$PATH", owner.path.sparql())
            for row in data.oxigraph().query(query):
                focus = rdflib_term(row["this"])
                if focus not in focus_nodes:
                    continue
                message = _substitute(constraint.message or owner.message or "constraint not met", row)
                value = _binding(row, "value")
                results.append(Result(focus, owner.node, owner.severity, message,
                                      owner.path.node if owner.path else None,
                                      rdflib_term(value) if value is not None else None))


def _binding(row, name: str):
    try:
        return row[name]
    except (KeyError, IndexError, ValueError):
        return None


def _substitute(message: str, row) -> str:
    def replace(match: re.Match) -> str:
        term = _binding(row, match.group(1))
        return term.value if term is not None else match.group(0)

    return re.sub(r"\{[?$](\w+)\}", replace, message)


__all__ = ["CompiledShapes", "Result", "UnsupportedShapeError", "rdflib_term", "validate"]
