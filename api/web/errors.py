"""Errors of the web service and their mapping to HTTP statuses, done once, at the edge.

    ProtocolError(status)       a request the protocol refuses (405, 406, 413, 415, 400 …)
    QueryError                  400: syntax, refused SERVICE/LOAD, dataset conflicts
    ValidationError             422: the write would violate the shapes; the body is the report
    ProtectedGraphError         403: a graph the service maintains (or a correction graph, outside /corrections)
    UnknownReportError          404: a correction of a report that is not loaded
    CorrectionError             400: a correction that cannot be read (Turtle syntax, no report, stray triples)
    QueryTimeoutError           503: the time limit stopped the query
    ResultTooLargeError         507: the result is larger than the service's limit
    NotAcceptableError          406
    EngineUnavailableError      503 (with Retry-After)
    TextTooLongError            413: longer than the guard parses
    EngineCrashedError          500: the engine crashed while running the request (and was restarted)
    CrashedQueryError           503 with Retry-After: a query that crashed the engine lately

An error body never quotes the request: no message carries more than `ECHO_LIMIT` characters in a row of a query
parameter, a header or the path (`unechoed` cuts what one would), so an error can neither be made to reflect
what a client sent nor to amplify it (a 17 MiB Accept header came back in an 18 MB 406).
"""

from __future__ import annotations

from http import HTTPStatus

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, PlainTextResponse

from ...loader.errors import ItukgError, QueryError, ValidationError
from ..engine.errors import (TextTooLongError, CrashedQueryError, EngineCrashedError, EngineUnavailableError,
                             NotAcceptableError, ProtectedGraphError, ResultTooLargeError)
from ..store.errors import QueryTimeoutError
from ..ingest.errors import CorrectionError, UnknownReportError
from . import media
from ..engine.channel import is_lookup
from ..engine.limits import AdmissionRefused


class ProtocolError(ItukgError):
    """A request refused by the protocol, with its HTTP status."""

    def __init__(self, status: int, message: str, *, allow: str | None = None, headers: dict | None = None):
        super().__init__(message)
        self.status = status
        self.headers = dict(headers or {})
        if allow:
            self.headers["Allow"] = allow


_STATUS = [
    (TextTooLongError, 413),
    (CrashedQueryError, 503),
    (EngineCrashedError, 500),  # a fault of the engine (pyoxigraph), not of the request
    (ValidationError, 422),
    (ProtectedGraphError, 403),
    (QueryTimeoutError, 503),
    (EngineUnavailableError, 503),
    # The request was valid; the server's own limit (ITUKG_MAX_RESULT) stopped the answer, so a 5xx, and 507
    # (Insufficient Storage: the server cannot hold the representation it would have to send) rather than 500,
    # which says "a bug" to clients and monitoring, or 503, which says "retry later" when only a narrower query helps.
    (ResultTooLargeError, 507),
    (NotAcceptableError, 406),
    (QueryError, 400),
    (UnknownReportError, 404),
    (CorrectionError, 400),
    (ItukgError, 500),
]


ECHO_LIMIT = 80  # characters of the request an error message may quote in a row
# A run longer than ECHO_LIMIT holds a whole window of _WINDOW characters that starts at a multiple of _STEP.
_STEP = ECHO_LIMIT // 2
_WINDOW = ECHO_LIMIT - _STEP + 1


def unechoed(message: str, sent: list[str]) -> str:
    """`message` with each run of more than `ECHO_LIMIT` characters that is also in one of the strings `sent`
    replaced by "…".

    >>> query = "SELECT * WHERE { ?s ?p '" + " ".join(map(str, range(200))) + "' }"
    >>> unechoed(f"cannot read {query!r}: a quote is not closed.", [query])
    'cannot read "…": a quote is not closed.'
    >>> unechoed("an unknown kind 'meeting'", ["meeting"])
    "an unknown kind 'meeting'"
    """
    sent = [text for text in sent if len(text) > ECHO_LIMIT]
    at = 0
    while sent and at + _WINDOW <= len(message):
        window = message[at:at + _WINDOW]
        for text in sent:
            found = text.find(window)
            if found < 0:
                continue
            start, end, left, right = at, at + _WINDOW, found, found + _WINDOW
            while start and left and message[start - 1] == text[left - 1]:
                start, left = start - 1, left - 1
            while end < len(message) and right < len(text) and message[end] == text[right]:
                end, right = end + 1, right + 1
            if end - start > ECHO_LIMIT:
                message = message[:start] + "…" + message[end:]
                at = start - start % _STEP
                break
        else:
            at += _STEP
    return message


def _sent(request: Request) -> list[str]:
    """What the client sent in its request line and headers, as sent and as Python's repr writes it."""
    texts = [value for _, value in request.query_params.multi_items()] + [value for _, value in request.headers.items()]
    texts += [request.url.path, request.scope.get("query_string", b"").decode("latin-1")]
    return texts + [repr(text)[1:-1] for text in texts]


# The endpoints whose answers are JSON: their errors are JSON too, whatever the Accept header (a browser asking
# /resolve for its HTML page excepted). The SPARQL protocol's endpoints answer errors in JSON only when asked.
JSON_ENDPOINTS = ("/resolve", "/search", "/queries", "/health")


def _wants_json(request: Request) -> bool:
    accept = request.headers.get("accept") or ""
    if "json" in accept:
        return True
    path = request.url.path.rstrip("/") or "/"
    if path not in JSON_ENDPOINTS:
        return False
    return request.query_params.get("format") != "html" and not (path == "/resolve" and "text/html" in accept
                                                                    and request.query_params.get("format") != "json")


def problem(status: int, message: str, extra: dict | None = None) -> dict:
    """An RFC 9457 problem details object (type, title, status, detail), with `error` (the detail, as the
    service's JSON errors have always had it) and any `extra` members.

    >>> problem(404, "no such thing")["title"]
    'Not Found'
    """
    return {"type": "about:blank", "title": HTTPStatus(status).phrase, "status": status, "detail": message,
            "error": message, **(extra or {})}


def _body(request: Request, status: int, message: str, extra: dict | None = None, headers: dict | None = None):
    message = unechoed(message, _sent(request))
    if _wants_json(request) or extra:
        return JSONResponse(problem(status, message, extra), status_code=status, headers=headers,
                            media_type="application/problem+json")
    return PlainTextResponse(message + "\n", status_code=status, headers=headers)


def install(app: FastAPI) -> None:
    """Map every error the service raises to a status and a one-paragraph body."""

    @app.exception_handler(ProtocolError)
    async def protocol(request: Request, exc: ProtocolError):
        request.app.state.metrics.count("errors", status=str(exc.status))
        return _body(request, exc.status, str(exc), headers=exc.headers)

    @app.exception_handler(ItukgError)
    async def itukg(request: Request, exc: ItukgError):
        status = next(code for kind, code in _STATUS if isinstance(exc, kind))
        request.app.state.metrics.count("errors", status=str(status))
        if isinstance(exc, NotAcceptableError):
            kind = "rdf" if str(exc) == "graph" else "results"
            message = (f"none of the media types the Accept header (or ?format=) names can hold this result; "
                       f"this endpoint offers: {', '.join(media.offered(kind))}.")
            return _body(request, 406, message)
        if isinstance(exc, QueryTimeoutError):
            request.app.state.metrics.count("timeouts")
            budget = getattr(request.app.state, "timeouts", None)
            if budget is not None and request.url.path == "/sparql":  # the client's own SPARQL, not a named query
                budget.record(client_of(request.scope))
        extra = {"violations": list(exc.findings)} if isinstance(exc, ValidationError) else None
        headers = None
        if isinstance(exc, CrashedQueryError):
            headers = {"Retry-After": str(max(1, round(exc.retry_after_s)))}
        elif status == 503:
            headers = {"Retry-After": "1"}
        return _body(request, status, str(exc), extra, headers)


def client_of(scope) -> str | None:
    """The client's address, as uvicorn reports it (the X-Forwarded-For client behind a trusted proxy)."""
    client = scope.get("client")
    return client[0] if client else None


async def admitted(app, scope, sparql: str, run, *, own: bool = True):
    """`await run(blame)`, the engine's answer to a client's own SPARQL query, within `limits.Admission`'s
    bounds; 503 with Retry-After when it waited in line too long. Not bounded: the service's named queries
    (`own`=False), and lookups (one IRI's triples, `channel.is_lookup`), whose cost is bounded and which the
    engine answers without a thread of its pool; neither can be the cause of a crash (`blame`=False: they
    are left out of `limits.CrashLedger`)."""
    admission = getattr(app.state, "admission", None)
    lookup = is_lookup(sparql)
    if admission is None or not own or lookup:
        return await run(own and not lookup)
    client = client_of(scope)
    try:
        await admission.enter(client)
    except AdmissionRefused as refused:
        raise ProtocolError(503, f"too many SPARQL queries are running (this client may run {admission.per_client} "
                                 f"at once, all clients {admission.total}); this one waited {refused.waited_s:g} s "
                                 "in line and was not run. Try again shortly (ITUKG_QUERY_SLOTS).",
                            headers={"Retry-After": "2"}) from None
    try:
        return await run(True)
    finally:
        admission.leave(client)


def refuse_if_over_budget(app, scope) -> None:
    """429 (`ProtocolError`) for a client whose queries ran into the time limit too often lately."""
    budget = getattr(app.state, "timeouts", None)
    message = budget.refusal(client_of(scope)) if budget is not None else None
    if message:
        raise ProtocolError(429, message, headers={"Retry-After": str(max(1, round(budget.wait_s(client_of(scope)))))})


__all__ = ["ProtocolError", "install", "problem", "JSON_ENDPOINTS", "client_of", "refuse_if_over_budget", "unechoed",
           "ECHO_LIMIT"]
