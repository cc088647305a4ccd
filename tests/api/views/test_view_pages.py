"""The views over HTTP on a real `itukg serve` holding the bundled report and tests/corpus: the facts each page
shows, its picture's text alternative, the query behind the picture (run on /sparql, it gives the picture's
data), the files, and the refusals that name the parameter."""

from __future__ import annotations

import csv
import io
import json
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import httpx
import networkx as nx
import pytest

import corpus_fixtures

VIEWS = ("/views/cosponsors", "/views/cosponsors?group=cwg-internet&from=2023&to=2024", "/views/resolution/pp/102",
         "/views/state/RUS", "/views/group/cwg-internet")

corpus_server = corpus_fixtures.corpus_server  # the fixture


def _get(server: str, path: str, **headers) -> httpx.Response:
    return httpx.get(server + path, headers=headers, timeout=60)


def _text(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", " ", html))


@pytest.mark.parametrize("path", VIEWS)
def test_each_view_is_a_page_with_a_labelled_picture_and_its_data(corpus_server, path):
    answer = _get(corpus_server, path)
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/html")
    html = answer.text
    assert re.search(r"<title>[^<]+ — itukg</title>", html)
    svgs = re.findall(r'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="([\w-]+)-title \1-desc" '
                      r'viewBox="0 0 \d+ [\d.]+" width="100%"', html)
    assert svgs, "a picture labelled by its own title and description"
    for ident in svgs:
        assert f'<title id="{ident}-title">' in html and f'<desc id="{ident}-desc">' in html
    assert "<table" in html and "the query behind this picture" in html
    # every asset from this service: stylesheets and scripts by path, no other host (the empty icon is inline)
    assets = [a for a in re.findall(r'<(?:link|script)[^>]+(?:href|src)="([^"]+)"', html) if a != "data:,"]
    assert assets and all(a.startswith("/") and not a.startswith("//") for a in assets), assets
    assert "/static/views.css" in assets and _get(corpus_server, "/static/views.css").status_code == 200


def test_the_state_view_lists_its_documents(corpus_server):
    text = _text(_get(corpus_server, "/views/state/RUS").text)
    for symbol in ("CWG-Internet-18/5", "CWG-Internet-18/6", "CWG-Internet-18/7", "CWG-Internet-18/3"):
        assert symbol in text
    assert "Russian Federation" in text and "Brazil (BRA)" in text  # a co-sponsor of 18/3
    assert "PP Resolution 102" in text  # cited in the paragraphs about its documents


def test_the_group_view_lists_its_meetings_officers_and_outcomes(corpus_server):
    text = _text(_get(corpus_server, "/views/group/cwg-internet").text)
    for meeting in ("CWG-Internet 18", "CWG-Internet 19", "CWG-Internet 20"):
        assert meeting in text
    assert "Chair: Wojciech Berezowski" in text and "noted 9" in text


def test_the_resolution_view_and_its_files(corpus_server):
    text = _text(_get(corpus_server, "/views/resolution/pp/102").text)
    assert "Rev. Busan, 2014" in text and "Rev. Bucharest, 2022" in text and "CWG-Internet-18/4" in text
    answer = _get(corpus_server, "/views/resolution/pp/102?format=csv")
    assert answer.headers["content-type"] == "text/csv; charset=utf-8"
    assert answer.headers["content-disposition"] == 'attachment; filename="itukg-resolution-pp-102.csv"'
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    assert [(r["meeting"].rsplit("/", 2)[-2:], r["documents"]) for r in rows][:1] == [(["cwg-internet", "18"], "2")]
    assert {s for r in rows for s in r["symbols"].split()} >= {"CWG-Internet-18/4", "CWG-Internet-19/3"}
    assert "pp/102/bucharest-2022(inferred)" in rows[0]["revisions"].split()  # 18/4 cites "Resolution 102" too
    data = _get(corpus_server, "/views/resolution/pp/102?format=json").json()
    assert [r["version"] for r in data["revisions"]] == ["Rev. Busan, 2014", "Rev. Dubai, 2018", "Rev. Bucharest, 2022"]
    assert len(data["citations"]) == len(rows)


def test_the_network_files(corpus_server):
    kinds = {"graphml": "application/graphml+xml", "csv": "text/csv; charset=utf-8", "json": "application/json"}
    for kind, media_type in kinds.items():
        answer = _get(corpus_server, f"/views/cosponsors?group=cwg-internet&from=2023&format={kind}")
        assert answer.status_code == 200 and answer.headers["content-type"] == media_type
        assert answer.headers["content-disposition"] == \
            f'attachment; filename="itukg-cosponsors-cwg-internet-from-2023.{kind}"'
    graph = nx.read_graphml(io.BytesIO(_get(corpus_server, "/views/cosponsors?format=graphml").content))
    data = _get(corpus_server, "/views/cosponsors?format=json").json()
    assert nx.utils.edges_equal(sorted(tuple(sorted(e)) for e in graph.edges),
                                sorted(tuple(sorted((e["source"], e["target"]))) for e in data["edges"]))


def test_the_query_behind_the_picture_gives_its_data(corpus_server):
    html = _get(corpus_server, "/views/cosponsors").text
    link = unescape(re.search(r'<a class="view-query" href="([^"]+)">the query behind this picture', html)[1])
    assert link.startswith("/?")
    sparql = parse_qs(urlsplit(link).query)["query"][0]
    assert _get(corpus_server, link).status_code == 200  # the query page opens with it
    answer = httpx.post(corpus_server + "/sparql", data={"query": sparql},
                        headers={"Accept": "application/sparql-results+json"}, timeout=60)
    pairs = {(b["iso3A"]["value"], b["iso3B"]["value"]): int(b["count"]["value"])
             for b in answer.json()["results"]["bindings"]}
    graph = nx.read_graphml(io.BytesIO(_get(corpus_server, "/views/cosponsors?format=graphml").content))
    assert pairs and pairs == {tuple(sorted((a, b))): int(d["weight"]) for a, b, d in graph.edges(data=True)}


def test_the_same_page_twice(corpus_server):
    first, second = (_get(corpus_server, "/views/cosponsors?group=cwg-internet").content for _ in range(2))
    assert first == second


@pytest.mark.parametrize(("path", "status", "parameter"), [
    ("/views/cosponsors?from=20x5", 400, "from"),
    ("/views/cosponsors?from=2024&to=2015", 400, "from"),
    ("/views/cosponsors?group=no-such-group", 404, "group"),
    ("/views/cosponsors?colour=red", 400, "colour"),
    ("/views/state/XYZ", 404, "ISO3"),
    ("/views/state/RUSSIA", 400, "ISO3"),
    ("/views/group/no-such-group", 404, "group"),
    ("/views/resolution/pp/99999", 404, "resolution"),
])
def test_a_parameter_it_cannot_use_is_refused_by_name(corpus_server, path, status, parameter):
    page = _get(corpus_server, path)
    assert page.status_code == status and page.headers["content-type"].startswith("text/html")
    assert f"{parameter}: " in _text(page.text)
    problem = _get(corpus_server, path, accept="application/json")
    assert problem.status_code == status and problem.headers["content-type"] == "application/problem+json"
    body = problem.json()
    assert body["status"] == status and body["parameter"] == parameter and body["detail"].startswith(f"{parameter}: ")


@pytest.mark.parametrize(("query", "parameter"), [("from=last&format=graphml", "from"), ("format=gexf", "format")])
def test_a_file_format_asked_for_gets_problem_json(corpus_server, query, parameter):
    answer = _get(corpus_server, f"/views/cosponsors?{query}")
    assert answer.status_code == 400 and answer.headers["content-type"] == "application/problem+json"
    assert json.loads(answer.text)["parameter"] == parameter
