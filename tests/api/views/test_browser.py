"""Each view in headless Chromium (Debian's chromium and chromium-driver, as tests/api/web/test_page.py): no console
error, no request to a host other than 127.0.0.1, and no sideways scrolling at 360 px wide."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest

import corpus_fixtures
from chromium import chromium

corpus_server = corpus_fixtures.corpus_server  # the fixture
VIEWS = ("/views/cosponsors", "/views/cosponsors?group=cwg-internet&from=2023", "/views/resolution/pp/102",
         "/views/state/RUS", "/views/group/cwg-internet", "/views/state/XYZ",
         "/state/RUS", "/meeting/cwg-internet/18")  # resource pages, which share the frame and link their views


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    with chromium(tmp_path_factory.mktemp("chromium-views"), width=360, height=800, logs=True) as driver:
        yield driver


def _requested(driver) -> list[str]:
    """The URLs the page asked for since the last call (Chrome's performance log)."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


@pytest.mark.parametrize("path", VIEWS)
def test_a_view_in_chromium_at_360_px(corpus_server, browser, path):
    browser.get_log("browser"), _requested(browser)  # what earlier pages left
    # a phone's viewport (a headless window cannot be made narrower than about 500 px)
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 360, "height": 800,
                                                                    "deviceScaleFactor": 1, "mobile": True})
    browser.get(corpus_server + path)
    assert browser.execute_script("return document.readyState") == "complete"
    assert browser.execute_script("return document.documentElement.clientWidth") == 360
    requested = _requested(browser)
    stylesheet = "/static/views.css" if path.startswith("/views/") else "/static/pages.css"
    assert any(url.startswith(corpus_server + stylesheet) for url in requested), requested
    # what went over the network (not the browser's own chrome:// pages nor data: URLs) went to this service
    hosts = {urlsplit(url).hostname for url in requested if urlsplit(url).scheme in ("http", "https", "ws", "wss")}
    assert hosts == {"127.0.0.1"}, requested
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"
              and not (path.endswith("XYZ") and "404" in e["message"])]  # the refusal's own status, by design
    assert not errors, errors
    width = browser.execute_script("return document.documentElement.clientWidth")
    assert browser.execute_script("return document.documentElement.scrollWidth") <= width, "no sideways scrolling"
    if path.endswith("XYZ"):  # the refusal: a page that names the parameter, no picture
        assert "ISO3: " in browser.find_element("tag name", "main").text
        return
    if not path.startswith("/views/"):  # a resource page links the views it appears in, and they answer
        link = browser.find_element("css selector", "p.views a")
        link.click()
        assert urlsplit(browser.current_url).path.startswith("/views/")
        assert browser.find_element("css selector", "svg.view-picture").is_displayed()
        return
    picture = "document.querySelector('svg.view-picture[role=\"img\"]')"
    labels = browser.execute_script(f"return {picture}.getAttribute('aria-labelledby')").split()
    assert [browser.execute_script(f"return document.getElementById('{i}').textContent") for i in labels] == \
        [browser.execute_script(f"return {picture}.querySelector('{kind}').textContent") for kind in ("title", "desc")]
    assert 0 < browser.execute_script(f"return {picture}.getBoundingClientRect().width") <= width
