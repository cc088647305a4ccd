"""Assembling the web service (`create_app` only)."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse

from . import errors, graphstore, page, pages, queries, resolve, search, service, sparql
from .config import Settings, timeout_budget
from .engine import Engine
from .fastpath import FastQueries
from .limits import BodyLimit, TimeoutBudget
from .metrics import Metrics
from .protocol import HtmlHeaders, docs_policy


def create_app(settings: Settings, engine: Engine) -> FastAPI:
    """The FastAPI application over an engine process that owns the store."""
    app = FastAPI(title="itukg", description="SPARQL and linked data over the records of ITU meetings.",
                  docs_url=None, redoc_url=None)
    app.state.settings = settings
    app.state.engine = engine
    app.state.metrics = Metrics()
    budget = timeout_budget(settings.timeout_budget)
    app.state.timeouts = TimeoutBudget(*budget) if budget else None
    errors.install(app)
    for module in (sparql, graphstore, service, page, queries, search, resolve, pages):
        app.include_router(module.router)

    @app.get("/health")
    def health() -> JSONResponse:
        return JSONResponse({"status": "ok", "graphs": engine.graph_count(), "read_only": not settings.update_token,
                             "mirror": engine.mirror()})

    @app.get("/api", include_in_schema=False)
    def api_docs(request: Request) -> HTMLResponse:  # FastAPI's own page, with the policy its scripts need
        root = request.scope.get("root_path", "").rstrip("/")
        html = get_swagger_ui_html(openapi_url=root + app.openapi_url, title=f"{app.title} - Swagger UI").body
        return HTMLResponse(html, headers={"Content-Security-Policy": docs_policy(html)})

    @app.get("/metrics")
    def metrics(request: Request) -> PlainTextResponse:
        mirror = engine.mirror()
        gauges = {"engine_restarts": engine.restarts, "query_timeouts": engine.timeouts,
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
