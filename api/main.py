"""Assembling the web service (`create_app` only)."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from ..loader.errors import ItukgError, QueryError
from . import sparql


def create_app(store) -> FastAPI:
    app = FastAPI(title="itukg", description="SPARQL over the knowledge graph of ITU meeting reports.")
    app.state.store = store
    app.include_router(sparql.router)

    @app.get("/health")
    def health() -> dict:
        return {"status": "ok", "graphs": len(store.graphs())}

    @app.exception_handler(QueryError)
    async def bad_query(request: Request, exc: QueryError):
        return JSONResponse({"error": str(exc)}, status_code=400)

    @app.exception_handler(ItukgError)
    async def other(request: Request, exc: ItukgError):
        return JSONResponse({"error": str(exc)}, status_code=500)

    return app
