"""The loader on reports it was not tuned to: every report of tests/corpus against the facts a person
read from it (`<report>.expected.json`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import corpus_reports, load_into, select

ROLE_LABELS = {"Chair", "Vice-Chair", "Acting Chair", "Co-Chair", "Secretary-General", "Deputy Secretary-General",
               "Director of the Telecommunication Standardization Bureau",
               "Director of the Telecommunication Development Bureau",
               "Director of the Radiocommunication Bureau", "Secretary"}


def facts(store) -> dict:
    meetings = select(store, "meetings")
    assert len(meetings) == 1
    m = meetings[0]
    submissions: dict[str, list[str]] = {}
    for row in select(store, "submissions"):
        submissions.setdefault(row["symbol"], []).append(row["iso3"])
    documents: dict[str, set[str]] = {}
    for row in select(store, "documents"):
        if "kind" in row:
            documents.setdefault(row["symbol"], set()).add(row["kind"])
    topics: dict[str, list[str]] = {}
    for row in select(store, "topics"):
        topics.setdefault(row["symbol"], []).append(row["title"])
    return {
        "meeting": {"body": m["body"], "number": int(m["number"]), "startDate": m["startDate"],
                    "endDate": m["endDate"]},
        "officers": sorted((r["name"], r["role"]) for r in select(store, "officers")),
        "submissions": {k: sorted(v) for k, v in submissions.items()},
        "documents": documents,
        "citations": sorted({(r.get("body"), r["number"], int(r["year"]) if "year" in r else None)
                             for r in select(store, "citations")}, key=str),
        "topics": {k: sorted(v) for k, v in topics.items()},
        "outcomes": sorted({(r["symbol"], r["outcome"]) for r in select(store, "outcomes") if "symbol" in r}),
    }


def differences(report: Path, store) -> list[str]:
    """What the loader read differently from the facts a person wrote down for the report."""
    expected = json.loads(report.with_name(report.stem + ".expected.json").read_text())
    load_into(store, report)
    got = facts(store)
    want = {
        "meeting": expected["meeting"],
        "officers": sorted((o["name"], o["role"]) for o in expected["officers"]),
        "submissions": {k: sorted(v) for k, v in expected["submissions"].items()},
        "citations": sorted({tuple(c) for c in expected["citations"]}, key=str),
        "topics": {k: sorted(v) for k, v in expected["topics"].items()},
        "outcomes": sorted({tuple(o) for o in expected["outcomes"]}),
    }
    out = [f"{report.name} {key}: expected {want[key]!r}, got {got[key]!r}" for key in want if want[key] != got[key]]
    for symbol, kind in expected["documents"].items():
        if kind not in got["documents"].get(symbol, set()):
            out.append(f"{report.name} documents: {symbol} expected {kind}, got {got['documents'].get(symbol)}")
    return out


@pytest.mark.parametrize("report", corpus_reports(), ids=lambda p: p.stem)
def test_report_facts(report, memory_store):
    assert differences(report, memory_store) == []


@pytest.mark.parametrize("report", corpus_reports(), ids=lambda p: p.stem)
def test_conflicts_are_kept_and_warned(report):
    from itukg.api.ingest.bulk import prepare_report

    expected = set(json.loads(report.with_name(report.stem + ".expected.json").read_text()).get("conflicts", []))
    prepared = prepare_report(report)
    warned = {w.focus for w in prepared.validation.warnings if "different kinds" in w.message}
    symbols = {t[2].value for t in prepared.triples if str(t[1]).endswith("#symbol") and str(t[0]) in warned}
    assert symbols == expected


def test_a_meeting_numbered_past_999(tmp_path):
    """Long-lived groups in a large archive (and the 10,000-report benchmark) reach four-digit numbers."""
    from itukg.loader.extract import extract_report
    from itukg.loader.read import read_report

    seed = Path(__file__).parents[2] / "data" / "corpus" / "cwg-internet-18-report.txt"
    text = seed.read_text(encoding="utf-8")
    renumbered = text.replace("eighteenth meeting", "1018th meeting").replace("CWG-Internet-18/", "CWG-Internet-1018/")
    assert renumbered.count("1018") > 5
    report = tmp_path / "cwg-internet-1018-report.txt"
    report.write_text(renumbered, encoding="utf-8")
    extraction = extract_report(read_report(report))
    assert extraction.meeting.number == 1018
    symbols = {str(claim.symbol) for claim in extraction.claims}
    ours = {symbol for symbol in symbols if symbol.startswith("CWG-Internet-1018/")}
    assert {"CWG-Internet-1018/1", "CWG-Internet-1018/3"} <= ours
    assert not [symbol for symbol in symbols - ours if "-101/" in symbol or "-018/" in symbol]  # none cut short
