"""The links out of the graph (data/links.ttl, made by data/links.py from data/links-*.tsv): every Member State
has exactly one UN M49 code, one EU country authority link and one Wikidata link, its codes agree with ISO 3166
(pycountry), no two resources share a link, the file is what its tables make, a bad table is refused with a
message naming file, line and column, and the links reach the store and the state's page."""

from __future__ import annotations

import doctest
import re
from collections import Counter
from functools import cache
from pathlib import Path
from urllib.parse import urlencode

import httpx
import pycountry
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, SKOS

from conftest import SEED, run_cli
from live import live_server

from itukg.data import links

DATA = Path(__file__).resolve().parents[2] / "data"
BASE = "https://w3id.org/itukg/"
ITU = Namespace(BASE + "ontology#")
EU = "http://publications.europa.eu/resource/authority/country/"
WD = "http://www.wikidata.org/entity/"
REFERENCE_GRAPH = BASE + "graph/reference"


@cache
def graph() -> Graph:
    g = Graph()
    for name in ("states.ttl", "bodies.ttl", "links.ttl"):
        g.parse(DATA / name, format="turtle")
    return g


def states() -> list[URIRef]:
    found = sorted(graph().subjects(RDF.type, ITU.MemberState))
    assert len(found) == 193
    return found


def matches(node: URIRef, namespace: str) -> list[str]:
    return [str(o) for o in graph().objects(node, SKOS.exactMatch) if str(o).startswith(namespace)]


def test_every_state_has_one_m49_one_eu_and_one_wikidata_link():
    for state in states():
        m49 = list(graph().objects(state, ITU.m49))
        assert len(m49) == 1 and re.fullmatch(r"[0-9]{3}", str(m49[0])), (state, m49)
        assert m49[0] == Literal(str(m49[0])), f"{state}: itu:m49 must be a plain string"
        eu, wd = matches(state, EU), matches(state, WD)
        assert len(eu) == 1 and len(wd) == 1, (state, eu, wd)
        assert re.fullmatch(re.escape(WD) + r"Q[1-9][0-9]*", wd[0]), wd
        assert len(list(graph().objects(state, SKOS.exactMatch))) == 2, state


def test_codes_agree_with_iso_3166():
    for state in states():
        iso3 = str(graph().value(state, ITU.iso3))
        iso2 = str(graph().value(state, ITU.iso2))
        country = pycountry.countries.get(alpha_3=iso3)
        assert country is not None, f"{iso3} is not an ISO 3166-1 alpha-3 code"
        assert country.alpha_2 == iso2, (iso3, iso2, country.alpha_2)
        # M49 country codes are the ISO 3166-1 numeric codes
        assert str(graph().value(state, ITU.m49)) == country.numeric, (iso3, country.numeric)
        # the EU authority code of a country with an ISO code is its alpha-3 code
        assert matches(state, EU) == [EU + iso3]
        assert str(state) == BASE + "state/" + iso3


def test_no_two_resources_share_a_link_or_a_code():
    linked = Counter(o for s, o in graph().subject_objects(SKOS.exactMatch))
    assert linked and max(linked.values()) == 1, [o for o, n in linked.items() if n > 1]
    codes = Counter(graph().objects(None, ITU.m49))
    assert len(codes) == 193 and max(codes.values()) == 1


def test_bodies_link_only_to_wikidata_and_only_bodies_of_bodies_ttl():
    bodies = {s for s, _ in graph().subject_objects(SKOS.exactMatch) if str(s).startswith(BASE + "body/")}
    assert {str(b)[len(BASE):] for b in bodies} == {"body/itu", "body/unga"}
    for body in bodies:
        assert (body, RDF.type, None) in graph(), f"{body} is not in bodies.ttl"
        assert len(matches(body, WD)) == len(list(graph().objects(body, SKOS.exactMatch))) == 1
    assert matches(URIRef(BASE + "body/itu"), WD) == [WD + "Q376150"]


def test_links_ttl_is_what_its_tables_make():
    assert (DATA / "links.ttl").read_text(encoding="utf-8") == links.render(), \
        "data/links.ttl is out of date: run `.venv/bin/python -m itukg.data.links`"
    assert links.main(["--check"]) == 0


def test_docstring_examples():
    result = doctest.testmod(links)
    assert result.attempted >= 1 and result.failed == 0


def test_every_choice_made_by_hand_is_explained_in_the_readme():
    rows = links.read_table(links.STATES_TABLE, ("iso3", "wikidata", "checked"))
    by_hand = [r for r in rows if r["checked"] == "by-hand"]
    assert {r["iso3"] for r in by_hand} == {"DNK", "NLD"}
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## links.ttl"):]
    for row in by_hand:
        assert row["iso3"] in section and row["wikidata"] in section, row.cells


# --- a bad table is refused, and the message says where --------------------------------------------

def _bad_table(tmp_path: Path, edit) -> Path:
    lines = links.STATES_TABLE.read_text(encoding="utf-8").splitlines()
    path = tmp_path / "links-states.tsv"
    path.write_text("\n".join(edit(lines)) + "\n", encoding="utf-8")
    return path


def _line_of(lines: list[str], iso3: str) -> int:
    return next(n for n, line in enumerate(lines, 1) if line.startswith(iso3 + "\t"))


def _replace(lines, iso3, column, value):
    header = next(line for line in lines if not line.startswith("#")).split("\t")
    out = []
    for line in lines:
        cells = line.split("\t")
        if cells[0] == iso3:
            cells[header.index(column)] = value
        out.append("\t".join(cells))
    return out


BAD_TABLES = {
    "malformed item": (lambda ls: _replace(ls, "BRA", "wikidata", "155"), "BRA", "column wikidata ('155')"),
    "malformed m49": (lambda ls: _replace(ls, "BRA", "m49", "76"), "BRA", "column m49 ('76')"),
    "item used twice": (lambda ls: _replace(ls, "BRA", "wikidata", "Q889"), "BRA", "also on line"),
    "alpha-2 not ours": (lambda ls: _replace(ls, "BRA", "iso2", "XB"), "BRA", "differs from the itu:iso2 \"BR\""),
    "not a member": (lambda ls: _replace(ls, "BRA", "iso3", "XYZ"), "BRA", "is not a Member State"),
}


@pytest.mark.parametrize("case", BAD_TABLES)
def test_a_bad_row_is_refused_naming_file_line_and_column(tmp_path, case):
    edit, iso3, expected = BAD_TABLES[case]
    path = _bad_table(tmp_path, edit)
    line = _line_of(links.STATES_TABLE.read_text(encoding="utf-8").splitlines(), iso3)
    with pytest.raises(links.LinksTableError) as caught:
        links.render(path)
    message = str(caught.value)
    assert message.startswith(f"links-states.tsv, line {line}, column "), message
    assert expected in message and "\n" not in message, message


def test_a_missing_state_is_refused_by_name(tmp_path):
    path = _bad_table(tmp_path, lambda ls: [line for line in ls if not line.startswith("GBR\t")])
    with pytest.raises(links.LinksTableError, match=r"no row for the Member State\(s\) GBR of states.ttl"):
        links.render(path)


# --- in the store and on the page ----------------------------------------------------------------------

LINKS_QUERY = f"""
SELECT (COUNT(DISTINCT ?state) AS ?n) WHERE {{
  GRAPH <{REFERENCE_GRAPH}> {{
    ?state <{ITU}m49> ?m49 ; <{SKOS.exactMatch}> ?eu , ?wd .
    FILTER(STRSTARTS(STR(?eu), "{EU}") && STRSTARTS(STR(?wd), "{WD}"))
  }}
}}"""


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    store = tmp_path_factory.mktemp("links") / "store"
    result = run_cli("load", "--store", str(store), str(SEED))
    assert result.returncode == 0, result.stderr
    return store


def test_the_links_are_in_the_reference_graph_after_load(loaded):
    from itukg.api.store.embedded import OxigraphStore

    store = OxigraphStore(loaded, read_only=True)
    (row,) = list(store.query(LINKS_QUERY))
    assert int(row["n"].value) == 193
    ask = (f"ASK {{ GRAPH <{REFERENCE_GRAPH}> {{ <{BASE}state/GBR> <{ITU}m49> \"826\" ; "
           f"<{SKOS.exactMatch}> <{EU}GBR> , <{WD}Q145> . <{BASE}body/itu> <{SKOS.exactMatch}> <{WD}Q376150> }} }}")
    assert store.query(ask)


def test_the_state_page_shows_its_links(loaded):
    with live_server(loaded) as url:
        page = httpx.get(f"{url}/state/GBR", headers={"Accept": "text/html"}, timeout=30).text
    assert "UN M49 code" in page and "826" in page
    for iri in (EU + "GBR", WD + "Q145"):
        assert "/describe?" + urlencode({"iri": iri}) in page, iri
