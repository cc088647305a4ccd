"""The reference resolver: GET /resolve on a live server over the seed report and the test corpus, and
`itukg refs --resolve`. What it answers is checked against `itukg refs --format json` (the parsed
reference) and against SPARQL on the same store (the revisions and the citing paragraphs)."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from conftest import SEED, corpus_reports, run_cli
from live import get_raw, live_server

FORMS = ["Res. 102 (Rev. Bucharest, 2022)", "PP-22 Resolution 180", "Council Res. 1305",
         "Resolution 133 (Rev. Dubai, 2018)"]
REFERENCE_KEYS = ["text", "body", "number", "qualifier", "place", "year", "lineage", "revision"]


def _load(store) -> None:
    done = run_cli("load", "--store", str(store), str(SEED), *map(str, corpus_reports()))
    assert done.returncode == 0, done.stderr


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    store = tmp_path_factory.mktemp("resolve") / "store"
    _load(store)
    with live_server(store) as url:
        yield url


def resolve(server: str, ref: str, **headers) -> httpx.Response:
    return httpx.get(f"{server}/resolve", params={"ref": ref}, headers=headers, timeout=60)


def sparql(server: str, query: str) -> list[dict[str, str]]:
    response = httpx.post(f"{server}/sparql", data={"query": query},
                          headers={"Accept": "application/sparql-results+json"}, timeout=60)
    assert response.status_code == 200, response.text
    return [{k: v["value"] for k, v in row.items()} for row in response.json()["results"]["bindings"]]


def parsed(text: str) -> list[dict]:
    done = run_cli("refs", "--format", "json", text)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.parametrize("ref", FORMS)
def test_each_form_resolves_to_what_refs_parses(server, ref):
    response = resolve(server, ref)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body["ref"] == ref and body["found"] is True
    expected = parsed(ref)
    assert [r["reference"] for r in body["resolutions"]] == expected
    for found, reference in zip(body["resolutions"], expected):
        assert list(found["reference"]) == REFERENCE_KEYS
        assert (found["lineage"], found["revision"]) == (reference["lineage"], reference["revision"])
        assert found["known"] is True and found["label"]


@pytest.mark.parametrize("ref", FORMS)
def test_revisions_are_those_of_the_store(server, ref):
    found = resolve(server, ref).json()["resolutions"][0]
    rows = sparql(server, "PREFIX eli: <http://data.europa.eu/eli/ontology#> SELECT DISTINCT ?r WHERE "
                          f"{{ ?r eli:is_member_of <{found['lineage']}> }}")
    assert sorted(r["iri"] for r in found["revisions"]) == sorted(row["r"] for row in rows)
    assert found["revisions"], ref
    cited = [r for r in found["revisions"] if r["cited"]]
    members = {row["r"] for row in rows}
    assert [r["iri"] for r in cited] == ([found["revision"]] if found["revision"] in members else [])
    for revision in found["revisions"]:
        assert revision["label"] and isinstance(revision["year"], int)


@pytest.mark.parametrize("ref", FORMS)
def test_citing_paragraphs_are_those_of_the_store(server, ref):
    found = resolve(server, ref).json()["resolutions"][0]
    lineage, target = found["lineage"], found["revision"] or found["lineage"]
    rows = sparql(server, f"""PREFIX eli: <http://data.europa.eu/eli/ontology#>
        SELECT DISTINCT ?p ?r WHERE {{ {{ ?p eli:cites <{lineage}> BIND(<{lineage}> AS ?r) }}
                                     UNION {{ ?r eli:is_member_of <{lineage}> . ?p eli:cites ?r }} }}""")
    assert rows, f"the corpus cites {ref}"
    assert sorted(p["iri"] for p in found["paragraphs"]) == sorted({row["p"] for row in rows})
    exact = {row["p"] for row in rows if target in (row["r"], lineage)}
    assert {p["iri"] for p in found["paragraphs"] if p["exact"]} == exact
    order = [p["exact"] for p in found["paragraphs"]]
    assert order == sorted(order, reverse=True)  # what the reference names first
    for paragraph in found["paragraphs"]:
        assert paragraph["text"] and paragraph["meeting"]["label"] and paragraph["cites"]
        assert paragraph["quotes"], paragraph["iri"]  # the verbatim span of the citation
        if paragraph["documents"]:
            assert paragraph["document"] == paragraph["documents"][0]["symbol"]
    documents = {d["iri"] for p in found["paragraphs"] for d in p["documents"]}
    assert {d["iri"] for d in found["documents"]} == documents


def test_a_revision_reference_names_its_revision_and_the_others(server):
    found = resolve(server, "Res. 102 (Rev. Bucharest, 2022)").json()["resolutions"][0]
    assert found["revision"].endswith("/resolution/pp/102/bucharest-2022")
    assert [r["iri"] for r in found["revisions"] if r["cited"]] == [found["revision"]]
    assert len(found["revisions"]) > 1
    cited = next(r for r in found["revisions"] if r["cited"])
    assert cited["conference"]["iri"].endswith("/conference/pp-2022") and cited["place"] == "Bucharest"
    assert any(not p["exact"] for p in found["paragraphs"])  # paragraphs citing the lineage without a year


def test_a_lineage_reference_takes_every_revision_as_its_own(server):
    found = resolve(server, "Council Res. 1305").json()["resolutions"][0]
    assert found["revision"] is None
    assert found["paragraphs"] and all(p["exact"] for p in found["paragraphs"])
    assert {"CWG-Internet-19/8", "CWG-Internet-18/5"} <= {d["symbol"] for d in found["documents"]}


def test_a_list_gives_one_resolution_each(server):
    body = resolve(server, "Resolutions 133 and 102 (Rev. Bucharest, 2022)").json()
    assert [r["reference"]["number"] for r in body["resolutions"]] == ["133", "102"]
    assert all(r["known"] for r in body["resolutions"])


def test_an_unknown_resolution_is_404_with_its_parsed_reference(server):
    response = resolve(server, "Res. 999 (Rev. Bucharest, 2022)")
    assert response.status_code == 404
    body = response.json()
    assert body["found"] is False
    found = body["resolutions"][0]
    assert found["reference"] == parsed("Res. 999 (Rev. Bucharest, 2022)")[0]
    assert found["known"] is False and not found["revisions"] and not found["paragraphs"]


def test_a_reference_without_a_body_lists_the_candidates(server):
    response = resolve(server, "Resolution 64")
    assert response.status_code == 200
    found = response.json()["resolutions"][0]
    assert found["lineage"] is None
    rows = sparql(server, 'PREFIX itu: <https://w3id.org/itukg/ontology#> SELECT DISTINCT ?r WHERE '
                          '{ ?r a itu:Resolution ; itu:resolutionNumber "64" }')
    assert len(rows) > 1 and sorted(c["iri"] for c in found["candidates"]) == sorted(r["r"] for r in rows)


@pytest.mark.parametrize("ref", ["", " ", "hello", "Decision 5 and CWG-Internet-18/3", "\x00\x01", "x" * 5000,
                                 "'; DROP ALL", "<http://x> } ; DROP ALL"])
def test_no_reference_is_400(server, ref):
    response = resolve(server, ref, Accept="application/json")
    assert response.status_code == 400, response.text
    message = response.json()["error"]
    assert "no resolution reference found in" in message or "limit is" in message


def test_the_parameter_is_required_once(server):
    assert httpx.get(f"{server}/resolve", timeout=30).status_code == 400
    assert httpx.get(f"{server}/resolve?ref=Res.+102&ref=Res.+180", timeout=30).status_code == 400


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a" and dict(attrs).get("href"):
            self.links.append(dict(attrs)["href"])

    def handle_data(self, data):
        self.text.append(data)


def test_browsers_get_a_page_with_links(server):
    response = resolve(server, "PP-22 Resolution 180", Accept="text/html,application/xhtml+xml,*/*;q=0.8")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    page = _Links()
    page.feed(response.text)
    text = " ".join(page.text)
    found = resolve(server, "PP-22 Resolution 180").json()["resolutions"][0]
    assert found["label"] in text and found["title"] in text
    assert "/resolution/pp/180/bucharest-2022" in page.links
    for paragraph in found["paragraphs"]:
        assert paragraph["iri"].removeprefix("https://w3id.org/itukg") in page.links
    assert 'role="search"' in response.text  # the search box
    for link in [link for link in page.links if link.startswith(("/resolution/", "/report/", "/document/"))][:6]:
        assert httpx.get(server + link, headers={"Accept": "text/html"}, timeout=60).status_code == 200, link
    own = next(link for link in page.links if link.startswith("?"))
    assert parse_qs(urlsplit(own).query)["format"] == ["json"]


def test_format_overrides_accept(server):
    response = httpx.get(f"{server}/resolve", params={"ref": "Council Res. 1305", "format": "html"},
                         timeout=60)
    assert response.headers["content-type"].startswith("text/html")
    response = httpx.get(f"{server}/resolve", params={"ref": "Council Res. 1305", "format": "json"},
                         headers={"Accept": "text/html"}, timeout=60)
    assert response.json()["found"] is True
    assert httpx.get(f"{server}/resolve", params={"ref": "Council Res. 1305", "format": "xml"},
                     timeout=60).status_code == 400
    assert resolve(server, "Council Res. 1305", Accept="image/png").status_code == 406
    page = resolve(server, "Res. 999 (Rev. Bucharest, 2022)", Accept="text/html")
    assert page.status_code == 404 and "knows nothing about" in page.text


def test_the_command_line_prints_the_same_resolution(server, tmp_path):
    store = tmp_path / "store"
    _load(store)
    for ref in FORMS + ["Res. 999 (Rev. Bucharest, 2022)"]:
        done = run_cli("refs", "--resolve", "--store", str(store), "--format", "json", ref)
        assert done.returncode == (1 if "999" in ref else 0), done.stderr
        assert json.loads(done.stdout) == resolve(server, ref).json()
    text = run_cli("refs", "--resolve", "--store", str(store), "Council Res. 1305")
    assert text.returncode == 0 and "Council Resolution 1305" in text.stdout and "cited by" in text.stdout
    bad = run_cli("refs", "--resolve", "--store", str(store), "hello")
    assert bad.returncode == 2 and "no resolution reference found in 'hello'" in bad.stderr and not bad.stdout
    missing = run_cli("refs", "--resolve", "--store", str(tmp_path / "none"), "Res. 102")
    assert missing.returncode == 2 and "Traceback" not in missing.stderr


def test_limit_keeps_the_first_paragraphs_and_counts_them_all(server):
    whole = resolve(server, "Res. 102 (Rev. Bucharest, 2022)").json()["resolutions"][0]
    assert whole["truncated"] is False and whole["paragraph_count"] == len(whole["paragraphs"]) > 2
    response = httpx.get(f"{server}/resolve", params={"ref": "Res. 102 (Rev. Bucharest, 2022)", "limit": "2"},
                         timeout=60)
    cut = response.json()["resolutions"][0]
    assert cut["truncated"] is True and cut["paragraph_count"] == whole["paragraph_count"]
    assert cut["paragraphs"] == whole["paragraphs"][:2] and cut["documents"] == whole["documents"]
    page = httpx.get(f"{server}/resolve", params={"ref": "Res. 102 (Rev. Bucharest, 2022)", "limit": "2"},
                     headers={"Accept": "text/html"}, timeout=60).text
    assert "show up to 1000" in page
    for bad in ("0", "1001", "-1", "x", "1e3"):
        refused = httpx.get(f"{server}/resolve", params={"ref": "Res. 102", "limit": bad}, timeout=60)
        assert refused.status_code == 400


@pytest.mark.parametrize("ref", ["a" * 100_000, "Res. 102 " * 12_000, "\x1b[31m" * 20_000])
def test_huge_references_get_400_never_500(server, ref):
    answer = get_raw(server, "/resolve", {"ref": ref})
    if answer is None:
        return  # the HTTP server itself dropped a request line that long: no 500 either
    status, body = answer
    assert status in (400, 414), (status, body[:300])
