"""/api: the service's HTTP API as a page of its own — every path, its methods and what it does, read from
the OpenAPI description (`/openapi.json`) — in the site's pages, loading nothing from another origin (the
Swagger UI page that FastAPI offers fetches its script and stylesheet from a CDN, so it is not served).
"""

from __future__ import annotations

from html import escape

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from .resource_page import document_page

router = APIRouter()

_METHODS = ("get", "head", "post", "put", "delete", "patch", "options")


@router.get("/api", include_in_schema=False)
def api_page(request: Request) -> HTMLResponse:
    """The table of the service's endpoints."""
    schema = request.app.openapi()
    root = escape(request.scope.get("root_path", "").rstrip("/"))
    rows = []
    for path, operations in sorted(schema.get("paths", {}).items()):
        for method in _METHODS:
            operation = operations.get(method)
            if operation is None:
                continue
            what = operation.get("summary") or (operation.get("description") or "").split("\n\n")[0]
            rows.append(f"<tr><td><code>{method.upper()}</code></td><td><code>{escape(path)}</code></td>"
                        f"<td>{escape(what)}</td></tr>")
    body = (f"<h1>HTTP API</h1>\n<p>{escape(schema.get('info', {}).get('description', ''))} The machine-readable "
            f'description is <a href="{root}/openapi.json">/openapi.json</a> (OpenAPI '
            f"{escape(str(schema.get('openapi', '')))}).</p>\n"
            "<table>\n<thead><tr><th>Method</th><th>Path</th><th>What it does</th></tr></thead>\n<tbody>\n"
            + "\n".join(rows) + "\n</tbody>\n</table>")
    return HTMLResponse(document_page(request, "HTTP API", body))
