"""Loading reports: read → extract → triples → SHACL gate → one atomic write per report."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..loader import iris
from ..loader.extract import Extraction, extract_report
from ..loader.read import Source, read_report
from ..loader.shacl import to_ntriples
from ..loader.triples import Triple, graph_name, report_triples
from ..loader.validate import Validation, findings_triples, validate_report
from ..loader.errors import ValidationError
from .store import OxigraphStore


@dataclass(frozen=True, slots=True)
class Prepared:
    """A report read, extracted, turned into triples and validated, not yet written."""

    source: Source
    extraction: Extraction
    graph: str
    triples: list[Triple]
    validation: Validation | None
    ntriples: str

    @property
    def label(self) -> str:
        m = self.extraction.meeting
        dates = m.start.isoformat() if m.start == m.end else f"{m.start.isoformat()}..{m.end.isoformat()}"
        return f"{m.body} {m.number} ({dates})"

    @property
    def validation_graph(self) -> str:
        m = self.extraction.meeting
        return iris.validation_graph(m.body, m.number)

    def summary(self) -> dict:
        x = self.extraction
        return {
            "file": self.source.name, "meeting": self.label, "graph": self.graph, "triples": len(self.triples),
            "paragraphs": len(x.paragraphs), "documents": len({c.symbol for c in x.claims}),
            "citations": len(x.citations), "topics": len(x.topics), "decisions": len(x.decisions),
            "warnings": [f.describe() for f in self.validation.warnings] if self.validation else [],
        }


def prepare_report(path: str | Path, *, validate: bool = True) -> Prepared:
    """Everything but the write. Raises `ValidationError` when the report violates the shapes."""
    source = read_report(path)
    extraction = extract_report(source)
    triples = report_triples(extraction)
    ntriples = to_ntriples(triples)
    validation = validate_report(triples, ntriples=ntriples) if validate else None
    prepared = Prepared(source, extraction, str(graph_name(extraction)), triples, validation, ntriples)
    if validation is not None and not validation.conforms:
        details = "\n".join("  " + f.describe() for f in validation.violations)
        raise ValidationError(
            f"{source.name}: violates the shapes in {len(validation.violations)} place(s), so nothing was written:\n"
            f"{details}", list(validation.violations))
    return prepared


def write_report(store: OxigraphStore, prepared: Prepared) -> None:
    """Replace the report's graph and its validation graph in one transaction."""
    graphs: dict = {prepared.graph: prepared.ntriples}
    if prepared.validation is not None:
        graphs[prepared.validation_graph] = findings_triples(prepared.validation, prepared.validation_graph)
    store.replace_graphs(graphs)


__all__ = ["Prepared", "prepare_report", "write_report"]
