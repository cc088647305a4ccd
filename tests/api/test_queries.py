"""The named queries on the seed report return exactly the expected rows (golden files), and the
facts the issue names."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import select
from itukg.loader.catalogue import catalogue

GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "cwg-internet-18"
REQUIRED = {
    "meetings": ["meeting", "body", "number", "startDate", "endDate"],
    "officers": ["meeting", "person", "name", "role"],
    "documents": ["document", "symbol", "meeting", "kind", "title"],
    "submissions": ["document", "symbol", "state", "iso3"],
    "citations": ["source", "symbol", "resolution", "body", "number", "qualifier", "place", "year"],
    "topics": ["document", "symbol", "topic", "title"],
    "outcomes": ["subject", "symbol", "outcome"],
    "cosponsors": ["stateA", "stateB", "iso3A", "iso3B", "count"],
}


def _key(row: dict) -> str:
    return json.dumps(row, sort_keys=True, ensure_ascii=False)


def test_catalogue_has_the_required_queries_with_their_variables(seed_store):
    queries = catalogue()
    for name, variables in REQUIRED.items():
        assert name in queries
        assert queries[name].title and queries[name].description
        results = seed_store.query(queries[name].sparql)
        assert [v.value for v in results.variables] == variables


@pytest.mark.parametrize("name", sorted(REQUIRED))
def test_golden(seed_store, name):
    expected = json.loads((GOLDEN / f"{name}.json").read_text(encoding="utf-8"))
    assert expected, f"empty golden file for {name}"
    got = select(seed_store, name)
    assert sorted(map(_key, got)) == sorted(map(_key, expected))


def test_meeting(seed_store):
    [row] = select(seed_store, "meetings")
    assert (row["body"], row["number"], row["startDate"], row["endDate"]) == ("CWG-Internet", "18", "2023-10-18", "2023-10-18")
    results = seed_store.query(catalogue()["meetings"].sparql)
    solution = next(iter(results))
    assert solution["number"].datatype.value.endswith("#integer")
    assert solution["startDate"].datatype.value.endswith("#date")


def test_officers(seed_store):
    roles = {(r["name"], r["role"]) for r in select(seed_store, "officers")}
    assert {("Wojciech Berezowski", "Chair"), ("Nigel Hickson", "Vice-Chair"), ("Nigel Hickson", "Acting Chair")} <= roles


def test_submissions(seed_store):
    rows = select(seed_store, "submissions")
    by_doc: dict[str, set[str]] = {}
    for row in rows:
        by_doc.setdefault(row["symbol"], set()).add(row["iso3"])
    assert len(rows) == 24
    gulf = {"SAU", "BHR", "EGY", "KWT", "MAR", "ZAF", "TUN", "ARE"}
    assert by_doc == {"CWG-Internet-18/3": {"BRA", "CHN", "CUB", "RUS"}, "CWG-Internet-18/4": {"GBR"},
                      "CWG-Internet-18/5": {"RUS"}, "CWG-Internet-18/6": {"RUS"}, "CWG-Internet-18/7": {"RUS"},
                      "CWG-Internet-18/8": gulf, "CWG-Internet-18/9": gulf}


def test_citations(seed_store):
    cited = {(r["body"], r["number"], r.get("qualifier"), r.get("place"), r.get("year"))
             for r in select(seed_store, "citations")}
    for number in ("101", "102", "133", "180"):
        assert ("PP", number, "Rev.", "Bucharest", "2022") in cited
    assert ("PP", "206", None, "Dubai", "2018") in cited
    assert ("Council", "1305", "Mod.", None, "2019") in cited
    assert ("Council", "1336", "Mod.", None, "2019") in cited
    own_text = [r for r in select(seed_store, "citations") if "symbol" not in r]
    assert own_text, "paragraphs of the report's own text (§3) cite resolutions with no document"


def test_topics(seed_store):
    topics = {(r["symbol"], r["title"]) for r in select(seed_store, "topics")}
    assert topics == {
        ("CWG-Internet-18/3", "Promoting and strengthening a truly multilingual internet"),
        ("CWG-Internet-18/3", "Promoting IPv6 deployment"),
        ("CWG-Internet-18/4", "The role of public policy in promoting Universal Acceptance"),
        ("CWG-Internet-18/6", "Assessment of the implementation by member states WSIS outcomes and analysis of "
                              "implementation by member states the objectives set out in the Tunis agenda for the "
                              "information society"),
    }


def test_outcomes(seed_store):
    outcomes = {(r.get("symbol"), r["outcome"]) for r in select(seed_store, "outcomes")}
    assert {("CWG-Internet-18/1(Rev.1)", "adopted"), ("CWG-Internet-18/5", "noted"), ("CWG-Internet-18/7", "noted")} <= outcomes


def test_conflict_kept_with_both_claims(seed_store):
    kinds = {r["kind"] for r in select(seed_store, "documents") if r["symbol"] == "CWG-Internet-18/4"}
    assert kinds == {"secretariat-report", "contribution"}


def test_named_query_parameters(seed_store):
    rows = select(seed_store, "submissions", iso3="GBR")
    assert [r["symbol"] for r in rows] == ["CWG-Internet-18/4"]
    assert select(seed_store, "meetings", body="CWG-FHR") == []
