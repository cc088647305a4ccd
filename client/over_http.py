"""`HttpGraph`: the notebook API on a running `itukg serve`, over HTTP with the standard library (urllib).

SELECT and ASK answers are read as application/sparql-results+json, CONSTRUCT and DESCRIBE answers as
N-Triples; named queries run at GET /queries/{name}, searches at GET /search, the co-sponsorship network at
GET /views/cosponsors?format=json. The service's errors (RFC 9457 problem details) become the error the
embedded backend raises for the same mistake (`errors.py`). The service applies its own time limit; the
client waits that long and a little more.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import quote, urlencode

import networkx
import rdflib

from .api.search.errors import SearchError
from .api.store.errors import QueryTimeoutError
from .api.views.errors import BadParameterError, UnknownSubjectError, ViewError
from .errors import NamedQueryError, ServiceError
from .frames import Table
from .graph import KnowledgeGraph
from .loader.errors import ItukgError, QueryError
from .values import json_value

RESULTS = "application/sparql-results+json"
TRIPLES = "application/n-triples"
PATIENCE_S = 10.0  # how much longer than the time limit the client waits for an answer


class HttpGraph(KnowledgeGraph):
    """The graph a service at `url` (http(s)://host:port) serves."""

    def __init__(self, url: str, *, as_frame: bool | None = None, timeout: float = 30.0):
        super().__init__(as_frame=as_frame, timeout=timeout)
        self.location = url.rstrip("/")
        self._get("/health", {}, accept="application/json", errors=ServiceError)  # reachable, and itukg's

    def _catalogue(self) -> list[dict[str, Any]]:
        listing = self._json(self._get("/queries", {}, accept="application/json", errors=ServiceError))
        return [{key: entry[key] for key in ("name", "title", "description", "params")} for entry in listing]

    def _named(self, name: str, values: dict[str, str], *, limit: int | None, offset: int | None) -> Table:
        page = {key: value for key, value in (("limit", limit), ("offset", offset)) if value is not None}
        answer = self._get(f"/queries/{quote(name)}", {**values, **page, "format": "json"}, accept=RESULTS,
                           errors=NamedQueryError)
        table = _table(self._json(answer))
        assert isinstance(table, Table), f"the named query {name} is a SELECT"
        return table

    def _answer(self, sparql: str) -> Table | bool | rdflib.Graph:
        media_type, body = self._send("POST", "/sparql", {}, accept=f"{RESULTS}, {TRIPLES}", errors=QueryError,
                                      body=sparql.encode("utf-8"), content_type="application/sparql-query")
        if media_type == TRIPLES:
            return rdflib.Graph().parse(data=body.decode("utf-8"), format="nt")
        return _table(self._json((media_type, body)))

    def _search(self, text: str, *, kind: str | None, limit: int, mode: str) -> dict[str, Any]:
        params = {"q": text, "limit": limit, "mode": mode, **({"kind": kind} if kind is not None else {})}
        return self._json(self._get("/search", params, accept="application/json", errors=SearchError))

    def _cosponsors(self, *, group: str | None, start: int | None, end: int | None) -> networkx.Graph:
        scope = {key: value for key, value in (("group", group), ("from", start), ("to", end)) if value is not None}
        data = self._json(self._get("/views/cosponsors", {**scope, "format": "json"}, accept="application/json",
                                    errors=ViewError))
        return networkx.node_link_graph(data, edges="edges")

    # -- HTTP --------------------------------------------------------------------------------------------

    def _get(self, path: str, params: dict[str, Any], *, accept: str, errors: type[ItukgError]) -> tuple[str, bytes]:
        return self._send("GET", path, params, accept=accept, errors=errors)

    def _send(self, method: str, path: str, params: dict[str, Any], *, accept: str, errors: type[ItukgError],
              body: bytes | None = None, content_type: str | None = None) -> tuple[str, bytes]:
        """(media type, body) of a 2xx answer; an error answer raises `errors` for 400, 404 (and 501, 503 but a
        time limit), `QueryTimeoutError` for a query the service stopped, `ServiceError` for anything else."""
        url = self.location + path + (f"?{urlencode(params)}" if params else "")
        headers = {"Accept": accept, **({"Content-Type": content_type} if content_type else {})}
        request = urllib.request.Request(url, data=body, headers=headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout + PATIENCE_S) as response:
                return response.headers.get_content_type(), response.read()
        except urllib.error.HTTPError as exc:
            with exc:
                detail = _detail(exc.headers.get_content_type(), exc.read())
            raise _error(exc.code, detail, errors, self.location + path) from None
        except (urllib.error.URLError, OSError) as exc:  # refused, unresolved, timed out
            reason = getattr(exc, "reason", exc)
            raise ServiceError(f"cannot reach the itukg service at {self.location} ({reason}). Is `itukg serve` "
                               "running there?") from None

    def _json(self, answer: tuple[str, bytes]) -> Any:
        media_type, body = answer
        try:
            return json.loads(body)
        except ValueError:
            raise ServiceError(f"{self.location} answered {media_type} that is not JSON: is it an itukg "
                               "service?", status=200) from None


def _table(data: dict[str, Any]) -> Table | bool:
    """SPARQL JSON results as a `Table` (SELECT) or a bool (ASK)."""
    if "boolean" in data:
        return bool(data["boolean"])
    columns = list(data["head"]["vars"])
    return Table(columns, [{c: json_value(binding.get(c)) for c in columns} for binding in data["results"]["bindings"]])


def _detail(media_type: str, body: bytes) -> str:
    """The words of an error answer: a problem's detail, else its text."""
    text = body.decode("utf-8", "replace").strip()
    if media_type.endswith("json"):
        try:
            return str(json.loads(text).get("detail") or text)
        except (ValueError, AttributeError):
            pass
    return text


def _error(status: int, detail: str, errors: type[ItukgError], where: str) -> ItukgError:
    if status == 503 and "time limit" in detail:
        return QueryTimeoutError(detail)
    placed = status in (400, 404) or (errors is SearchError and status in (501, 503))
    if placed and errors is ViewError:  # the views' errors read "parameter: what is wrong with it"
        parameter, colon, message = detail.partition(": ")
        if colon:
            return (UnknownSubjectError if status == 404 else BadParameterError)(parameter, message)
    elif placed and errors is not ServiceError:
        return errors(detail)
    return ServiceError(f"{where} answered {status}: {detail}", status=status)


__all__ = ["HttpGraph"]
