"""Request-level helpers shared by the routes: who may write, and where the service is."""

from __future__ import annotations

import hmac

from fastapi import Request

from .errors import ProtocolError


def authorize(request: Request) -> None:
    """Writes need `Authorization: Bearer <ITUKG_UPDATE_TOKEN>`; with no token configured the service is
    read-only."""
    token = request.app.state.settings.update_token
    if not token:
        raise ProtocolError(403, "this service is read-only: no update token is configured "
                                 "(set ITUKG_UPDATE_TOKEN to allow authenticated writes).")
    given = request.headers.get("authorization", "")
    scheme, _, credential = given.partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(credential.strip().encode(), token.encode()):
        raise ProtocolError(401, "writes need a valid bearer token (Authorization: Bearer …).",
                            headers={"WWW-Authenticate": 'Bearer realm="itukg"'})


def base_url(request: Request) -> str:
    """The service's own base URL ("http://127.0.0.1:8000/")."""
    return str(request.base_url)


__all__ = ["authorize", "base_url"]
