"""The short road for the commonest requests: `GET /sparql?query=…` with nothing else, and `GET /search`.

A plain ASGI layer in front of the FastAPI application. It recognises a GET of /sparql whose only parameter
is `query`, from a client that sends no Origin header (no CORS to add), whose text holds no "service" (no
search clause to expand) and is not long, and a plain GET of /search (no Origin header; only ``q``,
``kind``, ``limit`` and ``mode``, once each). What it then does is not its own: it calls the functions the
full road calls (`answer.answer_query`, `search_endpoint.answer_search`: the guard, the time budget,
negotiation, admission, the engine with the service's time limit, the metrics, the response and its
headers), and errors are rendered by the application's own exception handlers. Only how a request is
recognised and how the answer is written out differ. Every other request goes to FastAPI unchanged.

It exists because FastAPI's routing, dependency and response machinery costs several times what an IRI
lookup costs in the store (see benchmarks/README.md, "Service"); a search answered here costs the web
process about 1 ms of CPU and GIL less.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, unquote_plus

from starlette.requests import Request

from ...loader.errors import ItukgError
from ..engine import checker
from . import search_endpoint
from .answer import Formats, answer_query, negotiate, query_headers
from .errors import ProtocolError

_ACCEPT_CACHE_SIZE = 256
_SEARCH_PARAMETERS = frozenset({"q", "kind", "limit", "mode"})


class FastQueries:
    """ASGI middleware: answer plain GET /sparql?query=… without the framework."""

    def __init__(self, app, *, service):
        self.app = app
        self.service = service  # the FastAPI application: state (engine, metrics) and exception handlers
        self._formats: dict[bytes, Formats] = {}
        self._bases: dict[tuple, str] = {}

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] != "GET":
            return await self.app(scope, receive, send)
        if scope["path"] == "/search":
            return await self._search(scope, receive, send)
        if scope["path"] != "/sparql" or not scope["query_string"].startswith(b"query="):
            return await self.app(scope, receive, send)
        accept = None
        for name, value in scope["headers"]:
            if name == b"accept":
                if accept is not None:
                    return await self.app(scope, receive, send)
                accept = value
            elif name == b"origin":
                return await self.app(scope, receive, send)
        raw = scope["query_string"]
        if b"&" in raw or b";" in raw:  # more than one parameter (or a separator FastAPI reads otherwise)
            return await self.app(scope, receive, send)
        sparql = unquote_plus(raw[6:].decode("latin-1"), errors="replace")  # as parse_qs decodes it
        if "service" in sparql.lower() or len(sparql) > checker.SHORT_CHARS:  # search clauses, long texts
            return await self.app(scope, receive, send)
        formats = self._negotiate(accept)
        try:
            answer = await answer_query(self.service, scope, sparql, formats, base_iri=self._base(scope))
        except (ItukgError, ProtocolError) as exc:
            return await self._error(scope, receive, send, exc)
        self.service.state.metrics.count("short_road_queries")
        await self._send(200, query_headers(answer), answer.body, send)

    async def _search(self, scope, receive, send):
        """GET /search with no Origin header and only its own parameters, once each: `answer_search` with the
        framework left out. A request it cannot answer (an error to word included) goes to FastAPI."""
        if any(name == b"origin" for name, _ in scope["headers"]):
            return await self.app(scope, receive, send)
        pairs = parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True)  # as Starlette does
        params = dict(pairs)
        if len(params) != len(pairs) or not params.keys() <= _SEARCH_PARAMETERS:
            return await self.app(scope, receive, send)
        try:
            response = await search_endpoint.answer_search(self.service, params)
        except (ItukgError, ProtocolError):
            return await self.app(scope, receive, send)  # FastAPI words it (and it was not a search)
        self.service.state.metrics.count("short_road_searches")
        await self._send(response.status_code, response.raw_headers, response.body, send)

    @staticmethod
    async def _send(status: int, headers: list[tuple[bytes, bytes]], body: bytes, send) -> None:
        """The full road's answer written out, with the Vary that CORS adds to every answer on the full road
        (Starlette's CORSMiddleware names Origin whether or not the request had one)."""
        out = [(name, value + b", Origin") if name == b"vary" else (name, value) for name, value in headers]
        if not any(name == b"vary" for name, _ in headers):
            out.append((b"vary", b"Origin"))
        await send({"type": "http.response.start", "status": status, "headers": out})
        await send({"type": "http.response.body", "body": body})

    def _base(self, scope) -> str:
        """The base IRI of queries, as `sparql.run_query` makes it (remembered per Host header)."""
        host = next((value for name, value in scope["headers"] if name == b"host"), None)
        key = (scope.get("scheme"), host, scope.get("root_path"), scope.get("server"))
        base = self._bases.get(key)
        if base is None:
            base = str(Request(scope).base_url) + "sparql"
            if len(self._bases) < _ACCEPT_CACHE_SIZE:
                self._bases[key] = base
        return base

    def _negotiate(self, accept: bytes | None) -> Formats:
        """`answer.negotiate`, remembered per Accept header."""
        key = accept or b""
        formats = self._formats.get(key)
        if formats is None:
            formats = negotiate(accept.decode("latin-1") if accept is not None else None)
            if len(self._formats) < _ACCEPT_CACHE_SIZE:
                self._formats[key] = formats
        return formats

    async def _error(self, scope, receive, send, exc: ItukgError | ProtocolError) -> None:
        handlers = self.service.exception_handlers
        handler = next(handlers[kind] for kind in type(exc).__mro__ if kind in handlers)  # errors.install
        response = await handler(Request({**scope, "app": self.service}, receive), exc)
        await response(scope, receive, send)


__all__ = ["FastQueries"]
