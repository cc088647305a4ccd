"""The views over HTTP: GET /views/cosponsors (?group=&from=&to=), /views/resolution/{body}/{number},
/views/state/{ISO3} and /views/group/{slug}, each an HTML page with its picture as SVG and its data as tables,
and, where a view offers them, its data as files (?format=graphml|csv|json). The data and the pictures are the
views layer's (`itukg.api.views`); this module reads the request, picks the format and answers.

Handlers are plain `def`: each waits on the engine process (`Engine.select`, with the service's time limit), so
they run in Starlette's thread pool. A parameter the view cannot use is a 4xx naming it: problem details (RFC
9457) when a file format or JSON was asked for, an HTML page otherwise.
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from ..views import formats, rendering
from ..views.errors import BadParameterError, ViewError
from ..views.network import checked_scope, cosponsor_network, layout
from ..views.profiles import Profile, group_profile, state_profile
from ..views.tables import plain
from ..views.timeline import citing_query, lineage_iri, resolution_timeline, revisions_query
from .errors import problem, unechoed
from .resources import document_page

router = APIRouter()


def _root(request: Request) -> str:
    return request.scope.get("root_path", "").rstrip("/")


def _checked_fields(request: Request, allowed: tuple[str, ...]) -> None:
    for name in request.query_params:
        if name not in (*allowed, "format"):
            raise BadParameterError(name, f"this view has no parameter {name[:40]!r} (it takes "
                                          f"{', '.join((*allowed, 'format')) }).")
        if len(request.query_params.getlist(name)) > 1:
            raise BadParameterError(name, "is given more than once; give it once.")


def _file(body: bytes, name: str, kind: str) -> Response:
    return Response(body, media_type=formats.FORMATS[kind],
                    headers={"Content-Disposition": f'attachment; filename="itukg-{name}.{kind}"'})


def _page(request: Request, title: str, body: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(document_page(request, title, body), status_code=status)


def _answer(request: Request, allowed: tuple[str, ...], offered: tuple[str, ...],
            make: Callable[[str], Response]) -> Response:
    """`make(format)`, or the refusal of a parameter the view cannot use."""
    asked = request.query_params.get("format")
    try:
        _checked_fields(request, allowed)
        return make(formats.checked_format(asked, offered))
    except ViewError as error:
        message = unechoed(str(error), [v for _, v in request.query_params.multi_items()] + [request.url.path])
        if (asked and asked.lower() != "html") or "json" in request.headers.get("accept", ""):
            return JSONResponse(problem(error.status, message, {"parameter": error.parameter}),
                                status_code=error.status, media_type="application/problem+json")
        return _page(request, "Cannot show this view", rendering.error_body(error.status, message, _root(request)),
                     error.status)


@router.get("/views/cosponsors")
def cosponsors_view(request: Request) -> Response:
    engine = request.app.state.engine

    def make(kind: str) -> Response:
        fields = request.query_params
        scope = checked_scope(engine, group=fields.get("group") or None, start=fields.get("from"),
                              end=fields.get("to"))
        graph = cosponsor_network(engine, group=scope.group, start=scope.start, end=scope.end)
        if kind == "json":
            return _file(formats.network_json(graph), scope.slug(), kind)
        if kind == "csv":
            return _file(formats.network_csv(graph), scope.slug(), kind)
        positions = layout(graph)
        if kind == "graphml":
            return _file(formats.network_graphml(graph, positions), scope.slug(), kind)
        body = rendering.network_body(graph, positions, scope, _root(request))
        return _page(request, "Co-sponsorship network", body)

    return _answer(request, ("group", "from", "to"), ("graphml", "csv", "json"), make)


@router.get("/views/resolution/{body}/{number:path}")
def resolution_view(request: Request, body: str, number: str) -> Response:
    engine = request.app.state.engine

    def make(kind: str) -> Response:
        timeline = resolution_timeline(engine, body, number)
        name = "resolution-" + timeline.lineage.rsplit("/resolution/", 1)[-1].replace("/", "-")
        if kind == "json":
            return _file(formats.rows_json({"resolution": timeline.lineage, "label": timeline.label,
                                            "title": timeline.title, "revisions": timeline.revisions,
                                            "citations": timeline.citations}), name, kind)
        if kind == "csv":
            columns = ("meeting", "group", "number", "startDate", "documents", "symbols", "revisions", "paragraphs")
            return _file(formats.rows_csv(columns, timeline.citations), name, kind)
        lineage = lineage_iri(body, number)
        page = rendering.timeline_body(timeline, citing_query(lineage), revisions_query(lineage), request.url.path,
                                       _root(request))
        return _page(request, f"{timeline.label} over time", page)

    return _answer(request, (), ("csv", "json"), make)


@router.get("/views/state/{iso3}")
def state_view(request: Request, iso3: str) -> Response:
    return _profile_view(request, lambda engine: state_profile(engine, iso3), f"state-{iso3.upper()}")


@router.get("/views/group/{slug}")
def group_view(request: Request, slug: str) -> Response:
    return _profile_view(request, lambda engine: group_profile(engine, slug), f"group-{slug.lower()}")


def _profile_view(request: Request, build: Callable[[object], Profile], name: str) -> Response:
    def make(kind: str) -> Response:
        profile = build(request.app.state.engine)
        if kind == "json":
            return _file(_profile_json(profile), name, kind)
        return _page(request, profile.title, rendering.profile_body(profile, _root(request)))

    return _answer(request, (), ("json",), make)


def _profile_json(profile: Profile) -> bytes:
    return formats.rows_json({"subject": profile.subject, "title": profile.title, "sections": {
        s.ident: [{key: plain(row.get(key)) for key, _ in s.columns} for row in s.rows] for s in profile.sections}})


__all__ = ["router"]
