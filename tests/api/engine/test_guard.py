"""The SPARQL guard: SERVICE and LOAD are refused however they are spelled, the graphs an update writes are
known before it runs, and nothing but `QueryError` ever comes out of it.

Where it matters, the verdicts are checked against pyoxigraph itself, which executes what the guard lets
through: a SERVICE to http://127.0.0.1:9/ makes pyoxigraph raise OSError (port 9 is refused before any
connection is made), so "pyoxigraph would call the remote endpoint" is observable without a network.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from itukg.api.engine import guard
from itukg.api.engine.guard import (analyse_query, QueryPlan, UpdatePlan, check_query, check_update,
                                    resolve_iri)
from itukg.api.web.search_clause import find_calls, rewrite, skeleton
from itukg.api.search.records import Hit
from itukg.loader.errors import QueryError

REMOTE = "<http://127.0.0.1:9/sparql>"
T = "<http://a/s> <http://a/p> <http://a/o>"
A = "http://a/"


def _oxigraph_calls_service(sparql: str, *, update: bool = False) -> bool:
    """True if pyoxigraph, running the text on an empty store, tries to reach the remote endpoint."""
    try:
        if update:
            ox.Store().update(sparql)
        else:
            result = ox.Store().query(sparql)
            if not isinstance(result, ox.QueryBoolean):
                list(result)
    except OSError:
        return True
    except (SyntaxError, ValueError, RuntimeError):  # not valid, or an evaluation error before any call
        return False
    return False


# -- SERVICE, however it is spelled, is refused --

SERVICE_QUERIES = {
    "upper": f"SELECT * WHERE {{ SERVICE {REMOTE} {{ ?s ?p ?o }} }}",
    "lower": f"select * where {{ service {REMOTE} {{ ?s ?p ?o }} }}",
    "mixed": f"SeLeCt * WhErE {{ SeRvIcE {REMOTE} {{ ?s ?p ?o }} }}",
    "silent": f"SELECT * WHERE {{ SERVICE SILENT {REMOTE} {{ ?s ?p ?o }} }}",
    "silent lower": f"select * {{ service silent {REMOTE} {{ ?s ?p ?o }} }}",
    "newline": f"SELECT * WHERE {{ SERVICE\n{REMOTE}\n{{ ?s ?p ?o }} }}",
    "tab": f"SELECT * WHERE {{ SERVICE\t{REMOTE}\t{{ ?s ?p ?o }} }}",
    "crlf": f"SELECT * WHERE {{\r\nSERVICE\r\n{REMOTE}\r\n{{ ?s ?p ?o }} }}",
    "comment": f"SELECT * WHERE {{ SERVICE # the remote one\n {REMOTE} {{ ?s ?p ?o }} }}",
    "comment after silent": f"SELECT * WHERE {{ SERVICE SILENT#x\n{REMOTE} {{ ?s ?p ?o }} }}",
    "no spaces": f"SELECT*WHERE{{SERVICE{REMOTE}{{?s?p?o}}}}",
    "prefixed name": "PREFIX ex: <http://127.0.0.1:9/> SELECT * WHERE { SERVICE ex:svc { ?s ?p ?o } }",
    "empty prefix": "PREFIX : <http://127.0.0.1:9/> SELECT * WHERE { SERVICE :svc { ?s ?p ?o } }",
    "empty prefix glued": "PREFIX : <http://127.0.0.1:9/> SELECT * WHERE { SERVICE:svc { ?s ?p ?o } }",
    "variable": "SELECT * WHERE { VALUES ?x { <http://127.0.0.1:9/> } SERVICE ?x { ?s ?p ?o } }",
    "dollar variable": "SELECT * WHERE { SERVICE $x { ?s ?p ?o } }",
    "escaped IRI": r"SELECT * WHERE { SERVICE <http://127.0.0.1:9/\u0073parql> { ?s ?p ?o } }",
    "optional": f"SELECT * WHERE {{ ?a ?b ?c OPTIONAL {{ SERVICE {REMOTE} {{ ?s ?p ?o }} }} }}",
    "subquery": f"SELECT * WHERE {{ {{ SELECT ?s WHERE {{ SERVICE {REMOTE} {{ ?s ?p ?o }} }} }} }}",
    "filter exists": f"SELECT * WHERE {{ ?a ?b ?c FILTER EXISTS {{ SERVICE {REMOTE} {{ ?s ?p ?o }} }} }}",
    "filter not exists": f"SELECT * WHERE {{ ?a ?b ?c FILTER NOT EXISTS {{ SERVICE {REMOTE} {{ ?s ?p ?o }} }} }}",
    "bind exists": f"SELECT * WHERE {{ BIND(EXISTS {{ SERVICE {REMOTE} {{ ?s ?p ?o }} }} AS ?x) }}",
    "minus": f"SELECT * WHERE {{ ?a ?b ?c MINUS {{ SERVICE {REMOTE} {{ ?s ?p ?o }} }} }}",
    "union": f"SELECT * WHERE {{ {{ ?a ?b ?c }} UNION {{ SERVICE {REMOTE} {{ ?s ?p ?o }} }} }}",
    "graph": f"SELECT * WHERE {{ GRAPH ?g {{ SERVICE {REMOTE} {{ ?s ?p ?o }} }} }}",
    "deeply nested": (f"SELECT * WHERE {{ OPTIONAL {{ {{ SELECT * WHERE {{ FILTER NOT EXISTS {{ {{ ?a ?b ?c }} "
                      f"UNION {{ MINUS {{ SERVICE {REMOTE} {{ ?s ?p ?o }} }} }} }} }} }} }} }}"),
    "service in service": f"SELECT * WHERE {{ SERVICE {REMOTE} {{ SERVICE {REMOTE} {{ ?s ?p ?o }} }} }}",
    "ask": f"ASK {{ SERVICE {REMOTE} {{ ?s ?p ?o }} }}",
    "construct": f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE {REMOTE} {{ ?s ?p ?o }} }}",
    "describe": f"DESCRIBE ?s WHERE {{ SERVICE {REMOTE} {{ ?s ?p ?o }} }}",
    "with a property path": f"SELECT * WHERE {{ ?a <x:p>/^<x:q>* ?c . SERVICE {REMOTE} {{ ?s ?p ?o }} }}",
    "escapes in a string nearby": rf'SELECT * WHERE {{ BIND("\u0053ERVICE \u0022" AS ?x) SERVICE {REMOTE} {{ }} }}',
    "escaped quote in a string": rf'SELECT * WHERE {{ BIND("a\u0022 # b" AS ?x) SERVICE {REMOTE} {{ }} }}',
    "word in a string nearby": f'SELECT * WHERE {{ BIND("SERVICE" AS ?x) SERVICE {REMOTE} {{ }} }}',
    # rdflib ends comments at line feeds only; pyoxigraph (as the grammar says) at carriage returns too
    "carriage return ends a comment": f"SELECT * WHERE {{ # note\r SERVICE {REMOTE} {{ }} \n }}",
    # rdflib's parseQuery expands \u escapes everywhere, pyoxigraph only in strings and IRIs
    "escaped newline in a comment": (f'SELECT * WHERE {{ BIND(1 AS ?z) # \\u000A FILTER(STRLEN("""\n'
                                     f'SERVICE {REMOTE} {{ ?a ?b ?c }}\n# \\u000A """) > 0)\n}}'),
}


@pytest.mark.parametrize("sparql", SERVICE_QUERIES.values(), ids=SERVICE_QUERIES.keys())
def test_service_is_refused(sparql):
    with pytest.raises(QueryError, match="^SERVICE is not allowed"):
        check_query(sparql)


def test_the_two_parser_differences_are_real():
    """Both texts make pyoxigraph call the remote endpoint, while rdflib's own parseQuery sees no SERVICE
    in them: a guard that used it as it is would let them through."""
    from rdflib.plugins.sparql.parser import parseQuery

    for name in ("carriage return ends a comment", "escaped newline in a comment"):
        sparql = SERVICE_QUERIES[name]
        assert _oxigraph_calls_service(sparql), name
        assert "ServiceGraphPattern" not in repr(parseQuery(sparql)), name


def test_the_refused_queries_do_call_the_service_in_pyoxigraph():
    """The table is not refusing things pyoxigraph would not run: most of its queries really make
    pyoxigraph reach the remote endpoint."""
    reached = [name for name, sparql in SERVICE_QUERIES.items() if _oxigraph_calls_service(sparql)]
    assert len(reached) >= 20, reached


def test_many_service_clauses_are_refused_at_once():
    """rdflib's grammar searches the whole text again for each SERVICE clause it matches (seconds for a few
    dozen, and no end for one SERVICE inside another); the guard's copy stops at the first."""
    import time

    clauses = " ".join(f"SERVICE <http://127.0.0.1:9/{i}> {{ ?s ?p ?o{i} }}" for i in range(60))
    sparql = "SELECT * WHERE { " + clauses
    start = time.perf_counter()
    with pytest.raises(QueryError, match="^SERVICE is not allowed"):
        check_query(sparql + " }")
    assert time.perf_counter() - start < 1.0


def test_an_unfinished_query_with_service_is_refused_for_service():
    with pytest.raises(QueryError, match="^SERVICE is not allowed"):
        check_query(f"SELECT * WHERE {{ SERVICE {REMOTE} {{ ?s ?p ?o }}")


def test_rdflib_own_grammar_is_left_as_it_is():
    from rdflib.plugins.sparql.parser import parseQuery

    with pytest.raises(QueryError):
        check_query(f"SELECT * WHERE {{ SERVICE {REMOTE} {{ }} }} # grammar")
    tree = parseQuery(f"SELECT * WHERE {{ SERVICE {REMOTE} {{ }} }}")
    assert "service_string" in repr(tree)


SERVICE_UPDATES = {
    "insert where": f"INSERT {{ GRAPH <{A}g> {{ ?s ?p ?o }} }} WHERE {{ SERVICE {REMOTE} {{ ?s ?p ?o }} }}",
    "delete insert where": (f"DELETE {{ ?s ?p ?o }} INSERT {{ ?s ?p 1 }} "
                            f"WHERE {{ service silent {REMOTE} {{ ?s ?p ?o }} }}"),
    "nested in optional": f"WITH <{A}g> DELETE {{ ?s ?p ?o }} WHERE {{ OPTIONAL {{ SERVICE ?x {{ ?s ?p ?o }} }} }}",
    "second operation": (f"CLEAR DEFAULT ; INSERT {{ ?s ?p ?o }} "
                         f"WHERE {{ FILTER EXISTS {{ SERVICE {REMOTE} {{ }} }} }}"),
}


@pytest.mark.parametrize("sparql", SERVICE_UPDATES.values(), ids=SERVICE_UPDATES.keys())
def test_service_in_an_update_is_refused(sparql):
    with pytest.raises(QueryError, match="^SERVICE is not allowed"):
        check_update(sparql)


NOT_SERVICE = {
    "string": 'SELECT ?x WHERE { BIND("SERVICE <http://127.0.0.1:9/> { }" AS ?x) }',
    "single-quoted string": "SELECT ?x WHERE { BIND('service silent ?x { }' AS ?x) }",
    "long string": 'SELECT ?x WHERE { BIND("""x\nSERVICE <http://127.0.0.1:9/> { ?s ?p ?o }\n""" AS ?x) }',
    "long single-quoted string": "SELECT ?x WHERE { BIND('''SERVICE''' AS ?x) }",
    "escaped string": r'SELECT ?x WHERE { BIND("\u0053ERVICE <http://127.0.0.1:9/> {}" AS ?x) }',
    "escaped quote keeps the string open":
        r'SELECT ?x WHERE { BIND("\u0022 SERVICE <http://127.0.0.1:9/> {} \u0022" AS ?x) }',
    "echar": r'SELECT ?x WHERE { BIND("a\" SERVICE <http://127.0.0.1:9/> {} \"" AS ?x) }',
    "iri": "SELECT * WHERE { ?s <http://example.org/SERVICE> ?o }",
    "iri with the keyword and braces": "SELECT * WHERE { ?s <http://example.org/SERVICE#x> ?o }",
    "comment": "SELECT * WHERE { ?s ?p ?o # SERVICE <http://127.0.0.1:9/> { ?s ?p ?o }\n }",
    "comment at the end": "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://127.0.0.1:9/> {}",
    "escaped newline inside a comment stays in it":
        r"SELECT * WHERE { ?s ?p ?o } # \u000A SERVICE <http://127.0.0.1:9/> {}",
    "prefixed name": "PREFIX ex: <http://example.org/> SELECT * WHERE { ?s ex:SERVICE ?o ; ex:service ?x }",
    "variable": "SELECT ?service WHERE { ?service ?p ?o }",
    "function-like": "SELECT * WHERE { ?s ?p ?o FILTER(CONTAINS(STR(?o), 'SERVICE')) }",
    "language tag": 'SELECT * WHERE { ?s ?p "x"@service }',
}


@pytest.mark.parametrize("sparql", NOT_SERVICE.values(), ids=NOT_SERVICE.keys())
def test_the_word_service_alone_is_not_refused(sparql):
    assert check_query(sparql).form == "SELECT"
    assert not _oxigraph_calls_service(sparql)


def test_an_escaped_keyword_outside_a_string_is_not_a_keyword():
    """pyoxigraph decodes escapes only in strings and IRIs: `\\u0053ERVICE` elsewhere is a syntax error
    there, and is refused here (rdflib's parseQuery would have decoded it)."""
    sparql = r"SELECT * WHERE { \u0053ERVICE <http://127.0.0.1:9/> { } }"
    with pytest.raises(QueryError, match="could not be analysed"):
        check_query(sparql)
    with pytest.raises(SyntaxError):
        ox.Store().query(sparql)


# -- the search service: the one SERVICE the endpoint evaluates itself (api/searchservice.py) --

S = "<https://w3id.org/itukg/ontology/search#query>"
SEARCH_SPELLINGS = {
    "full IRI": f'SELECT * WHERE {{ SERVICE <https://w3id.org/itukg/search> {{ ?h {S} "IPv6" }} }}',
    "lower case, silent": f'select * {{ service silent <https://w3id.org/itukg/search> {{ ?h {S} "IPv6" }} }}',
    "prefixed name": ('PREFIX it: <https://w3id.org/itukg/> PREFIX s: <https://w3id.org/itukg/ontology/search#> '
                      'SELECT * WHERE { SERVICE it:search { ?h s:query "IPv6" } }'),
    "empty prefix": f'PREFIX : <https://w3id.org/itukg/> SELECT * WHERE {{ SERVICE :search {{ ?h {S} "IPv6" }} }}',
    "relative to BASE": f'BASE <https://w3id.org/itukg/x> SELECT * WHERE {{ SERVICE <search> {{ ?h {S} "IPv6" }} }}',
    "escaped IRI": rf'SELECT * WHERE {{ SERVICE <https://w3id.org/itukg/searc\u0068> {{ ?h {S} "IPv6" }} }}',
    "comments and braces in strings": (f'SELECT * WHERE {{ SERVICE # {{ \n <https://w3id.org/itukg/search> '
                                       f'{{ ?h {S} "}} {{ IPv6" # }}\n }} }}'),
    "nested in OPTIONAL": (f'SELECT * WHERE {{ OPTIONAL {{ SERVICE <https://w3id.org/itukg/search> '
                           f'{{ ?h {S} "x" }} }} }}'),
}
NEAR_MISSES = {
    "trailing slash": f'SELECT * WHERE {{ SERVICE <https://w3id.org/itukg/search/> {{ ?h {S} "x" }} }}',
    "http": f'SELECT * WHERE {{ SERVICE <http://w3id.org/itukg/search> {{ ?h {S} "x" }} }}',
    "upper case": f'SELECT * WHERE {{ SERVICE <https://w3id.org/itukg/Search> {{ ?h {S} "x" }} }}',
    "fragment": f'SELECT * WHERE {{ SERVICE <https://w3id.org/itukg/search#> {{ ?h {S} "x" }} }}',
    "query string": f'SELECT * WHERE {{ SERVICE <https://w3id.org/itukg/search?q=x> {{ ?h {S} "x" }} }}',
    "prefixed name one letter off": ('PREFIX it: <https://w3id.org/itukg/> SELECT * WHERE { SERVICE it:searches '
                                     f'{{ ?h {S} "x" }} }}'),
    "prefix redeclared": ('PREFIX it: <https://w3id.org/itukg/> PREFIX it: <http://127.0.0.1:9/> '
                          f'SELECT * WHERE {{ SERVICE it:search {{ ?h {S} "x" }} }}'),
    "relative without BASE": f'SELECT * WHERE {{ SERVICE <search> {{ ?h {S} "x" }} }}',
    "the search IRI as a variable": ('SELECT * WHERE { VALUES ?x { <https://w3id.org/itukg/search> } '
                                     f'SERVICE ?x {{ ?h {S} "x" }} }}'),
    "a remote one beside it": (f'SELECT * WHERE {{ SERVICE <https://w3id.org/itukg/search> {{ ?h {S} "x" }} '
                               f'SERVICE {REMOTE} {{ ?s ?p ?o }} }}'),
}


def _no_search(call):
    raise AssertionError("no search clause was expected")


def test_the_search_service_is_refused_by_the_guard_itself():
    """The guard knows nothing of the search service: an endpoint that forgot to evaluate it fails closed."""
    with pytest.raises(QueryError, match="^SERVICE is not allowed"):
        check_query(SEARCH_SPELLINGS["full IRI"])


@pytest.mark.parametrize("sparql", SERVICE_QUERIES.values(), ids=SERVICE_QUERIES.keys())
def test_every_refused_spelling_is_left_to_the_guard_by_the_search_rewrite(sparql):
    assert rewrite(sparql, _no_search) == sparql
    with pytest.raises(QueryError, match="^SERVICE is not allowed"):
        check_query(sparql)


@pytest.mark.parametrize("sparql", SEARCH_SPELLINGS.values(), ids=SEARCH_SPELLINGS.keys())
def test_the_search_service_is_evaluated_however_it_is_spelled(sparql):
    hit = Hit("https://w3id.org/itukg/x", "paragraph", "label", 1.0, "«IPv6»", None, [])
    rewritten = rewrite(sparql, lambda call: [hit])
    assert "VALUES (?h) { (<https://w3id.org/itukg/x>) }" in rewritten
    assert check_query(rewritten).form == "SELECT"
    assert not _oxigraph_calls_service(rewritten)
    rows = list(ox.Store().query(rewritten, base_iri="http://127.0.0.1:8000/sparql"))
    assert [row["h"].value for row in rows if row["h"] is not None] == ["https://w3id.org/itukg/x"]


@pytest.mark.parametrize("sparql", NEAR_MISSES.values(), ids=NEAR_MISSES.keys())
def test_near_misses_of_the_search_service_stay_refused(sparql):
    rewritten = rewrite(sparql, lambda call: [])
    assert "SERVICE" in rewritten.upper()
    with pytest.raises(QueryError, match="^SERVICE is not allowed"):
        check_query(rewritten)


NOT_A_CLAUSE = [
    f'SELECT * {{ ?s ?p "SERVICE <https://w3id.org/itukg/search> {{ ?h {S} \\"x\\" }}" }}',
    f"SELECT * {{ ?s ?p ?o }} # SERVICE <https://w3id.org/itukg/search> {{ ?h {S} 'x' }}",
    f"SELECT * {{ ?s ?p '''\nSERVICE <https://w3id.org/itukg/search> {{ ?h {S} 'x' }}''' }}",
    "SELECT * { ?s <http://a/SERVICE> <https://w3id.org/itukg/search> }",
]


@pytest.mark.parametrize("sparql", NOT_A_CLAUSE)
def test_the_search_iri_in_strings_iris_and_comments_is_not_a_clause(sparql):
    assert find_calls(sparql) == []
    assert check_query(sparql).form == "SELECT"


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.text(max_size=40), st.text(max_size=80), st.floats(allow_nan=True),
                          st.none() | st.text(max_size=20)),
                max_size=4))
def test_hits_only_add_rows_to_the_checked_skeleton(rows):
    """What the guard checks is the query with empty VALUES blocks; the hits, whatever their text (quotes,
    backslashes, line breaks, braces, "SERVICE <…>"), only add rows of terms that pyoxigraph reads back as
    they were, and never a call to another endpoint."""
    sparql = ('PREFIX s: <https://w3id.org/itukg/ontology/search#> SELECT * WHERE { '
              'SERVICE <https://w3id.org/itukg/search> '
              '{ ?h s:query "x" ; s:label ?label ; s:snippet ?snippet ; s:score ?score ; s:document ?doc } }')
    hits = [Hit(f"https://w3id.org/itukg/x/{i}", "paragraph", label, score, snippet, doc, [])
            for i, (label, snippet, score, doc) in enumerate(rows)]
    calls = find_calls(sparql)
    final = rewrite(sparql, lambda call: hits)
    assert check_query(skeleton(sparql, calls)).form == "SELECT"
    assert not _oxigraph_calls_service(final)
    got = {row["h"].value: row for row in ox.Store().query(final)}
    assert len(got) == len(hits)
    for hit in hits:
        row = got[hit.iri]
        assert (row["label"].value, row["snippet"].value) == (hit.label, hit.snippet)
        assert (row["doc"] is None) == (not hit.document)
        score = float(row["score"].value)
        assert score == hit.score or (score != score and hit.score != hit.score)


# -- LOAD --

LOADS = {
    "plain": "LOAD <http://127.0.0.1:9/data.ttl>",
    "silent into graph": "LOAD SILENT <http://127.0.0.1:9/data.ttl> INTO GRAPH <http://a/g>",
    "lower": "load <http://127.0.0.1:9/data.ttl>",
    "lower silent into": "load silent <http://127.0.0.1:9/x> into graph <http://a/g>",
    "mixed": "LoAd <http://127.0.0.1:9/x>",
    "comment": "LOAD # fetch it\n<http://127.0.0.1:9/x>",
    "prefixed": "PREFIX ex: <http://127.0.0.1:9/> LOAD ex:data INTO GRAPH ex:g",
    "after another operation": f"INSERT DATA {{ {T} }} ; LOAD <http://127.0.0.1:9/x>",
    "escaped IRI": r"LOAD <http://127.0.0.1:9/\u0078>",
}


@pytest.mark.parametrize("sparql", LOADS.values(), ids=LOADS.keys())
def test_load_is_refused(sparql):
    with pytest.raises(QueryError, match="^LOAD is not allowed"):
        check_update(sparql)
    assert _oxigraph_calls_service(sparql.replace("SILENT", "").replace("silent", ""), update=True)


def test_the_word_load_in_data_is_not_refused():
    plan = check_update('INSERT DATA { <http://a/s> <http://a/p> "LOAD <http://127.0.0.1:9/x>" } # LOAD <x>')
    assert plan.operations == ("InsertData",)


# -- what an update writes --

def _plan(operations, graphs=(), default=False, every=False, using=False) -> UpdatePlan:
    return UpdatePlan(operations=tuple(operations), graphs=frozenset(A + g for g in graphs), default_graph=default,
                      all_graphs=every, uses_dataset=using)


UPDATES = {
    "insert data with graph": (f"INSERT DATA {{ GRAPH <{A}g1> {{ {T} }} }}", _plan(["InsertData"], ["g1"])),
    "insert data default and graph": (f"INSERT DATA {{ {T} GRAPH <{A}g2> {{ {T} }} }}",
                                      _plan(["InsertData"], ["g2"], default=True)),
    "insert data graph then default": (f"INSERT DATA {{ GRAPH <{A}g2> {{ {T} }} {T} }}",
                                       _plan(["InsertData"], ["g2"], default=True)),
    "delete data with graph": (f"DELETE DATA {{ GRAPH <{A}g1> {{ {T} }} }}", _plan(["DeleteData"], ["g1"])),
    "delete data default": (f"DELETE DATA {{ {T} }}", _plan(["DeleteData"], default=True)),
    "with": (f"WITH <{A}g1> DELETE {{ ?s ?p ?o }} INSERT {{ ?s ?p 1 }} WHERE {{ ?s ?p ?o }}",
             _plan(["Modify"], ["g1"])),
    "with and graph template": (f"WITH <{A}g1> DELETE {{ GRAPH <{A}g2> {{ ?s ?p ?o }} }} INSERT {{ ?s ?p 2 }} "
                                f"WHERE {{ ?s ?p ?o }}", _plan(["Modify"], ["g1", "g2"])),
    "template without with": (f"DELETE {{ ?s ?p ?o }} INSERT {{ GRAPH <{A}g3> {{ ?s ?p ?o }} }} WHERE {{ ?s ?p ?o }}",
                              _plan(["Modify"], ["g3"], default=True)),
    "template graph only": (f"INSERT {{ GRAPH <{A}g3> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{A}g1> {{ ?s ?p ?o }} }}",
                            _plan(["Modify"], ["g3"])),
    "graph variable in where only": (f"INSERT {{ GRAPH <{A}g3> {{ ?s ?p ?o }} }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
                                     _plan(["Modify"], ["g3"])),
    "delete where graph": (f"DELETE WHERE {{ GRAPH <{A}g1> {{ ?s ?p ?o }} }}", _plan(["DeleteWhere"], ["g1"])),
    "delete where default": ("DELETE WHERE { ?s ?p ?o }", _plan(["DeleteWhere"], default=True)),
    "drop graph": (f"DROP GRAPH <{A}g1>", _plan(["Drop"], ["g1"])),
    "drop silent graph": (f"drop silent graph <{A}g1>", _plan(["Drop"], ["g1"])),
    "drop default": ("DROP DEFAULT", _plan(["Drop"], default=True)),
    "drop named": ("DROP NAMED", _plan(["Drop"], every=True)),
    "drop all": ("DROP ALL", _plan(["Drop"], default=True, every=True)),
    "clear graph": (f"CLEAR GRAPH <{A}g2>", _plan(["Clear"], ["g2"])),
    "clear default": ("clear default", _plan(["Clear"], default=True)),
    "clear all": ("CLEAR ALL", _plan(["Clear"], default=True, every=True)),
    "clear silent named": ("CLEAR SILENT NAMED", _plan(["Clear"], every=True)),
    "create": (f"CREATE GRAPH <{A}g9>", _plan(["Create"], ["g9"])),
    "create silent": (f"CREATE SILENT GRAPH <{A}g9>", _plan(["Create"], ["g9"])),
    "add": (f"ADD <{A}g1> TO <{A}g2>", _plan(["Add"], ["g2"])),
    "add default to graph": (f"ADD DEFAULT TO GRAPH <{A}g2>", _plan(["Add"], ["g2"])),
    "add to default": (f"ADD GRAPH <{A}g1> TO DEFAULT", _plan(["Add"], default=True)),
    "copy": (f"COPY <{A}g1> TO <{A}g2>", _plan(["Copy"], ["g2"])),
    "copy to default": (f"COPY SILENT GRAPH <{A}g1> TO DEFAULT", _plan(["Copy"], default=True)),
    "move": (f"MOVE <{A}g1> TO <{A}g2>", _plan(["Move"], ["g1", "g2"])),
    "move default": (f"MOVE DEFAULT TO <{A}g2>", _plan(["Move"], ["g2"], default=True)),
    "move to default": (f"move graph <{A}g1> to default", _plan(["Move"], ["g1"], default=True)),
    "several operations": (f"INSERT DATA {{ GRAPH <{A}g1> {{ {T} }} }} ; DROP GRAPH <{A}g2> ;\nCLEAR DEFAULT ;",
                           _plan(["InsertData", "Drop", "Clear"], ["g1", "g2"], default=True)),
    "prefix across operations": (f"PREFIX g: <{A}> INSERT DATA {{ GRAPH g:g1 {{ {T} }} }} ; MOVE g:g2 TO g:g3",
                                 _plan(["InsertData", "Move"], ["g1", "g2", "g3"])),
    "using": (f"DELETE {{ GRAPH <{A}g1> {{ ?s ?p ?o }} }} USING <{A}g2> WHERE {{ ?s ?p ?o }}",
              _plan(["Modify"], ["g1"], using=True)),
    "using named": (f"INSERT {{ GRAPH <{A}g3> {{ ?s ?p ?o }} }} USING NAMED <{A}g1> "
                    f"WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
                    _plan(["Modify"], ["g3"], using=True)),
    "with and using": (f"WITH <{A}g1> INSERT {{ ?s ?p 3 }} USING <{A}g2> WHERE {{ ?s ?p ?o }}",
                       _plan(["Modify"], ["g1"], using=True)),
    "prefixed names": (f"PREFIX g: <{A}> INSERT DATA {{ GRAPH g:g1 {{ {T} }} }}", _plan(["InsertData"], ["g1"])),
    "empty prefix": (f"PREFIX : <{A}> DROP GRAPH :g1", _plan(["Drop"], ["g1"])),
    "escaped local name": (f"PREFIX g: <{A}> CREATE GRAPH g:g1\\.x", _plan(["Create"], ["g1.x"])),
    "escaped IRI": (f"INSERT DATA {{ GRAPH <{A}\\u0067\\U00000031> {{ {T} }} }}", _plan(["InsertData"], ["g1"])),
    "base": (f"BASE <{A}x/> INSERT DATA {{ GRAPH <../g1> {{ {T} }} }}", _plan(["InsertData"], ["g1"])),
    "relative prefix": (f"BASE <{A}> PREFIX g: <graphs/> INSERT DATA {{ GRAPH g:one {{ {T} }} }}",
                        _plan(["InsertData"], ["graphs/one"])),
    "a graph called DEFAULT": (f"BASE <{A}> DROP SILENT GRAPH <DEFAULT>", _plan(["Drop"], ["DEFAULT"])),
    "empty templates": ("DELETE { } INSERT { } WHERE { ?s ?p ?o }", _plan(["Modify"])),
    "empty graph block": (f"INSERT DATA {{ GRAPH <{A}g4> {{ }} }}", _plan(["InsertData"], ["g4"])),
    "comments and case": (f"# a comment\ninsert data {{ graph <{A}g1> {{ {T} }} }} # end",
                          _plan(["InsertData"], ["g1"])),
    "empty update": ("", _plan([])),
}


@pytest.mark.parametrize("sparql,plan", UPDATES.values(), ids=UPDATES.keys())
def test_update_plan(sparql, plan):
    assert check_update(sparql) == plan


def _seeded() -> ox.Store:
    store = ox.Store()
    s, p, o = ox.NamedNode(A + "s"), ox.NamedNode(A + "p"), ox.NamedNode(A + "o")
    for graph in (ox.DefaultGraph(), ox.NamedNode(A + "g1"), ox.NamedNode(A + "g2"), ox.NamedNode(A + "g3")):
        store.add(ox.Quad(s, p, o, graph))
        store.add(ox.Quad(s, p, ox.Literal(graph.value if isinstance(graph, ox.NamedNode) else "default"), graph))
    return store


def _contents(store: ox.Store) -> dict:
    graphs: dict = {}
    for quad in store.quads_for_pattern(None, None, None, None):
        name = None if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value
        graphs.setdefault(name, set()).add((quad.subject, quad.predicate, quad.object))
    for graph in store.named_graphs():
        graphs.setdefault(graph.value, set())
    return graphs


@pytest.mark.parametrize("sparql,plan", UPDATES.values(), ids=UPDATES.keys())
def test_pyoxigraph_writes_no_graph_outside_the_plan(sparql, plan):
    """Run each update on a store with data in the default graph and three named graphs: every graph whose
    contents change (or that appears or disappears) is one the plan declares."""
    store = _seeded()
    before = _contents(store)
    store.update(sparql)
    after = _contents(store)
    changed = {g for g in before.keys() | after.keys() if before.get(g) != after.get(g)}
    if None in changed:
        assert plan.default_graph, sparql
    assert plan.all_graphs or (changed - {None}) <= plan.graphs, (changed, plan)


def test_base_iri_resolves_relative_graphs():
    plan = check_update(f"INSERT DATA {{ GRAPH <g1> {{ {T} }} }}", base_iri=A + "x")
    assert plan.graphs == {A + "g1"}


REFERENCES = ["g:h", "g", "./g", "g/", "/g", "//g", "?y", "g?y", "#s", "g#s", "g?y#s", ";x", "g;x", "g;x?y#s", "",
              "//h/../g", "//h/a/./b", "/..", "/../", "a/../..", "a/../../b", "/a/../../b",
              ".", "./", "..", "../", "../g", "../..", "../../", "../../g", "../../../g", "../../../../g", "/./g",
              "/../g", "g.", ".g", "g..", "..g", "./../g", "./g/.", "g/./h", "g/../h", "g;x=1/./y", "g;x=1/../y",
              "g?y/./x", "g?y/../x", "g#s/./x", "g#s/../x"]


@pytest.mark.parametrize("base", ["http://a/b/c/d;p?q", "http://a", "urn:isbn:0451450523", "http://a/b/", "urn:a/b/c",
                                  "file:///x/y", "tag:x", "urn:"])
def test_relative_graph_iris_resolve_as_in_pyoxigraph(base):
    for reference in REFERENCES:
        update = f"INSERT DATA {{ GRAPH <{reference}> {{ {T} }} }}"
        store = ox.Store()
        try:
            store.update(update, base_iri=base)
        except SyntaxError:
            continue
        written = {g.value for g in store.named_graphs()}
        assert check_update(update, base_iri=base).graphs == written, (base, reference)
        assert {resolve_iri(reference, base)} == written, (base, reference)


def test_relative_graph_without_a_base_is_refused():
    with pytest.raises(QueryError, match="relative IRI"):
        check_update(f"INSERT DATA {{ GRAPH <g1> {{ {T} }} }}")


def test_undeclared_prefix_is_refused():
    with pytest.raises(QueryError, match="undeclared prefix 'g:'"):
        check_update("DROP GRAPH g:one")


VARIABLE_GRAPHS = {
    "insert": "INSERT { GRAPH ?g { ?s ?p ?o } } WHERE { GRAPH ?g { ?s ?p ?o } }",
    "delete": "DELETE { GRAPH ?g { ?s ?p ?o } } WHERE { GRAPH ?g { ?s ?p ?o } }",
    "delete insert": f"DELETE {{ ?s ?p ?o }} INSERT {{ GRAPH $g {{ ?s ?p ?o }} }} WHERE {{ BIND(<{A}g> AS ?g) }}",
    "with": f"WITH <{A}g1> DELETE {{ GRAPH ?g {{ ?s ?p ?o }} }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
    "delete where": "DELETE WHERE { GRAPH ?g { ?s ?p ?o } }",
    "insert data": f"INSERT DATA {{ GRAPH ?g {{ {T} }} }}",
    "second operation": "DROP DEFAULT ; insert { graph ?g { ?s ?p ?o } } where { graph ?g { ?s ?p ?o } }",
}


@pytest.mark.parametrize("sparql", VARIABLE_GRAPHS.values(), ids=VARIABLE_GRAPHS.keys())
def test_a_variable_graph_in_a_template_is_refused(sparql):
    with pytest.raises(QueryError, match="updates must name the graphs they write"):
        check_update(sparql)


# -- queries: form and dataset --

QUERIES = {
    "select": ("SELECT * WHERE { ?s ?p ?o }", QueryPlan("SELECT", False)),
    "ask": ("ask { }", QueryPlan("ASK", False)),
    "construct": ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", QueryPlan("CONSTRUCT", False)),
    "construct where": ("CONSTRUCT WHERE { ?s ?p ?o }", QueryPlan("CONSTRUCT", False)),
    "describe": ("DESCRIBE <http://a/s>", QueryPlan("DESCRIBE", False)),
    "from": ("SELECT * FROM <http://a/g1> WHERE { ?s ?p ?o }", QueryPlan("SELECT", True)),
    "from named": ("SELECT * FROM NAMED <http://a/g1> WHERE { GRAPH ?g { ?s ?p ?o } }", QueryPlan("SELECT", True)),
    "both": ("PREFIX a: <http://a/> ASK FROM a:g1 FROM NAMED a:g2 { ?s ?p ?o }", QueryPlan("ASK", True)),
    "construct from": ("CONSTRUCT { ?s ?p ?o } FROM <http://a/g> WHERE { ?s ?p ?o }", QueryPlan("CONSTRUCT", True)),
    "describe from": ("describe ?s from <http://a/g> where { ?s ?p ?o }", QueryPlan("DESCRIBE", True)),
    "graph is not a dataset": ("SELECT * { GRAPH <http://a/g> { ?s ?p ?o } }", QueryPlan("SELECT", False)),
    "escapes in strings": (r'SELECT ("\u00e9\U0001F600\\u0041" AS ?x) {}', QueryPlan("SELECT", False)),
}


@pytest.mark.parametrize("sparql,plan", QUERIES.values(), ids=QUERIES.keys())
def test_query_plan(sparql, plan):
    assert check_query(sparql) == plan


def test_the_bundled_named_queries_pass():
    from importlib.resources import files

    queries = [q for q in (files("itukg.ontology") / "queries").iterdir() if q.name.endswith(".rq")]
    assert queries
    for query in queries:
        assert check_query(query.read_text(encoding="utf-8")).form == "SELECT", query.name


# -- the wrong endpoint, and what cannot be analysed --

@pytest.mark.parametrize("sparql", ["INSERT DATA { <http://a/s> <http://a/p> 1 }", "DROP ALL", "clear default",
                                    "DELETE WHERE { ?s ?p ?o }", "LOAD <http://127.0.0.1:9/x>",
                                    "PREFIX a: <http://a/> CREATE GRAPH a:g ; DROP GRAPH a:g"])
def test_an_update_sent_as_a_query(sparql):
    with pytest.raises(QueryError, match="not a query: send it to the update endpoint"):
        check_query(sparql)


@pytest.mark.parametrize("sparql", ["SELECT * WHERE { ?s ?p ?o }", "ASK {}", "CONSTRUCT WHERE { ?s ?p ?o }",
                                    "DESCRIBE <http://a/s>"])
def test_a_query_sent_as_an_update(sparql):
    with pytest.raises(QueryError, match="not an update: send it to the query endpoint"):
        check_update(sparql)


QUERY_SYNTAX_ERRORS = ["SELECT * WHERE { ?s ?p ?o", "SELEC * { }", "SELECT * { ?s ?p }", "ASK", "garbage",
                       "SELECT * { } LIMIT x", "PREFIX ex <http://a/> SELECT * { }", "SELECT * { FILTER( }",
                       "SELECT * { ?s ?p ?o } }", 'SELECT * { ?s ?p "unterminated }', "SELECT * { <a b> ?p ?o }",
                       "SELECT * { ?s ?p ?o } ; SELECT * { }", r'SELECT * { ?s ?p "\q" }']


@pytest.mark.parametrize("sparql", QUERY_SYNTAX_ERRORS)
def test_query_syntax_errors(sparql):
    with pytest.raises(QueryError, match="^The query could not be analysed"):
        analyse_query(sparql)


UPDATE_SYNTAX_ERRORS = [f"INSERT DATA {{ {T}", "INSERT DATA { <http://a/s> <http://a/p> }", "DROP GRAPH", "CLEAR",
                        "INSERT DATA { } ;;", "DROP GRAPH <http://a/g> DROP ALL", "MOVE <http://a/g>",
                        "WITH ?g DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "DELETE { ?s ?p ?o }"]


@pytest.mark.parametrize("sparql", UPDATE_SYNTAX_ERRORS)
def test_update_syntax_errors(sparql):
    with pytest.raises(QueryError, match="^The update could not be analysed"):
        check_update(sparql)


def test_the_syntax_error_says_where():
    with pytest.raises(QueryError, match=r"syntax error at line 3, column \d+"):
        analyse_query("SELECT *\nWHERE {\n  ?s ?p ?o ?x }")


@pytest.mark.parametrize("sparql", ["", "   ", "# only a comment\n", "PREFIX a: <http://a/>"])
def test_an_empty_query(sparql):
    with pytest.raises(QueryError, match="empty"):
        check_query(sparql)


def test_too_deeply_nested_is_refused():
    sparql = "SELECT * WHERE { " + "OPTIONAL { " * 200 + "}" * 200 + " }"
    with pytest.raises(QueryError, match="nested too deeply"):
        analyse_query(sparql)


# SPARQL that pyoxigraph runs and rdflib's parser rejects: refused, never guessed at.
RDFLIB_CANNOT_PARSE = {
    "negative decimal term": "SELECT * WHERE { VALUES ?x { -1.5 } }",
    "negative decimal in a triple": "SELECT * WHERE { ?s ?p -1.5 }",
    "keyword glued to a number": "SELECT(1AS?x){}",
    "triple term (SPARQL 1.2)": "SELECT * WHERE { <<( <http://a/s> <http://a/p> <http://a/o> )>> ?p ?o }",
    "reified triple (SPARQL 1.2)": "SELECT * WHERE { << <http://a/s> <http://a/p> <http://a/o> >> ?p ?o }",
    "annotation (SPARQL 1.2)": "SELECT * WHERE { ?s ?p ?o {| <http://a/q> 1 |} }",
    "VERSION (SPARQL 1.2)": 'VERSION "1.2" SELECT * WHERE { }',
    "base direction (SPARQL 1.2)": 'SELECT * WHERE { ?s ?p "a"@en--ltr }',
    "LATERAL": "SELECT * WHERE { ?s ?p ?o LATERAL { SELECT * WHERE { ?s ?q ?r } LIMIT 1 } }",
    "ADJUST": 'SELECT (ADJUST(NOW(), "PT0S"^^<http://www.w3.org/2001/XMLSchema#dayTimeDuration>) AS ?a) {}',
}


@pytest.mark.parametrize("sparql", RDFLIB_CANNOT_PARSE.values(), ids=RDFLIB_CANNOT_PARSE.keys())
def test_what_rdflib_cannot_parse_is_refused(sparql):
    list(ox.Store().query(sparql))  # valid for the engine
    with pytest.raises(QueryError, match="^The query could not be analysed"):
        analyse_query(sparql)


def test_negative_decimal_in_update_data_is_refused():
    sparql = "INSERT DATA { <http://a/s> <http://a/p> -1.5 }"
    ox.Store().update(sparql)
    with pytest.raises(QueryError, match="^The update could not be analysed"):
        check_update(sparql)


def test_not_text():
    with pytest.raises(QueryError):
        check_query(b"SELECT * {}")  # type: ignore[arg-type]
    with pytest.raises(QueryError):
        check_update(None)  # type: ignore[arg-type]


# -- the cache --

def test_analyses_are_cached():
    sparql = "SELECT ?cached WHERE { ?cached ?p ?o }"
    first = analyse_query(sparql)
    hits = guard._analyse_query.cache_info().hits
    assert analyse_query(sparql) is first
    assert guard._analyse_query.cache_info().hits == hits + 1
    assert guard._analyse_query.cache_info().maxsize == 4096


def test_refusals_are_cached_and_raised_afresh():
    sparql = f"SELECT * WHERE {{ SERVICE {REMOTE} {{ }} }} # cached"
    errors = []
    for _ in range(2):
        with pytest.raises(QueryError) as info:
            check_query(sparql)
        errors.append(info.value)
    assert errors[0] is not errors[1] and str(errors[0]) == str(errors[1])


def test_long_texts_are_analysed_without_the_cache():
    sparql = "SELECT * WHERE { ?s ?p ?o }" + " " * guard.CACHE_MAX_CHARS
    size = guard._analyse_query.cache_info().currsize
    assert check_query(sparql).form == "SELECT"
    assert guard._analyse_query.cache_info().currsize == size


# -- nothing but QueryError, whatever the text --

FRAGMENTS = ["SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "INSERT", "DELETE", "DATA", "WHERE", "WITH", "USING", "NAMED",
             "GRAPH", "SERVICE", "SILENT", "LOAD", "DROP", "CLEAR", "ALL", "DEFAULT", "TO", "MOVE", "ADD", "COPY",
             "PREFIX", "BASE", "FROM", "OPTIONAL", "FILTER", "EXISTS", "NOT", "MINUS", "UNION", "VALUES", "BIND", "AS",
             "{", "}", "(", ")", ".", ";", ",", "*", "?s", "?g", "$p", "<http://a/g>", "<g>", "ex:", "ex:x", ":x",
             "_:b", "1", "-1.5", '"x"', "'y'", '"""', "'''", "#", "\n", "\r", " ", "\t", "\\u0022", "\\u000A", "\\",
             "\\\\", "@en", "^^", "a", "<<", ">>", "{|", "|}", "\U000f0000", "\ue000"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_check_query_raises_only_query_error_on_any_text(text):
    try:
        assert isinstance(check_query(text), QueryPlan)
    except QueryError as exc:
        assert str(exc)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=25).map(" ".join))
def test_check_query_and_check_update_raise_only_query_error_on_sparql_like_text(text):
    for check, plan_type in ((check_query, QueryPlan), (check_update, UpdatePlan)):
        try:
            assert isinstance(check(text), plan_type)
        except QueryError as exc:
            assert str(exc)


HIDING = ["#", "\r", "\n", " ", "\\u000A", "\\u000D", "\\u0022", "\\u0027", "\\u0023", "\\U0000000A", "\\u005C", "\\",
          "\\\\", '"', "'", '"""', "'''", "<", ">", "BIND(", " AS ?x)", "FILTER(STRLEN(", ") > 0)", "\x85", "\u2028",
          "\\n", "{", "}", "OPTIONAL {", "# x\n", "BIND(1 AS ?y)", "."]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(HIDING), max_size=6).map("".join),
       st.lists(st.sampled_from(HIDING), max_size=6).map("".join))
def test_whatever_the_guard_lets_through_does_not_reach_a_service_in_pyoxigraph(before, after):
    sparql = f"SELECT * WHERE {{ {before} SERVICE {REMOTE} {{ }} {after} }}"
    try:
        check_query(sparql)
    except QueryError:
        return
    assert not _oxigraph_calls_service(sparql), sparql


def test_concurrent_first_parses_in_a_fresh_process():
    """Regression: pyparsing is not thread-safe on first use; concurrent first parses in a fresh server
    used to corrupt the grammar and refuse every later query."""
    import subprocess
    import sys

    program = """
import threading
from itukg.api.engine.guard import analyse_query
results = []
def run(i):
    try:
        analyse_query(f"SELECT ?payload{i} WHERE {{ ?s ?p ?payload{i} OPTIONAL {{ ?payload{i} ?q ?r }} }} "
                      f"LIMIT {i + 1}")
        results.append(True)
    except Exception as exc:
        results.append(repr(exc))
threads = [threading.Thread(target=run, args=(i,)) for i in range(8)]
[t.start() for t in threads]
[t.join() for t in threads]
analyse_query("SELECT ?download WHERE { ?download ?p ?o }")
print(results)
assert results == [True] * 8, results
"""
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
