"""Namespaces used across itukg: the project's own and the standard vocabularies it reuses.

>>> str(ITU.Meeting)
'https://w3id.org/itukg/ontology#Meeting'
"""

from rdflib import URIRef


class Vocabulary:
    """A namespace whose terms are rdflib `URIRef`s made once and then kept (`rdflib.Namespace` builds
    a new term on every attribute access, which showed up in profiles of the loader). Not a `str`, so
    that `DCTERMS.title` is the term, not `str.title`.

    >>> DCTERMS.title, str(DCTERMS), SH["class"]
    (rdflib.term.URIRef('http://purl.org/dc/terms/title'), 'http://purl.org/dc/terms/',
     rdflib.term.URIRef('http://www.w3.org/ns/shacl#class'))
    """

    def __init__(self, iri: str):
        self.__dict__["_iri"] = iri

    def __getattr__(self, name: str) -> URIRef:
        if name.startswith("__"):
            raise AttributeError(name)
        term = URIRef(self._iri + name)
        self.__dict__[name] = term
        return term

    def __getitem__(self, name: str) -> URIRef:
        return getattr(self, name) if name.isidentifier() and not name.startswith("__") else URIRef(self._iri + name)

    def __str__(self) -> str:
        return self._iri

    def __repr__(self) -> str:
        return f"Vocabulary({self._iri!r})"

    def __add__(self, other: str) -> str:
        return self._iri + other


Namespace = Vocabulary
DCTERMS = Vocabulary("http://purl.org/dc/terms/")
OWL = Vocabulary("http://www.w3.org/2002/07/owl#")
PROV = Vocabulary("http://www.w3.org/ns/prov#")
RDF = Vocabulary("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = Vocabulary("http://www.w3.org/2000/01/rdf-schema#")
SKOS = Vocabulary("http://www.w3.org/2004/02/skos/core#")
XSD = Vocabulary("http://www.w3.org/2001/XMLSchema#")
SH = Vocabulary("http://www.w3.org/ns/shacl#")

BASE = "https://w3id.org/itukg/"
"""The canonical base of every IRI itukg mints. A deployment serves these IRIs by path on its own host."""

ITU = Namespace(BASE + "ontology#")
ITUSH = Namespace(BASE + "shapes#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
ELIDL = Namespace("http://data.europa.eu/eli/eli-draft-legislation-ontology#")
ORG = Namespace("http://www.w3.org/ns/org#")
SDO = Namespace("https://schema.org/")
OA = Namespace("http://www.w3.org/ns/oa#")

PREFIXES: dict[str, str] = {
    "itu": str(ITU),
    "itush": str(ITUSH),
    "eli": str(ELI),
    "eli-dl": str(ELIDL),
    "org": str(ORG),
    "schema": str(SDO),
    "oa": str(OA),
    "prov": str(PROV),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
}

__all__ = ["BASE", "ITU", "ITUSH", "ELI", "ELIDL", "ORG", "SDO", "OA", "PREFIXES", "Vocabulary", "DCTERMS", "OWL",
           "PROV", "RDF", "RDFS", "SKOS", "XSD", "SH"]
