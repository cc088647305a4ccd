"""Where things are: the IRIs itukg mints (https://w3id.org/itukg/<path>) and the paths this service answers
them at, a request path turned back into its IRI, the IRI checked before it is written into a query, and
the links and prefixed names pages show.
"""

from __future__ import annotations

import re
from urllib.parse import quote, unquote_to_bytes, urlencode

from ...loader.vocab import BASE, PREFIXES
from .errors import ProtocolError
from .search_clause import SEARCH_NS

# The first path segments of the IRIs itukg mints (loader/iris.py: the resources, the concept schemes
# role/outcome/document-type/region, the named graphs), plus the namespaces served from the package.
SEGMENTS = ("body", "conference", "state", "meeting", "document", "report", "person", "topic", "resolution",
            "role", "outcome", "document-type", "region", "graph")
SERVED = ("ontology", "shapes", "dataset")

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
OWL = "http://www.w3.org/2002/07/owl#"
SH = "http://www.w3.org/ns/shacl#"
PROV = "http://www.w3.org/ns/prov#"
SDO = "https://schema.org/"
ITU = BASE + "ontology#"
TYPE = RDF + "type"
SD = "http://www.w3.org/ns/sparql-service-description#"
# prefixed names on pages: the project's prefixes and those of the service description
_SHOWN_PREFIXES = {**PREFIXES, "sh": SH, "sd": SD, "void": "http://rdfs.org/ns/void#",
                   "dcat": "http://www.w3.org/ns/dcat#", "itukgs": SEARCH_NS}

# IRIREF of SPARQL, absolute: a scheme, then no space, control character, <>"{}|^`\ .
IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\x00-\x20<>\"{}|^`\\\x7f]*")
_MAX_IRI = 4096


def checked_iri(value: str) -> str:
    """``value`` if it is an absolute IRI that can be written into a query as <…>, else 400.

    >>> checked_iri("https://w3id.org/itukg/state/CUB")
    'https://w3id.org/itukg/state/CUB'
    >>> checked_iri("http://x/> } ; DROP ALL ; {")
    Traceback (most recent call last):
    ...
    itukg.api.web.errors.ProtocolError: not an absolute IRI of at most 4096 characters, ...
    """
    if len(value) > _MAX_IRI or not IRI.fullmatch(value):
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


def last_segment(iri: str) -> str:
    """The last segment of an IRI's path or fragment, to name a node that has no label."""
    tail = re.split(r"[/#]", iri.rstrip("/#"))[-1]
    return tail or iri



__all__ = ["SEGMENTS", "SERVED", "IRI", "checked_iri", "uri_to_iri", "href", "prefixed", "last_segment"]
