"""Fuzz job: random SPARQL queries built from the grammar's pieces, sent to a live `itukg serve` for a few
minutes, with the engine never allowed to take the service down. Not part of `make test`.

    .venv/bin/python benchmarks/fuzz.py [--minutes 3] [--seed N] [--threads 4] [--out benchmarks/results/fuzz.json]

What one run does:

1. **Service.** Starts `itukg serve` (tests/live.py's `live_server`) on a temporary store, which loads the
   bundled report (4,901 quads), with a short query time limit (`--timeout`, 5 s) and
   `ITUKG_TIMEOUT_BUDGET=off` (the fuzzer would otherwise be throttled with 429s). Terms for the queries
   (IRIs, predicates, graphs, literals) are read from the store.
2. **Queries.** Hypothesis strategies compose SPARQL from its grammar's pieces: prologue (BASE, PREFIX),
   SELECT/ASK/CONSTRUCT/DESCRIBE, FROM/FROM NAMED, triple patterns with IRIs (full, prefixed, relative,
   escaped), literals of every kind (plain, long, escaped, lang-tagged, typed with valid and invalid lexical
   forms, numbers, booleans), blank nodes and variables, property paths (`^ / | * + ? !` and groups),
   OPTIONAL/UNION/MINUS/FILTER/BIND/VALUES/GRAPH/LATERAL/EXISTS/subqueries, aggregates with GROUP BY and
   HAVING, ORDER BY over expressions and over mixed terms (IRIs, literals, numbers, blank nodes, unbound;
   two queries in seven are built for that), LIMIT/OFFSET and about 70 functions and casts.
3. **Batches.** One Hypothesis example is a batch of up to `--batch` queries, each with a road (GET, GET
   with `format=`, POST form, POST `application/sparql-query`) and an Accept header, sent from `--threads`
   threads at once. After each batch `/health` must answer 200 within 2 s and a canary query (the number
   of quads) must give the number read at the start.
4. **Findings.** An engine crash: the service's own answers to one (500 "crashed while running", 503 "crash
   lately"), a Rust panic in its log (the engine's stderr) or a rise of `itukg_engine_crashes(_total)` in
   /metrics (then the queries of the batch are sent again one at a time to find the one that does it). Any
   other answer than 200, a 4xx or a 503 (the time limit, the engine restarting, the service busy); no
   answer within the time limit plus 10 s (a hang); `/health` slow; a wrong canary. The service is down
   when `/health` has not answered 200 for 30 s: a finding, and it is started again (on a fresh store) so
   that the fuzzing goes on; the run then exits 1.
5. **Shrinking.** A new finding that one query shows (a crash, an unexpected status) fails the
   example, and Hypothesis shrinks the batch to a minimal query, trying the smaller ones on the service
   (a crash costs an engine restart, a second or so), for at most `--shrink-seconds` per finding; the
   smallest query that still shows it is kept either way. The fuzzing then goes on with a new Hypothesis
   run (a round) in which the known findings are only counted. The time of the last shrinking comes on
   top of `--minutes`.
6. **Report.** Prints a summary (queries sent, statuses, latency, engine restarts, time-outs and crashes
   from `/metrics`, panics in the log, findings with their minimal query) and writes it as JSON (`--out`).

`--seed N` makes the generated queries reproducible: round r runs with Hypothesis seed N*1000+r (what the
service answers, and so the examples that follow, may still vary with timing). SPARQL 1.2 pieces (LATERAL,
LANGDIR and the like) are few: the service's guard refuses them (400).
"""

from __future__ import annotations

import argparse
import collections
import concurrent.futures
import contextlib
import datetime as dt
import json
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from dataclasses import asdict, dataclass
from pathlib import Path

import httpx
from hypothesis import HealthCheck, Phase, Verbosity, given, seed, settings
from hypothesis import strategies as st
from hypothesis.errors import HypothesisWarning

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "tests"))
from live import live_server

DEFAULT_OUT = HERE / "results" / "fuzz.json"
CANARY = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
HEALTH_WITHIN_S = 2.0
DOWN_AFTER_S = 30.0  # no /health 200 for that long: the service is down
HANG_MARGIN_S = 10.0  # no answer within the time limit plus this: a hang
PANIC = re.compile(r"panicked at (.*)")
CRASHES = ("itukg_engine_crashes_total", "itukg_engine_crashes")  # the service's count of engine crashes
JSON_RESULTS = "application/sparql-results+json"

# ------------------------------------------------------------------------------------------ the grammar

X = "http://www.w3.org/2001/XMLSchema#"
PREFIXES = {
    "itu": "https://w3id.org/itukg/ontology#", "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#", "xsd": X, "owl": "http://www.w3.org/2002/07/owl#",
    "ex": "http://example.org/", "": "https://w3id.org/itukg/",
}
VARIABLES = ["?s", "?p", "?o", "?x", "?y", "?z", "?g", "?n", "?a", "$x", "?b"]
LEXICAL = {  # xsd type: lexical forms, valid and not
    "integer": ["0", "-1", "+7", "007", "12345678901234567890", "abc", "", " 1"],
    "decimal": ["1.5", "-0.0", ".5", "1.", "1e3"],
    "double": ["1e3", "NaN", "INF", "-INF", "-0", "1.0E-5", "x"],
    "float": ["1.5", "NaN", "-INF", "3.4e39"],
    "boolean": ["true", "false", "1", "0", "yes"],
    "dateTime": ["2024-01-01T00:00:00", "2024-01-01T00:00:00Z", "2024-01-01T12:00:00+05:30",
                 "2024-01-01T23:59:59.999-14:00", "2024-13-01T00:00:00", "-0001-01-01T00:00:00", "2024-01-01"],
    "date": ["2024-01-01", "2024-01-01Z", "2024-02-30", "2024-01-01+14:00"],
    "time": ["12:00:00", "24:00:00", "12:00:00-01:00", "25:00:00"],
    "duration": ["P1Y", "P1M", "P30D", "PT24H", "-P1D", "P", "P1Y2M3DT4H5M6.7S"],
    "dayTimeDuration": ["PT1H", "P1D", "-PT0.5S", "P1M"],
    "yearMonthDuration": ["P1Y2M", "-P13M", "PT1H"],
    "gYear": ["2024", "2024Z", "-0044"], "gYearMonth": ["2024-02", "2024-13"],
    "gMonthDay": ["--12-25", "--02-30"], "gDay": ["---01"], "gMonth": ["--12"],
    "string": ["", "a", "12"], "anyURI": ["http://example.org/", "not a uri"],
    "long": ["9223372036854775808"], "unsignedByte": ["255", "256"], "dateTimeStamp": ["2024-01-01T00:00:00Z"],
}
STRINGS = ['""', '"a"', "'b'", '"x\\"y"', '"""multi\nline "quoted" """', "'''it's'''", '"\\u00e9t\\u00e9"',
           '"日本語"', '"\\t\\n\\r"', '"Internet"', '"IPv6"', '"1"', '"true"', '"\\U0001F600"', '"a\\\\b"']
LANGS = ["en", "en-GB", "fr", "zh-Hans", "x-private", "EN", "ar"]
NUMBERS = ["0", "1", "-1", "42", "3.14", "-5e-1", "1e10", "1.5E-3", "+2", ".5", "0.0", "-0e0", "18"]
FUNCTIONS = {  # name: arity
    "STR": 1, "LANG": 1, "LANGMATCHES": 2, "DATATYPE": 1, "IRI": 1, "URI": 1, "BNODE": 1, "RAND": 0,
    "ABS": 1, "CEIL": 1, "FLOOR": 1, "ROUND": 1, "CONCAT": 3, "STRLEN": 1, "UCASE": 1, "LCASE": 1,
    "ENCODE_FOR_URI": 1, "CONTAINS": 2, "STRSTARTS": 2, "STRENDS": 2, "STRBEFORE": 2, "STRAFTER": 2,
    "YEAR": 1, "MONTH": 1, "DAY": 1, "HOURS": 1, "MINUTES": 1, "SECONDS": 1, "TIMEZONE": 1, "TZ": 1,
    "NOW": 0, "UUID": 0, "STRUUID": 0, "MD5": 1, "SHA1": 1, "SHA256": 1, "SHA384": 1, "SHA512": 1,
    "COALESCE": 2, "IF": 3, "STRLANG": 2, "STRDT": 2, "sameTerm": 2, "isIRI": 1, "isURI": 1, "isBLANK": 1,
    "isLITERAL": 1, "isNUMERIC": 1, "REGEX": 2, "SUBSTR": 2, "REPLACE": 3, "BOUND": 1,
    "xsd:integer": 1, "xsd:decimal": 1, "xsd:double": 1, "xsd:float": 1, "xsd:boolean": 1, "xsd:string": 1,
    "xsd:dateTime": 1, "xsd:date": 1, "xsd:time": 1, "xsd:duration": 1, "xsd:dayTimeDuration": 1,
    "xsd:yearMonthDuration": 1, "LANGDIR": 1, "STRLANGDIR": 3, "hasLANG": 1, "hasLANGDIR": 1, "isTRIPLE": 1,
}
AGGREGATES = ["COUNT(*)", "COUNT(DISTINCT {v})", "COUNT({v})", "SUM({v})", "AVG({v})", "MIN({v})", "MAX({v})",
              "SAMPLE({v})", 'GROUP_CONCAT({v} ; SEPARATOR=", ")', "GROUP_CONCAT(DISTINCT STR({v}))"]
OPERATORS = ["||", "&&", "=", "!=", "<", ">", "<=", ">=", "+", "-", "*", "/"]
SEPARATORS = [" ", " ", " ", "\n", "\t", " # a comment\n", "\r\n"]
ACCEPTS = [None, None, None, None, "*/*", "*/*", f"{JSON_RESULTS}, text/turtle;q=0.5",  # mostly any kind
           f"{JSON_RESULTS}, text/turtle;q=0.5", JSON_RESULTS, "application/sparql-results+xml", "text/csv",
           "text/tab-separated-values", "text/turtle", "application/n-triples", "application/ld+json"]
ROADS = ["get", "get-format", "form", "direct"]


def _keyword(word: str) -> st.SearchStrategy[str]:
    return st.sampled_from([word, word, word.lower(), word.capitalize()])


class Grammar:
    """Strategies for SPARQL query texts over the terms of the store."""

    def __init__(self, iris: list[str], predicates: list[str], graphs: list[str], literals: list[str]):
        sep = st.sampled_from(SEPARATORS)
        var = st.sampled_from(VARIABLES)
        full_iri = st.sampled_from([f"<{i}>" for i in iris + predicates + graphs])
        prefixed = st.sampled_from([_prefixed(i) for i in iris + predicates if _prefixed(i)] or ["ex:a"])
        odd_iri = st.sampled_from(["<urn:x:a>", "<http://example.org/a>", "<a>", "<#frag>", "<>", "ex:thing",
                                   "rdf:type", "<http://example.org/\\u0061>", ":report", "xsd:string",
                                   "<https://w3id.org/itukg/state/BRA>", "itu:Meeting", "rdfs:label"])
        iri = st.one_of(full_iri, full_iri, prefixed, odd_iri)
        predicate_iri = st.one_of(st.sampled_from([f"<{p}>" for p in predicates] or ["rdf:type"]),
                                  st.sampled_from([_prefixed(p) or f"<{p}>" for p in predicates] or ["rdf:type"]),
                                  st.just("a"), odd_iri)
        text = st.text(st.characters(codec="utf-8", exclude_characters='"\\\r\n'), max_size=10).map(lambda s: f'"{s}"')
        string = st.one_of(st.sampled_from(STRINGS), text, st.sampled_from(literals or ['"x"']))
        lang = st.builds(lambda s, tag: f"{s}@{tag}", st.sampled_from(STRINGS[:4] + ['"Internet"']),
                         st.sampled_from(LANGS))
        typed = st.sampled_from(sorted(LEXICAL)).flatmap(
            lambda t: st.builds(lambda lex, spelling: f'"{lex}"^^' + spelling.format(t=t),
                                st.sampled_from(LEXICAL[t]), st.sampled_from(["xsd:{t}", f"<{X}{{t}}>"])))
        number = st.one_of(st.sampled_from(NUMBERS), st.integers(-10**6, 10**6).map(str),
                           st.floats(allow_nan=False, allow_infinity=False, width=32).map(  # rdflib refuses
                               lambda x: f"{x:.6e}" if repr(x).startswith("-") else repr(x)))  # -0.5 in VALUES
        boolean = st.sampled_from(["true", "false"])
        custom = st.sampled_from(['"c"^^<urn:dt>', '"1"^^ex:int', '"x"^^rdf:langString', '"<b>x</b>"^^rdf:HTML'])
        literal = st.one_of(string, lang, typed, typed, number, boolean, custom)
        bnode = st.sampled_from(["_:b0", "_:b1", "[]"])
        data_term = st.one_of(iri, literal)  # what VALUES accepts (no blank nodes)
        self.data_term = data_term

        path = st.recursive(predicate_iri, lambda p: st.one_of(
            p.map(lambda a: f"^{a}"), st.builds(lambda a, b: f"({a}/{b})", p, p),
            st.builds(lambda a, b: f"({a}|{b})", p, p), st.builds(lambda a, m: f"({a}){m}", p, st.sampled_from("*+?")),
            st.builds(lambda a: f"!{a}", predicate_iri), st.builds(lambda a, b: f"!({a}|^{b})", predicate_iri,
                                                                     predicate_iri)), max_leaves=4)
        subject = st.one_of(var, var, iri, bnode)
        obj = st.one_of(var, var, iri, literal, bnode)
        blank_subject = st.builds(lambda p, o: f"[ {p} {o} ]", predicate_iri, obj)
        triple = st.builds(lambda s, p, o: f"{s} {p} {o}", st.one_of(subject, blank_subject),
                           st.one_of(var, predicate_iri, predicate_iri, path), obj)
        collection = st.builds(lambda s, p, items: f"{s} {p} ({' '.join(items)})", subject, predicate_iri,
                               st.lists(obj, max_size=3))
        triples = st.lists(st.one_of(triple, triple, triple, collection), min_size=1, max_size=3).map(" . ".join)

        def call(name: str, argument: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
            return st.lists(argument, min_size=FUNCTIONS[name], max_size=FUNCTIONS[name]).map(
                lambda args: f"{name}({', '.join(args)})")

        expression = st.recursive(
            st.one_of(var, var, literal, iri, number),
            lambda e: st.one_of(
                st.builds(lambda a, op, b: f"({a} {op} {b})", e, st.sampled_from(OPERATORS), e),
                st.builds(lambda op, a: f"{op}{a}", st.sampled_from(["!", "-", "+"]), e),
                st.builds(lambda a, neg, items: f"({a} {neg}IN ({', '.join(items)}))", e,
                          st.sampled_from(["", "NOT "]), st.lists(e, max_size=3)),
                st.sampled_from(sorted(FUNCTIONS)).flatmap(lambda name: call(name, e)),
                st.builds(lambda neg, body: f"{neg}EXISTS {{ {body} }}", st.sampled_from(["", "NOT "]), triples)),
            max_leaves=5)
        self.expression = expression

        values_one = st.builds(lambda v, items: f"VALUES {v} {{ {' '.join(items)} }}", var,
                               st.lists(st.one_of(data_term, st.just("UNDEF")), max_size=5))
        values_two = st.builds(lambda ab, rows: f"VALUES ({ab[0]} {ab[1]}) {{ {' '.join(rows)} }}",
                               st.lists(var, min_size=2, max_size=2, unique_by=lambda v: v[1:]),
                               st.lists(st.builds(lambda x, y: f"({x} {y})", st.one_of(data_term, st.just("UNDEF")),
                                                  st.one_of(data_term, st.just("UNDEF"))), max_size=3))
        element = st.recursive(
            st.one_of(triples, triples, triples, values_one, values_two,
                      st.builds(lambda e: f"FILTER({e})", expression),
                      st.builds(lambda e, v: f"BIND({e} AS {v})", expression, var)),
            lambda inner: st.one_of(
                _wrap(st.sampled_from(["OPTIONAL", "OPTIONAL", "MINUS", "FILTER EXISTS", "FILTER NOT EXISTS", "",
                                       "LATERAL"]),  # SPARQL 1.2: the service's guard refuses it
                      inner, sep),
                st.builds(lambda a, b: f"{{ {a} }} UNION {{ {b} }}", inner, inner),
                st.builds(lambda g, body: f"GRAPH {g} {{ {body} }}", st.one_of(var, st.sampled_from(
                    [f"<{g}>" for g in graphs] or ["<urn:g>"])), inner),
                st.builds(lambda proj, body, mods: f"{{ SELECT {proj} WHERE {{ {body} }} {mods} }}",
                          st.sampled_from(["*", "?s", "?x ?o", "DISTINCT ?p", "(COUNT(*) AS ?n)"]), inner,
                          st.sampled_from(["", "LIMIT 3", "ORDER BY ?s LIMIT 5", "OFFSET 1"]))),
            max_leaves=6)
        group = st.lists(element, min_size=0, max_size=4).flatmap(
            lambda items: sep.map(lambda s: s.join(items)))
        self.group = group
        self.var, self.sep, self.iri, self.literal, self.bnode = var, sep, iri, literal, bnode
        self.graphs = graphs
        self.template = st.lists(st.builds(lambda s, p, o: f"{s} {p} {o}", subject, st.one_of(var, predicate_iri),
                                           obj), max_size=3).map(" . ".join)

    # -- whole queries --

    def queries(self) -> st.SearchStrategy[str]:
        """Whole queries: a form, after a prologue declaring the prefixes it uses (and sometimes a BASE)."""
        bases = ["", "", "BASE <http://example.org/base/>\n", "BASE <urn:b:>\n"]
        return st.builds(_with_prologue, st.sampled_from(bases),
                         st.sampled_from(["PREFIX", "PREFIX", "prefix"]),
                         st.one_of(self.select(), self.select(), self.ask(), self.construct(), self.describe(),
                                   self.mixed_order(), self.mixed_order()))

    def dataset(self) -> st.SearchStrategy[str]:
        graph = st.sampled_from([f"<{g}>" for g in self.graphs] or ["<urn:g>"])
        return st.one_of(st.just(""), st.just(""), st.just(""), graph.map(lambda g: f"FROM {g} "),
                         graph.map(lambda g: f"FROM NAMED {g} "))

    def order_by(self) -> st.SearchStrategy[str]:
        condition = st.one_of(self.var, st.builds(lambda d, e: f"{d}({e})", st.sampled_from(["ASC", "DESC"]),
                                                  self.expression), self.expression.map(lambda e: f"({e})"),
                              st.sampled_from(["RAND()", "STR(?o)", "(?o + 1)", "DESC(?x)", "LANG(?o)"]))
        return st.lists(condition, min_size=1, max_size=3).map(lambda cs: "ORDER BY " + " ".join(cs))

    def limits(self) -> st.SearchStrategy[str]:
        n = st.sampled_from(["0", "1", "3", "10", "100", "1000"])
        return st.one_of(st.just(""), n.map(lambda v: f"LIMIT {v}"), st.builds(
            lambda a, b: f"LIMIT {a} OFFSET {b}", n, n), n.map(lambda v: f"OFFSET {v}"))

    def select(self) -> st.SearchStrategy[str]:
        plain = st.builds(lambda distinct, proj: f"SELECT {distinct}{proj}",
                          st.sampled_from(["", "", "DISTINCT ", "REDUCED "]),
                          st.one_of(st.just("*"), st.lists(self.var, min_size=1, max_size=3, unique=True).map(" ".join),
                                    st.builds(lambda e, v: f"?s ({e} AS {v})", self.expression,
                                              st.sampled_from(["?e", "?f"]))))
        body = st.builds(lambda head, ds, group, order, limit: f"{head} {ds}WHERE {{ {group} }} {order} {limit}",
                         plain, self.dataset(), self.group, st.one_of(st.just(""), self.order_by()), self.limits())
        return st.one_of(body, body, self.aggregate())

    def aggregate(self) -> st.SearchStrategy[str]:
        def build(keys, aggs, group, having, order, limit):
            projection = " ".join(keys + [f"({a} AS ?agg{i})" for i, a in enumerate(aggs)])
            grouping = f"GROUP BY {' '.join(keys)} " if keys else ""
            return f"SELECT {projection} WHERE {{ {group} }} {grouping}{having} {order} {limit}"
        aggs = st.lists(st.builds(lambda a, v: a.format(v=v), st.sampled_from(AGGREGATES), self.var),
                        min_size=1, max_size=2)
        having = st.one_of(st.just(""), st.builds(lambda a, op, n: f"HAVING ({a} {op} {n})",
                                                  st.sampled_from(["COUNT(*)", "MAX(?o)", "SUM(?n)", "MIN(?s)"]),
                                                  st.sampled_from(["<", ">", "="]), self.literal))
        order = st.one_of(st.just(""), st.just("ORDER BY ?agg0"), st.just("ORDER BY DESC(?agg0)"),
                          st.builds(lambda k: f"ORDER BY {k} ?agg0", self.var))
        return st.builds(build, st.lists(st.sampled_from(["?s", "?p", "?o", "?g"]), max_size=2, unique=True),
                         aggs, self.group, having, order, self.limits())

    def ask(self) -> st.SearchStrategy[str]:
        return st.builds(lambda kw, ds, group: f"{kw} {ds}{{ {group} }}", _keyword("ASK"), self.dataset(), self.group)

    def construct(self) -> st.SearchStrategy[str]:
        full = st.builds(lambda tpl, group, limit: f"CONSTRUCT {{ {tpl} }} WHERE {{ {group} }} {limit}",
                         self.template, self.group, self.limits())
        short = st.builds(lambda tpl: f"CONSTRUCT WHERE {{ {tpl} }} LIMIT 20", self.template)
        return st.one_of(full, short)

    def describe(self) -> st.SearchStrategy[str]:
        return st.builds(lambda what, group, limit: f"DESCRIBE {what} WHERE {{ {group} }} {limit}",
                         st.one_of(self.var, self.iri, st.just("*")), self.group, self.limits())

    def mixed_order(self) -> st.SearchStrategy[str]:
        """ORDER BY over IRIs, literals of every kind, blank nodes and unbound values together."""
        values = st.lists(st.one_of(self.data_term, self.data_term, st.just("UNDEF")), min_size=2, max_size=40)
        source = st.sampled_from(["", "{ ?s ?p ?x } UNION ", "{ GRAPH ?g { ?s ?p ?x } } UNION ",
                                  "{ BIND(BNODE() AS ?x) } UNION ", "OPTIONAL { ?x ?p ?o } "])
        order = st.one_of(st.just("ORDER BY ?x"), st.just("ORDER BY DESC(?x)"), st.just("ORDER BY ?x ?y"),
                          st.just("ORDER BY RAND()"), st.builds(lambda e: f"ORDER BY ({e}) ?x", self.expression),
                          st.just("ORDER BY (?x < ?y)"), st.just("ORDER BY STR(?x) DESC(?x)"))
        return st.builds(
            lambda src, vals, extra, order, limit: (f"SELECT ?x ?y WHERE {{ {src}{{ VALUES ?x {{ "
                                                    f"{' '.join(vals)} }} }} {extra} }} {order} {limit}"),
            source, values,
            st.sampled_from(["", "BIND(RAND() AS ?y)", "OPTIONAL { ?x ?q ?y }", "BIND(STR(?x) AS ?y)",
                             "VALUES ?y { 1 \"a\" <urn:y> UNDEF }"]),
            order, st.sampled_from(["", "LIMIT 10", "LIMIT 1000", "OFFSET 2"]))


def _with_prologue(base: str, keyword: str, query: str) -> str:
    """The query after BASE (if any) and a PREFIX for each prefix it seems to use."""
    used = [f"{keyword} {name}: <{ns}>\n" for name, ns in PREFIXES.items()
            if re.search(rf"(?<![\w.\-:?$]){re.escape(name)}:(?!//)", query)]
    return base + "".join(used) + query.strip()


def _wrap(keyword, inner, sep):
    return st.builds(lambda kw, body, s: f"{kw}{s}{{ {body} }}", keyword, inner, sep)


def _prefixed(iri: str) -> str | None:
    for name, ns in PREFIXES.items():
        local = iri[len(ns):] if iri.startswith(ns) else None
        if local and re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", local):
            return f"{name}:{local}"
    return None


def _sparql_term(binding: dict) -> str:
    """A term of a SPARQL JSON result, written as SPARQL."""
    value = binding["value"]
    if binding["type"] == "uri":
        return f"<{value}>"
    text = '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r") + '"'
    if "xml:lang" in binding:
        return f"{text}@{binding['xml:lang']}"
    if "datatype" in binding:
        return f"{text}^^<{binding['datatype']}>"
    return text


# ------------------------------------------------------------------------------------------ the service


class Service:
    """`itukg serve` (tests/live.py) on a fresh store with the bundled report; started again when it goes
    down, so that the fuzzing goes on. Counters of /metrics are summed over the starts."""

    def __init__(self, folder: Path, timeout: float):
        self.folder = folder
        self.timeout = timeout
        self.starts = 0
        self.base = ""
        self.log = Path()
        self._context = None
        self._first: dict[str, float] = {}
        self.last: dict[str, float] = {}
        self.totals: collections.Counter = collections.Counter()

    def start(self) -> None:
        self.starts += 1
        store = self.folder / f"store-{self.starts}"
        self._context = live_server(store, timeout=self.timeout, env={"ITUKG_TIMEOUT_BUDGET": "off"})
        self.base = self._context.__enter__()
        self.log = self.folder / f"serve-{self.base.rsplit(':', 1)[1]}.log"
        self._first = self.last = self.metrics()

    def stop(self) -> None:
        if self._context is not None:
            for name, value in self.last.items():  # what this start counted
                self.totals[name] += value - self._first.get(name, 0.0)
            self._context.__exit__(None, None, None)
            self._context = None

    def restart(self) -> None:
        self.stop()
        self.start()

    def metrics(self) -> dict[str, float]:
        try:
            text = httpx.get(f"{self.base}/metrics", timeout=5).text
        except httpx.HTTPError:
            return {}
        values: dict[str, float] = {}
        for line in text.splitlines():
            name, _, value = line.rpartition(" ")
            if name and not line.startswith("#"):
                with contextlib.suppress(ValueError):
                    values[name] = float(value)
        self.last = values or self.last
        return values


@dataclass
class Finding:
    kind: str  # engine-crash, unexpected-status, hang, connection, service-down, health-slow, canary
    signature: str
    query: str | None = None
    road: str | None = None
    accept: str | None = None
    status: int | None = None
    detail: str = ""
    count: int = 1
    first_seen_s: float = 0.0
    shrunk: bool = False  # the query is the smallest Hypothesis found that still shows it
    batch: list | None = None  # [answer, road, query] of the batch, when no query alone showed it


@dataclass
class Item:
    road: str
    accept: str | None
    query: str


class Stop(BaseException):
    """The time budget (or the round's shrinking budget) is spent (not an Exception: Hypothesis lets it
    through)."""


class NewFinding(Exception):
    """Fails a Hypothesis example, so that it shrinks the batch."""


def _fail(signature: str):
    """Raise NewFinding from this one place: Hypothesis tells failures apart by where they are raised."""
    raise NewFinding(signature)


class Fuzzer:
    def __init__(self, service: Service, args):
        self.service, self.args = service, args
        self.client = httpx.Client(timeout=args.timeout + HANG_MARGIN_S,
                                   limits=httpx.Limits(max_connections=args.threads + 4))
        self.pool = concurrent.futures.ThreadPoolExecutor(args.threads, thread_name_prefix="fuzz")
        self.started = time.monotonic()
        self.deadline = self.started + args.minutes * 60
        self.statuses: collections.Counter = collections.Counter()
        self.by_road: collections.Counter = collections.Counter()
        self.durations: list[float] = []
        self.sent = self.batches = self.health_checks = self.downs = 0
        self.findings: dict[str, Finding] = {}
        self.known: set[str] = set()
        self.round_new: set[str] = set()
        self.shrink_started: float | None = None
        self.shrinking: Finding | None = None
        self.panics: list[str] = []
        self.panic_context: list[str] = []
        self.log_offset = 0
        self.canary = self.ask_canary()
        if self.canary is None:
            raise SystemExit("the canary query did not answer at the start")
        self.read_panics()  # whatever the start wrote
        self.last_progress = 0.0

    # -- sending --

    def send(self, item: Item) -> tuple[int | str, float, str]:
        """(status or the name of the transport error, seconds, start of the body)."""
        path = f"{self.service.base}/sparql"
        headers = {"Accept": item.accept} if item.accept else {}
        begin = time.monotonic()
        try:
            if item.road == "get" and len(item.query) < 6000:
                response = self.client.get(path, params={"query": item.query}, headers=headers)
            elif item.road == "get-format" and len(item.query) < 6000:
                response = self.client.get(path, params={"query": item.query, "format": "json"}, headers=headers)
            elif item.road == "form":
                response = self.client.post(path, data={"query": item.query}, headers=headers)
            else:
                response = self.client.post(path, content=item.query.encode(), headers={
                    **headers, "Content-Type": "application/sparql-query"})
            status, body = response.status_code, response.text[:600]
        except httpx.TimeoutException:
            status, body = "hang", ""
        except httpx.HTTPError as exc:
            status, body = type(exc).__name__, str(exc)[:200]
        return status, time.monotonic() - begin, body

    def run_batch(self, batch: list[Item]) -> list[tuple]:
        outcomes = list(self.pool.map(self.send, batch))
        self.batches += 1
        for item, (status, seconds, _) in zip(batch, outcomes):
            self.sent += 1
            self.statuses[str(status)] += 1
            self.by_road[item.road] += 1
            self.durations.append(seconds)
        return outcomes

    # -- what the service says about itself --

    def crashes(self) -> float | None:
        metrics = self.service.metrics()
        return next((metrics[name] for name in CRASHES if name in metrics), None)

    def ask_canary(self) -> int | None:
        for _ in range(20):  # the engine may be restarting: a few tries over ~10 s
            try:
                response = self.client.get(f"{self.service.base}/sparql", params={"query": CANARY},
                                           headers={"Accept": JSON_RESULTS}, timeout=self.args.timeout + 5)
                if response.status_code == 200:
                    return int(response.json()["results"]["bindings"][0]["n"]["value"])
            except (httpx.HTTPError, ValueError, KeyError, IndexError):
                pass
            time.sleep(0.5)
        return None

    def read_panics(self) -> list[str]:
        """Panic messages the service's log gained since the last call."""
        try:
            with open(self.service.log, "rb") as handle:
                handle.seek(self.log_offset)
                text = handle.read().decode("utf-8", "replace")
                self.log_offset = handle.tell()
        except OSError:
            return []
        found = _panics(text)
        self.panics += found
        self.panic_context += [text[max(0, m.start() - 200):m.end() + 600] for m in PANIC.finditer(text)][:2]
        return found

    def health(self, *, crashed: bool = False) -> list[Finding]:
        """/health 200 within 2 s, and the canary's answer. When /health has not answered 200 for 30 s the
        service is down: a finding, and the service is started again."""
        self.health_checks += 1
        begin = time.monotonic()
        while True:
            try:
                if self.client.get(f"{self.service.base}/health", timeout=HEALTH_WITHIN_S).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() - begin > DOWN_AFTER_S:
                self.downs += 1
                print(f"  the service is down (no /health 200 for {DOWN_AFTER_S:g} s): starting it again", flush=True)
                self.service.restart()
                self.log_offset = 0
                return [Finding("service-down", f"/health did not answer 200 for {DOWN_AFTER_S:g} s"
                                + (" (after an engine crash)" if crashed else ""))]
            time.sleep(0.1)
        findings = []
        waited = time.monotonic() - begin
        if waited > HEALTH_WITHIN_S:
            findings.append(Finding("health-slow", f"/health answered 200 only after more than {HEALTH_WITHIN_S:g} s"
                                    + (" (after an engine crash)" if crashed else ""), detail=f"{waited:.1f} s"))
        canary = self.ask_canary()
        if canary != self.canary:
            findings.append(Finding("canary", "the canary query's answer changed",
                                    detail=f"{canary} instead of {self.canary}"))
        return findings

    # -- one Hypothesis example --

    def example(self, batch: list[Item]) -> None:
        now = time.monotonic()
        if self.shrink_started is None and now > self.deadline:
            raise Stop()
        if self.shrink_started is not None and now - self.shrink_started > self.args.shrink_seconds:
            raise Stop()
        findings = self.check(batch)
        self.progress()
        if self.shrinking is not None:  # shrinking: fail only when the finding being shrunk shows again
            same = [f for f in findings if f.query is not None and _same(f, self.shrinking)]
            for finding in same:
                finding.shrunk, finding.signature = True, self.shrinking.signature
                self.note(finding)
            for finding in findings:
                if finding not in same:
                    self.note(finding)
            if same:
                _fail(self.shrinking.signature)
            return
        for finding in findings:
            self.note(finding)
        # a new finding that one query shows, and that the service survives, fails the example so that
        # Hypothesis shrinks it; the others (a batch only, a service down) are counted only
        new = [f for f in findings if f.signature not in self.known]
        shrinkable = [f for f in new if f.query is not None and f.kind in SHRINKABLE
                      and not any(d.kind == "service-down" for d in findings)]
        self.known.update(f.signature for f in new if f not in shrinkable)
        if shrinkable:
            self.round_new.update(f.signature for f in shrinkable)
            self.shrink_started, self.shrinking = time.monotonic(), shrinkable[0]
            _fail(shrinkable[0].signature)

    def check(self, batch: list[Item]) -> list[Finding]:
        """Send a batch, then ask the service how it is; what was wrong."""
        crashes = self.crashes()
        outcomes = self.run_batch(batch)
        findings = self.examine(batch, outcomes)
        panics = self.read_panics()
        crashed = bool(panics) or (crashes is not None and (self.crashes() or 0) > crashes)
        findings += self.health(crashed=crashed)
        down = any(f.kind == "service-down" for f in findings)
        if (crashed or down) and not any(f.kind == "engine-crash" for f in findings):
            findings.append(self.isolate(batch, outcomes, panics))
        last_crash = next((s for s, f in reversed(self.findings.items()) if f.kind == "engine-crash"), None)
        for finding in findings:
            if finding.kind == "engine-crash" and panics:
                finding.signature = f"engine crash: {panics[0]}"
            elif finding.kind == "engine-crash" and last_crash is not None:
                finding.signature = last_crash  # a query refused as the cause of a crash, or a crash without a panic
            if finding.kind == "engine-crash":
                finding.detail = (finding.detail + f"; crashes counted by the service: "
                                  f"{(self.crashes() or 0) - (crashes or 0):g}").lstrip("; ")
        return findings

    def examine(self, batch: list[Item], outcomes: list[tuple]) -> list[Finding]:
        findings = []
        for item, (status, seconds, body) in zip(batch, outcomes):
            if status == 200 or (isinstance(status, int) and 400 <= status < 500):
                continue
            if _crash_answer(status, body):
                kind, signature = "engine-crash", "engine crash"
            elif status == 503:
                continue  # the time limit, the engine restarting, the service busy
            elif status == "hang":
                kind, signature = "hang", f"no answer within {self.args.timeout + HANG_MARGIN_S:g} s"
            elif isinstance(status, int):
                kind, signature = "unexpected-status", f"{status}: {_normalise(body)}"
            else:
                kind, signature = "connection", f"{status}"
            findings.append(Finding(kind, signature, item.query, item.road, item.accept,
                                    status if isinstance(status, int) else None, body[:300]))
        return findings

    def isolate(self, batch: list[Item], outcomes: list[tuple], panics: list[str]) -> Finding:
        """The query of the batch that crashes the engine or takes the service down when sent alone."""
        order = sorted(range(len(batch)), key=lambda i: _suspicion(outcomes[i][0]))
        for index in order[:8]:
            item = batch[index]
            crashes = self.crashes()
            self.read_panics()
            status, _, body = self.run_batch([item])[0]
            alone = self.read_panics()
            crashed = bool(alone) or _crash_answer(status, body) or (
                crashes is not None and (self.crashes() or 0) > crashes)
            health = self.health(crashed=crashed)
            if crashed or any(f.kind == "service-down" for f in health):
                return Finding("engine-crash", "engine crash", item.query, item.road, item.accept,
                               status if isinstance(status, int) else None,
                               f"sent alone: {status} {body[:200]}; in the batch: {outcomes[index][0]}")
        return Finding("engine-crash", "engine crash (batch only)", detail="no query of the batch did it alone",
                       batch=[[str(outcomes[i][0]), batch[i].road, batch[i].query] for i in order])

    def note(self, finding: Finding) -> None:
        """Count a finding; keep the smallest query that shows it."""
        known = self.findings.get(finding.signature)
        if known is None:
            finding.first_seen_s = round(time.monotonic() - self.started, 1)
            self.findings[finding.signature] = finding
            print(f"  finding [{finding.kind}] {finding.signature[:160]}", flush=True)
            return
        known.count += 1
        if finding.query is not None and (known.query is None or len(finding.query) < len(known.query)):
            for name in ("query", "road", "accept", "status", "detail", "shrunk"):
                setattr(known, name, getattr(finding, name))

    def progress(self) -> None:
        now = time.monotonic()
        if now - self.last_progress >= 15:
            self.last_progress = now
            top = ", ".join(f"{k}: {v}" for k, v in self.statuses.most_common(6))
            print(f"  {now - self.started:5.0f} s  {self.sent} queries  {top}  findings: {len(self.findings)}",
                  flush=True)


SHRINKABLE = ("engine-crash", "unexpected-status")  # cheap to show again (a hang is not)


def _same(finding: Finding, shrinking: Finding) -> bool:
    """Whether a finding is the one being shrunk (an engine crash is one, whatever its panic says: a query
    that crashed the engine is refused for a while with another answer, which is the same crash)."""
    if shrinking.kind == "engine-crash":
        return finding.kind == "engine-crash"
    return finding.signature == shrinking.signature


def _crash_answer(status, body: str) -> bool:
    """The service's own answers to a crash of its engine: 500 while the query ran, 503 when it is refused
    as the cause of a crash lately."""
    return (status == 500 and "crashed while running" in body) or (status == 503 and "crash lately" in body)


def _suspicion(status) -> int:
    """Which answers of a batch to suspect first: no answer, then 5xx, then 200, then 4xx (refused early)."""
    if not isinstance(status, int):
        return 0
    return 1 if status >= 500 else 2 if status == 200 else 3


def _panics(text: str) -> list[str]:
    """The signatures of the Rust panics in a log: where (without the compiler's path) and the message."""
    found = []
    for match in PANIC.finditer(text):
        where = re.sub(r"^/rustc/[0-9a-f]+/", "", match.group(1).strip()).rstrip(":")
        after = text[match.end():match.end() + 400].strip()
        found.append(f"panic at {where}: {after.splitlines()[0] if after else ''}".strip())
    return found


def _normalise(body: str) -> str:
    """An error message without the parts that change from query to query."""
    try:
        body = json.loads(body).get("error", body)
    except (ValueError, AttributeError):
        pass
    body = re.sub(r'"[^"]*"|<[^>]*>|\d+', "…", str(body))
    return body.strip()[:120]


# ------------------------------------------------------------------------------------------ the run


def store_terms(client: httpx.Client, base: str) -> tuple[list[str], ...]:
    """IRIs, predicates, graphs and literals of the store, for the strategies."""
    def column(query: str) -> list[dict]:
        response = client.get(f"{base}/sparql", params={"query": query}, headers={"Accept": JSON_RESULTS}, timeout=60)
        response.raise_for_status()
        return [row["t"] for row in response.json()["results"]["bindings"] if "t" in row]

    iris = [t["value"] for t in column(
        "SELECT DISTINCT ?t WHERE { GRAPH ?g { ?t ?p ?o } FILTER(isIRI(?t)) } LIMIT 150")]
    predicates = [t["value"] for t in column("SELECT DISTINCT ?t WHERE { GRAPH ?g { ?s ?t ?o } } LIMIT 80")]
    graphs = [t["value"] for t in column("SELECT DISTINCT ?t WHERE { GRAPH ?t { ?s ?p ?o } } LIMIT 20")]
    literals = [_sparql_term(t) for t in column(
        "SELECT DISTINCT ?t WHERE { GRAPH ?g { ?s ?p ?t } FILTER(isLiteral(?t) && STRLEN(STR(?t)) < 60) } LIMIT 80")]
    return iris, predicates, graphs, literals


def fuzz(fuzzer: Fuzzer, grammar: Grammar, args) -> int:
    item = st.builds(Item, st.sampled_from(ROADS), st.sampled_from(ACCEPTS), grammar.queries())
    batches = st.lists(item, min_size=1, max_size=args.batch)
    config = settings(deadline=None, max_examples=1_000_000, database=None, verbosity=Verbosity.quiet,
                      phases=[Phase.generate, Phase.shrink], suppress_health_check=list(HealthCheck))
    rounds = 0
    while time.monotonic() < fuzzer.deadline:
        @config
        @given(batches)
        def run(batch):
            fuzzer.example(batch)

        if args.seed is not None:
            run = seed(args.seed * 1000 + rounds)(run)
        fuzzer.shrink_started, fuzzer.shrinking, fuzzer.round_new = None, None, set()
        rounds += 1
        try:
            run()
        except Stop:
            pass
        except Exception as exc:  # noqa: BLE001  the round's finding (shrunk), or Hypothesis saying it was flaky
            if not fuzzer.round_new:
                print(f"  round {rounds} ended: {type(exc).__name__}: {str(exc)[:300]}", flush=True)
        for signature in fuzzer.round_new - fuzzer.known:
            finding = fuzzer.findings.get(signature)
            if finding is not None and finding.query is not None:
                print(f"  shrunk to {len(finding.query)} characters in "
                      f"{time.monotonic() - fuzzer.shrink_started:.0f} s", flush=True)
        fuzzer.known |= fuzzer.round_new
        if fuzzer.shrinking is not None:  # whatever signature the crash got while it was shrunk
            fuzzer.known |= {s for s, f in fuzzer.findings.items() if _same(f, fuzzer.shrinking)}
    return rounds


def summary(fuzzer: Fuzzer, args, rounds: int, seconds: float) -> dict:
    durations = sorted(fuzzer.durations) or [0.0]
    counted = fuzzer.service.totals

    def total(name: str) -> float | None:
        return counted.get(name)

    def quantile(q: float) -> float:
        return round(durations[min(len(durations) - 1, int(q * len(durations)))] * 1000, 1)

    return {
        "command": " ".join([Path(sys.executable).name, *sys.argv]),
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "commit": _commit(), "itukg_source": _source(), "python": platform.python_version(),
        "pyoxigraph": _version("pyoxigraph"),
        "hypothesis": _version("hypothesis"),
        "settings": {"minutes": args.minutes, "seed": args.seed, "threads": args.threads, "batch": args.batch,
                     "timeout_s": args.timeout, "shrink_seconds": args.shrink_seconds},
        "seconds": round(seconds, 1), "rounds": rounds, "batches": fuzzer.batches, "queries_sent": fuzzer.sent,
        "statuses": dict(fuzzer.statuses.most_common()), "roads": dict(fuzzer.by_road),
        "latency_ms": {"p50": quantile(0.5), "p95": quantile(0.95), "max": quantile(1.0)},
        "health_checks": fuzzer.health_checks,
        "service_down": fuzzer.downs > 0, "service_downs": fuzzer.downs, "service_starts": fuzzer.service.starts,
        "engine_restarts": total("itukg_engine_restarts"), "query_timeouts": total("itukg_query_timeouts"),
        "engine_crashes": next((total(name) for name in CRASHES if name in counted), None),
        "errors_by_status": {k: v for k, v in counted.items() if k.startswith("itukg_errors_total")},
        "panics_in_log": len(fuzzer.panics), "panic_messages": sorted(set(fuzzer.panics)),
        "findings": [asdict(f) for f in fuzzer.findings.values()],
        "log_at_panics": fuzzer.panic_context,
    }


def report(result: dict) -> None:
    print()
    print(f"{result['queries_sent']} queries in {result['batches']} batches, {result['rounds']} rounds, "
          f"{result['seconds']:.0f} s; latency p50 {result['latency_ms']['p50']} ms, "
          f"p95 {result['latency_ms']['p95']} ms, max {result['latency_ms']['max']} ms")
    print("statuses: " + ", ".join(f"{k}: {v}" for k, v in result["statuses"].items()))
    crashes = result["engine_crashes"]
    print(f"engine restarts {result['engine_restarts']}, query time-outs {result['query_timeouts']}, "
          f"engine crashes {'(not in /metrics)' if crashes is None else crashes}, "
          f"panics in the log {result['panics_in_log']}")
    print(f"service down: {result['service_downs']} time(s)" if result["service_down"] else "service down: never")
    print(f"findings: {len(result['findings'])}")
    for finding in result["findings"]:
        print(f"- [{finding['kind']}] {finding['signature']} "
              f"(x{finding['count']}, first at {finding['first_seen_s']} s)")
        if finding["query"]:
            shrunk = ", shrunk by Hypothesis" if finding["shrunk"] else ""
            print(f"  {finding['road']}, Accept {finding['accept']}, answer {finding['status']}{shrunk}:")
            print("    " + finding["query"].replace("\n", "\n    "))
        if finding["detail"]:
            print(f"  {finding['detail'][:300]}")


def _commit() -> str:
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                              text=True, timeout=10, check=False).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                               capture_output=True, text=True, timeout=10, check=False).stdout.strip()
        return head + ("+changes" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def _source() -> str:
    """Where the itukg that `itukg serve` runs comes from (this checkout, or another one on PYTHONPATH)."""
    import importlib.util

    spec = importlib.util.find_spec("itukg.api")
    return str(Path(spec.origin).parent) if spec and spec.origin else "?"


def _version(package: str) -> str:
    from importlib.metadata import PackageNotFoundError, version
    try:
        return version(package)
    except PackageNotFoundError:
        return "?"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=3.0, help="time budget (default 3)")
    parser.add_argument("--seed", type=int, default=None, help="reproducible queries (Hypothesis seed N*1000+round)")
    parser.add_argument("--threads", type=int, default=4, help="queries sent at once (default 4)")
    parser.add_argument("--batch", type=int, default=16, help="queries per Hypothesis example at most (default 16)")
    parser.add_argument("--timeout", type=float, default=5.0, help="the service's query time limit, s (default 5)")
    parser.add_argument("--shrink-seconds", type=float, default=60.0, help="shrinking budget per round (default 60)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help=f"JSON result (default {DEFAULT_OUT.relative_to(ROOT)})")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (stores, the service's logs)")
    args = parser.parse_args(argv)
    warnings.filterwarnings("ignore", category=HypothesisWarning)  # the reprs of large sampled_from lists

    with contextlib.ExitStack() as stack:
        folder = Path(tempfile.mkdtemp(prefix="itukg-fuzz-"))
        if args.keep:
            print(f"keeping {folder}")
        else:
            stack.callback(shutil.rmtree, folder, ignore_errors=True)
        from hypothesis import configuration
        configuration.set_hypothesis_home_dir(folder / ".hypothesis")
        print(f"starting itukg serve on a store with the bundled report (time limit {args.timeout:g} s)", flush=True)
        service = Service(folder, args.timeout)
        stack.callback(service.stop)
        service.start()
        terms = store_terms(httpx.Client(), service.base)
        fuzzer = Fuzzer(service, args)
        stack.callback(fuzzer.pool.shutdown, wait=False, cancel_futures=True)
        print(f"fuzzing {service.base} for {args.minutes:g} min from {args.threads} threads "
              f"(canary: {fuzzer.canary} quads)", flush=True)
        started = time.monotonic()
        rounds = fuzz(fuzzer, Grammar(*terms), args)
        seconds = time.monotonic() - started
        fuzzer.read_panics()
        service.metrics()
        service.stop()
        result = summary(fuzzer, args, rounds, seconds)
    report(result)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(f"\nwritten to {args.out}")
    return 1 if result["service_down"] else 0


if __name__ == "__main__":
    sys.exit(main())
