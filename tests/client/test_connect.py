"""The notebook API (`from itukg import connect`) on both backends: a store directory holding the bundled report,
opened read-only while a real `itukg serve` on 127.0.0.1 holds the same directory, and that service over HTTP.
The same calls give the same rows, typed the same way; the same mistakes raise the same errors."""

from __future__ import annotations

import datetime
import doctest
import subprocess
import sys
from collections import Counter

import pandas
import pytest
import rdflib

import itukg.frames
import itukg.values
from bundled import bundled_store
from conftest import SEED, run_cli
from itukg import ClientError, KnowledgeGraph, NamedQueryError, ServiceError, connect
from itukg.api.search.errors import SearchError
from itukg.api.store.errors import QueryTimeoutError, StoreError
from itukg.loader.errors import ItukgError, QueryError
from live import free_port, live_server

TYPED = """PREFIX itu: <https://w3id.org/itukg/ontology#>
PREFIX schema: <https://schema.org/>
SELECT ?meeting ?number ?start (COUNT(?document) AS ?documents) (1.5 AS ?half) (true AS ?yes) ("x"@en AS ?tagged)
WHERE { ?meeting itu:meetingNumber ?number ; schema:startDate ?start . ?document itu:forMeeting ?meeting }
GROUP BY ?meeting ?number ?start"""
NAMED = [("submissions", {}), ("submissions", {"iso3": "RUS"}), ("cosponsors", {}), ("meetings", {}),
         ("documents", {}), ("citations", {}), ("officers", {})]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return bundled_store(tmp_path_factory.mktemp("client"))


@pytest.fixture(scope="module")
def both(store):
    """(embedded, http): the embedded connection opened while the service holds the store."""
    with live_server(store) as url:
        with connect(store) as embedded, connect(url) as http:
            yield embedded, http


@pytest.fixture(scope="module")
def kg(both):
    return both[0]


def backends(both) -> list[tuple[str, KnowledgeGraph]]:
    return [("embedded", both[0]), ("http", both[1])]


# -- the same rows on both ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "params"), NAMED)
def test_a_named_query_gives_the_same_rows_on_both_backends(both, name, params):
    embedded, http = both
    rows = embedded.query(name, as_frame=False, **params)
    assert rows, f"{name} has rows on the bundled report"
    assert http.query(name, as_frame=False, **params) == rows


def test_a_sparql_query_gives_the_same_typed_rows_on_both_backends(both):
    embedded, http = both
    rows = embedded.sparql(TYPED, as_frame=False)
    assert rows == http.sparql(TYPED, as_frame=False)
    assert rows == [{"meeting": "https://w3id.org/itukg/meeting/cwg-internet/18", "number": 18,
                     "start": datetime.date(2023, 10, 18), "documents": rows[0]["documents"], "half": 1.5,
                     "yes": True, "tagged": "x"}]
    assert isinstance(rows[0]["documents"], int) and rows[0]["documents"] >= 9


def test_submissions_of_the_bundled_report(both):
    for _, kg in backends(both):
        assert [r["symbol"] for r in kg.query("submissions", iso3="RUS", as_frame=False)] == [
            "CWG-Internet-18/3", "CWG-Internet-18/5", "CWG-Internet-18/6", "CWG-Internet-18/7"]
        states = Counter(r["iso3"] for r in kg.query("submissions", as_frame=False))
        assert len(states) == 13 and states["GBR"] == 1


def test_a_page_of_a_named_query(both):
    for _, kg in backends(both):
        every = kg.query("submissions", as_frame=False)
        assert kg.query("submissions", limit=2, offset=1, as_frame=False) == every[1:3]


def test_ask_gives_a_bool_and_construct_a_graph_on_both(both):
    embedded, http = both
    for _, kg in backends(both):
        assert kg.sparql("ASK { ?s a <https://w3id.org/itukg/ontology#Meeting> }") is True
        assert kg.sparql("ASK { ?s a <https://example.org/Nothing> }") is False
    construct = ("CONSTRUCT { ?d <https://w3id.org/itukg/ontology#symbol> ?s } "
                 "WHERE { ?d <https://w3id.org/itukg/ontology#symbol> ?s }")
    here, there = embedded.sparql(construct), http.sparql(construct)
    assert isinstance(here, rdflib.Graph) and len(here) >= 9
    assert set(here) == set(there)
    described = embedded.sparql("DESCRIBE <https://w3id.org/itukg/meeting/cwg-internet/18>")
    assert isinstance(described, rdflib.Graph) and len(described) > 0
    assert set(described) == set(http.sparql("DESCRIBE <https://w3id.org/itukg/meeting/cwg-internet/18>"))


def test_search_gives_the_same_hits_on_both(both):
    embedded, http = both
    hits = embedded.search("Internet public policy", kind="document", limit=5, mode="lexical", as_frame=False)
    assert hits and all(hit["kind"] == "document" for hit in hits)
    assert set(hits[0]) == {"iri", "kind", "label", "score", "snippet", "document", "references"}
    assert [h["iri"] for h in http.search("Internet public policy", kind="document", limit=5, mode="lexical",
                                          as_frame=False)] == [h["iri"] for h in hits]


def test_the_catalogue_on_both(both):
    embedded, http = both
    listed = embedded.queries(as_frame=False)
    assert {q["name"] for q in listed} >= {"submissions", "cosponsors", "meetings"}
    submissions = next(q for q in listed if q["name"] == "submissions")
    assert [p["name"] for p in submissions["params"]] == ["iso3"] and submissions["description"]
    assert {q["name"] for q in http.queries(as_frame=False)} == {q["name"] for q in listed}


# -- DataFrames and lists ----------------------------------------------------------------------------------


def test_a_dataframe_when_pandas_is_installed_and_a_list_when_asked(kg, store):
    frame = kg.query("submissions")
    assert isinstance(frame, pandas.DataFrame)
    assert list(frame.columns) == ["document", "symbol", "state", "iso3"]
    listed = kg.query("submissions", as_frame=False)
    assert isinstance(listed, list) and frame.to_dict("records") == listed
    empty = kg.query("submissions", iso3="XXX")
    assert isinstance(empty, pandas.DataFrame) and empty.empty and list(empty.columns) == list(frame.columns)
    assert isinstance(kg.search("Internet", limit=3, mode="lexical"), pandas.DataFrame)
    assert isinstance(kg.queries(), pandas.DataFrame)
    with connect(store, as_frame=False) as plain:
        assert plain.query("submissions") == listed
        assert isinstance(plain.query("submissions", as_frame=True), pandas.DataFrame)


def test_without_pandas_a_list_of_dicts(store):
    """pandas hidden from the import system (`sys.modules["pandas"] = None`), as if it were not installed."""
    code = f"""
import sys
sys.modules["pandas"] = None
from itukg import ClientError, connect
kg = connect({str(store)!r})
rows = kg.query("submissions", iso3="GBR")
assert rows == kg.query("submissions", iso3="GBR", as_frame=False) and isinstance(rows, list), rows
assert [r["symbol"] for r in rows] == ["CWG-Internet-18/4"], rows
try:
    kg.query("submissions", as_frame=True)
except ClientError as error:
    print(error)
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "as_frame=True needs pandas, which is not installed" in done.stdout


def test_the_search_note_rides_on_the_frame(kg):
    hits = kg.search("Internet", limit=3, mode="lexical")
    assert "note" in hits.attrs


# -- errors ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("backend", ["embedded", "http"])
def test_named_query_mistakes_name_the_query_and_the_parameter(both, backend):
    kg = dict(backends(both))[backend]
    with pytest.raises(NamedQueryError, match="no named query 'submission'.*submissions"):
        kg.query("submission")
    with pytest.raises(NamedQueryError, match=r"named query 'submissions' has no parameter 'iso' \(parameters: iso3\)"):
        kg.query("submissions", iso="GBR")
    with pytest.raises(NamedQueryError, match="named query 'documents'.*meeting.*'not an iri' is not an IRI"):
        kg.query("documents", meeting="not an iri")
    with pytest.raises(NamedQueryError, match="named query 'submissions'.*iso3.*float"):
        kg.query("submissions", iso3=1.5)
    with pytest.raises(NamedQueryError, match="named query 'submissions'.*limit must be a whole number"):
        kg.query("submissions", limit=-1)
    with pytest.raises(QueryError, match="line 1, column 1"):
        kg.sparql("SELEC ?x WHERE { ?x ?p ?o }")
    with pytest.raises(SearchError, match="unknown kind 'bogus'"):
        kg.search("Internet", kind="bogus")
    assert issubclass(NamedQueryError, ItukgError) and issubclass(ServiceError, ItukgError)


def test_connect_refuses_what_it_cannot_open(tmp_path):
    with pytest.raises(StoreError, match="no store here yet"):
        connect(tmp_path / "nothing")
    with pytest.raises(ServiceError, match="cannot reach the itukg service"):
        connect(f"http://127.0.0.1:{free_port()}")
    with pytest.raises(ClientError, match="sparql\\+http"):
        connect("sparql+http://127.0.0.1:7878/query")
    with pytest.raises(ClientError, match="timeout"):
        connect(tmp_path, timeout=0)


def test_the_embedded_time_limit_stops_a_query(store):
    with connect(store, timeout=1e-9) as hurried:  # spent before the first row is read
        with pytest.raises(QueryTimeoutError, match="time limit of 1e-09 s"):
            hurried.sparql("SELECT * WHERE { ?s ?p ?o }")


def test_the_services_time_limit_is_a_query_timeout_error(tmp_path):
    with live_server(bundled_store(tmp_path), timeout=1) as url, connect(url) as kg:
        with pytest.raises(QueryTimeoutError, match="time limit of 1 s"):
            kg.sparql("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }")


# -- locks -------------------------------------------------------------------------------------------------


def test_an_open_connection_does_not_stop_a_load(store, tmp_path):
    other = bundled_store(tmp_path)
    with connect(other, as_frame=False) as kg:
        before = kg.query("meetings")
        reload = run_cli("load", "--force", "--store", str(other), str(SEED))
        assert reload.returncode == 0, reload.stderr
        assert kg.query("meetings") == before
    with pytest.raises(ClientError, match="closed"):
        kg.query("meetings")


# -- the package -------------------------------------------------------------------------------------------


def test_import_itukg_is_light():
    code = ("import sys, itukg; heavy = [m for m in ('pyoxigraph', 'pandas', 'rdflib', 'fastapi', 'networkx', "
            "'numpy') if m in sys.modules]; print(heavy); sys.exit(bool(heavy))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("module", [itukg.values, itukg.frames])
def test_docstring_examples(module):
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0
