"""The SPARQL endpoint of `itukg serve`, driven over real HTTP on 127.0.0.1 with real clients."""

from __future__ import annotations

import socket

import httpx
import pytest
from SPARQLWrapper import JSON, SPARQLWrapper

from conftest import SEED, run_cli
from live import live_server


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with live_server(tmp_path_factory.mktemp("serve") / "store") as url:
        yield url


def test_serve_loads_the_bundled_corpus(server):
    sparql = SPARQLWrapper(f"{server}/sparql")
    sparql.setQuery("PREFIX itu: <https://w3id.org/itukg/ontology#> "
                    "SELECT ?n WHERE { ?m a itu:Meeting ; itu:meetingNumber ?n ; <https://schema.org/startDate> ?d }")
    sparql.setReturnFormat(JSON)
    for method in ("GET", "POST"):
        sparql.setMethod(method)
        rows = sparql.queryAndConvert()["results"]["bindings"]
        assert [r["n"]["value"] for r in rows] == ["18"]


@pytest.mark.parametrize("accept,media", [("text/csv", "text/csv"),
                                          ("application/sparql-results+xml", "application/sparql-results+xml"),
                                          ("*/*", "application/sparql-results+json")])
def test_result_formats(server, accept, media):
    response = httpx.get(f"{server}/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1"},
                         headers={"Accept": accept})
    assert response.status_code == 200 and response.headers["content-type"].startswith(media)


def test_unacceptable_type_is_406(server):
    response = httpx.get(f"{server}/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1"},
                         headers={"Accept": "image/png"})
    assert response.status_code == 406


SYNTAX_ERRORS = {
    "SELEC ?s WHERE { ?s ?p ?o }": "line 1, column 1: expected SELECT, CONSTRUCT, ASK or DESCRIBE, found 'SELEC'",
    "PREFIX ex: <http://example.org/>\n  selct * WHERE { ?s ?p ?o }":
        "line 2, column 3: expected SELECT, CONSTRUCT, ASK or DESCRIBE, found 'selct'",
    "SELECT WHERE { ?s ?p ?o }": "line 1, column 8: expected a variable, '*', DISTINCT or REDUCED after SELECT, "
                                 "found 'WHERE'",
    "SELECT ?s WHERE {\n  ?s ?p ?o": "line 2, column 11: expected '}', found the end of the text",
}


@pytest.fixture(scope="module")
def cli_store(tmp_path_factory):
    store = tmp_path_factory.mktemp("cli") / "store"
    assert run_cli("load", "--store", str(store), str(SEED)).returncode == 0
    return store


@pytest.mark.parametrize("query", SYNTAX_ERRORS, ids=range(len(SYNTAX_ERRORS)))
def test_a_syntax_error_says_where_and_what_in_words_alike_on_the_cli_and_over_http(server, cli_store, query):
    words = SYNTAX_ERRORS[query]
    response = httpx.get(f"{server}/sparql", params={"query": query})
    assert response.status_code == 400 and words in response.text, response.text
    shown = run_cli("query", "--store", str(cli_store), query)
    assert shown.returncode == 2 and words in shown.stderr, shown.stderr
    assert "expected CONSTRUCT" not in shown.stderr + response.text


def test_syntax_error_is_400(server):
    response = httpx.get(f"{server}/sparql", params={"query": "SELECT WHERE {"})
    # the guard's parser says where (every text is parsed by it before the engine sees it)
    assert response.status_code == 400 and "syntax error at line 1, column 8" in response.text


SPELLINGS = ["SERVICE <http://127.0.0.1:{port}/> {{ ?s ?p ?o }}", "service <http://127.0.0.1:{port}/> {{ ?s ?p ?o }}",
             "SeRvIcE\n<http://127.0.0.1:{port}/> {{ ?s ?p ?o }}",
             "SERVICE SILENT <http://127.0.0.1:{port}/> {{ ?s ?p ?o }}",
             "SERVICE#comment\n<http://127.0.0.1:{port}/> {{ ?s ?p ?o }}"]


@pytest.mark.parametrize("pattern", SPELLINGS)
def test_service_is_refused_without_a_connection(server, pattern):
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        listener.settimeout(0.5)
        port = listener.getsockname()[1]
        query = "SELECT * WHERE { " + pattern.format(port=port) + " }"
        response = httpx.post(f"{server}/sparql", data={"query": query})
        assert response.status_code == 400
        with pytest.raises(TimeoutError):
            listener.accept()
