"""The facts the store holds about one IRI, for its page and its RDF (a `Description`): every triple
with the IRI as subject (with one level of the blank nodes it points to), every triple with it as object
(up to ``INCOMING_LIMIT``), and their provenance: the named graph each fact is in, and the report paragraphs
(``prov:wasDerivedFrom``) of the resource and of the resources that link to it. The data is six small
SELECTs through the engine, one per part of the page, within one time limit (one UNION of the six is more
than Virtuoso 7.2's compiler can take), with the IRI written into the query text: VALUES is not pushed into
UNION branches, and writing the IRI in made the single query this replaced 149x faster. An HTML page costs
one more query, for the labels of what it links to; the ontology's labels are read once per process.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

import pyoxigraph as ox
from fastapi import Request

from ...loader import iris
from ...loader.vocab import BASE
from .addresses import IRI, ITU, PROV, RDFS, SDO, SKOS, TYPE, last_segment

INCOMING_LIMIT = 1000  # incoming links shown; a page says when there are more
LABEL_LIMIT = 3000  # IRIs a page looks labels up for
DERIVED = PROV + "wasDerivedFrom"
# label properties, best first
LABELS = (RDFS + "label", SKOS + "prefLabel", SDO + "name", ITU + "symbol")
PARAGRAPH_FACTS = (TYPE, SDO + "text", ITU + "paragraphNumber", ITU + "lineNumber", SDO + "position",
                   "http://purl.org/dc/terms/isPartOf")
RESULTS_JSON = ("application/sparql-results+json", "application/sparql-results+json")


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
    """A SPARQL JSON results binding as a pyoxigraph term."""
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
            report = graph_report(graph)
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
        answer = engine.query(query, results=RESULTS_JSON, rdf=None, timeout=remaining)
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
            answer = request.app.state.engine.query(query, results=RESULTS_JSON, rdf=None)
            terms: dict[str, dict[str, tuple]] = {}
            for row in json.loads(answer.body)["results"]["bindings"]:
                key = "label" if row["p"]["value"] == RDFS + "label" else "definition"
                value = row["v"]
                rank = language_rank(value.get("xml:lang"))
                slot = terms.setdefault(row["t"]["value"], {})
                if key not in slot or rank < slot[key][0]:
                    slot[key] = (rank, value["value"])
            _ONTOLOGY_TERMS.update({t: {k: v[1] for k, v in slot.items()} for t, slot in terms.items()})
            _ONTOLOGY_READ.set()
    return _ONTOLOGY_TERMS


def language_rank(language: str | None) -> int:
    """0 for English or no language tag, 1 for any other: the order labels are chosen in."""
    return 0 if language in ("en", None) or (language or "").startswith("en-") else 1


def labels_for(request: Request, wanted: set[str]) -> dict[str, str]:
    """The best label of each IRI: rdfs:label, skos:prefLabel, schema:name, itu:symbol, in that order,
    English or untagged first; ontology terms from the per-process cache, the rest in one query. A node
    with none of them (a claim, a citation) is named by its type and the last segment of its IRI."""
    terms = ontology_terms(request)
    labels = {iri: terms[iri]["label"] for iri in wanted if "label" in terms.get(iri, {})}
    rest = sorted(iri for iri in wanted - labels.keys() if IRI.fullmatch(iri))[:LABEL_LIMIT]
    if not rest:
        return labels
    values = " ".join(f"<{iri}>" for iri in rest)
    chosen = ", ".join(f"<{p}>" for p in LABELS + (TYPE,))
    query = f"SELECT ?x ?p ?l WHERE {{ VALUES ?x {{ {values} }} ?x ?p ?l FILTER(?p IN ({chosen})) }}"
    answer = request.app.state.engine.query(query, results=RESULTS_JSON, rdf=None)
    best: dict[str, tuple] = {}
    for row in json.loads(answer.body)["results"]["bindings"]:
        iri, predicate, value = row["x"]["value"], row["p"]["value"], row["l"]
        if predicate == TYPE:
            type_label = terms.get(value["value"], {}).get("label")
            rank = (len(LABELS), 0, f"{type_label} {last_segment(iri)}") if type_label else None
        elif value["type"] == "literal":
            rank = (LABELS.index(predicate), language_rank(value.get("xml:lang")), value["value"])
        else:
            rank = None
        if rank and (iri not in best or rank < best[iri]):
            best[iri] = rank
    labels.update({iri: rank[2] for iri, rank in best.items()})
    return labels


def graph_report(graph: str) -> str | None:
    """The report a report graph (or its validation graph) holds."""
    for prefix in ("graph/report/", "graph/validation/"):
        if graph.startswith(BASE + prefix):
            return BASE + "report/" + graph[len(BASE + prefix):]
    return None


__all__ = ["INCOMING_LIMIT", "LABELS", "RESULTS_JSON", "describe_queries", "Description", "fetch", "ontology_terms",
           "labels_for", "language_rank", "graph_report"]
