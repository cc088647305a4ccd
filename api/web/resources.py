"""Linked data: every IRI itukg mints (https://w3id.org/itukg/<path>) is answered at /<path> on the
service's own host, and any IRI at all at /describe?iri=…, as RDF (Turtle, N-Triples, N-Quads, TriG,
JSON-LD, RDF/XML) or as an HTML page for browsers, negotiated on Accept or ``?format=``.

A description holds every triple with the IRI as subject (with one level of the blank nodes it points
to), every triple with it as object (up to ``INCOMING_LIMIT``), and their provenance: the named graph
each fact is in, and the report paragraphs (``prov:wasDerivedFrom``) of the resource and of the
resources that link to it. The data is six small SELECTs through the engine, one per part of the page,
within one time limit (one UNION of the six is more than Virtuoso 7.2's compiler can take), with the IRI
written into the query text: VALUES is not pushed into UNION branches, and writing the IRI in made the
single query this replaced 149x faster. An HTML page costs one more query, for the labels of what it links to;
the ontology's labels are read once per process.

The ontology and the shapes are served from the package at their namespace IRIs: /ontology (and the
modules /ontology/meeting …, whose terms /ontology#Meeting … resolve to anchors of the page) and /shapes.
/dataset is the VoID description of /.well-known/void.
"""

from __future__ import annotations

import json
import re
import threading
import time
from dataclasses import dataclass, field
from functools import cache
from html import escape
from urllib.parse import quote, unquote_to_bytes, urlencode

import pyoxigraph as ox
from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.requests import Request as StarletteRequest

from ...loader import iris
from ...loader.vocab import BASE, PREFIXES
from . import media
from .errors import ProtocolError
from .search_clause import SEARCH_NS, SEARCH_SERVICE
from .harvest import dataset_script, void_description

router = APIRouter()

# The first path segments of the IRIs itukg mints (loader/iris.py: the resources, the concept schemes
# role/outcome/document-type/region, the named graphs), plus the namespaces served from the package.
SEGMENTS = ("body", "conference", "state", "meeting", "document", "report", "person", "topic", "resolution",
            "role", "outcome", "document-type", "region", "graph")
SERVED = ("ontology", "shapes", "dataset")
INCOMING_LIMIT = 1000  # incoming links shown; a page says when there are more
LABEL_LIMIT = 3000  # IRIs a page looks labels up for

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
OWL = "http://www.w3.org/2002/07/owl#"
SH = "http://www.w3.org/ns/shacl#"
PROV = "http://www.w3.org/ns/prov#"
SDO = "https://schema.org/"
ITU = BASE + "ontology#"
TYPE = RDF + "type"
DERIVED = PROV + "wasDerivedFrom"
# label properties, best first
LABELS = (RDFS + "label", SKOS + "prefLabel", SDO + "name", ITU + "symbol")
PARAGRAPH_FACTS = (TYPE, SDO + "text", ITU + "paragraphNumber", ITU + "lineNumber", SDO + "position",
                   "http://purl.org/dc/terms/isPartOf")
FORMATS = (("turtle", "Turtle"), ("ntriples", "N-Triples"), ("jsonld", "JSON-LD"), ("rdfxml", "RDF/XML"),
           ("trig", "TriG"), ("nquads", "N-Quads"))
_RESULTS_JSON = ("application/sparql-results+json", "application/sparql-results+json")
SD = "http://www.w3.org/ns/sparql-service-description#"
# prefixed names on pages: the project's prefixes and those of the service description
_SHOWN_PREFIXES = {**PREFIXES, "sh": SH, "sd": SD, "void": "http://rdfs.org/ns/void#",
                   "dcat": "http://www.w3.org/ns/dcat#", "itukgs": SEARCH_NS}

# IRIREF of SPARQL, absolute: a scheme, then no space, control character, <>"{}|^`\ .
_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\x00-\x20<>\"{}|^`\\\x7f]*")
_MAX_IRI = 4096


# ------------------------------------------------------------------------------------------ IRIs


def checked_iri(value: str) -> str:
    """``value`` if it is an absolute IRI that can be written into a query as <…>, else 400.

    >>> checked_iri("https://w3id.org/itukg/state/CUB")
    'https://w3id.org/itukg/state/CUB'
    >>> checked_iri("http://x/> } ; DROP ALL ; {")
    Traceback (most recent call last):
    ...
    itukg.api.web.errors.ProtocolError: not an absolute IRI of at most 4096 characters, ...
    """
    if len(value) > _MAX_IRI or not _IRI.fullmatch(value):
        raise ProtocolError(400, f"not an absolute IRI of at most {_MAX_IRI} characters, with a scheme (https:) and "
                                 "no space, control character or any of <>\"{}|^`\\.")
    return value


def uri_to_iri(path: str) -> str:
    """A request path as it was sent (percent-encoded) turned into the IRI characters it stands for:
    unreserved ASCII and UTF-8 non-ASCII are decoded, every other escape is kept (RFC 3987 §3.2).

    >>> uri_to_iri("/person/jos%C3%A9%2Fx%7E")
    '/person/josé%2Fx~'
    """

    def decode(match: re.Match) -> str:
        raw = unquote_to_bytes(match.group(0))
        out, index = [], 0
        while index < len(raw):
            byte = raw[index]
            width = 1 if byte < 0x80 else 2 if byte >> 5 == 0b110 else 3 if byte >> 4 == 0b1110 else \
                4 if byte >> 3 == 0b11110 else 0
            try:
                char = raw[index: index + width].decode("utf-8") if width else ""
            except UnicodeDecodeError:
                char = ""
            if char and (width > 1 or char.isalnum() or char in "-._~"):
                out.append(char)
                index += width
            else:
                out.append(f"%{byte:02X}")
                index += 1
        return "".join(out)

    return re.sub(r"(?:%[0-9A-Fa-f]{2})+", decode, path)


def _routed(iri: str) -> str | None:
    """The path this service answers ``iri`` at, for IRIs under the base with a routed first segment."""
    if not iri.startswith(BASE):
        return None
    rest = iri[len(BASE):]
    segment = re.split(r"[/#?]", rest, maxsplit=1)[0]
    return "/" + rest if segment in SEGMENTS + SERVED else None


def href(iri: str, root: str = "", here: str | None = None) -> str:
    """Where a page links ``iri``: its own path on this host when the service answers it there (or when
    it is a URL of this service, ``here``), else /describe?iri=….

    >>> href("https://w3id.org/itukg/ontology#Meeting"), href("http://example.org/x?a=1")
    ('/ontology#Meeting', '/describe?iri=http%3A%2F%2Fexample.org%2Fx%3Fa%3D1')
    >>> href("http://127.0.0.1:8000/sparql", here="http://127.0.0.1:8000/")
    '/sparql'
    """
    path = _routed(iri)
    if path is None and here and iri.startswith(here):
        path = "/" + iri[len(here):]
    if path is not None:
        return root + quote(path, safe="/#:@!$&'()*+,;=-._~%?")
    return root + "/describe?" + urlencode({"iri": iri})


def prefixed(iri: str) -> str:
    """``dcterms:title`` for a term of a known namespace, else the IRI.

    >>> prefixed("http://purl.org/dc/terms/title"), prefixed("http://example.org/p")
    ('dcterms:title', 'http://example.org/p')
    """
    best = None
    for prefix, namespace in _SHOWN_PREFIXES.items():
        if iri.startswith(namespace) and (best is None or len(namespace) > len(_SHOWN_PREFIXES[best])):
            best = prefix
    if best is None:
        return iri
    local = iri[len(_SHOWN_PREFIXES[best]):]
    return f"{best}:{local}" if re.fullmatch(r"[A-Za-z_][\w.-]*", local) else iri


def _last_segment(iri: str) -> str:
    tail = re.split(r"[/#]", iri.rstrip("/#"))[-1]
    return tail or iri


# ------------------------------------------------------------------------------------------ the data


def describe_queries(iri: str, limit: int = INCOMING_LIMIT) -> tuple[str, ...]:
    """The SELECTs that fetch a description, one per part; ``iri`` must have passed :func:`checked_iri`.

    Each answers rows (?k ?s ?p ?o ?g): ?k says which part a fact belongs to ("out", "bnode", "in",
    "derived", "para", "graph"); ?g is the named graph it is in, unbound for the store's default graph.
    They are separate queries, not one UNION, because Virtuoso 7.2 cannot compile the union of all six.

    >>> [q.count("SELECT DISTINCT ?k ?s ?p ?o ?g") for q in describe_queries("urn:x")]
    [1, 1, 1, 1, 1, 1]
    """
    i = f"<{iri}>"
    facts = ", ".join(f"<{p}>" for p in PARAGRAPH_FACTS)
    parts = (
        f"""{i} ?p ?o OPTIONAL {{ GRAPH ?g {{ {i} ?p ?o }} }} BIND({i} AS ?s) BIND("out" AS ?k)""",
        f"""{i} ?q ?s FILTER(isBlank(?s)) ?s ?p ?o
  OPTIONAL {{ GRAPH ?g {{ ?s ?p ?o }} }} BIND("bnode" AS ?k)""",
        f"""{{ SELECT ?s ?p WHERE {{ ?s ?p {i} }} LIMIT {limit + 1} }}
  OPTIONAL {{ GRAPH ?g {{ ?s ?p {i} }} }} BIND({i} AS ?o) BIND("in" AS ?k)""",
        f"""{{ SELECT DISTINCT ?s WHERE {{ ?s ?x {i} }} LIMIT {limit} }}
  ?s prov:wasDerivedFrom ?o OPTIONAL {{ GRAPH ?g {{ ?s prov:wasDerivedFrom ?o }} }}
  BIND(prov:wasDerivedFrom AS ?p) BIND("derived" AS ?k)""",
        f"""{{ SELECT DISTINCT ?s WHERE {{
      {{ {i} prov:wasDerivedFrom ?s }}
      UNION {{ {{ SELECT DISTINCT ?n WHERE {{ ?n ?x {i} }} LIMIT {limit} }} ?n prov:wasDerivedFrom ?s }} }} }}
  ?s a itu:Paragraph ; ?p ?o FILTER(?p IN ({facts}))
  OPTIONAL {{ GRAPH ?g {{ ?s ?p ?o }} }} BIND("para" AS ?k)""",
        f"""{{ SELECT ({i} AS ?g) WHERE {{ GRAPH {i} {{ ?a ?b ?c }} }} LIMIT 1 }} BIND("graph" AS ?k)""",
    )
    head = f"PREFIX prov: <{PROV}>\nPREFIX itu: <{ITU}>\nSELECT DISTINCT ?k ?s ?p ?o ?g WHERE {{\n  "
    return tuple(head + part + "\n}" for part in parts)


def _term(binding: dict | None):
    if binding is None:
        return None
    kind, value = binding["type"], binding["value"]
    if kind == "uri":
        return ox.NamedNode(value)
    if kind == "bnode":
        return ox.BlankNode(value)
    if kind == "literal":
        if "xml:lang" in binding:
            return ox.Literal(value, language=binding["xml:lang"])
        datatype = binding.get("datatype")
        return ox.Literal(value, datatype=ox.NamedNode(datatype)) if datatype else ox.Literal(value)
    return None  # RDF-star triple terms are not shown


@dataclass
class Description:
    """What the store says about one IRI, split by the part of the page each fact goes to."""

    iri: str
    quads: list = field(default_factory=list)  # every fact, in its graph, for the RDF representations
    out: list = field(default_factory=list)  # (predicate, object, graph)
    bnodes: dict = field(default_factory=dict)  # blank node id -> [(predicate, object, graph)]
    incoming: list = field(default_factory=list)  # (subject, predicate, graph)
    derived: dict = field(default_factory=dict)  # node IRI -> {paragraph IRI}
    paragraphs: dict = field(default_factory=dict)  # paragraph IRI -> {predicate: value}
    graphs: set = field(default_factory=set)  # the named graphs the facts come from
    is_graph: bool = False  # the IRI names a graph of the store
    generated: bool = False  # written by the service (VoID), not read from the store
    truncated: bool = False  # there were more incoming links than INCOMING_LIMIT
    _pairs: set = field(default_factory=set)  # incoming (subject, predicate) seen

    @property
    def empty(self) -> bool:
        return not (self.out or self.incoming or self.is_graph)

    def add(self, kind: str, s, p, o, g) -> None:
        if kind == "graph":
            self.is_graph = True
            return
        if kind == "in" and (s, p) not in self._pairs:
            if len(self._pairs) >= INCOMING_LIMIT:
                self.truncated = True
                return
            self._pairs.add((s, p))
        graph = g.value if g is not None else None
        self.quads.append(ox.Quad(s, p, o, g) if g is not None else ox.Quad(s, p, o))
        if graph:
            self.graphs.add(graph)
        if kind == "out":
            self.out.append((p, o, graph))
        elif kind == "bnode":
            self.bnodes.setdefault(s.value, []).append((p, o, graph))
        elif kind == "in":
            self.incoming.append((s, p, graph))
        elif kind == "para":
            self.paragraphs.setdefault(s.value, {}).setdefault(p.value, o)
        if p.value == DERIVED and isinstance(o, ox.NamedNode) and kind in ("out", "derived"):
            self.derived.setdefault(s.value, set()).add(o.value)

    def linked_iris(self) -> set[str]:
        """The IRIs a page shows, which it needs labels for."""
        found = set()
        for p, o, _ in self.out + [f for facts in self.bnodes.values() for f in facts]:
            if isinstance(o, ox.NamedNode):
                found.add(o.value)
        found.update(s.value for s, _, _ in self.incoming if isinstance(s, ox.NamedNode))
        for graph in self.graphs | ({self.iri} if self.is_graph else set()):
            found.add(graph)
            report = _graph_report(graph)
            if report:
                found.add(report)
        return found


def fetch(request: Request, iri: str) -> Description:
    """Run the description queries through the engine, all within one time limit. A graph's description
    also says where its triples are (rdfs:seeAlso its Graph Store URL on this host)."""
    engine = request.app.state.engine
    deadline = time.monotonic() + engine.timeout_s
    description = Description(iri)
    for query in describe_queries(iri):
        remaining = max(deadline - time.monotonic(), 0.01)
        answer = engine.query(query, results=_RESULTS_JSON, rdf=None, timeout=remaining)
        for row in json.loads(answer.body)["results"]["bindings"]:
            s, p, o, g = (_term(row.get(name)) for name in ("s", "p", "o", "g"))
            kind = row["k"]["value"]
            if kind != "graph" and None in (s, p, o):
                continue
            description.add(kind, s, p, o, g)
    if description.is_graph:
        store = str(request.base_url) + "store?" + urlencode({"graph": iri})
        see_also = ox.Quad(ox.NamedNode(iri), ox.NamedNode(RDFS + "seeAlso"), ox.NamedNode(store))
        description.quads.append(see_also)
    return description


_ONTOLOGY_LOCK = threading.Lock()
_ONTOLOGY_TERMS: dict[str, dict[str, str]] = {}
_ONTOLOGY_READ = threading.Event()


def ontology_terms(request: Request) -> dict[str, dict[str, str]]:
    """{term: {"label": …, "definition": …}} of the store's ontology graph, read once per process."""
    if _ONTOLOGY_READ.is_set():
        return _ONTOLOGY_TERMS
    with _ONTOLOGY_LOCK:
        if not _ONTOLOGY_READ.is_set():
            query = (f"SELECT ?t ?p ?v WHERE {{ GRAPH <{iris.ONTOLOGY_GRAPH}> {{ ?t ?p ?v "
                     f"FILTER(isIRI(?t) && ?p IN (<{RDFS}label>, <{SKOS}definition>)) }} }}")
            answer = request.app.state.engine.query(query, results=_RESULTS_JSON, rdf=None)
            terms: dict[str, dict[str, tuple]] = {}
            for row in json.loads(answer.body)["results"]["bindings"]:
                key = "label" if row["p"]["value"] == RDFS + "label" else "definition"
                value = row["v"]
                rank = _language_rank(value.get("xml:lang"))
                slot = terms.setdefault(row["t"]["value"], {})
                if key not in slot or rank < slot[key][0]:
                    slot[key] = (rank, value["value"])
            _ONTOLOGY_TERMS.update({t: {k: v[1] for k, v in slot.items()} for t, slot in terms.items()})
            _ONTOLOGY_READ.set()
    return _ONTOLOGY_TERMS


def _language_rank(language: str | None) -> int:
    return 0 if language in ("en", None) or (language or "").startswith("en-") else 1


def labels_for(request: Request, wanted: set[str]) -> dict[str, str]:
    """The best label of each IRI: rdfs:label, skos:prefLabel, schema:name, itu:symbol, in that order,
    English or untagged first; ontology terms from the per-process cache, the rest in one query. A node
    with none of them (a claim, a citation) is named by its type and the last segment of its IRI."""
    terms = ontology_terms(request)
    labels = {iri: terms[iri]["label"] for iri in wanted if "label" in terms.get(iri, {})}
    rest = sorted(iri for iri in wanted - labels.keys() if _IRI.fullmatch(iri))[:LABEL_LIMIT]
    if not rest:
        return labels
    values = " ".join(f"<{iri}>" for iri in rest)
    chosen = ", ".join(f"<{p}>" for p in LABELS + (TYPE,))
    query = f"SELECT ?x ?p ?l WHERE {{ VALUES ?x {{ {values} }} ?x ?p ?l FILTER(?p IN ({chosen})) }}"
    answer = request.app.state.engine.query(query, results=_RESULTS_JSON, rdf=None)
    best: dict[str, tuple] = {}
    for row in json.loads(answer.body)["results"]["bindings"]:
        iri, predicate, value = row["x"]["value"], row["p"]["value"], row["l"]
        if predicate == TYPE:
            type_label = terms.get(value["value"], {}).get("label")
            rank = (len(LABELS), 0, f"{type_label} {_last_segment(iri)}") if type_label else None
        elif value["type"] == "literal":
            rank = (LABELS.index(predicate), _language_rank(value.get("xml:lang")), value["value"])
        else:
            rank = None
        if rank and (iri not in best or rank < best[iri]):
            best[iri] = rank
    labels.update({iri: rank[2] for iri, rank in best.items()})
    return labels


def _graph_report(graph: str) -> str | None:
    """The report a report graph (or its validation graph) holds."""
    for prefix in ("graph/report/", "graph/validation/"):
        if graph.startswith(BASE + prefix):
            return BASE + "report/" + graph[len(BASE + prefix):]
    return None


# ------------------------------------------------------------------------------------------ responses


def _choose(request: Request) -> media.Choice:
    choice = media.choose_rdf(request.headers.get("accept"), request.query_params.get("format"), html=True)
    if choice is None:
        offered = ", ".join(media.offered("rdf") + ["text/html"])
        raise ProtocolError(406, f"this resource is served as: {offered}.", headers=media.vary_headers())
    return choice


def _send(request: Request, body: bytes, media_type: str, status: int = 200) -> Response:
    content_type = f"{media_type}; charset=utf-8" if media_type.startswith("text/") or "xml" in media_type \
        or "json" in media_type else media_type
    headers = media.vary_headers()
    if request.method == "HEAD":
        return Response(status_code=status, headers={**headers, "Content-Length": str(len(body)),
                                                     "Content-Type": content_type})
    return Response(body, status_code=status, media_type=content_type, headers=headers)


def serialise(quads: list, choice: media.Choice) -> bytes:
    """Quads in the chosen format: with their graphs for N-Quads and TriG, as triples otherwise."""
    if choice.media_type in ("application/n-quads", "application/trig"):
        data = list(dict.fromkeys(quads))
    else:
        data = list(dict.fromkeys(ox.Triple(q.subject, q.predicate, q.object) for q in quads))
    prefixed_formats = (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.RDF_XML)
    prefixes = PREFIXES if choice.format in prefixed_formats else None
    try:
        return ox.serialize(data, format=choice.format, prefixes=prefixes)
    except (ValueError, SyntaxError) as exc:
        raise ProtocolError(406, f"this description cannot be written as {choice.media_type} ({exc}); "
                                 "ask for Turtle or N-Triples.", headers=media.vary_headers()) from None


def _not_found(request: Request, choice: media.Choice, iri: str) -> Response:
    request.app.state.metrics.count("errors", status="404")
    message = "The store knows nothing about this IRI."
    if choice.kind == "html":
        body = document_page(request, "Not found", f"<h1>Not found</h1><p>{escape(message)}</p>"
                         f'<p><a href="{escape(_root(request))}/sparql">Query the store</a></p>')
        return _send(request, body, "text/html", 404)
    return _send(request, (message + "\n").encode(), "text/plain", 404)


def resource(request: Request, iri: str) -> Response:
    """The description of ``iri``, negotiated."""
    iri = checked_iri(iri)
    choice = _choose(request)
    description = fetch(request, iri)
    if description.empty:
        return _not_found(request, choice, iri)
    request.app.state.metrics.count("pages", kind=choice.kind)
    if choice.kind != "html":
        return _send(request, serialise(description.quads, choice), choice.media_type)
    labels = labels_for(request, description.linked_iris() | {iri})
    return _send(request, render(request, description, labels), "text/html")


@router.api_route("/describe", methods=["GET", "HEAD"])
def describe(request: Request) -> Response:
    values = request.query_params.getlist("iri")
    if len(values) != 1:
        raise ProtocolError(400, "give exactly one ?iri= parameter: /describe?iri=https://…")
    return resource(request, values[0])


def dereference(request: Request) -> Response:
    """GET /<segment>/… : the IRI https://w3id.org/itukg/<segment>/…"""
    raw = request.scope.get("raw_path")
    path = raw.decode("latin-1") if raw else quote(request.url.path)
    root = request.scope.get("root_path", "")
    if root and path.startswith(root):
        path = path[len(root):]
    return resource(request, BASE + uri_to_iri(path.lstrip("/")))


for _segment in SEGMENTS:
    for _path in (f"/{_segment}", f"/{_segment}/{{rest:path}}"):
        router.add_api_route(_path, dereference, methods=["GET", "HEAD"], include_in_schema=False)


# ------------------------------------------------------------------------------------------ ontology, shapes


@cache
def _files(package: str) -> tuple[tuple[str, tuple], ...]:
    """(module name, triples) of each Turtle file of ``itukg.ontology`` / ``itukg.shapes``."""
    from importlib.resources import files

    folder = files(f"itukg.{package}")
    return tuple((p.name[:-4], tuple(ox.parse(p.read_bytes(), format=ox.RdfFormat.TURTLE)))
                 for p in sorted(folder.iterdir(), key=lambda p: p.name) if p.name.endswith(".ttl"))


def _triples(package: str, module: str | None) -> list:
    return [t for name, triples in _files(package) if module in (None, name) for t in triples]


@cache
def _serialised(package: str, module: str | None, media_type: str) -> bytes:
    choice = media.choose_rdf(None, media_type)
    graph = ox.NamedNode(iris.ONTOLOGY_GRAPH if package == "ontology" else BASE + "shapes")
    quads = [ox.Quad(t.subject, t.predicate, t.object, graph) for t in _triples(package, module)]
    return serialise(quads, choice)


def _package(request: Request, package: str, module: str | None) -> Response:
    choice = _choose(request)
    request.app.state.metrics.count("pages", kind=choice.kind)
    if choice.kind != "html":
        return _send(request, _serialised(package, module, choice.media_type), choice.media_type)
    render_package = ontology_page if package == "ontology" else shapes_page
    return _send(request, render_package(request, module), "text/html")


def _modules(package: str) -> list[str]:
    return [name for name, _ in _files(package) if name != "itukg"]


def _serve_package(package: str) -> None:
    """Routes for a package of Turtle files served at its namespace: /{package} (all of it) and
    /{package}/{module} (one module, e.g. /ontology/meeting); any other IRI under it comes from the store."""

    def whole(request: Request) -> Response:
        return _package(request, package, None)

    def one(request: Request, module: str) -> Response:
        if module not in _modules(package):
            return dereference(request)
        return _package(request, package, module)

    router.add_api_route(f"/{package}", whole, methods=["GET", "HEAD"], name=package)
    router.add_api_route(f"/{package}/{{module:path}}", one, methods=["GET", "HEAD"], name=f"{package}_module")


for _served in ("ontology", "shapes"):
    _serve_package(_served)


@router.api_route("/dataset", methods=["GET", "HEAD"])
def dataset(request: Request) -> Response:
    """The dataset IRI: the VoID/DCAT description of /.well-known/void, or a page of it."""
    choice = _choose(request)
    if choice.kind != "html":
        return void_description(request)
    scope = {**request.scope, "query_string": b"", "headers": [(b"accept", b"application/n-triples")]}
    answer = void_description(StarletteRequest(scope))
    description = Description(BASE + "dataset", generated=True)
    for triple in ox.parse(answer.body, format=ox.RdfFormat.N_TRIPLES):
        if triple.subject == ox.NamedNode(description.iri):
            description.add("out", triple.subject, triple.predicate, triple.object, None)
        elif isinstance(triple.subject, ox.BlankNode):
            description.add("bnode", triple.subject, triple.predicate, triple.object, None)
    labels = labels_for(request, description.linked_iris() | {description.iri})
    return _send(request, render(request, description, labels), "text/html")


# ------------------------------------------------------------------------------------------ HTML



def _root(request: Request) -> str:
    return request.scope.get("root_path", "").rstrip("/")


_NAV = (("dataset", "itukg"), ("ontology", "Ontology"), ("shapes", "Shapes"), ("sparql", "SPARQL"),
        ("queries", "Queries"), ("api", "API"))


def document_page(request: Request, title: str, body: str) -> bytes:
    root = escape(_root(request))
    nav = "".join(f'<a href="{root}/{path}">{name}</a>' for path, name in _NAV)
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)} — itukg</title>
<link rel="stylesheet" href="{root}/static/pages.css">
{search_assets(root)}
{dataset_script(request)}
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header><nav aria-label="Site">{nav}</nav>
{search_box(root)}</header>
<main id="main">
{body}
</main>
<footer><p class="muted">itukg: linked data from the records of ITU meetings.</p></footer>
</body>
</html>
""".encode()


def search_assets(root: str) -> str:
    """The stylesheet and script of the search box (files of api/static/, nothing from another origin)."""
    return (f'<link rel="stylesheet" href="{root}/static/search.css">\n'
            f'<script src="{root}/static/search.js" defer></script>')


def search_box(root: str) -> str:
    """The search box of every page: GET /search, shown by api/static/search.js under the box; a resolution
    reference typed in it is offered its /resolve page. `root` must be HTML-escaped already."""
    kinds = "".join(f'<option value="{k}">{k}s</option>' for k in
                    ("paragraph", "document", "resolution", "topic", "meeting"))
    return f"""<form class="search" role="search" action="{root}/search" method="get" data-root="{root}"
      data-base="{escape(BASE)}">
  <label for="search-q">Search</label>
  <input id="search-q" name="q" type="search" required maxlength="1000" autocomplete="off"
         placeholder="Ask in plain words, or type a reference: Res. 102 (Rev. Bucharest, 2022)">
  <select name="kind" aria-label="Only hits of this kind"><option value="">everything</option>{kinds}</select>
  <button type="submit">Search</button>
</form>
<section id="search-results" class="search-results" aria-label="Search results" aria-live="polite"
         hidden></section>"""


class Html:
    """Writing terms as HTML for one page: labels, links on this host, escaping."""

    def __init__(self, request: Request, labels: dict[str, str], terms: dict[str, dict[str, str]]):
        self.root = _root(request)
        self.here = str(request.base_url)
        self.labels = labels
        self.terms = terms

    def label(self, iri: str) -> str:
        """Its label, else its prefixed name, else its path under the base, else the IRI."""
        found = self.labels.get(iri) or self.terms.get(iri, {}).get("label")
        if found:
            return found
        short = prefixed(iri)
        return iri[len(BASE):] if short == iri and iri.startswith(BASE) else short

    def text(self, term) -> str:
        """What a term is sorted by."""
        return (self.label(term.value) if isinstance(term, ox.NamedNode) else term.value).lower()

    def href(self, iri: str) -> str:
        return href(iri, self.root, self.here)

    def prop_label(self, iri: str) -> str:
        return self.terms.get(iri, {}).get("label") or prefixed(iri)

    def prop(self, iri: str) -> str:
        """A property by its ontology label, else its prefixed name."""
        label = self.prop_label(iri)
        definition = self.terms.get(iri, {}).get("definition")
        title = f' title="{escape(definition)}"' if definition else ""
        return f'<a href="{escape(self.href(iri))}"{title}>{escape(label)}</a>'

    def link(self, iri: str) -> str:
        return f'<a href="{escape(self.href(iri))}">{escape(self.label(iri))}</a>'

    def value(self, term, bnodes: dict | None = None) -> str:
        if isinstance(term, ox.NamedNode):
            return self.link(term.value)
        if isinstance(term, ox.BlankNode):
            facts = (bnodes or {}).get(term.value)
            if not facts:
                return '<span class="muted">(blank node)</span>'
            items = "".join(f"<dt>{self.prop(p.value)}</dt><dd>{self.value(o)}</dd>" for p, o, _ in facts)
            return f'<dl class="nested">{items}</dl>'
        if isinstance(term, ox.Literal):
            text = escape(term.value)
            if term.language:
                return f'<span lang="{escape(term.language)}">{text}</span>'
            datatype = term.datatype.value
            if datatype.startswith(("http://www.w3.org/2001/XMLSchema#", RDF)):  # shown as they read
                return text
            return f'{text} <span class="muted">({escape(prefixed(datatype))})</span>'
        return escape(str(term))

    def graph(self, graph: str | None, generated: bool = False) -> str:
        if graph is None:
            return '<span class="muted">' + ("this service" if generated else "default graph") + "</span>"
        names = {iris.REFERENCE_GRAPH: "Reference data", iris.ONTOLOGY_GRAPH: "Ontology"}
        report = _graph_report(graph)
        if graph in names:
            text = names[graph]
        elif report and graph.startswith(BASE + "graph/validation/"):
            text = "Validation of " + self.label(report)
        elif report:
            text = self.label(report) if report in self.labels else _last_segment(graph)
        else:
            text = prefixed(graph) if graph.startswith(BASE) else graph
        return f'<a href="{escape(self.href(graph))}">{escape(text)}</a>'


def _title(description: Description, labels: dict[str, str]) -> str:
    """Its label; else, for a node named by its type ("Paragraph 22"), that; else its last segment."""
    best = None
    for p, o, _ in description.out:
        if p.value in LABELS and isinstance(o, ox.Literal):
            rank = (LABELS.index(p.value), _language_rank(o.language), o.value)
            best = rank if best is None or rank < best else best
    if best:
        return best[2]
    iri = description.iri
    if description.is_graph and iri.startswith(BASE + "graph/"):
        return "Named graph " + iri[len(BASE + "graph/"):]
    return labels.get(iri) or _last_segment(iri)


def _paragraph_key(item: tuple[str, dict]) -> tuple:
    iri, facts = item
    position = facts.get(SDO + "position")
    try:
        number = int(position.value) if position is not None else 0
    except ValueError:
        number = 0
    return (iri.rsplit("/paragraph/", 1)[0], number, iri)


def render(request: Request, description: Description, labels: dict[str, str]) -> bytes:
    """The HTML page of a description."""
    html = Html(request, labels, ontology_terms(request))
    iri = description.iri
    title = _title(description, labels)
    anchors = {p: f"paragraph-{n}" for n, (p, _) in enumerate(sorted(description.paragraphs.items(),
                                                                    key=_paragraph_key), 1)}

    def sources(node: str | None, graphs: list) -> str:
        parts = [html.graph(g, description.generated) for g in dict.fromkeys(graphs)]
        for paragraph in sorted(description.derived.get(node, ()) if node else ()):
            if paragraph in anchors:
                name = _paragraph_name(description.paragraphs[paragraph])
                parts.append(f'<a href="#{anchors[paragraph]}">{escape(name)}</a>')
        return ", ".join(parts)

    parts = [f'<h1>{escape(title)}</h1>', f'<p class="iri">{escape(iri)}</p>']
    types = {o.value for p, o, _ in description.out if p.value == TYPE and isinstance(o, ox.NamedNode)}
    types = sorted(types, key=lambda t: html.label(t).lower())
    if types:
        parts.append("<p>Type: " + ", ".join(html.link(t) for t in types) + "</p>")
    if description.is_graph:
        store = f"{html.root}/store?{urlencode({'graph': iri})}"
        report = _graph_report(iri)
        holds_report = report and iri.startswith(BASE + "graph/report/")
        about = f" It holds what {html.link(report)} says." if holds_report else ""
        parts.append(f'<p>This IRI names a graph of the store.{about} Its triples: '
                     f'<a href="{escape(store)}">{escape(store)}</a>.</p>')

    facts: dict[str, list] = {}
    for p, o, g in description.out:
        if p.value != TYPE:
            facts.setdefault(p.value, []).append((o, g))
    if facts:
        rows = []
        for p in sorted(facts, key=lambda p: (p not in LABELS, html.prop_label(p).lower())):
            values = {}
            for o, g in facts[p]:
                values.setdefault(o, []).append(g)
            cells = "".join(f"<li>{html.value(o, description.bnodes)}</li>" for o in
                            sorted(values, key=html.text))
            graphs = [g for gs in values.values() for g in gs]
            rows.append(f'<tr><th scope="row">{html.prop(p)}</th><td data-label="Value"><ul>{cells}</ul></td>'
                        f'<td data-label="Source">{sources(None, graphs)}</td></tr>')
        parts.append(table("properties", "Properties", ("Property", "Value", "Source"), rows))

    if description.incoming:
        grouped: dict[tuple, list] = {}
        for s, p, g in description.incoming:
            grouped.setdefault((s, p.value), []).append(g)
        rows = []
        for (s, p), graphs in sorted(grouped.items(), key=lambda item: (html.prop_label(item[0][1]).lower(),
                                                                          html.text(item[0][0]))):
            node = s.value if isinstance(s, ox.NamedNode) else None
            rows.append(f'<tr><th scope="row">{html.value(s)}</th>'
                        f'<td data-label="Property">{html.prop(p)}</td>'
                        f'<td data-label="Source">{sources(node, graphs)}</td></tr>')
        note = (f'<p class="note">Only the first {INCOMING_LIMIT} links are shown; '
                f'<a href="{escape(html.root)}/sparql">query the store</a> for all of them.</p>'
                if description.truncated else "")
        parts.append(table("incoming", "Links to this resource", ("Resource", "Property", "Source"), rows,
                            intro="Resources whose property has this resource as its value.") + note)

    if description.out or description.incoming:
        parts.append(_provenance(description, html, anchors))
    parts.append(_formats(request))
    return document_page(request, title, "\n".join(parts))


def _paragraph_name(facts: dict) -> str:
    number = facts.get(ITU + "paragraphNumber")
    position = facts.get(SDO + "position")
    if number is not None:
        return f"§{number.value}"
    return f"paragraph {position.value}" if position is not None else "paragraph"


def table(ident: str, heading: str, columns: tuple, rows: list, intro: str = "") -> str:
    head = "".join(f'<th scope="col">{c}</th>' for c in columns)
    intro = f"<p>{intro}</p>" if intro else ""
    return (f'<section aria-labelledby="{ident}"><h2 id="{ident}">{heading}</h2>{intro}'
            f'<div class="scroll"><table class="facts"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></div></section>')


def _provenance(description: Description, html: Html, anchors: dict[str, str]) -> str:
    parts = ['<section aria-labelledby="provenance"><h2 id="provenance">Provenance</h2>']
    graphs = sorted(description.graphs)
    if graphs:
        parts.append("<h3>Reports and graphs</h3>"
                     "<p>The facts on this page come from these named graphs:</p><ul>")
        for graph in graphs:
            report = _graph_report(graph)
            extra = f" — {html.link(report)}" if report and graph.startswith(BASE + "graph/report/") else ""
            shown = f'<span class="iri muted">{escape(graph)}</span>'
            parts.append(f"<li>{html.graph(graph)}{extra} {shown}</li>")
        parts.append("</ul>")
    elif description.generated:
        parts.append("<p>This description is written by the service from the state of its store.</p>")
    else:
        parts.append("<p>These facts are in the store's default graph, not in a named graph.</p>")
    if anchors:
        supports: dict[str, list[str]] = {}
        for node, paragraphs in description.derived.items():
            for paragraph in paragraphs:
                supports.setdefault(paragraph, []).append(node)
        parts.append("<h3>Source paragraphs</h3>")
        for paragraph, anchor in anchors.items():
            facts = description.paragraphs[paragraph]
            line = facts.get(ITU + "lineNumber")
            report = facts.get("http://purl.org/dc/terms/isPartOf")
            where = [f"line {escape(line.value)}"] if line is not None else []
            if isinstance(report, ox.NamedNode):
                where.append("of " + html.link(report.value))
            nodes = sorted(supports.get(paragraph, []),
                           key=lambda n: (n != description.iri, html.label(n).lower()))
            states = ", ".join("this resource" if n == description.iri else html.link(n) for n in nodes)
            text = facts.get(SDO + "text")
            quote_html = (f'<blockquote cite="{escape(paragraph)}"><p>{html.value(text)}</p></blockquote>'
                          if text is not None else "")
            parts.append(f'<article id="{anchor}"><h4><a href="{escape(html.href(paragraph))}">'
                         f'{escape(_paragraph_name(facts))}</a> '
                         f'<span class="muted">{" ".join(where)}</span></h4>'
                         f'{quote_html}<p class="note">Source of: {states}</p></article>')
    parts.append("</section>")
    return "".join(parts)


def _formats(request: Request) -> str:
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "format"]
    links = " ".join(f'<a href="?{escape(urlencode(params + [("format", name)]))}">{label}</a>'
                     for name, label in FORMATS)
    return (f'<section aria-labelledby="formats"><h2 id="formats">This page as data</h2>'
            f'<p class="formats">{links}</p></section>')


# -- the ontology and the shapes


def _index(triples: list) -> dict[str, dict[str, list]]:
    """subject -> predicate -> [objects], for named subjects and blank nodes alike."""
    index: dict[str, dict[str, list]] = {}
    for t in triples:
        index.setdefault(t.subject.value, {}).setdefault(t.predicate.value, []).append(t.object)
    return index


def _first(facts: dict, predicate: str) -> str | None:
    values = [v for v in facts.get(predicate, []) if isinstance(v, ox.Literal)]
    values.sort(key=lambda v: _language_rank(v.language))
    return values[0].value if values else None


def _fragment(iri: str) -> str:
    return iri.rsplit("#", 1)[1] if "#" in iri else _last_segment(iri)


@cache
def _package_labels() -> dict[str, str]:
    labels = {}
    for name in ("ontology", "shapes"):
        for subject, facts in _index(_triples(name, None)).items():
            label = _first(facts, RDFS + "label") or _first(facts, SH + "name")
            if label and subject not in labels:
                labels[subject] = label
    return labels


def _module_list(html: Html, package: str, module: str | None, index: dict) -> str:
    items = []
    for name in _modules(package):
        iri = f"{BASE}{package}/{name}"
        label = _first(index.get(iri, {}), RDFS + "label") or name
        current = ' aria-current="page"' if name == module else ""
        items.append(f'<li><a href="{escape(html.href(iri))}"{current}>{escape(label)}</a></li>')
    return f'<nav aria-labelledby="modules"><h2 id="modules">Modules</h2><ul>{"".join(items)}</ul></nav>'


def ontology_page(request: Request, module: str | None) -> bytes:
    """Classes and properties of the ontology (or of one module), with labels and definitions."""
    triples = _triples("ontology", module)
    index = _index(_triples("ontology", None))
    html = Html(request, _package_labels(), {})
    head_iri = BASE + "ontology" + (f"/{module}" if module else "")
    head = index.get(head_iri, {})
    title = _first(head, RDFS + "label") or "itukg ontology"
    parts = [f"<h1>{escape(title)}</h1>", f'<p class="iri">{escape(head_iri)}</p>']
    if _first(head, SKOS + "definition"):
        parts.append(f"<p>{escape(_first(head, SKOS + 'definition'))}</p>")
    parts.append(_module_list(html, "ontology", module, index))
    terms = [s for s in dict.fromkeys(t.subject.value for t in triples)
             if s.startswith((ITU, SEARCH_NS)) or s == SEARCH_SERVICE]
    kinds = (("classes", "Classes", OWL + "Class"),
             ("object-properties", "Object properties", OWL + "ObjectProperty"),
             ("datatype-properties", "Datatype properties", OWL + "DatatypeProperty"))
    shown = set()
    for ident, heading, kind in kinds:
        members = sorted((t for t in terms if ox.NamedNode(kind) in index[t].get(TYPE, [])),
                         key=lambda t: (html.label(t).lower(), t))
        shown.update(members)
        parts.append(f'<section aria-labelledby="{ident}"><h2 id="{ident}">{heading}</h2>')
        parts.extend(_term_article(html, t, index[t]) for t in members)
        parts.append("</section>")
    others = [t for t in terms if t not in shown]
    if others:
        parts.append('<section aria-labelledby="other-terms"><h2 id="other-terms">Other terms</h2>')
        parts.extend(_term_article(html, t, index[t]) for t in others)
        parts.append("</section>")
    parts.append(_formats(request))
    return document_page(request, title, "\n".join(parts))


def _term_article(html: Html, term: str, facts: dict) -> str:
    label = _first(facts, RDFS + "label") or _fragment(term)
    definition = _first(facts, SKOS + "definition") or _first(facts, RDFS + "comment")
    rows = []
    for name, predicate in (("Subclass of", RDFS + "subClassOf"), ("Subproperty of", RDFS + "subPropertyOf"),
                            ("Domain", RDFS + "domain"), ("Range", RDFS + "range"),
                            ("Defined in", RDFS + "isDefinedBy")):
        values = [html.value(v) for v in facts.get(predicate, []) if isinstance(v, ox.NamedNode)]
        if values:
            rows.append(f"<dt>{name}</dt><dd>{', '.join(values)}</dd>")
    kinds = (OWL + "Class", OWL + "ObjectProperty", OWL + "DatatypeProperty")
    traits = [prefixed(v.value) for v in facts.get(TYPE, []) if v.value not in kinds]
    if traits:
        rows.append(f"<dt>Also</dt><dd>{escape(', '.join(traits))}</dd>")
    body = f"<p>{escape(definition)}</p>" if definition else ""
    details = f'<dl class="nested">{"".join(rows)}</dl>' if rows else ""
    return (f'<article id="{escape(_fragment(term))}"><h3>{escape(label)} '
            f'<code>{escape(prefixed(term))}</code></h3>{body}{details}</article>')


def _path(index: dict, node) -> str:
    """A SHACL path, written as in SPARQL."""
    if isinstance(node, ox.NamedNode):
        return prefixed(node.value)
    facts = index.get(node.value, {})
    if SH + "inversePath" in facts:
        return "^" + _path(index, facts[SH + "inversePath"][0])
    if SH + "alternativePath" in facts:
        return "(" + " | ".join(_path(index, n) for n in _list(index, facts[SH + "alternativePath"][0])) + ")"
    if RDF + "first" in facts:
        return " / ".join(_path(index, n) for n in _list(index, node))
    return "?"


def _list(index: dict, node) -> list:
    items = []
    while isinstance(node, ox.BlankNode) and RDF + "first" in index.get(node.value, {}):
        facts = index[node.value]
        items.append(facts[RDF + "first"][0])
        node = facts.get(RDF + "rest", [None])[0]
    return items


_CONSTRAINTS = ("minCount", "maxCount", "datatype", "class", "nodeKind", "minInclusive", "maxInclusive",
                "pattern", "hasValue")


def shapes_page(request: Request, module: str | None) -> bytes:
    """Each node shape with its target, messages and property shapes."""
    index = _index(_triples("shapes", None))
    triples = _triples("shapes", module)
    html = Html(request, _package_labels(), {})
    head_iri = BASE + "shapes" + (f"/{module}" if module else "")
    title = _first(index.get(head_iri, {}), RDFS + "label") or "itukg shapes"
    parts = [f"<h1>{escape(title)}</h1>", f'<p class="iri">{escape(head_iri)}</p>',
             "<p>The SHACL shapes every report and every write is validated against. A violation refuses the "
             "write; a warning keeps it and records the finding.</p>",
             _module_list(html, "shapes", module, index)]
    node_shape = ox.NamedNode(SH + "NodeShape")
    named = dict.fromkeys(t.subject.value for t in triples if isinstance(t.subject, ox.NamedNode))
    shapes_here = [s for s in named if node_shape in index[s].get(TYPE, [])]
    ids: set[str] = set()
    parts.append('<section aria-labelledby="node-shapes"><h2 id="node-shapes">Shapes</h2>')
    for shape in sorted(shapes_here, key=lambda s: _fragment(s).lower()):
        facts = index[shape]
        ident = _fragment(shape)
        ids.add(ident)
        label = _first(facts, RDFS + "label") or ident
        targets = ", ".join(html.value(v) for v in facts.get(SH + "targetClass", []))
        messages = "".join(f"<li>{escape(m.value)}</li>" for m in facts.get(SH + "message", []))
        rows = []
        for prop in facts.get(SH + "property", []):
            pfacts = index.get(prop.value, {})
            pid = _fragment(prop.value) if isinstance(prop, ox.NamedNode) else ""
            attr = f' id="{escape(pid)}"' if pid and pid not in ids else ""
            ids.add(pid)
            constraints = []
            for key in _CONSTRAINTS:
                for v in pfacts.get(SH + key, []):
                    shown = html.value(v) if isinstance(v, ox.NamedNode) else escape(v.value)
                    constraints.append(f"{key} {shown}")
            severity = ", ".join(_fragment(v.value) for v in pfacts.get(SH + "severity", [])) or "Violation"
            message = " ".join(escape(m.value) for m in pfacts.get(SH + "message", []))
            name = _first(pfacts, SH + "name") or pid
            path = _path(index, pfacts[SH + "path"][0]) if SH + "path" in pfacts else ""
            rows.append(f'<tr{attr}><th scope="row">{escape(name)}</th>'
                        f'<td data-label="Path"><code>{escape(path)}</code></td>'
                        f'<td data-label="Constraints">{"; ".join(constraints)}</td>'
                        f'<td data-label="Severity">{escape(severity)}</td>'
                        f'<td data-label="Message">{message}</td></tr>')
        table = ""
        if rows:
            columns = ("Property", "Path", "Constraints", "Severity", "Message")
            head = "".join(f'<th scope="col">{c}</th>' for c in columns)
            table = (f'<div class="scroll"><table class="facts"><thead><tr>{head}</tr></thead>'
                     f'<tbody>{"".join(rows)}</tbody></table></div>')
        severity = ", ".join(_fragment(v.value) for v in facts.get(SH + "severity", []))
        parts.append(f'<article id="{escape(ident)}"><h3>{escape(label)} '
                     f'<code>{escape(prefixed(shape))}</code></h3>'
                     + (f"<p>Applies to: {targets}</p>" if targets else "")
                     + (f"<p>Severity: {escape(severity)}</p>" if severity else "")
                     + (f"<ul>{messages}</ul>" if messages else "") + table + "</article>")
    parts.append("</section>")
    parts.append(_formats(request))
    return document_page(request, title, "\n".join(parts))


__all__ = ["router", "checked_iri", "uri_to_iri", "href", "prefixed", "describe_queries", "Description",
           "fetch", "labels_for", "ontology_terms", "serialise", "render", "resource", "ontology_page",
           "shapes_page", "Html", "document_page", "table", "search_box", "search_assets", "SEGMENTS", "SERVED",
           "INCOMING_LIMIT"]
