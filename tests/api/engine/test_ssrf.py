"""SSRF (security issue #14): however a SERVICE or LOAD is spelled, the live service never opens a connection.

A listening TCP socket on 127.0.0.1 (and on ::1, on the same port, where the machine has IPv6) counts every
connection it accepts; each spelling of `ssrf_spellings()` aims at it, is sent to a real `itukg serve` (the
bundled report, a write token), and must get a 4xx while the socket sees no connection. The target answers
whatever reaches it with a marker (`MARKER`, as SPARQL results to a POST and as Turtle to a GET), which must
not appear in any answer either.

`ssrf_spellings(port)` is the hook for the defence in depth: the same spellings, aimed at any port, can be
sent to an engine whose guard is bypassed (the engine must then be unable to open the socket itself). The
listener, `target.Target`, is shared with test_sandbox.py.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import httpx
import pytest
from live import TOKEN, live_server
from target import MARKER, Target

AUTH = {"Authorization": f"Bearer {TOKEN}"}
SETTLE_S = 0.3  # how long after an answer a late connection is still waited for
SEARCH = "<https://w3id.org/itukg/search>"
SEARCH_PREFIX = "PREFIX itukgs: <https://w3id.org/itukg/ontology/search#>"


@dataclass(frozen=True)
class Spelling:
    """One attempt: `text` sent to the query endpoint ("query") or the update endpoint ("update"), as
    `via` "get" (`?query=`), "form" (POST, urlencoded) or "direct" (POST, application/sparql-query or
    -update). `ipv6` when it aims at [::1] or localhost, which needs the IPv6 listener too."""

    name: str
    endpoint: str
    via: str
    text: str
    ipv6: bool = False


def ssrf_spellings(port: int = 9) -> list[Spelling]:
    """Every spelling of the test, aimed at http://127.0.0.1:`port`/ (and [::1]:`port`, localhost:`port`).

    A name ending in "-get" or "-form" says how it is sent (otherwise POST application/sparql-query or
    -update). Run by pyoxigraph 0.5.13 itself (no guard), each opens a connection to the port, except:
    escaped-keyword, load-at-the-query-endpoint and trick-at-the-update-endpoint (syntax errors to
    pyoxigraph), ipv6-literal (its HTTP client cannot resolve "[::1]") and the search-* ones (the web
    process expands the search SERVICE before the engine sees the text)."""
    base = f"http://127.0.0.1:{port}/"
    t = f"<{base}a>"
    escaped = t.replace(":", r"\u003A", 1)  # <http\u003A//127.0.0.1:PORT/a>
    triples = "{ ?s ?p ?o }"
    service = f"SERVICE {t} {triples}"
    bound = f"VALUES ?x {{ {t} }}"
    two_rows = f"VALUES ?x {{ {t} <{base}b> }}"
    trick = f"FILTER(1<2)SERVICE?x#>\n{triples}"  # the scrub reads <2)SERVICE?x#> as an IRI

    def where(body: str) -> str:
        return f"SELECT * WHERE {{ {body} }}"

    def lateral(body: str, *, bind: str = bound) -> str:  # ?x bound, then the body run for it
        return f"{bind} LATERAL {{ {body} }}"

    issue_lateral = where(lateral(trick))
    issue_exists = where(f"{bound} FILTER EXISTS {{ {trick} }}")
    plain = where(service)
    search = f'{SEARCH_PREFIX} SELECT * WHERE {{ SERVICE {SEARCH} {{ ?hit itukgs:query "Internet" }} '
    pad = 1200  # one VALUES row of 1,200 terms: one call, not one per row
    values_20k = (f"VALUES ({' '.join(f'?pad{i}' for i in range(pad))}) "
                  f"{{ ({' '.join(f'<urn:pad:{i}>' for i in range(pad))}) }}")
    queries = {
        # the two spellings of the issue, and the same by the other roads
        "issue-lateral": issue_lateral, "issue-lateral-get": issue_lateral,
        "issue-filter-exists": issue_exists, "issue-filter-exists-form": issue_exists,
        "literal-iri": plain, "literal-iri-get": plain, "literal-iri-form": plain,
        # variables (bound before the SERVICE runs: pyoxigraph refuses an unbound one without calling)
        "values-variable": where(f"{bound} FILTER EXISTS {{ SERVICE ?x {triples} }}"),
        "bind-variable-get": where(lateral(f"SERVICE ?x {triples}", bind=f"BIND({t} AS ?x)")),
        "dollar-variable": where(lateral(f"SERVICE $x {triples}", bind=f"VALUES $x {{ {t} }}")),
        # where the clause sits
        "lateral": where(lateral(f"SERVICE ?x {triples}")),
        "filter-exists-get": where(f"FILTER EXISTS {{ {service} }}"),
        "filter-not-exists": where(f"FILTER NOT EXISTS {{ {service} }}"),
        "minus": where(f"VALUES ?s {{ <urn:a> }} MINUS {{ {service} }}"),
        "optional-form": where(f"OPTIONAL {{ {service} }}"),
        "union": where(f"{{ }} UNION {{ {service} }}"),
        "graph": where(f"GRAPH <urn:g> {{ {service} }}"),
        "nested-subqueries-get": where(f"{{ SELECT * WHERE {{ {{ {where(service)} }} }} }}"),
        "service-in-service": where(f"SERVICE {t} {{ {service} }}"),
        "service-silent": where(f"SERVICE SILENT {t} {triples}"),
        "ask-get": f"ASK {{ {service} }}",
        "construct": f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {service} }}",
        "describe-form": f"DESCRIBE ?s WHERE {{ {service} }}",
        # case, comments, line breaks
        "lowercase-get": f"select * where {{ service {t} {triples} }}",
        "mixed-case-silent": f"SeLeCt * WhErE {{ sErViCe SiLeNt {t} {triples} }}",
        "comments-between-tokens": f"SELECT * WHERE {{#a\nSERVICE#b\nSILENT#c\n{t}#d\n{triples}#e\n}}",
        "carriage-return-ends-comment": where(f"# a comment\r{service}"),
        "no-spaces": f"SELECT*WHERE{{SERVICE{t}{{?s?p?o}}}}",
        # escapes
        "escaped-keyword": where(rf"\u0053ERVICE {t} {triples}"),
        "escaped-iri": where(f"SERVICE {escaped} {triples}"),
        "escaped-iri-get": where(f"SERVICE {escaped} {triples}"),
        "escaped-quote-in-string": where(rf'BIND("a\u0022 # b" AS ?y) {service}'),
        "escaped-newline-in-comment": where(r"# \u000A }" + f"\n{service}"),
        # names that resolve to the target
        "prefixed-name": f"PREFIX t: <{base}> {where(f'SERVICE t:a {triples}')}",
        "empty-prefix-glued-get": f"PREFIX : <{base}> {where(f'SERVICE:a {triples}')}",
        "base-relative-iri": f"BASE <{base}> {where(f'SERVICE <a> {triples}')}",
        "ipv6-literal": where(f"SERVICE <http://[::1]:{port}/a> {triples}"),
        "localhost": where(f"SERVICE <http://localhost:{port}/a> {triples}"),
        # the scrub's blind spot <…SERVICE?x#> in every position (LATERAL or EXISTS binds ?x before it runs)
        "trick-bind-variable": where(lateral(trick, bind=f"BIND({t} AS ?x)")),
        "trick-lateral-get": f"SELECT ?x WHERE {{ {lateral(trick)} }}",
        "trick-less-or-equal": where(lateral(f"FILTER(1<=2)SERVICE?x#>\n{triples}")),
        "trick-dollar-carriage-return": where(lateral(f"FILTER(1<2)SERVICE$x#>\r{triples}")),
        "trick-not-exists": where(f"{bound} FILTER NOT EXISTS {{ {trick} }}"),
        "trick-bind": where(lateral(f"BIND((1<2)AS?b)SERVICE?x#>\n{triples}")),
        "trick-bind-exists": where(f"{bound} BIND(EXISTS {{ {trick} }} AS ?e)"),
        "trick-select-expression": f"SELECT ?x (EXISTS {{ {trick} }} AS ?e) WHERE {{ {bound} }}",
        "trick-order-by": f"{where(two_rows)} ORDER BY (EXISTS {{ {trick} }})",
        "trick-having": f"SELECT ?x WHERE {{ {two_rows} }} GROUP BY ?x HAVING (EXISTS {{ {trick} }})",
        "trick-minus": where(f"{bound} MINUS {{ {lateral(trick)} }}"),
        "trick-optional-form": where(lateral(f"OPTIONAL {{ {trick} }}")),
        "trick-subquery": where(f"{{ {issue_lateral} }}"),
        "trick-union": where(lateral(f"{{ }} UNION {{ {trick} }}")),
        "trick-ask-get": f"ASK {{ {lateral(trick)} }}",
        "trick-construct": f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {lateral(trick)} }}",
        "trick-describe-form": f"DESCRIBE ?x WHERE {{ {bound} FILTER EXISTS {{ {trick} }} }}",
        # long texts: past the guard's short road (4,096 characters) and past its cache (20,000)
        "trick-just-under-4096": _pad_to(issue_lateral, 4090),
        "long-comment-over-4096": _pad_to(issue_exists, 4300),
        "long-comment-over-4096-get": _pad_to(plain, 4300),
        "long-values-over-20000": where(f"{values_20k} {lateral(trick)}"),
        "long-comment-over-20000-form": _pad_to(plain, 21000),
        # the search SERVICE, which the service expands itself, beside a real one
        "search-and-service": f"{search} {service} }}",
        "search-and-trick": f"{search} {lateral(trick)} }}",
        "search-containing-service-get": search.replace("} ", f". {service} }} ", 1) + "}",
        # an update at the query endpoint
        "load-at-the-query-endpoint": f"LOAD {t}",
    }
    into = "INTO GRAPH <urn:ssrf>"
    template = "{ GRAPH <urn:ssrf> { ?s ?p ?o } }"
    updates = {  # sent with the write token
        "load": f"LOAD {t}",
        "load-silent-into": f"LOAD SILENT {t} {into}",
        "load-lowercase-form": f"load silent {t}",
        "load-escaped-iri": f"LOAD {escaped} {into}",
        "load-prefixed-name": f"PREFIX t: <{base}> LOAD t:a",
        "load-after-insert-data": f"INSERT DATA {{ GRAPH <urn:ssrf> {{ <urn:a> <urn:b> <urn:c> }} }} ; LOAD {t} {into}",
        "insert-where-service": f"INSERT {template} WHERE {{ {service} }}",
        "insert-where-trick": f"INSERT {template} WHERE {{ {lateral(trick)} }}",
        "delete-where-service-silent-form": f"DELETE {template} WHERE {{ SERVICE SILENT {t} {triples} }}",
        "trick-at-the-update-endpoint": issue_exists,  # a query at the update endpoint
    }
    assert not queries.keys() & updates.keys()
    return [Spelling(name, endpoint, _road(name), text, ipv6=name in ("ipv6-literal", "localhost"))
            for endpoint, texts in (("query", queries), ("update", updates)) for name, text in texts.items()]


def _road(name: str) -> str:
    return next((via for via in ("get", "form") if name.endswith("-" + via)), "direct")


def _pad_to(query: str, length: int) -> str:
    """The query after a comment that makes it `length` characters long."""
    return "#" + "p" * (length - len(query) - 2) + "\n" + query


# ------------------------------------------------------------------------------------------ the target


def send(server: str, spelling: Spelling) -> httpx.Response:
    """Send a spelling to the service as it says (a write token on updates)."""
    path, field = ("/sparql", "query") if spelling.endpoint == "query" else ("/update", "update")
    headers = {"Accept": "application/sparql-results+json, text/turtle;q=0.5", **AUTH}
    if spelling.via == "get":
        return httpx.get(server + path, params={field: spelling.text}, headers=headers, timeout=60)
    if spelling.via == "form":
        return httpx.post(server + path, data={field: spelling.text}, headers=headers, timeout=60)
    kind = "application/sparql-query" if spelling.endpoint == "query" else "application/sparql-update"
    return httpx.post(server + path, content=spelling.text.encode(), headers={**headers, "Content-Type": kind},
                      timeout=60)


# ------------------------------------------------------------------------------------------ the tests


@pytest.fixture(scope="module")
def target():
    listening = Target()
    yield listening
    listening.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with live_server(tmp_path_factory.mktemp("ssrf") / "store", token=True, timeout=10) as url:
        yield url


SPELLINGS = {s.name: s for s in ssrf_spellings()}


def test_there_are_at_least_30_spellings_with_those_of_the_issue():
    assert len(SPELLINGS) >= 30
    assert {"issue-lateral", "issue-filter-exists"} <= SPELLINGS.keys()
    texts = [s.text for s in SPELLINGS.values()]
    assert len(set(texts)) >= 30
    assert any(len(t) > 20_000 for t in texts) and any(4096 < len(t) < 20_000 for t in texts)


def test_the_target_counts_a_connection(target):
    """The listener itself works: a connection made on purpose is counted (and answered)."""
    before = target.count()
    response = httpx.post(f"http://127.0.0.1:{target.port}/a", content=b"x", timeout=5)
    assert MARKER in response.text
    assert target.count() == before + 1


@pytest.mark.parametrize("name", list(SPELLINGS))
def test_no_spelling_reaches_the_socket(server, target, name):
    spelling = next(s for s in ssrf_spellings(target.port) if s.name == name)
    if spelling.ipv6 and not target.ipv6:
        pytest.skip("no IPv6 loopback on this machine")
    before = target.count()
    response = send(server, spelling)
    time.sleep(SETTLE_S)
    reached = target.count() - before
    assert reached == 0, (f"{name}: the service opened {reached} connection(s) to 127.0.0.1:{target.port} "
                          f"(answer {response.status_code}: {response.text[:300]!r})")
    assert MARKER not in response.text
    assert 400 <= response.status_code < 500, f"{name}: {response.status_code} {response.text[:300]!r}"


def test_the_service_still_answers_after_all_of_them(server):
    response = httpx.get(f"{server}/sparql", params={"query": "ASK { ?s ?p ?o }"},
                         headers={"Accept": "application/sparql-results+json"}, timeout=30)
    assert response.status_code == 200 and response.json()["boolean"] is True
    graphs = httpx.get(f"{server}/store", params={"graph": "urn:ssrf"}, headers=AUTH, timeout=30)
    assert graphs.status_code == 404  # no update of the list wrote anything
