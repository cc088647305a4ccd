"""Search from SPARQL: SERVICE <https://w3id.org/itukg/search> evaluated by the endpoint, on a live server
over the seed report and the test corpus, driven by real clients (httpx, SPARQLWrapper). What the SERVICE
binds is checked against GET /search for the same words; joins with the graph against SPARQL."""

from __future__ import annotations

import json

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from SPARQLWrapper import JSON, POST, SPARQLWrapper

from conftest import SEED, corpus_reports, run_cli
from live import TOKEN, live_server

from itukg.api.web.search_clause import SEARCH_NS, SEARCH_SERVICE, find_calls
from itukg.loader.errors import QueryError

PREFIXES = f"""PREFIX itu: <https://w3id.org/itukg/ontology#>
PREFIX itukgs: <{SEARCH_NS}>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
# The README's example: paragraphs about Internet exchange points, in documents submitted by African states.
AFRICA = PREFIXES + """SELECT ?hit ?score ?symbol ?state WHERE {
  SERVICE <https://w3id.org/itukg/search> {
    ?hit itukgs:query "Internet exchange points" ; itukgs:kind "paragraph" ; itukgs:limit 50 ;
         itukgs:score ?score ; itukgs:document ?symbol .
  }
  ?hit itu:aboutDocument ?doc .
  ?doc dcterms:creator ?member .
  ?member itu:region <https://w3id.org/itukg/region/africa> ; skos:prefLabel ?state .
}
ORDER BY DESC(?score) ?state"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    store = tmp_path_factory.mktemp("search-sparql") / "store"
    done = run_cli("load", "--store", str(store), str(SEED), *map(str, corpus_reports()))
    assert done.returncode == 0, done.stderr
    with live_server(store, token=True) as url:
        yield url


def query(server: str, sparql: str, *, how: str = "post") -> httpx.Response:
    accept = {"Accept": "application/sparql-results+json"}
    if how == "get":
        return httpx.get(f"{server}/sparql", params={"query": sparql}, headers=accept, timeout=60)
    if how == "direct":
        return httpx.post(f"{server}/sparql", content=sparql.encode(), timeout=60,
                          headers={**accept, "Content-Type": "application/sparql-query"})
    return httpx.post(f"{server}/sparql", data={"query": sparql}, headers=accept, timeout=60)


def rows(response: httpx.Response) -> list[dict[str, str]]:
    assert response.status_code == 200, response.text
    return [{k: v["value"] for k, v in row.items()} for row in response.json()["results"]["bindings"]]


def search(server: str, q: str, **params) -> list[dict]:
    response = httpx.get(f"{server}/search", params={"q": q, **params}, timeout=60)
    assert response.status_code == 200, response.text
    return response.json()["hits"]


def clause(body: str) -> str:
    return PREFIXES + f"SELECT * WHERE {{ SERVICE <{SEARCH_SERVICE}> {{ {body} }} }}"


# ------------------------------------------------------------------------------------------ the service


@pytest.mark.parametrize("how", ["get", "post", "direct"])
def test_the_hits_are_those_of_get_search(server, how):
    found = rows(query(server, clause('?hit itukgs:query "IPv6 deployment" ; itukgs:limit 7 ; '
                                      "itukgs:score ?score ; itukgs:label ?label ; itukgs:snippet ?snippet ; "
                                      "itukgs:kind ?kind ; itukgs:document ?document ; itukgs:rank ?rank ."),
                       how=how))
    hits = search(server, "IPv6 deployment", limit="7")
    assert len(found) == len(hits) == 7
    by_rank = sorted(found, key=lambda row: int(row["rank"]))
    for rank, (row, hit) in enumerate(zip(by_rank, hits), start=1):
        assert int(row["rank"]) == rank
        assert (row["hit"], row["label"], row["snippet"], row["kind"]) == \
            (hit["iri"], hit["label"], hit["snippet"], hit["kind"])
        assert float(row["score"]) == hit["score"]
        assert row.get("document") == hit["document"]  # unbound when the hit has no document
    assert any("«" in row["snippet"] for row in found)


def test_the_readme_example_joins_hits_with_the_graph(server):
    found = rows(query(server, AFRICA))
    assert found, "the README example must return rows on the test corpus"
    hits = {h["iri"]: h for h in search(server, "Internet exchange points", kind="paragraph", limit="50")}
    africa = {row["s"] for row in rows(query(server, PREFIXES + "SELECT ?s WHERE { ?s itu:region "
                                                                "<https://w3id.org/itukg/region/africa> }"))}
    states = " ".join(f"<{s}>" for s in africa)
    labels = {row["l"] for row in rows(query(server, PREFIXES + "SELECT ?l WHERE { ?s skos:prefLabel ?l } "
                                                                f"VALUES ?s {{ {states} }}"))}
    for row in found:
        assert row["hit"] in hits and float(row["score"]) == hits[row["hit"]]["score"]
        assert row["symbol"] == hits[row["hit"]]["document"]
        assert row["state"] in labels
    scores = [float(row["score"]) for row in found]
    assert scores == sorted(scores, reverse=True)


def test_sparqlwrapper_runs_the_search(server):
    client = SPARQLWrapper(f"{server}/sparql")
    client.setQuery(AFRICA)
    client.setReturnFormat(JSON)
    client.setMethod(POST)
    bindings = client.query().convert()["results"]["bindings"]
    assert [b["hit"]["value"] for b in bindings] == [r["hit"] for r in rows(query(server, AFRICA))]


def test_kind_filters_and_no_hits_give_no_rows(server):
    topics = rows(query(server, clause('?hit itukgs:query "IPv6" ; itukgs:kind "topic" ; itukgs:label ?l .')))
    assert topics and len(topics) == len(search(server, "IPv6", kind="topic"))
    typed = rows(query(server, PREFIXES + f"SELECT ?hit WHERE {{ SERVICE <{SEARCH_SERVICE}> "
                                          '{ ?hit itukgs:query "IPv6" ; itukgs:kind "topic" } '
                                          "?hit a itu:Topic }"))
    assert {r["hit"] for r in typed} == {r["hit"] for r in topics}
    # lexical: only records with the words (hybrid may add dense neighbours of anything)
    assert rows(query(server, clause('?hit itukgs:query "qwertyuiopasdf" ; itukgs:mode "lexical" .'))) == []
    lexical = rows(query(server, clause('?hit itukgs:query "IPv6" ; itukgs:mode "lexical" ; '
                                        "itukgs:limit 30")))
    expected = search(server, "IPv6", mode="lexical", limit="30")
    assert {r["hit"] for r in lexical} == {h["iri"] for h in expected}


def test_two_searches_in_one_query(server):
    sparql = PREFIXES + f"""SELECT ?hit WHERE {{
        SERVICE <{SEARCH_SERVICE}> {{ ?hit itukgs:query "IPv6" ; itukgs:limit 20 }}
        SERVICE <{SEARCH_SERVICE}> {{ ?hit itukgs:query "universal acceptance" ; itukgs:limit 20 }} }}"""
    both = {r["hit"] for r in rows(query(server, sparql))}
    ipv6 = {h["iri"] for h in search(server, "IPv6", limit="20")}
    ua = {h["iri"] for h in search(server, "universal acceptance", limit="20")}
    assert both == ipv6 & ua and both
    counted = [line for line in httpx.get(f"{server}/metrics", timeout=30).text.splitlines()
               if line.startswith("itukg_sparql_searches_total ")]
    assert counted and int(counted[0].split()[1]) >= 2


@pytest.mark.parametrize("body, words", [
    ('?hit itukgs:score ?s .', "no itukgs:query"),
    ('?hit itukgs:query 5 .', "takes a string"),
    ('?hit itukgs:query "x" ; itukgs:limit "ten" .', "takes a whole number"),
    ('?hit itukgs:query "x" ; itukgs:limit 500 .', "limit must be"),
    ('?hit itukgs:query "x" ; itukgs:kind "bogus" .', "unknown kind"),
    ('?hit itukgs:query "x" ; itukgs:query "y" .', "twice"),
    ('?hit itukgs:query "x", "y" .', "several values"),
    ('?hit itukgs:query "x" ; itukgs:frobnicate ?f .', "cannot use"),
    ('?hit itukgs:query "x" ; <http://127.0.0.1:9/p> ?f .', "cannot use"),
    ('<http://a/s> itukgs:query "x" .', "must start with the variable"),
    ('?hit itukgs:query "x" ; itukgs:score ?hit .', "same variable"),
    ('?hit itukgs:query "" .', "empty"),
    ('?hit itukgs:query "' + "a" * 100_000 + '" .', "characters long"),
    ('?hit itukgs:query "x" . SERVICE <http://127.0.0.1:9/> { ?s ?p ?o }', "cannot use"),
])
def test_a_malformed_clause_is_400_naming_what_is_wrong(server, body, words):
    response = query(server, clause(body))
    assert response.status_code == 400, response.text[:300]
    assert words in response.text


def test_other_services_stay_refused_beside_a_search(server):
    sparql = PREFIXES + f"""SELECT * WHERE {{
        SERVICE <{SEARCH_SERVICE}> {{ ?hit itukgs:query "IPv6" }}
        SERVICE <http://127.0.0.1:9/sparql> {{ ?hit ?p ?o }} }}"""
    response = query(server, sparql)
    assert response.status_code == 400 and "SERVICE is not allowed" in response.text
    near = clause('?hit itukgs:query "IPv6"').replace(f"<{SEARCH_SERVICE}>", f"<{SEARCH_SERVICE}/>")
    response = query(server, near)
    assert response.status_code == 400 and "SERVICE is not allowed" in response.text


@pytest.mark.parametrize("words", ["\x01\x02 IPv6", "} ; DROP ALL ; {", "SERVICE <http://127.0.0.1:9/> { }",
                                   '"""', "?hit", "🙂" * 20, "\\u0000"])
def test_hostile_words_get_rows_or_400_never_500(server, words):
    literal = json.dumps(words)  # a valid SPARQL string literal with JSON's escapes
    response = query(server, clause(f"?hit itukgs:query {literal} ; itukgs:snippet ?s ."))
    assert response.status_code in (200, 400), response.text[:300]


def test_a_write_is_seen_by_the_next_search(server):
    """Last in the module: it drops a report graph."""
    graph = "https://w3id.org/itukg/graph/report/cwg-internet/19"
    sparql = clause('?hit itukgs:query "Internet exchange points" ; itukgs:limit 100 .')
    assert any("/cwg-internet/19/" in r["hit"] for r in rows(query(server, sparql)))
    response = httpx.post(f"{server}/update", data={"update": f"DROP GRAPH <{graph}>"},
                          headers={"Authorization": f"Bearer {TOKEN}"}, timeout=60)
    assert response.status_code == 204, response.text
    assert not any("/cwg-internet/19/" in r["hit"] for r in rows(query(server, sparql)))


# ------------------------------------------------------------------------------------------ the reader


TOKENS = list("SERVICE <https://w3id.org/itukg/search> {}\"'#\\?:;,.itukgs:query\n5") + [
    "SERVICE", f"<{SEARCH_SERVICE}>", "itukgs:query", '"x"', "?h", "\'\'\'"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=60).map("".join))
def test_the_reader_raises_only_query_error(text):
    try:
        find_calls(f"PREFIX itukgs: <{SEARCH_NS}> " + text)
    except QueryError:
        pass
