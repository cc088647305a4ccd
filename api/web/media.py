"""Media types and content negotiation for the SPARQL service and the linked-data pages.

The media types are data: three tables (query results, RDF graphs and datasets, HTML) of
:class:`MediaType` rows, each naming its canonical type, the aliases it also answers to, the short
names a ``?format=`` override may use, and the pyoxigraph format that writes or reads it.

Negotiation follows RFC 9110 section 12.5.1:

* every offer gets the weight of the *most specific* media range that matches it
  (``type/subtype;param`` > ``type/subtype`` > ``type/*`` > ``*/*``; an exact canonical name beats an alias);
  ``q=0`` excludes an offer even when a wildcard would admit it;
* the best offer has the highest weight; equal weights go to the offer matched by the more specific
  range (``text/csv, */*`` means CSV), then to the earlier offer;
* a missing or empty Accept, or one with nothing parseable in it, means ``*/*``;
* wildcards match canonical types only: ``text/*`` does not select N-Triples through its ``text/plain``
  alias, since the response would be labelled ``application/n-triples``;
* media-range parameters (``charset``, ``profile``) make a range more specific but do not stop it
  from matching: every representation here is UTF-8 and JSON-LD is written in one shape only;
* only the first ``MAX_ACCEPT`` characters of a header are read, whole elements only: browsers send about
  150 and RDF clients up to 600, and each character more cost the event loop time (a 64 KiB header took
  120 ms to negotiate).

>>> negotiate("text/csv;q=0.5, application/sparql-results+json", offered("results"))
'application/sparql-results+json'
>>> choose_rdf("application/x-turtle").media_type
'text/turtle'
>>> choose_results("image/png") is None
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pyoxigraph as ox

__all__ = [
    "MAX_ACCEPT",
    "Choice",
    "MediaType",
    "RESULTS_TYPES",
    "RDF_TYPES",
    "HTML_TYPES",
    "parse_accept",
    "negotiate",
    "choose_results",
    "choose_rdf",
    "rdf_format_for_content_type",
    "offered",
    "vary_headers",
]


@dataclass(frozen=True)
class MediaType:
    """One row of a media-type table."""

    media_type: str  # canonical: what Content-Type says
    format: object | None  # pyoxigraph QueryResultsFormat / RdfFormat; None for HTML
    aliases: tuple[str, ...] = ()  # other names an Accept or Content-Type may use for it
    names: tuple[str, ...] = ()  # short names for ?format=
    datasets: bool = False  # holds named graphs (RDF only)


RESULTS_TYPES: tuple[MediaType, ...] = (
    MediaType(
        "application/sparql-results+json", ox.QueryResultsFormat.JSON, ("application/json",), ("json",)
    ),
    MediaType("application/sparql-results+xml", ox.QueryResultsFormat.XML, ("application/xml",), ("xml",)),
    MediaType("text/csv", ox.QueryResultsFormat.CSV, (), ("csv",)),
    MediaType("text/tab-separated-values", ox.QueryResultsFormat.TSV, (), ("tsv",)),
)

RDF_TYPES: tuple[MediaType, ...] = (
    MediaType("text/turtle", ox.RdfFormat.TURTLE, ("application/x-turtle",), ("turtle", "ttl")),
    MediaType("application/n-triples", ox.RdfFormat.N_TRIPLES, ("text/plain",), ("ntriples", "nt")),
    MediaType("application/n-quads", ox.RdfFormat.N_QUADS, (), ("nquads", "nq"), datasets=True),
    MediaType("application/trig", ox.RdfFormat.TRIG, (), ("trig",), datasets=True),
    MediaType(
        "application/ld+json", ox.RdfFormat.JSON_LD, ("application/json",), ("jsonld", "json"), datasets=True
    ),
    MediaType("application/rdf+xml", ox.RdfFormat.RDF_XML, ("application/xml",), ("rdfxml", "xml")),
)
# "json" and "xml" name the JSON and XML of whichever kind is being negotiated, like the aliases
# application/json and application/xml do: ?format=json on a CONSTRUCT means JSON-LD.

HTML_TYPES: tuple[MediaType, ...] = (MediaType("text/html", None, ("application/xhtml+xml",), ("html",)),)

_TABLES = {"results": RESULTS_TYPES, "rdf": RDF_TYPES, "html": HTML_TYPES}
_BY_TYPE = {row.media_type: (kind, row) for kind, table in _TABLES.items() for row in table}
_RESULTS_ORDER = [row.media_type for row in RESULTS_TYPES]
_GRAPH_ORDER = [row.media_type for row in RDF_TYPES]
_DATASET_ORDER = ["application/trig", "application/n-quads", "application/ld+json"]
_UPLOADS = {name: row.format for row in RDF_TYPES for name in (row.media_type, *row.aliases)}

MAX_ACCEPT = 2048  # characters of an Accept header (or a ?format= media range) that negotiation reads
_TOKEN = r"[!#$%&'*+.^_`|~0-9a-z-]+"
_RANGE = re.compile(rf"({_TOKEN})/({_TOKEN})")
_ELEMENTS = re.compile(r'(?:[^,"]|"(?:[^"\\]|\\.)*")+')
_PARAMS = re.compile(r'(?:[^;"]|"(?:[^"\\]|\\.)*")+')
_QVALUE = re.compile(r"\d*\.?\d+|\d+\.")


@dataclass(frozen=True)
class Choice:
    """The outcome of negotiation.

    ``media_type`` is the bare canonical type (no parameters); send :attr:`content_type` as the
    Content-Type header: it adds ``; charset=utf-8`` to ``text/*`` types, which default to ASCII or
    ISO-8859-1 without it. The ``application/*`` types here are UTF-8 by definition and get nothing.

    >>> Choice("text/turtle", "rdf", ox.RdfFormat.TURTLE).content_type
    'text/turtle; charset=utf-8'
    >>> Choice("application/n-triples", "rdf", ox.RdfFormat.N_TRIPLES).content_type
    'application/n-triples'
    """

    media_type: str
    kind: str  # "results", "rdf" or "html"
    format: object | None  # QueryResultsFormat / RdfFormat; None for html

    @property
    def content_type(self) -> str:
        return f"{self.media_type}; charset=utf-8" if self.media_type.startswith("text/") else self.media_type


def _parse(header: str | None) -> list[tuple[str, float, int]]:
    """Every well-formed element of an Accept header's first `MAX_ACCEPT` characters, q=0 included, in
    header order.

    >>> _parse("text/csv, " * 1000 + "text/turtle")[-1], len(_parse("text/csv, " * 1000 + "text/turtle"))
    (('text/csv', 1.0, 2), 205)
    """
    header = header or ""
    if len(header) > MAX_ACCEPT:
        header = header[:MAX_ACCEPT + 1].rpartition(",")[0]  # not an element cut short (text/html;q=0.9 as q=0)
    ranges = []
    for element in _ELEMENTS.findall(header):
        parts = [p.strip() for p in _PARAMS.findall(element)]
        if not parts:
            continue
        media = parts[0].lower()
        if media == "*":  # old clients (Java's URLConnection) send a bare "*"
            media = "*/*"
        match = _RANGE.fullmatch(media)
        if not match or (match[1] == "*" and match[2] != "*"):
            continue
        q, extra, valid = 1.0, 0, True
        for param in parts[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                value = value.strip()
                valid = bool(_QVALUE.fullmatch(value)) and 0.0 <= float(value) <= 1.0
                q = float(value) if valid else q
                break  # what follows q is accept-ext, which does not qualify the range
            if param:
                extra += 1
        if not valid:
            continue
        specificity = 0 if media == "*/*" else 1 if match[2] == "*" else 2 if not extra else 3
        ranges.append((media, q, specificity))
    return ranges


def parse_accept(header: str | None) -> list[tuple[str, float, int]]:
    """The acceptable media ranges of an Accept header, best first, as (range, q, specificity).

    The range is lower-cased and stripped of parameters; specificity is 0 for ``*/*``, 1 for
    ``type/*``, 2 for ``type/subtype`` and 3 when the range has parameters besides q. Malformed
    elements and ones with a malformed q are skipped; q=0 ranges are left out (they exclude, see
    :func:`negotiate`). Order: q, then specificity, then place in the header.

    >>> parse_accept("text/*;q=0.3, text/html;q=0.7, text/html;level=1, */*;q=0.5, image/png;q=0")
    [('text/html', 1.0, 3), ('text/html', 0.7, 2), ('*/*', 0.5, 0), ('text/*', 0.3, 1)]
    >>> parse_accept("junk, text/turtle;q=high, ;;, Application/LD+JSON")
    [('application/ld+json', 1.0, 2)]
    >>> parse_accept(None)
    []
    """
    ranges = [r for r in _parse(header) if r[1] > 0]
    return sorted(ranges, key=lambda r: (-r[1], -r[2]))


def _names(offer: str) -> tuple[str, ...]:
    """The media types an offer answers to: itself, then its aliases."""
    row = _BY_TYPE.get(offer.lower())
    return (offer.lower(), *row[1].aliases) if row else (offer.lower(),)


def _weigh(offer: str, ranges: list[tuple[str, float, int]]) -> tuple[float, tuple[int, int]] | None:
    """The q of the most specific range matching ``offer``, with that range's precedence."""
    canonical, *aliases = _names(offer)
    kind = canonical.split("/")[0]
    best = None
    for media, q, specificity in ranges:
        if media == canonical:
            precedence = (specificity, 1)
        elif media in aliases:
            precedence = (specificity, 0)
        elif media == "*/*" or media == f"{kind}/*":
            precedence = (specificity, 0)
        else:
            continue
        if best is None or precedence > best[1] or (precedence == best[1] and q > best[0]):
            best = (q, precedence)
    return best


def _by_name(override: str, offers: list[str]) -> str | None:
    name = override.strip().lower()
    for offer in offers:
        row = _BY_TYPE.get(offer.lower())
        if row and name in row[1].names:
            return offer
    return None


def negotiate(accept: str | None, offers: list[str], *, override: str | None = None) -> str | None:
    """The offer the client likes best, or None when it accepts none of them (answer 406).

    ``override`` (the ``?format=`` parameter) is a short name (``json``, ``ttl``...) or a media type
    (read like an Accept header) and replaces the Accept header; an override that names nothing
    offered gives None rather than being ignored.

    >>> results = offered("results")
    >>> negotiate("*/*", results)
    'application/sparql-results+json'
    >>> negotiate("text/*, text/csv;q=0", results)
    'text/tab-separated-values'
    >>> negotiate("application/json", results, override="csv")
    'text/csv'
    >>> negotiate(None, results, override="turtle") is None
    True
    """
    if override is not None and override.strip():
        if "/" not in override:
            return _by_name(override, offers)
        ranges = _parse(override)
        if not ranges:
            return None
    else:
        ranges = _parse(accept) or [("*/*", 1.0, 0)]
    best, best_key = None, None
    for index, offer in enumerate(offers):
        weight = _weigh(offer, ranges)
        if weight is None or weight[0] <= 0:
            continue
        key = (weight[0], weight[1], -index)
        if best_key is None or key > best_key:
            best, best_key = offer, key
    return best


def _choice(media_type: str | None) -> Choice | None:
    if media_type is None:
        return None
    kind, row = _BY_TYPE[media_type]
    return Choice(media_type, kind, row.format)


def choose_results(accept: str | None, override: str | None = None, *, html: bool = False) -> Choice | None:
    """The representation of SELECT/ASK results: JSON, XML, CSV, TSV, in that order of preference.

    With ``html=True``, HTML is offered last: a browser gets it because it names text/html with the
    highest q, while ``*/*`` still means JSON.

    >>> choose_results("text/html,application/xhtml+xml,*/*;q=0.8", html=True).kind
    'html'
    >>> choose_results("text/html,application/xhtml+xml,*/*;q=0.8").media_type
    'application/sparql-results+json'
    """
    offers = _RESULTS_ORDER + (["text/html"] if html else [])
    return _choice(negotiate(accept, offers, override=override))


def choose_rdf(
    accept: str | None, override: str | None = None, *, dataset: bool = False, html: bool = False
) -> Choice | None:
    """The representation of an RDF graph (Turtle first) or, with ``dataset=True``, a dataset.

    A dataset is offered only in the formats that hold named graphs (TriG, N-Quads, JSON-LD, in that
    order): Turtle, N-Triples and RDF/XML would drop the graph names, so asking only for them is 406.

    >>> choose_rdf("*/*").media_type, choose_rdf("*/*", dataset=True).media_type
    ('text/turtle', 'application/trig')
    >>> choose_rdf("text/turtle", dataset=True) is None
    True
    """
    offers = list(_DATASET_ORDER if dataset else _GRAPH_ORDER) + (["text/html"] if html else [])
    return _choice(negotiate(accept, offers, override=override))


def rdf_format_for_content_type(content_type: str | None) -> ox.RdfFormat | None:
    """The RdfFormat to parse a request body with (Graph Store Protocol PUT/POST), None if unsupported.

    >>> rdf_format_for_content_type("Text/Turtle; charset=UTF-8")
    <RdfFormat Turtle>
    >>> rdf_format_for_content_type("application/json").name
    'JSON-LD'
    >>> rdf_format_for_content_type("text/csv") is None
    True
    """
    if not content_type:
        return None
    return _UPLOADS.get(content_type.split(";", 1)[0].strip().lower())


def offered(kind: str) -> list[str]:
    """The canonical media types offered for ``kind`` ("results", "rdf", "html"), in table order.

    >>> offered("results")
    ['application/sparql-results+json', 'application/sparql-results+xml',
     'text/csv', 'text/tab-separated-values']
    """
    return [row.media_type for row in _TABLES[kind]]


def vary_headers() -> dict[str, str]:
    """Headers for any negotiated response, so caches keep one copy per Accept.

    >>> vary_headers()
    {'Vary': 'Accept'}
    """
    return {"Vary": "Accept"}
