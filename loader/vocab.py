"""Namespaces used across itukg: the project's own and the standard vocabularies it reuses.

>>> str(ITU.Meeting)
'https://w3id.org/itukg/ontology#Meeting'
"""

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

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

__all__ = ["BASE", "ITU", "ITUSH", "ELI", "ELIDL", "ORG", "SDO", "OA", "PREFIXES"]
