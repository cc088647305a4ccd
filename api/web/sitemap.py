"""GET /sitemap.xml: every resource page of the service (meetings, documents, states, people, resolutions,
topics, bodies, agents, graphs…) as this service's own URLs, for crawlers. Up to `PER_FILE` URLs it is one
`urlset`; past that, a `sitemapindex` of /sitemaps/N.xml files of `PER_FILE` URLs each (the protocol's limit).
The list is read again when the engine's write count has moved."""

from __future__ import annotations

import threading
from xml.sax.saxutils import escape

from fastapi import APIRouter, Request
from fastapi.responses import Response

from ...loader.vocab import BASE
from .addresses import href
from .errors import ProtocolError

router = APIRouter()

PER_FILE = 50_000  # the sitemap protocol's limit of URLs in one file
FIXED = ("", "dataset", "ontology", "shapes", "queries")  # pages that are there whatever the store holds
_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
_ROWS = 100_000  # subjects read per query: a page of rows stays far below the service's result cap
# every resource the service shows has a type (the rdf:type index answers this without a scan of the store)
_SUBJECTS = (f"SELECT DISTINCT ?s WHERE {{ ?s a ?type FILTER(isIRI(?s) && STRSTARTS(STR(?s), \"{BASE}\")) }} "
             f"LIMIT {_ROWS} OFFSET ")


def _subjects(engine) -> list[str]:
    """The typed IRIs under the base, read `_ROWS` at a time."""
    found: list[str] = []
    while True:
        rows = engine.select(_SUBJECTS + str(len(found)))
        found += [row["s"] for row in rows]
        if len(rows) < _ROWS:
            return found


def page_paths(iris) -> list[str]:
    """The paths of the pages that show `iris` (a fragment's page is its document's; an IRI with no route of
    its own is shown at /describe?iri=…), fixed pages first, then sorted, each once.

    >>> page_paths([BASE + "state/GBR", BASE + "ontology#Meeting", BASE + "agent/asmg", BASE + "state/GBR"])
    ['/', '/dataset', '/ontology', '/shapes', '/queries',
     '/describe?iri=https%3A%2F%2Fw3id.org%2Fitukg%2Fagent%2Fasmg', '/state/GBR']
    """
    fixed = ["/" + path for path in FIXED]
    found = {href(iri.split("#", 1)[0]) for iri in iris}
    return fixed + sorted(found - set(fixed))


def split(paths: list[str], per_file: int = PER_FILE) -> list[list[str]]:
    """`paths` in files of at most `per_file`.

    >>> split(["/a", "/b", "/c"], 2)
    [['/a', '/b'], ['/c']]
    """
    return [paths[start:start + per_file] for start in range(0, len(paths), per_file)] or [[]]


def urlset(base: str, paths: list[str]) -> bytes:
    """One sitemap file: `paths` under the service's base URL ("http://127.0.0.1:8000/")."""
    root = base.rstrip("/")
    entries = "".join(f"<url><loc>{escape(root + path)}</loc></url>\n" for path in paths)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{_NS}">\n{entries}</urlset>\n'.encode()


def sitemap_index(base: str, files: int) -> bytes:
    """The index of `files` sitemap files at /sitemaps/1.xml …"""
    entries = "".join(f"<sitemap><loc>{escape(base)}sitemaps/{n}.xml</loc></sitemap>\n" for n in range(1, files + 1))
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="{_NS}">\n{entries}</sitemapindex>\n'.encode()


class Pages:
    """The page paths of the store as after the engine's last write (read once per write count)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._kept: tuple[int, list[list[str]]] | None = None

    def files(self, request: Request) -> list[list[str]]:
        engine = request.app.state.engine
        with self._lock:
            written = engine.written
            if self._kept is None or self._kept[0] != written:
                paths = page_paths(_subjects(engine))
                self._kept = (written, split(paths))
            return self._kept[1]


def _pages(request: Request) -> Pages:
    state = request.app.state
    pages = getattr(state, "sitemap_pages", None)
    if pages is None:
        pages = state.sitemap_pages = Pages()
    return pages


def _xml(body: bytes) -> Response:
    return Response(body, media_type="application/xml")


@router.get("/sitemap.xml")
def sitemap(request: Request) -> Response:
    files = _pages(request).files(request)
    base = str(request.base_url)
    return _xml(urlset(base, files[0]) if len(files) == 1 else sitemap_index(base, len(files)))


@router.get("/sitemaps/{number}.xml")
def sitemap_file(request: Request, number: int) -> Response:
    files = _pages(request).files(request)
    if not 1 <= number <= len(files) or len(files) == 1:
        where = "/sitemap.xml lists every page" if len(files) == 1 else f"the files are 1 to {len(files)}"
        raise ProtocolError(404, f"there is no sitemap file {number}: {where}.")
    return _xml(urlset(str(request.base_url), files[number - 1]))


__all__ = ["router", "page_paths", "split", "urlset", "sitemap_index", "PER_FILE"]
