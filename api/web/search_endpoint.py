"""GET /search, and the service's one `SearchState` (`state_of`), which /sparql's search clauses share."""

from __future__ import annotations

import json
import re
import threading
from contextlib import asynccontextmanager

from fastapi import APIRouter, Request
from fastapi.responses import Response

from ..search.errors import DenseNotReadyError, DenseUnavailableError
from ..search.index import MAX_LIMIT
from ..search.live import SearchState
from ..search.records import Result
from ..search.saved import index_path
from .errors import ProtocolError

__all__ = ["router", "state_of", "search_options", "search_body", "answer_search"]


_STATE_LOCK = threading.Lock()


def state_of(app) -> SearchState:
    with _STATE_LOCK:
        state = getattr(app.state, "search", None)
        if state is None:
            store = getattr(app.state.settings, "store", None)
            local = store is not None and "://" not in str(store)
            state = SearchState(app.state.engine, saved=index_path(store) if local else None,
                                threads=getattr(app.state.settings, "search_threads", 0))
            app.state.search = state
        return state


@asynccontextmanager
async def _lifespan(app):
    """At startup: build the index (embeddings too) in the background, unless ITUKG_SEARCH_WARM=0 (then the
    first search builds it)."""
    state = state_of(app)
    if app.state.settings.search_warm:
        threading.Thread(target=state.warm, name="itukg-search-index", daemon=True).start()
    yield


router = APIRouter(lifespan=_lifespan)


LIMIT_TEXT = re.compile(r"[0-9]{1,4}")


def search_options(params) -> dict:
    """The search's arguments from the request's parameters (``q``, ``kind``, ``limit``, ``mode``); a
    `ProtocolError` (400) for missing words or a malformed limit."""
    query = params.get("q")
    if query is None or not query.strip():
        raise ProtocolError(400, "give the search words as ?q=….")
    limit_text = params.get("limit") or "10"
    if not LIMIT_TEXT.fullmatch(limit_text.strip()):
        raise ProtocolError(400, f"limit must be a whole number from 1 to {MAX_LIMIT}.")
    return {"query": query, "kind": params.get("kind") or None, "limit": int(limit_text),
            "mode": params.get("mode") or "hybrid"}


def search_body(result: Result) -> bytes:
    """The JSON of a search's answer, as both roads send it (Starlette's `JSONResponse.render`)."""
    return json.dumps(result.as_json(), ensure_ascii=False, allow_nan=False, indent=None,
                      separators=(",", ":")).encode("utf-8")


async def answer_search(app, params) -> Response:
    """A search's answer (``q``, ``kind``, ``limit``, ``mode`` from `params`), run in the search state's own
    threads, on both roads (the short one, fastpath.py, and FastAPI's); a `ProtocolError` for what cannot be
    answered."""
    options = search_options(params)
    try:
        result = await state_of(app).asearch(options.pop("query"), **options)
    except DenseUnavailableError as exc:
        raise ProtocolError(501, str(exc)) from None
    except DenseNotReadyError as exc:
        raise ProtocolError(503, f"{exc}; dense search will be available when they are: retry later, or use "
                                 "mode=hybrid or lexical.") from None
    app.state.metrics.count("searches")
    return Response(search_body(result), media_type="application/json")


@router.get("/search")
async def search(request: Request) -> Response:
    """Search the records of the store: ``q`` (required), ``kind`` (paragraph, document, resolution, topic,
    meeting), ``limit`` (1–100, default 10), ``mode`` (hybrid, lexical, dense). A plain request without an
    Origin header is answered by the short road (fastpath.py) with the same bytes."""
    return await answer_search(request.app, request.query_params)
