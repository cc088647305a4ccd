"""The short road for the commonest requests: `GET /sparql?query=…` with nothing else, and `GET /search`.

A plain ASGI layer in front of the FastAPI application. It answers a GET of /sparql whose only parameter is
`query`, from a client that sends no Origin header (no CORS to add), whose text holds no "service" (no
search clause to expand) and is not long, and whose Accept header negotiates a format. It does what `sparql.run_query` does for such a request: the guard (its verdict from the checker
process, `checker.Checker`), admission (`limits.Admission`), the negotiation (remembered
per Accept header), the engine's answer awaited on the event loop with the service's time limit, the
metrics, the same headers. Errors are rendered by the application's own exception handlers. Every other
request, and every one of those with something unusual about it, goes to FastAPI unchanged.

It exists because FastAPI's routing, dependency and response machinery costs several times what an IRI
lookup costs in the store (see benchmarks/README.md, "Service"). A plain search (no Origin header, only
``q``, ``kind``, ``limit`` and ``mode``, once each) is answered the same way, in the search state's own
threads (`itukg.api.search.live.SearchState.asearch`): about 1 ms of the web process's CPU and GIL less per search.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, unquote_plus

from starlette.requests import Request

from ...loader.errors import ItukgError
from ..engine import channel, checker
from . import media, search_endpoint
from .errors import ProtocolError, admitted
from .sparql import _with_charset, refuse_unacceptable

_ACCEPT_CACHE_SIZE = 256
# as the full stack says it: negotiation (media.vary_headers) and CORS (Starlette adds Origin to every answer)
_VARY = [(b"vary", b"Accept, Origin")]
_SEARCH_PARAMETERS = frozenset({"q", "kind", "limit", "mode"})


class FastQueries:
    """ASGI middleware: answer plain GET /sparql?query=… without the framework."""

    def __init__(self, app, *, service):
        self.app = app
        self.service = service  # the FastAPI application: state (engine, metrics) and exception handlers
        self._formats: dict[bytes, tuple | None] = {}
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
        if formats is None:
            return await self.app(scope, receive, send)
        results, rdf = formats
        state = self.service.state
        if state.timeouts is not None and state.timeouts.wait_s(scope["client"][0] if scope.get("client") else None):
            return await self.app(scope, receive, send)  # FastAPI refuses it (429), in the same words
        try:
            plan = await state.checker.acheck_query(sparql)
            refuse_unacceptable(plan, results, rdf)
            if channel.is_lookup(sparql):  # bounded cost: neither admission nor the crash ledger (see `admitted`)
                answer = await state.engine.aquery(sparql, results=results, rdf=rdf, base_iri=self._base(scope),
                                                   dataset=plan.dataset, blame=False)
            else:
                answer = await admitted(self.service, scope, sparql, lambda blame: state.engine.aquery(
                    sparql, results=results, rdf=rdf, base_iri=self._base(scope), dataset=plan.dataset, blame=blame))
        except (ItukgError, ProtocolError) as exc:
            return await self._error(scope, receive, send, exc)
        state.metrics.count("queries", form=plan.form)
        state.metrics.count("short_road_queries")
        body = answer.body
        await send({"type": "http.response.start", "status": 200, "headers": [
            (b"content-type", _with_charset(answer.media_type).encode("latin-1")),
            (b"content-length", str(len(body)).encode("latin-1")), *_VARY]})
        await send({"type": "http.response.body", "body": body})

    async def _search(self, scope, receive, send):
        """GET /search with no Origin header and only its own parameters, once each: `search_endpoint.search` with
        the framework left out. A request it cannot answer (an error to word included) goes to FastAPI."""
        if any(name == b"origin" for name, _ in scope["headers"]):
            return await self.app(scope, receive, send)
        pairs = parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True)  # as Starlette does
        params = dict(pairs)
        if len(params) != len(pairs) or not params.keys() <= _SEARCH_PARAMETERS:
            return await self.app(scope, receive, send)
        try:
            options = search_endpoint.search_options(params)
            result = await search_endpoint.state_of(self.service).asearch(options.pop("query"), **options)
        except (ItukgError, ProtocolError):
            return await self.app(scope, receive, send)  # FastAPI words it (and it was not a search)
        metrics = self.service.state.metrics
        metrics.count("searches")
        metrics.count("short_road_searches")
        body = search_endpoint.search_body(result)
        await send({"type": "http.response.start", "status": 200, "headers": [
            (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode("latin-1")),
            (b"vary", b"Origin")]})
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

    def _negotiate(self, accept: bytes | None) -> tuple | None:
        """(results, rdf) as the engine takes them (None for a kind the client does not accept: the engine
        says 406 if the query makes that kind), or None when it accepts neither (FastAPI answers)."""
        key = accept or b""
        try:
            return self._formats[key]
        except KeyError:
            pass
        text = accept.decode("latin-1") if accept is not None else None
        results = media.choose_results(text)
        rdf = media.choose_rdf(text)
        formats = None
        if results is not None or rdf is not None:
            formats = (None if results is None else (results.media_type, results.format.media_type),
                       None if rdf is None else (rdf.media_type, rdf.format.media_type))
        if len(self._formats) < _ACCEPT_CACHE_SIZE:
            self._formats[key] = formats
        return formats

    async def _error(self, scope, receive, send, exc: ItukgError | ProtocolError) -> None:
        handlers = self.service.exception_handlers
        handler = next(handlers[kind] for kind in type(exc).__mro__ if kind in handlers)  # errors.install
        response = await handler(Request({**scope, "app": self.service}, receive), exc)
        await response(scope, receive, send)


__all__ = ["FastQueries"]
