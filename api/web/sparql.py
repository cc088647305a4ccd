"""The SPARQL 1.1 Protocol: queries at /sparql (GET, POST form, POST application/sparql-query) and updates
at /update (POST form, POST application/sparql-update), with the protocol's dataset parameters, content
negotiation, and the service description at GET /sparql without a query.

Handlers are plain `def`: each waits on the engine process, so they run in Starlette's thread pool and
never block the event loop.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from . import search_clause
from .answer import answer_query, negotiate, query_response
from .deps import authorize, base_url
from .description import service_description
from .errors import ProtocolError

router = APIRouter()

_FORM = "application/x-www-form-urlencoded"
_QUERY = "application/sparql-query"
_UPDATE = "application/sparql-update"


# ------------------------------------------------------------------------------------------ parameters


def _content_type(request: Request) -> tuple[str, dict[str, str]]:
    raw = request.headers.get("content-type")
    if raw is None:
        raise ProtocolError(415, "the request has a body but no Content-Type: send the query as "
                                 f"{_FORM} (query=…) or as {_QUERY}.")
    kind, _, rest = raw.partition(";")
    params = {}
    for part in rest.split(";"):
        key, _, value = part.strip().partition("=")
        if key:
            params[key.lower()] = value.strip().strip('"').lower()
    return kind.strip().lower(), params


def _utf8(body: bytes, charset: str | None) -> str:
    if charset not in (None, "utf-8", "utf8"):
        raise ProtocolError(415, f"the body is declared as {charset}; the SPARQL protocol requires UTF-8.")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ProtocolError(400, f"the body is not valid UTF-8 (byte {exc.start}).") from None


def _params(request: Request, body: bytes | None = None, form: bool = False) -> dict[str, list[str]]:
    params = parse_qs(request.url.query, keep_blank_values=True)
    if form and body is not None:
        for key, values in parse_qs(_utf8(body, None), keep_blank_values=True).items():
            params.setdefault(key, []).extend(values)
    return params


def _one(params: dict[str, list[str]], name: str) -> str | None:
    values = params.get(name, [])
    if len(values) > 1:
        raise ProtocolError(400, f"the request has {len(values)} `{name}` parameters; send exactly one.")
    return values[0] if values else None


async def _posted(request: Request, field: str, direct: str, *, other: str, wrong: str,
                  other_type: str | None = None):
    """(the SPARQL text, the parameters) of a POST: a form with a `field` field, or the text itself as
    `direct` (application/sparql-query or -update). The other operation is a 400 saying `wrong`: a form with
    an `other` field (and, for an update, no `field`), or a body of `other_type`; any other body is a 415."""
    body = await request.body()
    kind, ctype = _content_type(request)
    if kind == other_type:
        raise ProtocolError(400, wrong)
    if kind == _FORM:
        params = _params(request, body, form=True)
        if other in params and (field == "query" or field not in params):
            raise ProtocolError(400, wrong)
        sparql = _one(params, field)
        if sparql is None:
            raise ProtocolError(400, f"the form has no `{field}` field.")
        return sparql, params
    if kind == direct:
        return _utf8(body, ctype.get("charset")), _params(request)
    article = "an" if field == "update" else "a"
    raise ProtocolError(415, f"{article} {field} must be POSTed as {_FORM} or {direct}, not {kind}.")


# ------------------------------------------------------------------------------------------ queries


async def run_query(request: Request, sparql: str, params: dict[str, list[str]]) -> Response:
    """Check, run and serialise one query for the client's Accept (or `?format=`): `answer.answer_query`,
    as the short road runs it too. Search clauses (SERVICE <https://w3id.org/itukg/search>) are evaluated
    first. The client's own SPARQL is sent to /sparql; named queries (/queries/…) are the service's."""
    base = base_url(request) + "sparql"
    answer = await answer_query(
        request.app, request.scope, sparql, negotiate(request.headers.get("accept"), params), base_iri=base,
        own=request.url.path == "/sparql", expand=lambda text: search_clause.expand(request, text, base_iri=base),
        default_graph=params.get("default-graph-uri") or None, named_graphs=params.get("named-graph-uri") or None)
    return query_response(answer)


@router.get("/sparql")
async def query_get(request: Request) -> Response:
    params = _params(request)
    if "update" in params:
        raise ProtocolError(405, "an update cannot be sent by GET; POST it to /update.", allow="POST")
    sparql = _one(params, "query")
    if sparql is None:
        return await run_in_threadpool(service_description, request)
    return await run_query(request, sparql, params)


@router.post("/sparql")
async def query_post(request: Request) -> Response:
    sparql, params = await _posted(request, "query", _QUERY, other="update", other_type=_UPDATE,
                                   wrong="this is the query endpoint; POST updates to /update.")
    return await run_query(request, sparql, params)


@router.api_route("/sparql", methods=["PUT", "DELETE", "PATCH"])
def query_other(request: Request) -> Response:
    raise ProtocolError(405, "the query endpoint answers GET and POST only.", allow="GET, POST")


# ------------------------------------------------------------------------------------------ updates


@router.post("/update")
async def update_post(request: Request) -> Response:
    authorize(request)
    sparql, params = await _posted(request, "update", _UPDATE, other="query",
                                   wrong="this is the update endpoint; send queries to /sparql.")
    return await run_in_threadpool(run_update, request, sparql, params)


def run_update(request: Request, sparql: str, params: dict[str, list[str]]) -> Response:
    base = base_url(request) + "sparql"
    checker = request.app.state.checker
    plan = checker.check_update(sparql, base_iri=base)
    using = params.get("using-graph-uri", [])
    using_named = params.get("using-named-graph-uri", [])
    if using or using_named:
        if plan.uses_dataset or _has_with(sparql):
            raise ProtocolError(400, "the update names its dataset (USING or WITH) and the request gives "
                                     "using-graph-uri / using-named-graph-uri too; give one or the other.")
        for iri in using + using_named:
            if not _IRI.fullmatch(iri):
                raise ProtocolError(400, f"using-graph-uri / using-named-graph-uri must be absolute IRIs, not {iri!r}.")
        sparql = add_using(sparql, using, using_named)
        plan = checker.check_update(sparql, base_iri=base)  # what runs is what was checked
    result = request.app.state.engine.update(sparql, graphs=plan.graphs, default_graph=plan.default_graph,
                                             all_graphs=plan.all_graphs, base_iri=base)
    request.app.state.metrics.count("updates")
    headers = {"ITUKG-Warnings": str(len(result.get("warnings", [])))}
    return Response(status_code=204, headers=headers)


@router.get("/update")
def update_get(request: Request) -> Response:
    raise ProtocolError(405, "updates must be POSTed; GET cannot change the store.", allow="POST")


# Words and IRIs at brace depth 0 of an update, skipping strings and comments: where USING may go.
_TOKEN = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n\r]|\\.)*"|\'(?:[^\'\\\n\r]|\\.)*\'|#[^\n\r]*'
                    r"|<[^<>\s{}]*>|[{}]|[A-Za-z_]+")
_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\x00-\x20<>\"{}|^`\\]*")


def _depth_zero_words(sparql: str, *, braces: bool = False):
    """Keywords (and, with `braces`, the closing brace of each top-level block) at brace depth 0."""
    depth = 0
    for match in _TOKEN.finditer(sparql):
        token = match.group(0)
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
            if depth == 0 and braces:
                yield match
        elif depth == 0 and token[0].isalpha():
            yield match


def _has_with(sparql: str) -> bool:
    return any(m.group(0).upper() == "WITH" for m in _depth_zero_words(sparql))


def add_using(sparql: str, using: list[str], using_named: list[str]) -> str:
    """Apply the protocol's using-graph-uri / using-named-graph-uri to every DELETE/INSERT … WHERE
    operation, as USING / USING NAMED clauses before its WHERE.

    >>> add_using("INSERT { <a> <b> <c> } WHERE { ?s ?p ?o }", ["http://g"], [])
    'INSERT { <a> <b> <c> } USING <http://g> WHERE { ?s ?p ?o }'
    """
    clause = " ".join([f"USING <{g}>" for g in using] + [f"USING NAMED <{g}>" for g in using_named])
    out, last = [], 0
    previous = ""
    for match in _depth_zero_words(sparql, braces=True):
        word = match.group(0).upper()
        if word == "WHERE" and previous != "DELETE":  # DELETE WHERE {…} (no template) takes no USING
            out.append(sparql[last: match.start()] + clause + " ")
            last = match.start()
        previous = word
    out.append(sparql[last:])
    return "".join(out)


__all__ = ["router", "run_query", "add_using"]
