"""Content negotiation: real clients' Accept headers, ?format= overrides, 406s and format round trips."""

from __future__ import annotations

import csv
import dataclasses
import io

import pyoxigraph as ox
import pytest

from itukg.api.web.media import (HTML_TYPES, RDF_TYPES, RESULTS_TYPES, Choice, choose_rdf, choose_results,
                                 negotiate, offered, parse_accept, rdf_format_for_content_type, vary_headers)

R_JSON = "application/sparql-results+json"
R_XML = "application/sparql-results+xml"
CSV = "text/csv"
TSV = "text/tab-separated-values"
TTL = "text/turtle"
NT = "application/n-triples"
NQ = "application/n-quads"
TRIG = "application/trig"
JSONLD = "application/ld+json"
RDFXML = "application/rdf+xml"
HTML = "text/html"

CHROME = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
CHROME_2024 = ("text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,"
               "*/*;q=0.8,"
               "application/signed-exchange;v=b3;q=0.7")
FIREFOX = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"  # Firefox 128+, also Safari
FIREFOX_92 = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
IE8 = ("image/jpeg, application/x-ms-application, image/gif, application/xaml+xml, image/pjpeg, "
       "application/x-ms-xbap, */*")
JAVA_URLCONNECTION = "text/html, image/gif, image/jpeg, *; q=.2, */*; q=.2"

# What SPARQLWrapper 2.0 and rdflib's SPARQL store send (checked against the installed libraries below).
SW_JSON = "application/sparql-results+json,application/json,text/javascript,application/javascript"
SW_XML = "application/sparql-results+xml"
SW_CSV = "text/csv"
SW_TSV = "text/tab-separated-values"
SW_TURTLE = "application/turtle,text/turtle"
SW_N3 = "application/turtle,text/turtle,text/rdf+n3,application/n-triples,application/n3,text/n3"
SW_RDFXML = "application/rdf+xml"
SW_JSONLD = "application/ld+json,application/x-json+ld"
RDFLIB_XML = "application/sparql-results+xml, application/rdf+xml"
RDFLIB_XML_2 = "application/rdf+xml, application/sparql-results+xml"
RDFLIB_JSON = "application/sparql-results+json"
ARQ_LIKE = ("application/sparql-results+json, application/sparql-results+xml;q=0.9, "
            "text/tab-separated-values;q=0.7, text/csv;q=0.5, application/json;q=0.2, application/xml;q=0.2, "
            "*/*;q=0.1")

# (Accept, choice for SELECT/ASK results, choice for an RDF graph); None means 406.
CASES = [
    pytest.param(None, R_JSON, TTL, id="absent"),
    pytest.param("", R_JSON, TTL, id="empty"),
    pytest.param("   ", R_JSON, TTL, id="blank"),
    pytest.param("*/*", R_JSON, TTL, id="curl-requests-wget"),
    # Browsers name application/xml (an alias of both XML formats) above */*; with html=True they get HTML.
    pytest.param(CHROME, R_XML, RDFXML, id="chrome"),
    pytest.param(CHROME_2024, R_XML, RDFXML, id="chrome-2024"),
    pytest.param(FIREFOX, R_XML, RDFXML, id="firefox-safari"),
    pytest.param(FIREFOX_92, R_XML, RDFXML, id="firefox-92"),
    pytest.param(IE8, R_JSON, TTL, id="ie8"),
    pytest.param(JAVA_URLCONNECTION, R_JSON, TTL, id="java-bare-star"),
    pytest.param(SW_JSON, R_JSON, JSONLD, id="sparqlwrapper-json"),
    pytest.param(SW_XML, R_XML, None, id="sparqlwrapper-xml"),
    pytest.param(SW_CSV, CSV, None, id="sparqlwrapper-csv"),
    pytest.param(SW_TSV, TSV, None, id="sparqlwrapper-tsv"),
    pytest.param(SW_TURTLE, None, TTL, id="sparqlwrapper-turtle"),
    pytest.param(SW_N3, None, TTL, id="sparqlwrapper-n3"),
    pytest.param(SW_RDFXML, None, RDFXML, id="sparqlwrapper-rdfxml"),
    pytest.param(SW_JSONLD, None, JSONLD, id="sparqlwrapper-jsonld"),
    pytest.param(RDFLIB_XML, R_XML, RDFXML, id="rdflib-store-xml"),
    pytest.param(RDFLIB_XML_2, R_XML, RDFXML, id="rdflib-store-xml-other-order"),
    pytest.param(RDFLIB_JSON, R_JSON, None, id="rdflib-store-json"),
    pytest.param(ARQ_LIKE, R_JSON, JSONLD, id="arq-like-weighted-list"),
    pytest.param("text/turtle", None, TTL, id="turtle"),
    pytest.param("application/x-turtle", None, TTL, id="turtle-alias"),
    pytest.param("text/plain", None, NT, id="ntriples-alias"),
    pytest.param("application/n-quads", None, NQ, id="nquads"),
    pytest.param("application/trig", None, TRIG, id="trig"),
    pytest.param("application/json", R_JSON, JSONLD, id="plain-json"),
    pytest.param("application/xml", R_XML, RDFXML, id="plain-xml"),
    pytest.param("text/*", CSV, TTL, id="text-wildcard"),
    pytest.param("application/*", R_JSON, NT, id="application-wildcard"),
    pytest.param("text/*, text/csv;q=0", TSV, TTL, id="q0-excludes-under-wildcard"),
    pytest.param("*/*, application/sparql-results+json;q=0, text/turtle;q=0", R_XML, NT,
                 id="q0-first-choices"),
    pytest.param("*/*;q=0.1, text/csv", CSV, TTL, id="low-wildcard"),
    pytest.param("text/csv, */*", CSV, TTL, id="equal-q-specific-wins"),
    pytest.param("text/*;q=0.9, text/csv;q=0.1", TSV, TTL, id="specific-range-sets-q"),
    pytest.param("application/sparql-results+json;q=0, application/json", None, JSONLD,
                 id="canonical-beats-alias"),
    pytest.param("application/json;q=0.1, application/sparql-results+xml;q=0.5", R_XML, JSONLD,
                 id="alias-weighted"),
    pytest.param("text/plain;q=0.9, text/*;q=0.1", CSV, NT, id="alias-above-wildcard"),
    pytest.param("text/*, text/turtle;q=0", CSV, None, id="wildcard-ignores-aliases"),
    pytest.param("text/turtle;q=0.5, application/ld+json;q=0.9", None, JSONLD, id="q-order"),
    pytest.param("text/tab-separated-values, text/csv", CSV, None, id="header-order-not-a-preference"),
    pytest.param("application/sparql-results+xml, application/sparql-results+json;q=0.9", R_XML, None,
                 id="xml-first"),
    pytest.param("TEXT/TURTLE", None, TTL, id="upper-case"),
    pytest.param("Application/SPARQL-Results+JSON", R_JSON, None, id="mixed-case"),
    pytest.param("text/turtle; charset=utf-8", None, TTL, id="charset-param"),
    pytest.param("application/sparql-results+json;charset=UTF-8;Q=0.5", R_JSON, None,
                 id="charset-and-upper-q"),
    pytest.param('application/ld+json; profile="http://www.w3.org/ns/json-ld#compacted"', None, JSONLD,
                 id="jsonld-profile"),
    pytest.param('application/ld+json;profile="http://a/, http://b/";q=0.9, text/turtle;q=0.5', None, JSONLD,
                 id="comma-inside-quotes"),
    pytest.param(" text/turtle ;  q=0.8 ,\tapplication/n-triples ; q=0.9 ", None, NT, id="whitespace"),
    pytest.param("text/turtle;q=abc, application/n-triples;q=0.5", None, NT, id="bad-q-dropped"),
    pytest.param("text/turtle;q=2", R_JSON, TTL, id="only-bad-q-means-anything"),
    pytest.param("junk", R_JSON, TTL, id="junk"),
    pytest.param(",,,;;;", R_JSON, TTL, id="punctuation"),
    pytest.param("text/, */turtle, /", R_JSON, TTL, id="malformed-ranges"),
    pytest.param('text/turtle;q="0.5', R_JSON, TTL, id="unbalanced-quote"),
    pytest.param("image/png", None, None, id="png-only"),
    pytest.param("image/png, image/*;q=0.5", None, None, id="images-only"),
    pytest.param("image/png;q=0", None, None, id="only-exclusions"),
    pytest.param("*/*;q=0", None, None, id="nothing-at-all"),
    pytest.param("text/html", None, None, id="html-not-offered"),
    pytest.param("application/xhtml+xml", None, None, id="xhtml-not-offered"),
]


def test_enough_cases():
    assert len(CASES) >= 40


@pytest.mark.parametrize(("accept", "results", "rdf"), CASES)
def test_results_choice(accept, results, rdf):
    choice = choose_results(accept)
    assert (choice.media_type if choice else None) == results
    if choice:
        assert choice.kind == "results"
        assert choice.format == next(r.format for r in RESULTS_TYPES if r.media_type == results)


@pytest.mark.parametrize(("accept", "results", "rdf"), CASES)
def test_rdf_choice(accept, results, rdf):
    choice = choose_rdf(accept)
    assert (choice.media_type if choice else None) == rdf
    if choice:
        assert choice.kind == "rdf"
        assert choice.format == next(r.format for r in RDF_TYPES if r.media_type == rdf)


def test_client_headers_are_what_the_libraries_send():
    sparqlwrapper = pytest.importorskip("SPARQLWrapper")
    from rdflib.plugins.stores.sparqlconnector import SPARQLConnector

    expected = {
        ("SELECT * {}", sparqlwrapper.JSON): SW_JSON,
        ("SELECT * {}", sparqlwrapper.XML): SW_XML,
        ("SELECT * {}", sparqlwrapper.CSV): SW_CSV,
        ("SELECT * {}", sparqlwrapper.TSV): SW_TSV,
        ("CONSTRUCT {} WHERE {}", sparqlwrapper.TURTLE): SW_TURTLE,
        ("CONSTRUCT {} WHERE {}", sparqlwrapper.N3): SW_N3,
        ("CONSTRUCT {} WHERE {}", sparqlwrapper.RDFXML): SW_RDFXML,
        ("CONSTRUCT {} WHERE {}", sparqlwrapper.JSONLD): SW_JSONLD,
    }
    for (query, fmt), header in expected.items():
        client = sparqlwrapper.SPARQLWrapper("http://example.org/sparql")
        client.setQuery(query)
        client.setReturnFormat(fmt)
        assert client._getAcceptHeader() == header, fmt
    # rdflib builds its header from a set, so the order of the two types varies from run to run.
    mime_types = SPARQLConnector(query_endpoint="http://example.org/sparql").response_mime_types()
    assert sorted(mime_types.split(", ")) == sorted(RDFLIB_XML.split(", "))
    assert sorted(RDFLIB_XML.split(", ")) == sorted(RDFLIB_XML_2.split(", "))
    json_store = SPARQLConnector(query_endpoint="http://example.org/sparql", returnFormat="json")
    assert json_store.response_mime_types() == RDFLIB_JSON


# --- HTML for browsers -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "results", "rdf"),
    [
        (CHROME, HTML, HTML),
        (CHROME_2024, HTML, HTML),
        (FIREFOX, HTML, HTML),
        ("application/xhtml+xml", HTML, HTML),
        ("*/*", R_JSON, TTL),
        (None, R_JSON, TTL),
        ("text/*", CSV, TTL),
        ("text/html;q=0.5, */*", R_JSON, TTL),
        ("text/html, application/sparql-results+json", R_JSON, HTML),
        (SW_JSON, R_JSON, JSONLD),
        ("image/png", None, None),
    ],
)
def test_html_when_offered(accept, results, rdf):
    choices = ((choose_results(accept, html=True), results), (choose_rdf(accept, html=True), rdf))
    for choice, expected in choices:
        assert (choice.media_type if choice else None) == expected
        if expected == HTML:
            assert choice == Choice(HTML, "html", None)


# --- datasets ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("*/*", TRIG),
        (None, TRIG),
        ("application/n-quads", NQ),
        ("application/json", JSONLD),
        ("application/*", TRIG),
        ("application/n-triples, */*;q=0.1", TRIG),
        ("text/turtle", None),
        ("text/*", None),
        ("application/rdf+xml, application/xml", None),
        ("image/png", None),
    ],
)
def test_dataset_choice(accept, expected):
    choice = choose_rdf(accept, dataset=True)
    assert (choice.media_type if choice else None) == expected
    if choice:
        assert choice.format.supports_datasets


def test_dataset_formats_are_marked():
    assert {r.media_type for r in RDF_TYPES if r.datasets} == {NQ, TRIG, JSONLD}
    assert all(r.datasets == r.format.supports_datasets for r in RDF_TYPES)


# --- ?format= ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("override", "expected"),
    [
        ("json", R_JSON),
        ("xml", R_XML),
        ("csv", CSV),
        ("tsv", TSV),
        ("CSV", CSV),
        (" tsv ", TSV),
        ("application/sparql-results+xml", R_XML),
        ("application/json", R_JSON),
        ("text/*", CSV),
        ("ttl", None),
        ("text/turtle", None),
        ("html", None),
        ("bogus", None),
        ("text/", None),
    ],
)
def test_results_override_beats_accept(override, expected):
    accepts = ("image/png", "application/sparql-results+json;q=0, */*", "text/tab-separated-values", None)
    for accept in accepts:
        choice = choose_results(accept, override)
        assert (choice.media_type if choice else None) == expected


@pytest.mark.parametrize(
    ("override", "expected"),
    [
        ("turtle", TTL),
        ("ttl", TTL),
        ("ntriples", NT),
        ("nt", NT),
        ("nquads", NQ),
        ("nq", NQ),
        ("trig", TRIG),
        ("jsonld", JSONLD),
        ("json", JSONLD),
        ("rdfxml", RDFXML),
        ("xml", RDFXML),
        ("TTL", TTL),
        ("application/x-turtle", TTL),
        ("text/plain", NT),
        ("application/ld+json; profile=\"http://www.w3.org/ns/json-ld#expanded\"", JSONLD),
        ("csv", None),
        ("image/png", None),
    ],
)
def test_rdf_override_beats_accept(override, expected):
    for accept in ("image/png", "text/turtle", CHROME, None):
        choice = choose_rdf(accept, override)
        assert (choice.media_type if choice else None) == expected


def test_html_override():
    assert choose_results(SW_JSON, "html") is None
    assert choose_results(SW_JSON, "html", html=True).kind == "html"
    assert choose_rdf("text/turtle", "html", html=True).kind == "html"
    assert choose_results(CHROME, "json", html=True).media_type == R_JSON


def test_dataset_override():
    assert choose_rdf(None, "nq", dataset=True).media_type == NQ
    assert choose_rdf(None, "ttl", dataset=True) is None


@pytest.mark.parametrize("override", [None, "", "   "])
def test_empty_override_falls_back_to_accept(override):
    assert choose_results("text/csv", override).media_type == CSV
    assert choose_rdf("application/trig", override).media_type == TRIG


# --- negotiate, parse_accept, the tables -------------------------------------------------------------------


def test_negotiate_generic_offers():
    assert negotiate("image/*", ["image/png", "image/svg+xml"]) == "image/png"
    assert negotiate("image/svg+xml, image/*;q=0.5", ["image/png", "image/svg+xml"]) == "image/svg+xml"
    assert negotiate("*/*", []) is None
    assert negotiate(None, [TTL, NT]) == TTL
    assert negotiate("text/plain", [NT, TTL]) == NT
    assert negotiate("json", offered("rdf")) == TTL  # a short name in Accept is junk, and junk means */*
    assert negotiate("json", offered("rdf"), override="json") == JSONLD


def test_parse_accept_orders_and_scores():
    assert parse_accept("text/*;q=0.3, text/html;q=0.7, text/html;level=1, */*;q=0.5, image/png;q=0") == [
        ("text/html", 1.0, 3),
        ("text/html", 0.7, 2),
        ("*/*", 0.5, 0),
        ("text/*", 0.3, 1),
    ]
    assert parse_accept("a/b, c/d;q=1, e/f;q=1.000") == [("a/b", 1.0, 2), ("c/d", 1.0, 2), ("e/f", 1.0, 2)]


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, []),
        ("", []),
        ("*", [("*/*", 1.0, 0)]),
        ("*; q=.2", [("*/*", 0.2, 0)]),
        ("text/turtle;q=0.001", [("text/turtle", 0.001, 2)]),
        ("text/turtle;q=0", []),
        ("text/turtle;q=0.000", []),
        ("text/turtle;q=1.5", []),
        ("text/turtle;q=-1", []),
        ("text/turtle;q=nan", []),
        ("text/turtle;q=", []),
        ("text/turtle;q=0.5;ext=1", [("text/turtle", 0.5, 2)]),  # accept-ext after q is not a range parameter
        ("text/turtle;charset=utf-8;q=0.5", [("text/turtle", 0.5, 3)]),
        ("TEXT/Turtle", [("text/turtle", 1.0, 2)]),
        ("*/turtle, text, text/, /turtle, te xt/turtle", []),
        ("text/turtle;;", [("text/turtle", 1.0, 2)]),
        ("x" * 10_000, []),
    ],
)
def test_parse_accept_is_robust(header, expected):
    assert parse_accept(header) == expected


def test_offered():
    assert offered("results") == [R_JSON, R_XML, CSV, TSV]
    assert offered("rdf") == [TTL, NT, NQ, TRIG, JSONLD, RDFXML]
    assert offered("html") == [HTML]
    assert [r.media_type for r in HTML_TYPES] == [HTML]
    with pytest.raises(KeyError):
        offered("images")


def test_choice_content_type_and_vary():
    assert choose_results("text/csv").content_type == "text/csv; charset=utf-8"
    assert choose_results(None).content_type == R_JSON
    assert choose_rdf("text/turtle").content_type == "text/turtle; charset=utf-8"
    assert choose_rdf("application/n-triples").content_type == NT
    assert choose_results(CHROME, html=True).content_type == "text/html; charset=utf-8"
    with pytest.raises(dataclasses.FrozenInstanceError):
        choose_results(None).kind = "rdf"
    assert vary_headers() == {"Vary": "Accept"}


@pytest.mark.parametrize(
    ("content_type", "expected"),
    [
        ("text/turtle", ox.RdfFormat.TURTLE),
        ("Text/Turtle; charset=UTF-8", ox.RdfFormat.TURTLE),
        ("application/x-turtle", ox.RdfFormat.TURTLE),
        ("application/n-triples", ox.RdfFormat.N_TRIPLES),
        ("text/plain;charset=utf-8", ox.RdfFormat.N_TRIPLES),
        ("application/n-quads", ox.RdfFormat.N_QUADS),
        ("application/trig", ox.RdfFormat.TRIG),
        ('application/ld+json; profile="http://www.w3.org/ns/json-ld#compacted"', ox.RdfFormat.JSON_LD),
        ("application/json", ox.RdfFormat.JSON_LD),
        ("application/rdf+xml", ox.RdfFormat.RDF_XML),
        ("application/xml", ox.RdfFormat.RDF_XML),
        (" APPLICATION/RDF+XML ", ox.RdfFormat.RDF_XML),
        ("text/n3", None),
        ("text/csv", None),
        ("application/sparql-results+json", None),
        ("application/x-www-form-urlencoded", None),
        ("*/*", None),
        ("garbage", None),
        ("", None),
        (None, None),
    ],
)
def test_rdf_format_for_content_type(content_type, expected):
    assert rdf_format_for_content_type(content_type) == expected


# --- round trips -------------------------------------------------------------------------------------------

S = ox.NamedNode("http://example.org/s")
P = ox.NamedNode("http://example.org/p")
G = ox.NamedNode("http://example.org/g")
XSD_INT = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
TRIPLES = [
    ox.Triple(S, P, ox.Literal('Génève "quoted" \\ back\nline', language="fr")),
    ox.Triple(S, P, ox.Literal("42", datatype=XSD_INT)),
    ox.Triple(S, P, ox.NamedNode("http://example.org/o?x=1&y=%3C2%3E")),
]
QUADS = [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in TRIPLES] + [
    ox.Quad(t.subject, t.predicate, t.object, G) for t in TRIPLES
]


@pytest.mark.parametrize("accept", offered("rdf") + ["application/x-turtle", "text/plain", "application/json",
                                                     "application/xml"])
def test_graph_round_trip(accept):
    choice = choose_rdf(accept)
    data = ox.serialize(TRIPLES, format=choice.format)
    for label in (choice.media_type, choice.content_type):
        back = ox.parse(data, format=rdf_format_for_content_type(label))
        assert {ox.Triple(q.subject, q.predicate, q.object) for q in back} == set(TRIPLES)
        assert all(q.graph_name == ox.DefaultGraph() for q in back)


@pytest.mark.parametrize("accept", [TRIG, NQ, JSONLD, "*/*"])
def test_dataset_round_trip(accept):
    choice = choose_rdf(accept, dataset=True)
    data = ox.serialize(QUADS, format=choice.format)
    back = ox.parse(data, format=rdf_format_for_content_type(choice.content_type))
    assert set(back) == set(QUADS)


@pytest.mark.parametrize("override", ["json", "xml", "csv", "tsv"])
def test_results_formats_serialise(override):
    choice = choose_results(None, override)
    store = ox.Store()
    store.extend(QUADS)
    data = store.query("SELECT ?o WHERE { ?s ?p ?o } ORDER BY ?o").serialize(format=choice.format)
    if choice.format == ox.QueryResultsFormat.CSV:  # lossy: pyoxigraph writes it but will not read it
        rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
        assert rows[0] == ["o"] and len(rows) == 4 and ['Génève "quoted" \\ back\nline'] in rows
        return
    back = ox.parse_query_results(data, format=choice.format)
    assert [v.value for v in back.variables] == ["o"]
    assert len(list(back)) == 3
