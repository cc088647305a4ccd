"""The reference resolver: GET /resolve?ref=… (and `itukg refs --resolve`).

A resolution reference as reports write it ("Res. 102 (Rev. Bucharest, 2022)", "PP-22 Resolution 180",
"Council Res. 1305") is parsed by `itukg.loader.refs.find_references` (the same objects as
`itukg refs --format json`), then looked up in the store: the lineage and its label and title, every
revision the store knows (reference data or cited by a report), and every paragraph that cites the
lineage or one of its revisions, with its document and meeting. A paragraph is ``exact`` when it cites
what the reference names (the revision when a year is given, else the lineage).

Statuses: 400 when the text holds no reference; 404 when it holds well-formed references none of which
the store knows (the body is the same JSON, with ``found`` false, so the parsed reference and its IRIs are
still there); 200 otherwise. A reference whose body cannot be told ("Resolution 64") has no lineage; it
lists the ``candidates`` (every lineage with that number) instead.

`resolve(source, text)` works on anything with `.query(sparql)` returning pyoxigraph results (an
`OxigraphStore`) and on the service's `Engine`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from ...loader.errors import InputError
from ...loader.refs import Reference, find_references
from ...loader import iris
from ...loader.vocab import PREFIXES
from . import media
from ..store.locations import open_store
from ..store.protocol import Reader
from .errors import ProtocolError
from .resolution_page import reference_text, resolution_page

__all__ = ["router", "resolve", "print_resolutions", "resolution_json",
           "Resolution", "MAX_REF_CHARS",
           "PARAGRAPH_LIMIT", "MAX_PARAGRAPHS"]

MAX_REF_CHARS = 1000
PARAGRAPH_LIMIT = 100  # citing paragraphs in one answer, by default; `limit` goes up to MAX_PARAGRAPHS
MAX_PARAGRAPHS = 1000
_PROLOGUE = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items() if p in
                    ("itu", "eli", "schema", "dcterms", "rdfs", "rdf"))
_SAFE_IRI = re.compile(r"https://w3id\.org/itukg/resolution/[a-z0-9/-]+")
_NUMBER = re.compile(r"[0-9]{1,4}(?:/[0-9]{1,4})?")


# ------------------------------------------------------------------------------------------ the lookup


def _rows(source: Reader, sparql: str) -> list[dict[str, str]]:
    """The rows of a SELECT on the store or the engine, as {variable: lexical value}."""
    return source.select(_PROLOGUE + sparql)


@dataclass
class Resolution:
    """What the store knows about one reference. `paragraphs` holds the first `limit` citing paragraphs
    (those citing what the reference names first); `paragraph_count` counts them all."""

    reference: Reference
    label: str | None = None
    title: str | None = None
    known: bool = False
    revisions: list[dict] = field(default_factory=list)
    documents: list[dict] = field(default_factory=list)
    paragraphs: list[dict] = field(default_factory=list)
    paragraph_count: int = 0
    candidates: list[dict] = field(default_factory=list)

    @property
    def target(self) -> str | None:
        """What the reference names: the revision when it gives a year, else the lineage."""
        return self.reference.revision or self.reference.lineage

    @property
    def found(self) -> bool:
        return self.known or bool(self.candidates)

    def as_json(self) -> dict:
        return {"reference": self.reference.as_json(), "lineage": self.reference.lineage,
                "revision": self.reference.revision, "label": self.label, "title": self.title,
                "known": self.known, "revisions": self.revisions, "documents": self.documents,
                "paragraph_count": self.paragraph_count,
                "truncated": self.paragraph_count > len(self.paragraphs),
                "paragraphs": self.paragraphs, "candidates": self.candidates}


def resolve(source, text: str, *, limit: int = PARAGRAPH_LIMIT) -> list[Resolution]:
    """Every reference in `text`, resolved against the store, with at most `limit` citing paragraphs each.
    `ValueError` when there is none (or the text is too long)."""
    if len(text) > MAX_REF_CHARS:
        raise ValueError(f"the reference is {len(text)} characters long; the limit is {MAX_REF_CHARS}.")
    references = find_references(text)
    if not references:
        shown = " ".join(text.split())
        shown = shown if len(shown) <= 200 else shown[:200] + "…"
        raise ValueError(f"no resolution reference found in '{shown}': write it as reports do, e.g. "
                         "'Res. 102 (Rev. Bucharest, 2022)', 'PP-22 Resolution 180' or 'Council Res. 1305'.")
    return [_resolve_one(source, reference, limit) for reference in references]


# Every query below looks up IRIs written into its text (VALUES of known IRIs, GRAPH ?g patterns): no join
# over the union of the report graphs, which on a store of a thousand reports took minutes.

def _resolve_one(source, reference: Reference, limit: int) -> Resolution:
    found = Resolution(reference)
    lineage = reference.lineage
    if lineage is None or not _SAFE_IRI.fullmatch(lineage):
        if _NUMBER.fullmatch(reference.number):
            found.candidates = _candidates(source, reference.number)
        return found
    revisions = sorted(row["r"] for row in _rows(
        source, f"SELECT DISTINCT ?r WHERE {{ GRAPH ?g {{ ?r eli:is_member_of <{lineage}> }} }}")
        if _SAFE_IRI.fullmatch(row["r"]))
    _describe(source, found, lineage, revisions)
    _cite(source, found, [lineage] + revisions, limit)
    found.known = found.known or bool(found.paragraph_count)
    return found


def _values(iris) -> str:
    return " ".join(f"<{iri}>" for iri in iris)


def _facts(source, iris, predicates: str) -> dict[str, dict[str, list[str]]]:
    """{subject: {predicate: [values]}} of the given IRIs and predicates (prefixed names, comma-separated)."""
    out: dict[str, dict[str, list[str]]] = {}
    if not iris:
        return out
    rows = _rows(source, f"SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?s {{ {_values(iris)} }} "
                         f"GRAPH ?g {{ ?s ?p ?o }} FILTER(?p IN ({predicates})) }}")
    for row in sorted(rows, key=lambda r: (r["s"], r["p"], r["o"])):
        values = out.setdefault(row["s"], {}).setdefault(row["p"], [])
        if row["o"] not in values:
            values.append(row["o"])
    return out


def _first(facts: dict[str, list[str]], predicate: str) -> str | None:
    values = facts.get(predicate) or []
    return min(values, key=lambda v: (len(v), v)) if values else None


_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_ITU = PREFIXES["itu"]
_ELI = PREFIXES["eli"]
_LABEL = PREFIXES["rdfs"] + "label"
_TITLE = PREFIXES["dcterms"] + "title"
_LOCATION = PREFIXES["schema"] + "location"


def _describe(source, found: Resolution, lineage: str, revisions: list[str]) -> None:
    """The lineage's label and title, and each revision with its conference."""
    facts = _facts(source, [lineage] + revisions,
                   "rdf:type, rdfs:label, dcterms:title, itu:year, eli:version, itu:adoptedAt, eli:passed_by")
    mine = facts.get(lineage, {})
    found.known = _ITU + "Resolution" in mine.get(_RDF_TYPE, []) or bool(revisions)
    found.label, found.title = _first(mine, _LABEL), _first(mine, _TITLE)
    conferences = {}
    for revision in revisions:
        about = facts.get(revision, {})
        year = _first(about, _ITU + "year")
        conference = _first(about, _ITU + "adoptedAt")
        body = _first(about, _ELI + "passed_by")
        if conference is None and body and year and year.isdigit():  # cited, not in the catalogue
            conference = iris.conference(body.rsplit("/", 1)[-1], int(year))
        conferences[revision] = conference
    known = _facts(source, sorted({c for c in conferences.values() if c}), "rdfs:label, schema:location")
    for revision in revisions:
        about = facts.get(revision, {})
        year = _first(about, _ITU + "year")
        conference = known.get(conferences[revision] or "")
        found.revisions.append({
            "iri": revision, "label": _first(about, _LABEL), "title": _first(about, _TITLE),
            "version": _first(about, _ELI + "version"),
            "year": int(year) if year and year.isdigit() else None,
            "place": _first(conference, _LOCATION) if conference else None,
            "conference": ({"iri": conferences[revision], "label": _first(conference, _LABEL)}
                           if conference else None),
            "cited": revision == found.reference.revision})
    found.revisions.sort(key=lambda r: (r["year"] or 0, r["iri"]))
    if found.reference.revision in revisions:
        cited = next(r for r in found.revisions if r["iri"] == found.reference.revision)
        found.title = cited["title"] or found.title


_PARAGRAPH_IRI = re.compile(r"/report/([^/]+)/([0-9]+)/paragraph/([0-9]+)$")


def _paragraph_order(iri: str) -> tuple:
    """Meeting body, meeting number, position: read from the paragraph's IRI (loader/iris.py)."""
    match = _PARAGRAPH_IRI.search(iri)
    return (match.group(1), int(match.group(2)), int(match.group(3)), iri) if match else ("~", 0, 0, iri)


def _cite(source, found: Resolution, cited_iris: list[str], limit: int) -> None:
    """The citing documents (all) and paragraphs (the first `limit`)."""
    lineage, target = cited_iris[0], found.target
    rows = _rows(source, f"SELECT DISTINCT ?p ?cited ?doc WHERE {{ VALUES ?cited {{ {_values(cited_iris)} }} "
                         "GRAPH ?g { ?p eli:cites ?cited OPTIONAL { ?p itu:aboutDocument ?doc } } }")
    cites: dict[str, list[str]] = {}
    about: dict[str, list[str]] = {}
    for row in rows:
        if row["cited"] not in cites.setdefault(row["p"], []):
            cites[row["p"]].append(row["cited"])
        if row.get("doc") and row["doc"] not in about.setdefault(row["p"], []):
            about[row["p"]].append(row["doc"])

    def exact(paragraph: str) -> bool:
        return any(target in (cited, lineage) for cited in cites[paragraph])

    order = sorted(cites, key=lambda p: (not exact(p), _paragraph_order(p)))
    found.paragraph_count = len(order)
    shown = order[:limit]
    documents = sorted({d for p in order for d in about.get(p, [])})
    facts = _facts(source, shown, "schema:text, schema:position, itu:paragraphNumber, dcterms:isPartOf")
    reports = sorted({r for p in shown for r in facts.get(p, {}).get(PREFIXES["dcterms"] + "isPartOf", [])})
    meetings_of = {r: _first(f, _ITU + "reportOf")
                   for r, f in _facts(source, reports, "itu:reportOf").items()}
    docs = _facts(source, documents, "itu:symbol, itu:forMeeting")
    meetings = sorted({m for m in meetings_of.values() if m}
                      | {m for f in docs.values() for m in f.get(_ITU + "forMeeting", [])})
    labels = {m: _first(f, _LABEL) for m, f in _facts(source, meetings, "rdfs:label").items()}

    def meeting(iri: str | None) -> dict | None:
        return {"iri": iri, "label": labels.get(iri)} if iri else None

    def document(iri: str) -> dict:
        return {"iri": iri, "symbol": _first(docs.get(iri, {}), _ITU + "symbol")}

    first_exact: dict[str, bool] = {}
    for paragraph in order:
        for doc in about.get(paragraph, []):
            first_exact[doc] = first_exact.get(doc, False) or exact(paragraph)
    found.documents = sorted(
        ({**document(d), "meeting": meeting(_first(docs.get(d, {}), _ITU + "forMeeting")),
          "exact": first_exact[d]} for d in documents),
        key=lambda d: (not d["exact"], d["meeting"]["iri"] if d["meeting"] else "~",
                       _symbol_order(d["symbol"] or d["iri"])))
    for paragraph in shown:
        mine = facts.get(paragraph, {})
        text = _first(mine, PREFIXES["schema"] + "text") or ""
        position = _first(mine, PREFIXES["schema"] + "position")
        report = _first(mine, PREFIXES["dcterms"] + "isPartOf")
        papers = [document(d) for d in about.get(paragraph, [])]
        found.paragraphs.append({
            "iri": paragraph, "text": text, "number": _first(mine, _ITU + "paragraphNumber"),
            "position": int(position) if position and position.isdigit() else None,
            "meeting": meeting(meetings_of.get(report or "")),
            "document": papers[0]["symbol"] if papers else None, "documents": papers,
            "cites": sorted(cites[paragraph]), "quotes": _quotes(text, lineage), "exact": exact(paragraph)})


def _symbol_order(symbol: str) -> tuple:
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"([0-9]+)", symbol))


def _quotes(text: str, lineage: str) -> list[str]:
    """The spans of a paragraph's text that name the resolution, as `find_references` reads them (a bare
    number in a list, whose body the loader took from the report, counts when the number matches)."""
    number = lineage.rsplit("/", 1)[-1]
    return list(dict.fromkeys(r.text for r in find_references(text)
                              if r.lineage == lineage or (r.body is None and iris.slug(r.number) == number)))


def _candidates(source, number: str) -> list[dict]:
    rows = _rows(source, f"""SELECT DISTINCT ?r WHERE {{ GRAPH ?g {{
          ?r itu:resolutionNumber "{number}" ; a itu:Resolution }} }}""")
    lineages = sorted(row["r"] for row in rows)
    facts = _facts(source, lineages, "rdfs:label, dcterms:title")
    return [{"iri": r, "label": _first(facts.get(r, {}), _LABEL), "title": _first(facts.get(r, {}), _TITLE)}
            for r in lineages]


def resolution_json(text: str, resolutions: list[Resolution]) -> dict:
    """The body of /resolve and of `itukg refs --resolve --format json`."""
    return {"ref": text, "found": any(r.found for r in resolutions),
            "resolutions": [r.as_json() for r in resolutions]}


def print_resolutions(store_path: str, text: str, fmt: str, out) -> int:
    """`itukg refs --resolve`: the same data as /resolve, from the store at `store_path`. Exit status 0 when
    the store knows a reference, 1 when it knows none, and `InputError` (2) when the text holds none."""
    try:
        if not find_references(text):
            resolve(None, text)  # raises with the message for this text
    except ValueError as exc:
        raise InputError(str(exc)) from None
    resolutions = resolve(open_store(store_path, read_only=True), text)
    body = resolution_json(text, resolutions)
    if fmt == "json":
        print(json.dumps(body, indent=2, ensure_ascii=False), file=out)
    else:
        for found in resolutions:
            ref = found.reference
            named = ref.revision or ref.lineage or "(body unknown)"
            state = "known" if found.known else "unknown to the store"
            print(f"{ref.text}\t{found.label or reference_text(ref.as_json())}\t{named}\t{state}", file=out)
            for revision in found.revisions:
                mark = " (cited)" if revision["cited"] else ""
                name = revision["label"] or revision["iri"]
                print(f"  revision\t{name}{mark}\t<{revision['iri']}>", file=out)
            for candidate in found.candidates:
                name = candidate["label"] or candidate["iri"]
                print(f"  candidate\t{name}\t<{candidate['iri']}>", file=out)
            for paragraph in found.paragraphs:
                where = (f"§{paragraph['number']}" if paragraph["number"]
                         else f"paragraph {paragraph['position']}")
                meeting = (paragraph["meeting"] or {}).get("label") or ""
                doc = f" [{paragraph['document']}]" if paragraph["document"] else ""
                exact = "" if paragraph["exact"] else " (another revision)"
                print(f"  cited by\t{meeting}, {where}{doc}{exact}\t<{paragraph['iri']}>", file=out)
    return 0 if body["found"] else 1


# ------------------------------------------------------------------------------------------ the route

router = APIRouter()


@router.get("/resolve")
def resolve_route(request: Request) -> Response:
    """``ref`` (required): a resolution reference; ``limit``: citing paragraphs shown (1-1000, default 100).
    JSON, or an HTML page for browsers (``format=html|json`` overrides Accept)."""
    values = request.query_params.getlist("ref")
    if len(values) != 1:
        raise ProtocolError(400, "give exactly one ?ref= parameter, e.g. "
                                 "/resolve?ref=Res.%20102%20(Rev.%20Bucharest,%202022).")
    text = values[0]
    html = _wants_html(request)
    limit = request.query_params.get("limit") or str(PARAGRAPH_LIMIT)
    if not re.fullmatch(r"[0-9]{1,4}", limit) or not 1 <= int(limit) <= MAX_PARAGRAPHS:
        raise ProtocolError(400, "limit (citing paragraphs shown) must be a whole number from 1 to "
                                 f"{MAX_PARAGRAPHS}.")
    try:
        resolutions = resolve(request.app.state.engine, text, limit=int(limit))
    except ValueError as exc:
        raise ProtocolError(400, str(exc)) from None
    body = resolution_json(text, resolutions)
    status = 200 if body["found"] else 404
    request.app.state.metrics.count("resolutions", status=str(status))
    headers = media.vary_headers()
    if html:
        return Response(resolution_page(request, text, resolutions), status_code=status,
                        media_type="text/html; charset=utf-8", headers=headers)
    return JSONResponse(body, status_code=status, headers=headers)


def _wants_html(request: Request) -> bool:
    override = (request.query_params.get("format") or "").lower()
    if override in ("html", "text/html"):
        return True
    if override in ("json", "application/json"):
        return False
    if override:
        raise ProtocolError(400, f"format must be json or html, not {override!r}.")
    chosen = media.negotiate(request.headers.get("accept"), ["application/json", "text/html"])
    if chosen is None:
        raise ProtocolError(406, "/resolve answers application/json or text/html.",
                            headers=media.vary_headers())
    return chosen == "text/html"
