"""SPARQL built from its grammar's pieces as Hypothesis strategies, over terms read from the store."""

from __future__ import annotations

import re

from hypothesis import strategies as st

JSON_RESULTS = "application/sparql-results+json"
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
