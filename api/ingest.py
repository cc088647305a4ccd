"""Loading reports: read → extract → triples → SHACL gate → write.

One report is written in one transaction (`write_report`). Many reports (`load_reports`) are prepared in
worker processes and written in batches through the store's journaled bulk load, about three times
faster; a failed report never stops the others.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from ..loader import iris
from ..loader.errors import ItukgError, ValidationError
from ..loader.extract import Extraction, extract_report
from ..loader.read import Source, read_report
from ..loader.shacl import to_ntriples
from ..loader.triples import Triple, graph_name, report_triples
from ..loader.validate import Validation, findings_triples, validate_report
from .store import OxigraphStore

BATCH = 25


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

    def graphs(self) -> dict[str, str]:
        """The named graphs to write, as N-Triples text: the report, and its warnings if validated."""
        graphs = {self.graph: self.ntriples}
        if self.validation is not None:
            graphs[self.validation_graph] = to_ntriples(findings_triples(self.validation, self.validation_graph))
        return graphs

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
    store.replace_graphs(prepared.graphs())


@dataclass(slots=True)
class Outcome:
    """What happened to one file of a bulk load: `summary` when loaded, else `error` and `exit_code`."""

    file: str
    summary: dict | None = None
    error: str | None = None
    exit_code: int = 0
    graphs: dict[str, str] = field(default_factory=dict, repr=False)


def _prepare_outcome(task: tuple[str, bool]) -> Outcome:
    name, validate = task
    try:
        prepared = prepare_report(name, validate=validate)
    except ItukgError as exc:
        return Outcome(name, error=str(exc), exit_code=exc.exit_code)
    return Outcome(name, summary=prepared.summary(), graphs=prepared.graphs())


def load_reports(store: OxigraphStore, names: Iterable[str], *, validate: bool = True, jobs: int = 1,
                 batch: int = BATCH) -> Iterator[Outcome]:
    """Prepare reports (in `jobs` worker processes) and write them in batches; yields one `Outcome` per
    file, in order, once its batch is written. A single report is written in one transaction."""
    names = list(names)
    tasks = [(name, validate) for name in names]
    if jobs > 1 and len(names) > 1:
        import multiprocessing

        executor = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("forkserver"))
        outcomes = executor.map(_prepare_outcome, tasks, chunksize=4)
    else:
        executor = None
        outcomes = map(_prepare_outcome, tasks)
    pending: list[Outcome] = []
    try:
        for outcome in outcomes:
            pending.append(outcome)
            if len(pending) >= batch:
                yield from _flush(store, pending, bulk=True)
                pending = []
        yield from _flush(store, pending, bulk=len(names) > 1)
    finally:
        if executor is not None:
            executor.shutdown(cancel_futures=True)


def _flush(store: OxigraphStore, outcomes: list[Outcome], *, bulk: bool) -> Iterator[Outcome]:
    graphs: dict[str, str] = {}
    for outcome in outcomes:
        graphs.update(outcome.graphs)
    if bulk and len(outcomes) > 1:
        store.bulk_replace(graphs)
    elif graphs:
        store.replace_graphs(graphs)
    for outcome in outcomes:
        outcome.graphs = {}
        yield outcome


__all__ = ["Prepared", "Outcome", "prepare_report", "write_report", "load_reports"]
