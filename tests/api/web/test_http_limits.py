"""The HTTP layer of `itukg serve` against hostile clients (issue #14, items 7 and 10), over real sockets: request
heads too large (431/414) or too slow (408), connections that never send or never close, too many connections
(503), error bodies that would echo the request, a result over the size cap (507), and the security headers
of every HTML page."""

from __future__ import annotations

import base64
import hashlib
import re
import socket
import threading
import time

import httpx
import pytest

from live import live_server, wait_healthy

HEADER_TIMEOUT = 2  # ITUKG_HEADER_TIMEOUT of the server here
KEEPALIVE_TIMEOUT = 1  # ITUKG_KEEPALIVE_TIMEOUT (uvicorn's default, which it replaces, is 5 s)
SLACK = 8  # seconds a closing may take beyond its time-out on a busy machine
MAX_CONNECTIONS = 8
MAX_RESULT = 2000
CHROME = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
# request data that must not come back in an error body: not repetitive, so any echo of it is found
MARKER = "".join(hashlib.sha256(str(i).encode()).hexdigest() for i in range(8))  # 512 characters


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    env = {"ITUKG_HEADER_TIMEOUT": str(HEADER_TIMEOUT), "ITUKG_KEEPALIVE_TIMEOUT": str(KEEPALIVE_TIMEOUT)}
    with live_server(tmp_path_factory.mktemp("http") / "store", env=env) as url:
        yield url


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """A server with few connections and a small result cap."""
    env = {"ITUKG_MAX_CONNECTIONS": str(MAX_CONNECTIONS), "ITUKG_MAX_RESULT": str(MAX_RESULT)}
    with live_server(tmp_path_factory.mktemp("small") / "store", env=env) as url:
        yield url


def connect(server: str) -> socket.socket:
    host, port = server.removeprefix("http://").split(":")
    return socket.create_connection((host, int(port)), timeout=30)


def read_until_closed(sock: socket.socket, within: float = 0, *, deadline: float = 0) -> tuple[bytes, bool]:
    """What the server sends until it closes the connection, and whether it did within `within` seconds (or
    by the `deadline`, a time.monotonic())."""
    deadline, received = deadline or time.monotonic() + within, b""
    while True:
        sock.settimeout(max(deadline - time.monotonic(), 0.01))
        try:
            data = sock.recv(65536)
        except TimeoutError:
            return received, False
        except ConnectionResetError:
            return received, True
        if not data:
            return received, True
        received += data


def status(response: bytes) -> int:
    return int(response.split(b" ", 2)[1]) if response.startswith(b"HTTP/1.1 ") else 0


def echoes(body: str, sent: str, run: int = 81) -> bool:
    """Whether `body` holds more than 80 characters in a row of `sent`."""
    return any(sent[i:i + run] in body for i in range(len(sent) - run + 1))


# ------------------------------------------------------------------------------------------ request heads


def test_a_17_mib_header_is_refused_431_while_the_server_keeps_answering(server):
    head = b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\nAccept: "
    accept = b"text/csv;q=0.1, " * (17 * 1024 * 1024 // 16)
    with connect(server) as sock:
        sender = threading.Thread(target=_send_ignoring_resets, args=(sock, head + accept + b"\r\n\r\n"), daemon=True)
        sender.start()
        health = httpx.get(f"{server}/health", timeout=10)  # meanwhile: the event loop is not held
        assert health.status_code == 200
        response, closed = read_until_closed(sock, 30)
        sender.join(30)
    assert status(response) == 431, response[:300]
    assert b"connection: close" in response.lower() and closed
    assert b"text/csv" not in response and len(response) < 2000


def _send_ignoring_resets(sock: socket.socket, data: bytes) -> None:
    try:
        sock.sendall(data)
    except OSError:  # the server closed the connection after refusing the head: the rest was never read
        pass


def test_header_and_request_line_limits_are_exact_and_long_queries_still_run(server):
    fields_limit, target_limit = 64 * 1024, 64 * 1024 - 1
    fixed = len("Host: x\r\n") + len("Connection: close\r\n") + len("X-Pad: \r\n")
    for extra, expected in ((0, 200), (1, 431)):
        pad = b"p" * (fields_limit - fixed + extra)
        with connect(server) as sock:
            sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Pad: " + pad + b"\r\n\r\n")
            assert status(read_until_closed(sock, 30)[0]) == expected, extra
    for extra, expected in ((0, 200), (1, 414)):
        target = b"/health?pad=" + b"p" * (target_limit - len("/health?pad=") + extra)
        with connect(server) as sock:
            sock.sendall(b"GET " + target + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            response, closed = read_until_closed(sock, 30)
            assert status(response) == expected and closed, (extra, response[:300])
    assert b"POST" in response  # the 414 says where a long query goes
    # a SPARQL query of 60 KiB sent by GET, as the SPARQL protocol allows
    query = "ASK { ?s ?p ?o } # " + "x" * 60_000
    response = httpx.get(f"{server}/sparql", params={"query": query, "format": "json"}, timeout=60)
    assert response.status_code == 200 and response.json()["boolean"] is True


def test_a_head_over_the_limit_is_refused_whichever_pieces_it_comes_in(server):
    with connect(server) as sock:
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n")
        for n in range(10):
            _send_ignoring_resets(sock, f"X-{n}: ".encode() + b"v" * 9000 + b"\r\n")
            time.sleep(0.02)
        response, closed = read_until_closed(sock, 30)
    assert status(response) == 431 and closed


def read_responses(sock: socket.socket, count: int) -> bytes:
    """`count` responses of /health (JSON bodies), the connection kept open."""
    received = b""
    while received.count(b"HTTP/1.1 200 OK") < count or not received.endswith(b"}"):
        data = sock.recv(65536)
        assert data, received
        received += data
    return received


def test_limits_apply_to_each_request_of_a_kept_alive_connection(server):
    with connect(server) as sock:
        for _ in range(2):  # three pipelined requests, twice on the same connection
            sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n" * 3)
            read_responses(sock, 3)
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + b"b" * (70 * 1024) + b"\r\n\r\n")
        response, closed = read_until_closed(sock, 30)
    assert status(response) == 431 and closed


# ------------------------------------------------------------------------------------------ time-outs


def test_a_slow_head_is_answered_408_and_closed_after_the_header_timeout(server):
    with connect(server) as sock:
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n")

        def trickle():  # a header line every 0.3 s, forever: slowloris
            try:
                for n in range(200):
                    sock.sendall(f"X-{n}: y\r\n".encode())
                    time.sleep(0.3)
            except OSError:
                pass

        threading.Thread(target=trickle, daemon=True).start()
        response, closed = read_until_closed(sock, HEADER_TIMEOUT + SLACK)
    assert status(response) == 408 and closed, response[:300]


def test_connections_that_send_nothing_or_half_a_head_are_closed(server):
    sockets = [connect(server) for _ in range(30)]
    try:
        for sock in sockets[:10]:
            sock.sendall(b"GET /health HTTP/1.1\r\nHo")
        time.sleep(0.2)
        assert httpx.get(f"{server}/health", timeout=10).status_code == 200
        deadline = time.monotonic() + HEADER_TIMEOUT + SLACK
        outcomes = [read_until_closed(sock, deadline=deadline) for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()
    assert all(closed for _, closed in outcomes)
    assert all(status(response) == 408 for response, _ in outcomes[:10])
    assert all(response == b"" for response, _ in outcomes[10:])  # nothing asked, nothing answered


def test_an_idle_kept_alive_connection_is_closed_and_a_slow_next_head_gets_408(server):
    with connect(server) as sock:
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        response, closed = read_until_closed(sock, KEEPALIVE_TIMEOUT + 2.5)
    assert status(response) == 200 and closed  # by ITUKG_KEEPALIVE_TIMEOUT, not uvicorn's 5 s
    with connect(server) as sock:
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        read_responses(sock, 1)
        sock.sendall(b"GET /health HTTP/1.1\r\nHo")  # the next request begins, and stalls
        response, closed = read_until_closed(sock, HEADER_TIMEOUT + SLACK)
    assert status(response) == 408 and closed


# ------------------------------------------------------------------------------------------ connections, results


def test_a_connection_over_the_limit_is_answered_503_and_the_service_recovers(small):
    sockets = [connect(small) for _ in range(MAX_CONNECTIONS)]
    try:
        time.sleep(0.5)
        with connect(small) as extra:
            extra.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
            response, closed = read_until_closed(extra, 30)
    finally:
        for sock in sockets:
            sock.close()
    assert status(response) == 503 and closed and b"retry-after: 1" in response.lower(), response[:300]
    wait_healthy(small, limit=30)


def test_a_result_over_the_cap_is_a_server_limit_not_a_client_error(small):
    response = httpx.post(f"{small}/sparql", data={"query": "SELECT * WHERE { ?s ?p ?o }"}, timeout=60)
    assert response.status_code == 507, response.text
    assert f"limit of {MAX_RESULT} bytes" in response.text and "LIMIT" in response.text


# ------------------------------------------------------------------------------------------ error bodies


def test_error_bodies_do_not_echo_the_request(server):
    cases = [
        ("406", httpx.get(f"{server}/sparql", params={"query": "ASK {}", "x": "1"},
                          headers={"Accept": "image/png;x=" + MARKER})),
        ("406 json", httpx.get(f"{server}/sparql", params={"query": "SELECT * {}", "x": "1"},
                               headers={"Accept": "application/json-" + MARKER})),
        ("iri", httpx.get(f"{server}/describe", params={"iri": "http://x/> " + MARKER})),
        ("path", httpx.get(f"{server}/state/{MARKER}", headers={"Accept": "text/plain"})),
        ("graph", httpx.get(f"{server}/store", params={"graph": "urn:" + MARKER})),
        ("kind", httpx.get(f"{server}/search", params={"q": "x", "kind": MARKER})),
        ("query", httpx.get(f"{server}/queries/{MARKER}")),
        ("static", httpx.get(f"{server}/static/{MARKER}")),
    ]
    for name, response in cases:
        assert 400 <= response.status_code < 500, (name, response.status_code)
        assert not echoes(response.text, MARKER), (name, response.text[:600])


# ------------------------------------------------------------------------------------------ headers


JSON_ERRORS = [("/resolve", {}), ("/resolve", {"ref": "hello"}), ("/resolve", {"ref": "Res. 102", "limit": "0"}),
               ("/search", {}), ("/search", {"q": "IPv6", "kind": "person"}), ("/search", {"q": "x", "limit": "0"}),
               ("/search", {"q": "x", "mode": "psychic"})]


@pytest.mark.parametrize(("path", "params"), JSON_ERRORS, ids=range(len(JSON_ERRORS)))
def test_json_endpoints_answer_errors_as_problem_details(server, path, params):
    response = httpx.get(f"{server}{path}", params=params, timeout=60)  # no Accept header: a script, curl
    assert 400 <= response.status_code < 500, response.text
    assert response.headers["content-type"].startswith("application/problem+json"), response.headers
    body = response.json()
    assert body["status"] == response.status_code and body["type"] == "about:blank"
    assert body["title"] and body["detail"] and body["detail"] == body["error"]


def test_html_pages_and_the_sparql_protocol_keep_their_error_bodies(server):
    page = httpx.get(f"{server}/resolve", params={"ref": "hello", "format": "html"}, headers={"Accept": CHROME})
    assert page.status_code == 400 and "problem+json" not in page.headers["content-type"]
    sparql = httpx.get(f"{server}/sparql", params={"query": "SELEC * {}"})
    assert sparql.status_code == 400 and sparql.headers["content-type"].startswith("text/plain")


def test_no_page_loads_anything_from_another_host(server):
    """What a browser fetches by itself (scripts, stylesheets, images, fonts, frames) comes from the service:
    links to other sites and IRIs shown as data are fine, a CDN is not."""
    paths = ["/", "/api", "/dataset", "/ontology", "/shapes", "/queries", "/state/CUB",
             "/resolve?ref=Res.%20102&format=html"]
    pages = {path: httpx.get(f"{server}{path}", headers={"Accept": CHROME}) for path in paths}
    assert pages["/api"].status_code == 200 and "/openapi.json" in pages["/api"].text
    assert "<code>/sparql</code>" in pages["/api"].text  # the endpoints, listed from the OpenAPI description
    assets = set()
    for path, page in pages.items():
        if not page.headers.get("content-type", "").startswith("text/html"):
            continue
        assert "cdn" not in page.text.lower(), path
        fetched = re.findall(r"<(?:script|img|iframe|source|audio|video)\b[^>]*\bsrc=\"([^\"]*)\"", page.text)
        fetched += re.findall(r"<link\b[^>]*\bhref=\"([^\"]*)\"", page.text)
        assert fetched, path
        for url in fetched:
            assert not re.match(r"(?i)(?:[a-z][a-z0-9+.-]*:)?//", url), (path, url)
            assets.add(url)
    for asset in assets:
        if asset.startswith("/static/"):
            text = httpx.get(f"{server}{asset}").text
            assert "cdn" not in text.lower() and not re.search(r"(?i)(?:url\(|@import)\s*[\"']?(?:https?:)?//",
                                                               text), asset
    policy = pages["/api"].headers["content-security-policy"]
    assert "http" not in policy and "cdn" not in policy


def test_every_html_page_carries_the_security_headers(server):
    pages = {"query page": httpx.get(f"{server}/"),
             "resource": httpx.get(f"{server}/state/CUB", headers={"Accept": CHROME}),
             "ontology": httpx.get(f"{server}/ontology", headers={"Accept": CHROME}),
             "not found": httpx.get(f"{server}/state/XXX", headers={"Accept": CHROME}),
             "resolver": httpx.get(f"{server}/resolve", params={"ref": "Res. 102", "format": "html"}),
             "API": httpx.get(f"{server}/api")}
    for name, page in pages.items():
        assert page.headers["content-type"].startswith("text/html"), name
        policy = page.headers.get("content-security-policy", "")
        directives = dict((d.split(" ", 1) + [""])[:2] for d in policy.split("; "))
        assert directives.get("frame-ancestors") == "'none'" and directives.get("default-src") == "'none'", name
        assert "'unsafe-inline'" not in directives.get("script-src", "'unsafe-inline'"), name
        assert page.headers.get("x-frame-options") == "DENY", name
        assert page.headers.get("referrer-policy") == "same-origin", name
        assert page.headers.get("x-content-type-options") == "nosniff", name
        inline = re.findall(r"<script>(.*?)</script>", page.text, re.S)
        if name != "API":  # the pages run nothing inline, so their policy breaks nothing
            assert not inline and "<style" not in page.text and " style=" not in page.text, name
            assert "'self'" in directives["style-src"] and "'unsafe-inline'" not in directives["style-src"], name
        for script in inline:  # FastAPI's Swagger UI bootstrap, allowed by its hash only
            digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
            assert f"'sha256-{digest}'" in directives["script-src"]
    stylesheet = httpx.get(f"{server}/static/pages.css")
    assert stylesheet.status_code == 200 and stylesheet.headers["content-type"].startswith("text/css")


def test_every_response_says_nosniff(server):
    for response in (httpx.get(f"{server}/health"), httpx.get(f"{server}/nowhere"),
                     httpx.get(f"{server}/sparql", params={"query": "ASK { ?s ?p ?o }"}),
                     httpx.get(f"{server}/search", params={"q": "internet"}, timeout=60)):
        assert response.headers.get("x-content-type-options") == "nosniff", response.url
