"""The query page at `/`: a SPARQL editor with the catalogue's queries as examples, results as tables,
downloads in every format, and the query kept in the URL. The HTML is written here; its one script and
one stylesheet are files in `api/static/`, served under `/static/` with everything else the page needs,
so it works with no network beyond this service. Also the text of each named query at
GET /queries/{name}.rq, which the page loads into the editor."""

from __future__ import annotations

import json
import mimetypes
from functools import cache
from html import escape
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, Response

from ...loader.catalogue import catalogue
from ...loader.vocab import BASE, PREFIXES
from .errors import ProtocolError
from .harvest import dataset_script
from .resource_page import search_assets, search_box
from .search_clause import SEARCH_NS

router = APIRouter()

STATIC = Path(__file__).resolve().parent / "static"

DEFAULT_QUERY = """PREFIX itu: <https://w3id.org/itukg/ontology#>
PREFIX schema: <https://schema.org/>

SELECT ?meeting ?number ?startDate WHERE {
  ?meeting a itu:Meeting ;
           itu:meetingNumber ?number ;
           schema:startDate ?startDate .
}
ORDER BY ?startDate
LIMIT 100
"""


@router.get("/", response_class=HTMLResponse)
def query_page(request: Request) -> HTMLResponse:
    query = request.query_params.get("query") or DEFAULT_QUERY
    prefixes = {**PREFIXES, "itukg": BASE, "itukgs": SEARCH_NS}
    html = f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>itukg: SPARQL query</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/static/page.css">
<script src="/static/page.js" defer></script>
{search_assets("")}
{dataset_script(request)}
</head>
<body>
<header>
  <h1>itukg <span>SPARQL over the records of ITU meetings</span></h1>
  <nav aria-label="Service"><a href="/queries">Named queries (JSON)</a> <a href="/sparql">Service description</a>
    <a href="/api">HTTP API</a></nav>
  {search_box("")}
</header>
<main>
<form id="query-form" method="post" action="/sparql" data-base="{escape(BASE)}"
      data-prefixes="{escape(json.dumps(prefixes))}">
  <div class="row">
    <label for="example">Example</label>
    <select id="example" name="example" aria-describedby="example-help">
      <option value="">Choose a named query…</option>
    </select>
    <p id="example-help" class="help" hidden></p>
  </div>
  <label for="query">SPARQL query</label>
  <div class="editor">
    <pre class="gutter" aria-hidden="true">1</pre>
    <textarea id="query" name="query" rows="14" spellcheck="false" autocapitalize="off" autocomplete="off"
              wrap="off" aria-describedby="keys">{escape(query)}</textarea>
  </div>
  <p id="keys" class="help">Ctrl+Enter runs the query. Tab indents; press Esc, then Tab, to leave the editor.</p>
  <div class="row">
    <button type="submit" id="run">Run query</button>
    <output id="status" aria-live="polite"></output>
  </div>
</form>
<div id="error" class="error" role="alert" hidden></div>
<nav id="downloads" aria-label="Download the results" hidden></nav>
<section id="results" aria-label="Results" tabindex="-1"></section>
</main>
</body>
</html>
"""
    return HTMLResponse(html)  # with the policy of every page (protocol.HtmlHeaders): no inline script or style


@router.get("/queries/{name}.rq")
def named_query_text(name: str) -> Response:
    query = catalogue().get(name)
    if query is None:
        raise ProtocolError(404, "there is no named query of that name; GET /queries lists them.")
    return Response(query.sparql, media_type="application/sparql-query; charset=utf-8")


@cache
def _static_names() -> frozenset[str]:
    return frozenset(p.name for p in STATIC.iterdir() if p.is_file() and not p.name.startswith("."))


@router.get("/static/{name}")
def static_file(name: str) -> FileResponse:
    if name not in _static_names():  # the package's files only: no path is built from the request
        raise ProtocolError(404, "there is no static file of that name.")
    kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return FileResponse(STATIC / name, media_type=kind, headers={"Cache-Control": "public, max-age=3600"})


__all__ = ["router", "DEFAULT_QUERY"]
