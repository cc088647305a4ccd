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
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from ..loader.errors import InputError
from ..loader.refs import Reference, find_references
from ..loader.vocab import PREFIXES
from . import media
from .errors import ProtocolError

__all__ = ["router", "resolve", "print_resolutions", "resolution_json", "reference_text", "resolve_link", "Resolution", "MAX_REF_CHARS"]

MAX_REF_CHARS = 1000
_RESULTS_JSON = ("application/sparql-results+json", "application/sparql-results+json")
_PROLOGUE = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items() if p in
                    ("itu", "eli", "schema", "dcterms", "rdfs", "oa", "prov"))
_SAFE_IRI = re.compile(r"https://w3id\.org/itukg/resolution/[a-z0-9/-]+")
_NUMBER = re.compile(r"[0-9]{1,4}(?:/[0-9]{1,4})?")


# ------------------------------------------------------------------------------------------ the lookup


def _rows(source, sparql: str) -> list[dict[str, str]]:
    """The rows of a SELECT on the store or the engine, as {variable: lexical value}."""
    from .engine import Engine

    if isinstance(source, Engine):
        answer = source.query(_PROLOGUE + sparql, results=_RESULTS_JSON, rdf=None)
        return [{k: v["value"] for k, v in row.items()} for row in json.loads(answer.body)["results"]["bindings"]]
    results = source.query(_PROLOGUE + sparql)
    names = [v.value for v in results.variables]
    return [{n: row[n].value for n in names if row[n] is not None} for row in results]


@dataclass
class Resolution:
    """What the store knows about one reference."""

    reference: Reference
    label: str | None = None
    title: str | None = None
    known: bool = False
    revisions: list[dict] = field(default_factory=list)
    paragraphs: list[dict] = field(default_factory=list)
    candidates: list[dict] = field(default_factory=list)

    @property
    def target(self) -> str | None:
        """What the reference names: the revision when it gives a year, else the lineage."""
        return self.reference.revision or self.reference.lineage

    @property
    def found(self) -> bool:
        return self.known or bool(self.candidates)

    def documents(self) -> list[dict]:
        """The documents whose paragraphs cite the resolution, each once, in order of first citation."""
        out: dict[str, dict] = {}
        for paragraph in self.paragraphs:
            for doc in paragraph["documents"]:
                entry = out.setdefault(doc["iri"], {**doc, "meeting": paragraph["meeting"], "exact": False})
                entry["exact"] |= paragraph["exact"]
        return list(out.values())

    def as_json(self) -> dict:
        return {"reference": self.reference.as_json(), "lineage": self.reference.lineage,
                "revision": self.reference.revision, "label": self.label, "title": self.title,
                "known": self.known, "revisions": self.revisions, "documents": self.documents(),
                "paragraphs": self.paragraphs, "candidates": self.candidates}


def resolve(source, text: str) -> list[Resolution]:
    """Every reference in `text`, resolved against the store. `ValueError` when there is none (or the text
    is too long)."""
    if len(text) > MAX_REF_CHARS:
        raise ValueError(f"the reference is {len(text)} characters long; the limit is {MAX_REF_CHARS}.")
    references = find_references(text)
    if not references:
        shown = " ".join(text.split())
        shown = shown if len(shown) <= 200 else shown[:200] + "…"
        raise ValueError(f"no resolution reference found in '{shown}': write it as reports do, e.g. "
                         "'Res. 102 (Rev. Bucharest, 2022)', 'PP-22 Resolution 180' or 'Council Res. 1305'.")
    return [_resolve_one(source, reference) for reference in references]


def _resolve_one(source, reference: Reference) -> Resolution:
    found = Resolution(reference)
    lineage = reference.lineage
    if lineage is None or not _SAFE_IRI.fullmatch(lineage):
        if _NUMBER.fullmatch(reference.number):
            found.candidates = _candidates(source, reference.number)
        return found
    _lineage(source, found, lineage)
    found.paragraphs = _citing(source, lineage, found.target)
    found.known = found.known or bool(found.paragraphs)
    return found


def _lineage(source, found: Resolution, lineage: str) -> None:
    rows = _rows(source, f"""SELECT DISTINCT ?r ?kind ?label ?title ?year ?version ?place ?conference ?conferenceLabel
        WHERE {{
          {{ <{lineage}> a itu:Resolution BIND(<{lineage}> AS ?r) BIND("lineage" AS ?kind) }}
          UNION {{ ?r eli:is_member_of <{lineage}> BIND("revision" AS ?kind) }}
          OPTIONAL {{ ?r rdfs:label ?label }} OPTIONAL {{ ?r dcterms:title ?title }}
          OPTIONAL {{ ?r itu:year ?year }} OPTIONAL {{ ?r eli:version ?version }}
          OPTIONAL {{ ?r itu:adoptedAt ?adopted
                      OPTIONAL {{ ?adopted schema:location ?adoptedPlace }} OPTIONAL {{ ?adopted rdfs:label ?adoptedLabel }} }}
          OPTIONAL {{ ?r eli:passed_by ?body ; itu:year ?y . ?met itu:conferenceOf ?body ; itu:year ?y
                      OPTIONAL {{ ?met schema:location ?metPlace }} OPTIONAL {{ ?met rdfs:label ?metLabel }} }}
          BIND(IF(BOUND(?adopted), ?adopted, ?met) AS ?conference)
          BIND(IF(BOUND(?adopted), ?adoptedPlace, ?metPlace) AS ?place)
          BIND(IF(BOUND(?adopted), ?adoptedLabel, ?metLabel) AS ?conferenceLabel)
        }}""")
    revisions: dict[str, dict] = {}
    for row in sorted(rows, key=lambda r: tuple(r.get(k, "") for k in ("r", "label", "title", "conference"))):
        if row["kind"] == "lineage":
            found.known = True
            found.label = found.label or row.get("label")
            found.title = found.title or row.get("title")
            continue
        entry = revisions.setdefault(row["r"], {
            "iri": row["r"], "label": None, "title": None, "version": None, "year": None, "place": None,
            "conference": None, "cited": row["r"] == found.reference.revision})
        for key in ("label", "title", "version", "place"):
            entry[key] = entry[key] or row.get(key)
        if entry["year"] is None and row.get("year", "").isdigit():
            entry["year"] = int(row["year"])
        if entry["conference"] is None and row.get("conference"):
            entry["conference"] = {"iri": row["conference"], "label": row.get("conferenceLabel")}
    found.revisions = sorted(revisions.values(), key=lambda r: (r["year"] or 0, r["iri"]))
    if found.reference.revision in revisions:
        found.known = True
        found.title = revisions[found.reference.revision]["title"] or found.title


def _citing(source, lineage: str, target: str | None) -> list[dict]:
    rows = _rows(source, f"""SELECT DISTINCT ?p ?cited ?text ?number ?position ?meeting ?meetingLabel ?doc ?symbol ?quote
        WHERE {{
          {{ ?p eli:cites <{lineage}> BIND(<{lineage}> AS ?cited) }}
          UNION {{ ?cited eli:is_member_of <{lineage}> . ?p eli:cites ?cited }}
          ?p schema:text ?text ; schema:position ?position ; dcterms:isPartOf ?report .
          OPTIONAL {{ ?p itu:paragraphNumber ?number }}
          OPTIONAL {{ ?report itu:reportOf ?meeting OPTIONAL {{ ?meeting rdfs:label ?meetingLabel }} }}
          OPTIONAL {{ ?p itu:aboutDocument ?doc OPTIONAL {{ ?doc itu:symbol ?symbol }} }}
          OPTIONAL {{ ?c a itu:Citation ; prov:wasDerivedFrom ?p ; oa:hasBody ?cited ;
                         oa:hasTarget/oa:hasSelector/oa:exact ?quote }}
        }}""")
    paragraphs: dict[str, dict] = {}
    for row in sorted(rows, key=lambda r: (r.get("meeting", ""), int(r["position"]), r["p"])):
        entry = paragraphs.setdefault(row["p"], {
            "iri": row["p"], "text": row["text"], "number": row.get("number"), "position": int(row["position"]),
            "meeting": {"iri": row["meeting"], "label": row.get("meetingLabel")} if row.get("meeting") else None,
            "document": None, "documents": [], "cites": [], "quotes": [], "exact": False})
        if row["cited"] not in entry["cites"]:
            entry["cites"].append(row["cited"])
            entry["exact"] |= target in (row["cited"], lineage)
        if row.get("doc") and all(d["iri"] != row["doc"] for d in entry["documents"]):
            entry["documents"].append({"iri": row["doc"], "symbol": row.get("symbol")})
            entry["document"] = entry["document"] or row.get("symbol")
        if row.get("quote") and row["quote"] not in entry["quotes"]:
            entry["quotes"].append(row["quote"])
    return sorted(paragraphs.values(), key=lambda p: (not p["exact"],))


def _candidates(source, number: str) -> list[dict]:
    rows = _rows(source, f"""SELECT DISTINCT ?r ?label ?title WHERE {{
          ?r a itu:Resolution ; itu:resolutionNumber "{number}" .
          OPTIONAL {{ ?r rdfs:label ?label }} OPTIONAL {{ ?r dcterms:title ?title }} }}""")
    out: dict[str, dict] = {}
    for row in sorted(rows, key=lambda r: (r["r"], r.get("label", ""), r.get("title", ""))):
        out.setdefault(row["r"], {"iri": row["r"], "label": row.get("label"), "title": row.get("title")})
    return list(out.values())


def resolution_json(text: str, resolutions: list[Resolution]) -> dict:
    """The body of /resolve and of `itukg refs --resolve --format json`."""
    return {"ref": text, "found": any(r.found for r in resolutions),
            "resolutions": [r.as_json() for r in resolutions]}


def print_resolutions(store_path: str, text: str, fmt: str, out) -> int:
    """`itukg refs --resolve`: the same data as /resolve, from the store at `store_path`. Exit status 0 when
    the store knows a reference, 1 when it knows none, and `InputError` (2) when the text holds none."""
    from .store import open_store

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
                print(f"  revision\t{revision['label'] or revision['iri']}{mark}\t<{revision['iri']}>", file=out)
            for candidate in found.candidates:
                print(f"  candidate\t{candidate['label'] or candidate['iri']}\t<{candidate['iri']}>", file=out)
            for paragraph in found.paragraphs:
                where = f"§{paragraph['number']}" if paragraph["number"] else f"paragraph {paragraph['position']}"
                meeting = (paragraph["meeting"] or {}).get("label") or ""
                doc = f" [{paragraph['document']}]" if paragraph["document"] else ""
                exact = "" if paragraph["exact"] else " (another revision)"
                print(f"  cited by\t{meeting}, {where}{doc}{exact}\t<{paragraph['iri']}>", file=out)
    return 0 if body["found"] else 1


# ------------------------------------------------------------------------------------------ the route

router = APIRouter()


@router.get("/resolve")
def resolve_route(request: Request) -> Response:
    """``ref`` (required): a resolution reference. JSON, or an HTML page for browsers (``format=html|json``
    overrides Accept)."""
    values = request.query_params.getlist("ref")
    if len(values) != 1:
        raise ProtocolError(400, "give exactly one ?ref= parameter, e.g. /resolve?ref=Res.%20102%20(Rev.%20Bucharest,%202022).")
    text = values[0]
    html = _wants_html(request)
    try:
        resolutions = resolve(request.app.state.engine, text)
    except ValueError as exc:
        raise ProtocolError(400, str(exc)) from None
    body = resolution_json(text, resolutions)
    status = 200 if body["found"] else 404
    request.app.state.metrics.count("resolutions", status=str(status))
    headers = media.vary_headers()
    if html:
        from .pages import resolution_page

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
        raise ProtocolError(406, "/resolve answers application/json or text/html.", headers=media.vary_headers())
    return chosen == "text/html"


def reference_text(reference: dict) -> str:
    """A reference written out in full from its fields, so that it resolves on its own even when it was
    found inside a list ("…, 102 and 206").

    >>> reference_text({"body": "PP", "number": "102", "qualifier": "Rev.", "place": "Bucharest", "year": 2022})
    'PP Resolution 102 (Rev. Bucharest, 2022)'
    >>> reference_text({"body": "UNGA", "number": "70/125", "qualifier": None, "place": None, "year": None})
    'A/RES/70/125'
    """
    if reference.get("body") == "UNGA":
        return f"A/RES/{reference['number']}"
    text = f"{reference.get('body') or ''} Resolution {reference['number']}".strip()
    revision = ", ".join(str(x) for x in (reference.get("place"), reference.get("year")) if x)
    if revision:
        text += f" ({reference['qualifier'] + ' ' if reference.get('qualifier') else ''}{revision})"
    return text


def resolve_link(reference: dict, root: str = "") -> str:
    """Where the resolver answers a reference (a `Reference.as_json()` dict).

    >>> resolve_link({"body": "Council", "number": "1305", "qualifier": None, "place": None, "year": None})
    '/resolve?ref=Council+Resolution+1305'
    """
    return f"{root}/resolve?" + urlencode({"ref": reference_text(reference)})
