"""What every store holds beside the reports, and the text forms a store reads and writes: the reference data
and the ontology (`reference_graphs`, refreshed when the bundled files change), the one SPARQL update that
replaces named graphs (`replace_update`), and the export formats (`dump_dataset`). Shared by the embedded
store and the remote one, so that both write and export the same bytes.
"""

from __future__ import annotations

import hashlib
from importlib.resources import files
from collections.abc import Iterable, Mapping

import pyoxigraph as ox

from ...loader import iris
from ...loader.lexicon import data_file
from ...loader.triples import Triple, to_ntriples
from ...loader.vocab import PREFIXES

EXPORT_FORMATS = {
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "turtle": ox.RdfFormat.TURTLE,
    "jsonld": ox.RdfFormat.JSON_LD,
}
REFERENCE_FILES = ("states.ttl", "bodies.ttl", "conferences.ttl", "concepts.ttl", "resolutions.ttl", "links.ttl",
                   "agents.ttl")
ONTOLOGY_FILES = ("itukg.ttl", "meeting.ttl", "document.ttl", "actor.ttl", "resolution.ttl", "topic.ttl", "search.ttl",
                  "correction.ttl")
CONTENT_HASH = "https://w3id.org/itukg/ontology#contentHash"
PENDING = "https://w3id.org/itukg/ontology#pendingGraph"
JOURNAL_GRAPH = iris.BASE + "graph/journal"


def replace_update(graphs: Mapping[str, Iterable[Triple] | str]) -> str:
    """One SPARQL update that replaces each named graph with the given triples (or N-Triples text)."""
    parts = [f"DROP SILENT GRAPH <{name}> ;" for name in graphs]
    body = []
    for name, triples in graphs.items():
        lines = triples if isinstance(triples, str) else to_ntriples(triples)
        body.append(f"GRAPH <{name}> {{\n{lines}\n}}")
    parts.append("INSERT DATA {\n" + "\n".join(body) + "\n}")
    return "\n".join(parts)


def reference_graphs() -> tuple[str, dict[str, str]]:
    """(digest of the bundled files, {graph: N-Triples}) of the reference data and the ontology; the
    reference graph records the digest, so that a store knows when to refresh them."""
    sources = reference_files()
    digest = hashlib.sha256(b"".join(f.read_bytes() for _, f in sources)).hexdigest()
    lines: dict[str, list[str]] = {iris.REFERENCE_GRAPH: [], iris.ONTOLOGY_GRAPH: []}
    for graph, source in sources:
        lines[graph].extend(f"{t.subject} {t.predicate} {t.object} ." for t in ox.parse(source.read_bytes(),
                                                                                      format=ox.RdfFormat.TURTLE))
    lines[iris.REFERENCE_GRAPH].append(f"<{iris.REFERENCE_GRAPH}> <{CONTENT_HASH}> \"{digest}\" .")
    return digest, {graph: "\n".join(text) for graph, text in lines.items()}


def dump_dataset(store: ox.Store, format: str, *, graph: str | None = None) -> bytes:
    """Serialise a pyoxigraph store in one of `EXPORT_FORMATS`; a single-graph format (turtle) gets the
    union of all graphs, or the one named graph given."""
    rdf_format = EXPORT_FORMATS[format]
    prefixes = _prefixes() if format in ("trig", "turtle") else None
    if graph is not None:
        return store.dump(format=rdf_format, from_graph=ox.NamedNode(graph), prefixes=prefixes)
    if rdf_format.supports_datasets:
        return store.dump(format=rdf_format, prefixes=prefixes)
    triples = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True)
    return ox.serialize(triples, format=rdf_format, prefixes=prefixes)


def reference_files() -> list[tuple[str, object]]:
    """(graph, file) for every bundled file that is loaded into the store beside the reports."""
    ontology = files("itukg.ontology")
    return ([(iris.REFERENCE_GRAPH, data_file(name)) for name in REFERENCE_FILES]
            + [(iris.ONTOLOGY_GRAPH, ontology / name) for name in ONTOLOGY_FILES])



def _prefixes() -> dict[str, str]:
    return dict(PREFIXES)


__all__ = ["EXPORT_FORMATS", "REFERENCE_FILES", "ONTOLOGY_FILES", "CONTENT_HASH", "PENDING", "JOURNAL_GRAPH",
           "replace_update", "reference_graphs", "dump_dataset", "reference_files"]
