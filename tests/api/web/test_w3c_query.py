"""The W3C SPARQL 1.1 query-evaluation and result-format tests, and the SPARQL 1.0 dataset tests, run through a
live `itukg serve`: what a client of the public endpoint gets must be what the standard says.

The manifests are read as data from ../shared/conformance/ (skipped, with the reason, when that folder is
absent). One service runs for the module, on an empty store; every test goes through its HTTP interfaces only:

* Data: written through the service's Graph Store Protocol (`PUT /store?graph=`, the write token, Turtle), so
  it passes the SHACL gate like any client's. A `qt:data` file goes into a graph named for the test (its IRI
  + `-data-N`); a `qt:graphData` file, and a file a query names in FROM / FROM NAMED, into the graph named by
  the file's own IRI (`file:///…/data.ttl`), which is what the expected results name. Each body starts with
  `@base <the file's IRI>`, so that its relative IRIs mean what they mean in the file (RDF/XML files are
  converted to Turtle here, with that base).
* Query: `POST /sparql` (application/sparql-query) with `BASE <the query file's IRI>` prepended, so that
  relative IRIs in the query (`FROM <data-g1.ttl>`) resolve as in the manifests, the file IRIs being the
  graph names above; this replaces the service's own base (its /sparql URL, which depends on the port). The
  dataset is the test's: default-graph-uri its data graphs (an empty graph when it has none: the store's
  union must not leak in), named-graph-uri its graphData graphs; a query with its own FROM / FROM NAMED gets
  no dataset parameters.
* Results: asked for in the format of the expected file (.srx XML, .srj JSON, .tsv TSV, .csv CSV; JSON for
  result sets written in RDF, Turtle for graphs) and parsed with rdflib: solutions compared as multisets
  with blank nodes matched up to renaming, in order when the query has a top-level ORDER BY and the expected
  result is ordered (a results document; an RDF result set with rs:index); booleans; graphs by isomorphism.
  Numbers and booleans are compared by datatype and value (pyoxigraph stores values, not lexical forms: the
  expected "1.0"^^xsd:decimal comes back as "1"), other literals by lexical form (rdflib's normalisation off),
  `"a"^^xsd:string` being `"a"` (RDF 1.1).

No test here needs what the public endpoint refuses (SERVICE, LOAD), so none is left out.

A known failure is a strict xfail, and it must be pyoxigraph's: the test first checks that the service's
answer is the one a plain in-process `pyoxigraph.Store` gives with the same data and query (`plain`), and
fails (a ServiceError, never an xfail) when it is not.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from urllib.parse import urljoin

import httpx
import pyoxigraph as ox
import pytest
import rdflib
from rdflib import BNode, Graph, Literal, Namespace
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, XSD
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.query import Result

from conftest import SHARED
from live import TOKEN, live_server

SUITES = [SHARED / "conformance" / "w3c-sparql11" / "query", SHARED / "conformance" / "w3c-sparql10"]
FOLDERS = ["aggregates", "bind", "bindings", "cast", "construct", "csv-tsv-res", "exists", "functions", "grouping",
           "json-res", "negation", "project-expression", "property-path", "subquery"]
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
QT = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-query#")
RS = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/result-set#")
KINDS = (MF.QueryEvaluationTest, MF.CSVResultFormatTest)
EMPTY = "urn:x-itukg-test:empty"  # a graph never written: the default graph of a test without data
RESULTS = {".srx": ("application/sparql-results+xml", "xml"), ".srj": ("application/sparql-results+json", "json"),
           ".tsv": ("text/tab-separated-values", "tsv"), ".csv": ("text/csv", "csv")}

# Known failures: test IRI -> why. Each is pyoxigraph's own (checked by the test: the service answers what a plain
# pyoxigraph.Store answers). The goal is none.
_AGG = "http://www.w3.org/2009/sparql/docs/tests/data-sparql11/aggregates/manifest#"
_PP = "http://www.w3.org/2009/sparql/docs/tests/data-sparql11/property-path/manifest#"
_CSV = "http://www.w3.org/2009/sparql/docs/tests/data-sparql11/csv-tsv-res/manifest#"
_ALONE = "; pyoxigraph 0.5 alone answers the same (loaded into its own default graph too)"
_START = ("a path * or ? with one end a constant (`:s :p* ?o`) gives no row on an empty graph, instead of the "
          "constant itself (the zero-length path)" + _ALONE)
KNOWN_FAILURES: dict[str, str] = {
    _AGG + "agg-groupconcat-04": "GROUP_CONCAT of \"1\"@en and \"2\"@en keeps the tag (\"1 2\"@en), the test "
                                 "(Proposed, sparql-12 issue 102) wants a simple literal" + _ALONE,
    _AGG + "agg-groupconcat-06": "GROUP_CONCAT of \"1\"@en keeps the tag, the test wants \"1\"" + _ALONE,
    _AGG + "agg-empty-group-count-graph": "GRAPH ?g { SELECT (COUNT(*) AS ?c) … } gives one row, c=2 and ?g "
                                          "unbound, instead of a row per graph (c=0 for one)" + _ALONE,
    "http://www.w3.org/2009/sparql/docs/tests/data-sparql11/bindings/manifest#graph":
        "VALUES (?g ?t) { (UNDEF \"foo\") … } inside GRAPH ?g leaves ?g unbound instead of joining it with each "
        "graph's name" + _ALONE,
    _CSV + "csv03": "a double is kept as its value: \"1.0E6\"^^xsd:double comes back as 1000000, and CSV keeps "
                    "no datatype to compare by value" + _ALONE,
    _CSV + "tsv03": "\"-3\"^^xsd:negativeInteger comes back typed xsd:integer (TSV -3)" + _ALONE,
    "http://www.w3.org/2009/sparql/docs/tests/data-sparql11/functions/manifest#bnode01":
        "BNODE(\"foo\") gives the same blank node in different solutions, not a new one per solution" + _ALONE,
    "http://www.w3.org/2009/sparql/docs/tests/data-sparql11/negation/manifest#graph-minus":
        "MINUS inside GRAPH ?g counts ?g as shared by both sides, so it removes the row it must keep" + _ALONE,
    _PP + "zero_or_more_set_start": _START,
    _PP + "zero_or_more_set_end": _START,
    _PP + "zero_or_one_set_start": _START,
    _PP + "zero_or_one_set_end": _START,
}


@dataclass(frozen=True)
class Case:
    iri: str
    folder: str
    query: Path
    data: tuple[Path, ...]
    graph_data: tuple[Path, ...]
    result: Path

    @property
    def name(self) -> str:
        return f"{self.folder}/{self.iri.rsplit('#', 1)[-1]}"


def _path(node) -> Path:
    return Path(str(node).removeprefix("file://"))


def _cases() -> list[Case]:
    manifests = [SUITES[0] / f / "manifest.ttl" for f in FOLDERS] + [SUITES[1] / "dataset" / "manifest.ttl"]
    cases = []
    for manifest in manifests:
        if not manifest.exists():
            continue
        graph = Graph().parse(manifest, format="turtle", publicID=manifest.as_uri())
        for entries in graph.objects(None, MF.entries):
            for test in Collection(graph, entries):
                if graph.value(test, RDF.type) not in KINDS:
                    continue
                action = graph.value(test, MF.action)
                cases.append(Case(str(test), manifest.parent.name, _path(graph.value(action, QT.query)),
                                  tuple(sorted(map(_path, graph.objects(action, QT.data)))),
                                  tuple(sorted(map(_path, graph.objects(action, QT.graphData)))),
                                  _path(graph.value(test, MF.result))))
    return cases


CASES = _cases()


def _params() -> list:
    return [pytest.param(case, id=case.name, marks=[pytest.mark.xfail(strict=True, raises=AssertionError,
                                                                      reason=KNOWN_FAILURES[case.iri])]
                         if case.iri in KNOWN_FAILURES else []) for case in CASES]


# ------------------------------------------------------------------------------------------ requests


class ServiceError(Exception):
    """A failure only the service can cause (a refused request, an answer that is not plain pyoxigraph's): never
    taken for a known failure, which is an AssertionError."""


def _turtle(path: Path) -> bytes:
    """The file as Turtle whose relative IRIs resolve against the file's own IRI."""
    if path.suffix == ".rdf":
        parsed = ox.parse(path=str(path), format=ox.RdfFormat.RDF_XML, base_iri=path.as_uri())
        return ox.serialize(parsed, format=ox.RdfFormat.TURTLE) or b""
    return f"@base <{path.as_uri()}> .\n".encode() + path.read_bytes()


def _writes(case: Case, text: str) -> dict[str, bytes]:
    """{graph: Turtle} of the test's data."""
    named = set(case.graph_data) | {Path(urljoin(case.query.as_uri(), iri).removeprefix("file://"))
                                    for iri in re.findall(r"\bFROM\s+(?:NAMED\s+)?<([^>]*)>", text, re.I)}
    return ({f"{case.iri}-data-{n}": _turtle(p) for n, p in enumerate(case.data)}
            | {p.as_uri(): _turtle(p) for p in sorted(named)})


def _dataset(case: Case, text: str) -> tuple[list[str], list[str]] | None:
    """(default graphs, named graphs) for the protocol, or None when the query gives its own."""
    if "datasetClause" in parseQuery(text)[1]:
        return None
    return [f"{case.iri}-data-{n}" for n in range(len(case.data))] or [EMPTY], [p.as_uri() for p in case.graph_data]


def _accept(case: Case) -> str:
    if case.result.suffix in RESULTS:
        return RESULTS[case.result.suffix][0]
    return "application/sparql-results+json" if _is_result_set(case) else "text/turtle"


def _is_result_set(case: Case) -> bool:
    return b"result-set#" in case.result.read_bytes()


_WRITTEN: set[tuple[str, str]] = set()  # (service, graph)


def ask_service(url: str, case: Case) -> tuple[bytes, str]:
    """Write the test's data, run its query; (body, content type)."""
    text = f"BASE <{case.query.as_uri()}>\n" + case.query.read_text(encoding="utf-8")
    for graph, body in _writes(case, text).items():
        if (url, graph) in _WRITTEN:  # a file's own graph, written for an earlier test
            continue
        _WRITTEN.add((url, graph))
        response = httpx.put(f"{url}/store", params={"graph": graph}, content=body, timeout=60,
                             headers={"Content-Type": "text/turtle", "Authorization": f"Bearer {TOKEN}"})
        if response.status_code not in (201, 204):
            raise ServiceError(f"the service refused the data of <{graph}>: {response.text}")
    dataset = _dataset(case, text)
    params = [] if dataset is None else ([("default-graph-uri", g) for g in dataset[0]]
                                         + [("named-graph-uri", g) for g in dataset[1]])
    response = httpx.post(f"{url}/sparql", params=params, content=text.encode(), timeout=60,
                          headers={"Content-Type": "application/sparql-query", "Accept": _accept(case)})
    if response.status_code != 200:
        raise ServiceError(f"HTTP {response.status_code}: {response.text}")
    return response.content, response.headers["content-type"].split(";")[0]


def plain(case: Case) -> tuple[bytes, str]:
    """What a plain in-process pyoxigraph.Store answers with the same data, query and dataset."""
    text = f"BASE <{case.query.as_uri()}>\n" + case.query.read_text(encoding="utf-8")
    store = ox.Store()
    for graph, body in _writes(case, text).items():
        store.load(body, format=ox.RdfFormat.TURTLE, base_iri=graph, to_graph=ox.NamedNode(graph))
    dataset = _dataset(case, text)
    options = {} if dataset is None else {"default_graph": [ox.NamedNode(g) for g in dataset[0]],
                                          "named_graphs": [ox.NamedNode(g) for g in dataset[1]]}
    answer = store.query(text, **options)
    media = _accept(case)
    if isinstance(answer, ox.QueryTriples):
        return ox.serialize(answer, format=ox.RdfFormat.TURTLE) or b"", media
    return answer.serialize(format=ox.QueryResultsFormat.from_media_type(media)) or b"", media


# ------------------------------------------------------------------------------------------ comparing

Answer = bool | tuple[list[dict[str, object]], bool] | Graph


_INTEGERS = ("integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger", "nonPositiveInteger",
             "negativeInteger", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte")
_VALUES = {**{XSD[name]: int for name in _INTEGERS}, XSD.decimal: Decimal, XSD.double: float, XSD.float: float,
           XSD.boolean: lambda text: {"true": True, "1": True, "false": False, "0": False}[text]}


def _term(term):
    """A term as compared: a number or boolean by its datatype and value ("1.0"^^xsd:decimal is "1"^^xsd:decimal),
    a literal typed xsd:string as the simple literal (RDF 1.1), anything else as it is."""
    if not isinstance(term, Literal) or term.datatype is None:
        return term
    if term.datatype == XSD.string:
        return Literal(str(term))
    try:
        value = _VALUES[term.datatype](str(term).strip())
    except (KeyError, ValueError, ArithmeticError):
        return term
    return str(term.datatype), "NaN" if value != value else value


def _parse(body: bytes, media: str, case: Case) -> Answer:
    """The service's (or pyoxigraph's) answer: a boolean, (solutions, ordered) or a graph."""
    if media in ("text/turtle", "application/n-triples"):
        return _graph(Graph().parse(data=body, format="turtle"))
    fmt = next(f for m, f in RESULTS.values() if m == media)
    result = Result.parse(io.BytesIO(body), format=fmt)
    if result.type == "ASK":
        return bool(result.askAnswer)
    return [{str(k): _term(v) for k, v in row.items() if v is not None} for row in result.bindings], _ordered(case)


def _graph(graph: Graph) -> Graph:
    """The graph with its literals as `_term` compares them."""
    normal = Graph()
    for s, p, o in graph:
        term = _term(o)
        if isinstance(term, tuple):
            term = Literal(str(term[1].normalize() if isinstance(term[1], Decimal) else term[1]), datatype=term[0])
        normal.add((s, p, term))
    return normal


def _ordered(case: Case) -> bool:
    return "orderby" in parseQuery(case.query.read_text(encoding="utf-8"))[1]


def expected(case: Case) -> Answer:
    if case.result.suffix in RESULTS:
        return _parse(case.result.read_bytes(), RESULTS[case.result.suffix][0], case)
    graph = Graph().parse(case.result, format="turtle" if case.result.suffix == ".ttl" else "xml",
                          publicID=case.result.as_uri())
    results = graph.value(None, RDF.type, RS.ResultSet)
    if results is None:
        return _graph(graph)
    if graph.value(results, RS.boolean) is not None:
        return bool(graph.value(results, RS.boolean).toPython())
    solutions = sorted(graph.objects(results, RS.solution), key=lambda s: int(graph.value(s, RS.index) or 0))
    rows = [{str(graph.value(b, RS.variable)): _term(graph.value(b, RS.value)) for b in graph.objects(s, RS.binding)}
            for s in solutions]
    return rows, _ordered(case) and any(graph.value(s, RS.index) is not None for s in solutions)


def same(want: Answer, got: Answer) -> bool:
    if isinstance(want, Graph) or isinstance(got, Graph):
        return isinstance(want, Graph) and isinstance(got, Graph) and isomorphic(want, got)
    if isinstance(want, bool) or isinstance(got, bool):
        return want is got
    (rows, ordered), (others, _) = want, got
    return len(rows) == len(others) and _match(rows, others, ordered, 0, {}, {}, set())


def _match(rows, others, ordered: bool, index: int, forward: dict, backward: dict, used: set) -> bool:
    """Whether rows[index:] match unused rows of `others` (the one at the same place if `ordered`), blank
    nodes mapped one to one (`forward`, `backward`)."""
    if index == len(rows):
        return True
    for place in [index] if ordered else range(len(others)):
        if place in used or others[place].keys() != rows[index].keys():
            continue
        pairs = [(a, others[place][k]) for k, a in rows[index].items()]
        if any(isinstance(a, BNode) != isinstance(b, BNode) or not isinstance(a, BNode) and a != b
               for a, b in pairs):
            continue
        added, fits = [], True
        for a, b in pairs:
            if not isinstance(a, BNode) or (forward.get(a), backward.get(b)) == (b, a):
                continue
            if a in forward or b in backward:
                fits = False
                break
            forward[a], backward[b] = b, a
            added.append((a, b))
        if fits and _match(rows, others, ordered, index + 1, forward, backward, used | {place}):
            return True
        for a, b in added:
            del forward[a], backward[b]
    return False


# ------------------------------------------------------------------------------------------ tests


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with live_server(tmp_path_factory.mktemp("w3c-query") / "store", token=True) as url:
        yield url


@pytest.fixture(autouse=True)
def _lexical_literals(monkeypatch):
    monkeypatch.setattr(rdflib, "NORMALIZE_LITERALS", False)  # `_term` compares values


@pytest.mark.parametrize("case", _params())
def test_query_evaluation(server, case: Case):
    want = expected(case)
    got = _parse(*ask_service(server, case), case)
    if case.iri in KNOWN_FAILURES and not same(_parse(*plain(case), case), got):
        raise ServiceError(f"{case.name}: the service's answer differs from plain pyoxigraph's")
    if not same(want, got):
        alone = "passes" if same(want, _parse(*plain(case), case)) else "fails too"
        raise AssertionError(f"{case.name}: expected {want!r}, got {got!r} (plain pyoxigraph {alone})")


def test_the_suites_are_found():
    if not SUITES[0].exists():
        pytest.skip(f"the W3C manifests are not at {SUITES[0]} (a clone outside the workspace)")
    assert len([c for c in CASES if c.folder in FOLDERS]) == 235
    assert len([c for c in CASES if c.folder == "dataset"]) == 12
    assert set(KNOWN_FAILURES) <= {c.iri for c in CASES}
