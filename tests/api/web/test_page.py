"""The query page at `/`, driven in headless Chromium (Debian's chromium and chromium-driver) through
Selenium against a real `itukg serve`: examples from the catalogue, results as tables, Ctrl+Enter,
links to resource pages, the error box, downloads, and the query kept in the URL."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import pytest

from chromium import chromium
from live import live_server

SCREENSHOT = Path("/tmp/itukg-query-page.png")
PHONE_SCREENSHOT = Path("/tmp/itukg-query-page-phone.png")

from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

MEETINGS = """PREFIX itu: <https://w3id.org/itukg/ontology#>
SELECT ?meeting ?number WHERE {
  ?meeting a itu:Meeting ; itu:meetingNumber ?number .
}"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with live_server(tmp_path_factory.mktemp("page") / "store") as url:
        yield url


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    with chromium(tmp_path_factory.mktemp("chromium-profile"), width=1280, height=1000) as driver:
        yield driver


def wait(driver, condition, timeout: float = 30):
    return WebDriverWait(driver, timeout).until(condition)


def open_page(driver, url: str) -> None:
    driver.get(url)
    wait(driver, EC.presence_of_element_located((By.CSS_SELECTOR, "#example option[value='submissions']")))


def run_and_wait_for_table(driver, action) -> list:
    """Do `action` (which runs a query) and return the rows of the new results table."""
    old = driver.find_elements(By.ID, "result-table")
    action()
    if old:
        wait(driver, EC.staleness_of(old[0]))
    table = wait(driver, EC.visibility_of_element_located((By.ID, "result-table")))
    return table.find_elements(By.CSS_SELECTOR, "tbody tr")


def type_query(driver, text: str) -> None:
    editor = driver.find_element(By.ID, "query")
    editor.clear()
    editor.send_keys(text)


def test_a_catalogue_query_runs_and_shows_its_rows(server, browser):
    open_page(browser, server + "/")
    assert browser.title == "itukg: SPARQL query"
    Select(browser.find_element(By.ID, "example")).select_by_value("submissions")
    editor = browser.find_element(By.ID, "query")
    wait(browser, lambda d: "?document ?symbol ?state ?iso3" in editor.get_attribute("value"))
    rows = run_and_wait_for_table(browser, browser.find_element(By.ID, "run").click)
    assert len(rows) == 24
    table = browser.find_element(By.ID, "result-table")
    assert "CWG-Internet-18/3" in table.text and "BRA" in table.text
    assert [th.text for th in table.find_elements(By.CSS_SELECTOR, "thead th")] == ["#", "document", "symbol",
                                                                                  "state", "iso3"]
    assert "24 rows" in browser.find_element(By.ID, "status").text
    browser.save_screenshot(str(SCREENSHOT))

    # The query is in the URL: opening that URL again shows the same results.
    query = editor.get_attribute("value")
    assert parse_qs(urlsplit(browser.current_url).query)["query"] == [query]
    browser.get(browser.current_url)
    rows = wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#result-table tbody tr"))
    assert len(rows) == 24 and browser.find_element(By.ID, "query").get_attribute("value") == query

    # Each download link fetches the same query from /sparql in its format.
    links = {a.text: a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "#downloads a")}
    assert list(links) == ["CSV", "TSV", "JSON", "XML"]
    csv = httpx.get(links["CSV"])
    assert csv.headers["content-type"].startswith("text/csv")
    assert csv.text.splitlines()[0] == "document,symbol,state,iso3" and len(csv.text.splitlines()) == 25

    browser.set_window_size(390, 844)
    browser.save_screenshot(str(PHONE_SCREENSHOT))
    assert browser.execute_script("return document.documentElement.scrollWidth") <= 390
    browser.set_window_size(1280, 1000)


def test_a_typed_query_runs_with_ctrl_enter_and_links_to_the_resource(server, browser):
    open_page(browser, server + "/")
    type_query(browser, MEETINGS)
    editor = browser.find_element(By.ID, "query")
    rows = run_and_wait_for_table(browser, lambda: editor.send_keys(Keys.CONTROL, Keys.ENTER))
    assert len(rows) == 1
    assert browser.find_element(By.ID, "query").get_attribute("value") == MEETINGS  # no newline typed
    link = rows[0].find_element(By.CSS_SELECTOR, "a")
    assert link.text == "itukg:meeting/cwg-internet/18"
    assert link.get_attribute("title") == "https://w3id.org/itukg/meeting/cwg-internet/18"
    assert link.get_attribute("href") == server + "/meeting/cwg-internet/18"
    link.click()  # to the meeting's resource page on this host
    wait(browser, EC.url_to_be(server + "/meeting/cwg-internet/18"))
    assert browser.title.startswith("CWG-Internet 18")
    assert browser.find_element(By.TAG_NAME, "h1").text == "CWG-Internet 18"


def test_graph_and_boolean_results(server, browser):
    construct = ("CONSTRUCT { ?m a <https://w3id.org/itukg/ontology#Meeting> } "
                 "WHERE { ?m a <https://w3id.org/itukg/ontology#Meeting> }")
    open_page(browser, server + "/?" + urlencode({"query": construct}))
    table = wait(browser, EC.visibility_of_element_located((By.ID, "result-table")))
    assert [th.text for th in table.find_elements(By.CSS_SELECTOR, "thead th")] == ["#", "subject", "predicate",
                                                                                  "object"]
    assert "rdf:type" in table.text and "itu:Meeting" in table.text
    links = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "#downloads a")]
    assert links == ["Turtle", "N-Triples", "JSON-LD", "RDF/XML"]

    type_query(browser, "ASK { ?m a <https://w3id.org/itukg/ontology#Meeting> }")
    browser.find_element(By.ID, "run").click()
    answer = wait(browser, EC.visibility_of_element_located((By.ID, "result-boolean")))
    assert answer.text == "ASK: true"


def test_a_long_answer_is_shown_500_rows_at_a_time(server, browser):
    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 1234"
    open_page(browser, server + "/?" + urlencode({"query": query}))
    table = wait(browser, EC.visibility_of_element_located((By.ID, "result-table")))
    assert len(table.find_elements(By.CSS_SELECTOR, "tbody tr")) == 500
    assert table.find_element(By.TAG_NAME, "caption").text == "1234 rows (the first 500 shown)"
    more = browser.find_element(By.ID, "more-rows")
    assert more.is_displayed() and more.text == "Show 500 more"
    more.click()
    assert len(table.find_elements(By.CSS_SELECTOR, "tbody tr")) == 1000 and more.text == "Show 234 more"
    more.click()
    rows = table.find_elements(By.CSS_SELECTOR, "tbody tr")
    assert len(rows) == 1234 and rows[-1].find_element(By.CSS_SELECTOR, "td.index").text == "1234"
    assert not more.is_displayed() and table.find_element(By.TAG_NAME, "caption").text == "1234 rows"


def test_a_browser_opening_a_named_query_sees_its_table(server, browser):
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"  # Chromium's, for a page
    sent = httpx.get(f"{server}/queries/submissions", params={"iso3": "GBR"}, headers={"Accept": accept})
    assert sent.status_code == 303 and "Accept" in sent.headers["vary"]
    target = urlsplit(sent.headers["location"])
    assert target.path == "/" and 'VALUES ?iso3 { "GBR" }' in parse_qs(target.query)["query"][0]
    for kept in ({"Accept": "application/sparql-results+json"}, {"Accept": "*/*"}, {}):
        assert httpx.get(f"{server}/queries/submissions", headers=kept).status_code == 200, kept
    assert httpx.get(f"{server}/queries/submissions?format=csv", headers={"Accept": accept}).status_code == 200

    browser.get(f"{server}/queries/submissions?iso3=GBR")
    table = wait(browser, EC.visibility_of_element_located((By.ID, "result-table")))
    rows = table.find_elements(By.CSS_SELECTOR, "tbody tr")
    assert len(rows) == 1 and "CWG-Internet-18/4" in rows[0].text


def test_a_syntax_error_shows_the_error_box(server, browser):
    open_page(browser, server + "/")
    type_query(browser, "SELECT ?x WHERE {" + Keys.ENTER + Keys.TAB + "?x ")
    editor = browser.find_element(By.ID, "query")
    assert editor.get_attribute("value") == "SELECT ?x WHERE {\n  ?x "  # Tab indents inside the editor
    editor.send_keys(Keys.ESCAPE, Keys.TAB)  # Esc, then Tab, leaves it for the Run button
    assert browser.switch_to.active_element.get_attribute("id") == "run"
    browser.switch_to.active_element.send_keys(Keys.ENTER)
    box = wait(browser, EC.visibility_of_element_located((By.ID, "error")))
    assert box.get_attribute("role") == "alert"
    assert box.text.startswith("Error\n400 the query was refused")
    assert not browser.find_elements(By.ID, "result-table")


SEARCH_SCREENSHOT = Path("/tmp/itukg-search-box.png")


def search_in_box(driver, words: str) -> None:
    """Type `words` into the page's search box and press Enter."""
    box = driver.find_element(By.ID, "search-q")
    box.clear()
    box.send_keys(words, Keys.ENTER)


def test_the_search_box_shows_hits_and_offers_the_resolver(server, browser):
    question = "How can countries be helped to deploy IPv6?"
    expected = httpx.get(f"{server}/search", params={"q": question, "limit": "10"}, timeout=60).json()["hits"]
    assert expected
    open_page(browser, server + "/")
    search_in_box(browser, question)
    hits = wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#search-results .search-hit"))
    assert [h.find_element(By.CSS_SELECTOR, ".search-label").text for h in hits] == [h["label"] for h in expected]
    marks = browser.find_elements(By.CSS_SELECTOR, "#search-results .search-snippet mark")
    assert marks and all(m.text for m in marks)  # the matched words, marked
    refs = browser.find_elements(By.CSS_SELECTOR, "#search-results .search-ref")
    assert refs and all("/resolve?ref=" in r.get_attribute("href") for r in refs)
    assert not browser.find_elements(By.ID, "result-table")  # the SPARQL form was not submitted
    browser.save_screenshot(str(SEARCH_SCREENSHOT))

    first = hits[0].find_element(By.CSS_SELECTOR, ".search-label")
    assert first.get_attribute("href") == server + "/" + expected[0]["iri"].removeprefix("https://w3id.org/itukg/")
    first.click()  # to the hit's resource page, which has a search box too
    wait(browser, EC.url_to_be(first_href := server + "/" + expected[0]["iri"].removeprefix("https://w3id.org/itukg/")))
    assert browser.current_url == first_href
    search_in_box(browser, "Res. 102 (Rev. Bucharest, 2022)")
    offer = wait(browser, EC.visibility_of_element_located((By.CSS_SELECTOR, "#search-results .resolve-link")))
    assert offer.text == "PP Resolution 102 (Rev. Bucharest, 2022)"
    offer.click()
    wait(browser, lambda d: "/resolve?" in d.current_url)
    assert browser.find_element(By.TAG_NAME, "h1").text == "PP Resolution 102"
    assert browser.find_elements(By.CSS_SELECTOR, "blockquote")  # the paragraphs that cite it


def test_named_query_text(server):
    response = httpx.get(f"{server}/queries/submissions.rq")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/sparql-query")
    assert "SELECT DISTINCT ?document ?symbol ?state ?iso3" in response.text
    assert httpx.get(f"{server}/queries/nothing.rq").status_code == 404
