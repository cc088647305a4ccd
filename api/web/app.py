"""Assembling the web service (`create_app` only)."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse, PlainTextResponse

from ..config import Settings, query_slots, timeout_budget
from ..engine.checker import Checker
from ..engine.limits import Admission, BodyLimit, TimeoutBudget
from ..engine.process import Engine
from . import (api_page, curation, description, dumps, errors, graphstore, harvest, queries, query_page, resolve,
               resources, search_endpoint, sitemap, sparql, views)
from .fastpath import FastQueries
from .metrics import Metrics
from .server import HtmlHeaders


def create_app(settings: Settings, engine: Engine, checker: Checker | None = None) -> FastAPI:
    """The FastAPI application over an engine process that owns the store."""
    app = FastAPI(title="itukg", description="SPARQL and linked data over the records of ITU meetings.",
                  docs_url=None, redoc_url=None)
    app.state.settings = settings
    app.state.engine = engine
    app.state.metrics = Metrics()
    budget = timeout_budget(settings.timeout_budget)
    app.state.timeouts = TimeoutBudget(*budget) if budget else None
    app.state.checker = checker or Checker(timeout_s=settings.parse_timeout_s)
    app.state.admission = Admission(*query_slots(settings.query_slots))
    errors.install(app)
    for module in (sparql, graphstore, curation, description, harvest, dumps, sitemap, query_page, queries,
                   search_endpoint, resolve, resources, api_page, views):
        app.include_router(module.router)

    @app.get("/health")
    async def health() -> JSONResponse:  # the engine's state as last seen: never waits on the engine
        state = engine.health()
        up = state["engine"] == "up"
        return JSONResponse({"status": "ok" if up else "restarting", "read_only": not settings.update_token,
                             **state}, status_code=200 if up else 503, headers=None if up else {"Retry-After": "1"})

    @app.get("/metrics")
    async def metrics(request: Request) -> PlainTextResponse:  # as /health: never waits on the engine
        mirror = engine.health()["mirror"]
        gauges = {"engine_restarts": engine.restarts, "query_timeouts": engine.timeouts,
                  "engine_crashes": engine.crashes.crashes, "checker_restarts": app.state.checker.restarts,
                  "queries_refused_busy": app.state.admission.refused,
                  "mirror_ready": int(mirror["state"] == "ready"), "mirror_quads": mirror.get("quads", 0),
                  "mirror_builds": mirror.get("builds", 0)}
        return PlainTextResponse(app.state.metrics.render(gauges), media_type="text/plain; version=0.0.4")

    app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "HEAD", "POST", "OPTIONS"],
                       allow_headers=["*"], expose_headers=["Location", "ITUKG-Warnings"])
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(HtmlHeaders)
    return app


def create_server_app(settings: Settings, engine: Engine) -> FastQueries:
    """What `itukg serve` runs: the application behind the short road for plain GET /sparql?query=…
    (fastpath.py), which sits outside even FastAPI's own outer layers."""
    app = create_app(settings, engine)
    return FastQueries(app, service=app)


__all__ = ["create_app", "create_server_app"]
