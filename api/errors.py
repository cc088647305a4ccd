"""Errors of the web service and their mapping to HTTP statuses, done once, at the edge.

    ProtocolError(status)       a request the protocol refuses (405, 406, 413, 415, 400 …)
    QueryError                  400: syntax, refused SERVICE/LOAD, dataset conflicts
    ValidationError             422: the write would violate the shapes; the body is the report
    ProtectedGraphError         403: a graph the service maintains
    QueryTimeoutError           503: the time limit stopped the query
    ResultTooLargeError         400: the result is larger than the service's limit
    NotAcceptableError          406
    EngineUnavailableError      503
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, PlainTextResponse

from ..loader.errors import ItukgError, QueryError, ValidationError
from .engine import (EngineUnavailableError, NotAcceptableError, ProtectedGraphError, QueryTimeoutError,
                     ResultTooLargeError)
from . import media


class ProtocolError(Exception):
    """A request refused by the protocol, with its HTTP status."""

    def __init__(self, status: int, message: str, *, allow: str | None = None, headers: dict | None = None):
        super().__init__(message)
        self.status = status
        self.headers = dict(headers or {})
        if allow:
            self.headers["Allow"] = allow


_STATUS = [
    (ValidationError, 422),
    (ProtectedGraphError, 403),
    (QueryTimeoutError, 503),
    (EngineUnavailableError, 503),
    (ResultTooLargeError, 400),
    (NotAcceptableError, 406),
    (QueryError, 400),
    (ItukgError, 500),
]


def _body(request: Request, status: int, message: str, extra: dict | None = None, headers: dict | None = None):
    wants_json = "json" in (request.headers.get("accept") or "")
    if wants_json or extra:
        return JSONResponse({"error": message, "status": status, **(extra or {})}, status_code=status,
                            headers=headers)
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
            message = (f"none of the accepted media types ({request.headers.get('accept')}) can hold this "
                       f"result; this endpoint offers: {', '.join(media.offered(kind))}.")
            return _body(request, 406, message)
        if isinstance(exc, QueryTimeoutError):
            request.app.state.metrics.count("timeouts")
            budget = getattr(request.app.state, "timeouts", None)
            if budget is not None and request.url.path == "/sparql":  # the client's own SPARQL, not a named query
                budget.record(client_of(request.scope))
        extra = {"violations": list(exc.findings)} if isinstance(exc, ValidationError) else None
        return _body(request, status, str(exc), extra)


def client_of(scope) -> str | None:
    """The client's address, as uvicorn reports it (the X-Forwarded-For client behind a trusted proxy)."""
    client = scope.get("client")
    return client[0] if client else None


def refuse_if_over_budget(app, scope) -> None:
    """429 (`ProtocolError`) for a client whose queries ran into the time limit too often lately."""
    budget = getattr(app.state, "timeouts", None)
    message = budget.refusal(client_of(scope)) if budget is not None else None
    if message:
        raise ProtocolError(429, message, headers={"Retry-After": str(max(1, round(budget.wait_s(client_of(scope)))))})


__all__ = ["ProtocolError", "install", "client_of", "refuse_if_over_budget"]
