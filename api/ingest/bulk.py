"""Loading reports: read → extract → triples → SHACL gate → write.

One prepared report is written in one transaction (`store.replace_graphs(prepared.graphs())`). Many reports
(`BulkLoad`, `load_reports`) are prepared in worker processes and written in batches through the store's
journaled bulk load; a failed report never stops the others. A bulk load skips a file whose content hash
(`itu:contentHash`, the SHA-256 of the file) is already in the store, so an interrupted load resumes where it
stopped, and checks each report for the conflicts that span reports (`itukg.loader.validate`) against what the
store and the run's earlier reports state of the report's own nodes: read from the store the first time the
run meets a node, then kept in memory (`_Known`), so the check does not grow with the store.

Within one run a meeting has one file: a later file whose meeting (graph) an earlier file of the run
already holds, or whose content an earlier file already has, fails at the write stage naming both; a file
that fails on its own (empty, over a limit, unreadable) fails for that reason, whatever its content.

A report is bounded (`itukg.loader.read`: file size, text, paragraphs, triples): one over a limit fails at
the read or extract stage, before anything is written; a file too large to be a report is not even hashed.
"""

from __future__ import annotations

import glob
import hashlib
import multiprocessing
import os
import resource
import select
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from ...loader import iris
from ...loader.errors import InputError, ItukgError, ValidationError
from ...loader.extract import Extraction, extract_report
from ...loader.read import Source, read_report, regular_file_within_limit
from ...loader.triples import Triple, graph_name, report_triples, to_ntriples
from ...loader.validate import (Key, Validation, cross_report_findings, cross_report_keys,
                                cross_report_probe, cross_report_query, cross_report_stated,
                                cross_report_warned, findings_triples, validate_report, with_findings)
from ..search.saved import refresh_saved_index
from .corrections import (Applied, CorrectionFile, Restated, apply_left, apply_to_extraction, check,
                          stored_corrections)
from .errors import CorrectionRefusedError
from ..store.dataset import JOURNAL_GRAPH
from ..store.protocol import Store

BATCH = 100
AHEAD = 8  # reports in flight per worker process, beyond the batch being gathered
REPORT_SUFFIXES = (".txt", ".docx", ".pdf")
_HASHES = "SELECT ?graph ?hash WHERE { GRAPH ?graph { ?report <https://w3id.org/itukg/ontology#contentHash> ?hash } }"


@dataclass(frozen=True, slots=True)
class Prepared:
    """A report read, extracted, turned into triples and validated, not yet written."""

    source: Source
    extraction: Extraction
    graph: str
    triples: list[Triple]
    validation: Validation | None
    ntriples: str
    corrected: Applied | None = None  # the curators' corrections applied (`itukg.api.ingest.corrections`)

    @property
    def label(self) -> str:
        m = self.extraction.meeting
        name = f"{m.body} {m.session} plenary {m.number}" if m.session else f"{m.body} {m.number}"
        if m.start is None or m.end is None:
            return f"{name} (no dates)"
        dates = m.start.isoformat() if m.start == m.end else f"{m.start.isoformat()}..{m.end.isoformat()}"
        return f"{name} ({dates})"

    @property
    def validation_graph(self) -> str:
        m = self.extraction.meeting
        return iris.validation_graph(m.body, m.number, session=m.session)

    def graphs(self) -> dict[str, str]:
        """The named graphs to write, as N-Triples text: the report, and its warnings if validated."""
        graphs = {self.graph: self.ntriples}
        if self.validation is not None:
            graphs[self.validation_graph] = to_ntriples(findings_triples(self.validation, self.validation_graph))
        if self.corrected is not None:  # and the record of its corrections, with the flags of this extraction
            graphs[self.corrected.corrections.graph] = self.corrected.graphs()[self.corrected.corrections.graph]
        return graphs

    def summary(self) -> dict:
        x = self.extraction
        return {
            "file": self.source.name, "meeting": self.label, "graph": self.graph, "triples": len(self.triples),
            "paragraphs": len(x.paragraphs), "documents": len({c.symbol for c in x.claims}),
            "citations": len(x.citations), "topics": len(x.topics), "decisions": len(x.decisions),
            "not_found": list(x.completeness),
            "warnings": read_warnings(self.source) + ([f.describe() for f in self.validation.warnings]
                                                      if self.validation else []),
            "corrections": [self.corrected.describe(), *self.corrected.notes] if self.corrected else [],
        }


def read_warnings(source: Source) -> list[str]:
    """What reading the file recovered from (a damaged PDF), as warnings of the report."""
    if not source.notes:
        return []
    return [f"Warning: the PDF is damaged; its text was read anyway (pypdf: {'; '.join(source.notes[:5])})."]


class Stages:
    """Wall-clock and CPU seconds per stage of preparing a report, and the stage a failure happened in."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.cpu_seconds: dict[str, float] = {}
        self.current = "read"

    @contextmanager
    def __call__(self, name: str):
        self.current = name
        wall, cpu = time.perf_counter(), time.process_time()
        yield
        self.seconds[name] = time.perf_counter() - wall
        self.cpu_seconds[name] = time.process_time() - cpu


def prepare_report(path: str | Path, *, validate: bool = True, stages: Stages | None = None,
                   corrections: Mapping[str, tuple[str, str]] | None = None) -> Prepared:
    """Everything but the write. `corrections` (report IRI → (where from, N-Triples)) are the curators'
    corrections to apply to what is extracted. Raises `ValidationError` when the report (as corrected)
    violates the shapes, `CorrectionRefusedError` when its corrections do."""
    stage = stages or Stages()
    with stage("read"):
        source = read_report(path)
    with stage("extract"):
        extraction = extract_report(source)
    graph = str(graph_name(extraction))
    with stage("triples"):
        triples = report_triples(extraction)
        ntriples = to_ntriples(triples)
        corrected = apply_to_extraction(triples, ntriples, graph, corrections) if corrections else None
        if corrected is not None:
            triples, ntriples = corrected.rdflib_report(), corrected.graphs()[graph]
    validation = None
    if validate:
        with stage("validate"):
            if corrected is not None:
                check(corrected, report=False)
            validation = validate_report(triples, ntriples=ntriples)
    prepared = Prepared(source, extraction, graph, triples, validation, ntriples, corrected)
    if validation is not None and not validation.conforms:
        details = "\n".join("  " + f.describe() for f in validation.violations)
        after = f" once the corrections of {corrected.corrections.name} are applied" if corrected else ""
        error = CorrectionRefusedError if corrected else ValidationError
        raise error(f"{source.name}: violates the shapes{after} in {len(validation.violations)} place(s), so nothing "
                    f"was written:\n{details}", list(validation.violations),
                    **({"report": corrected.corrections.report} if corrected else {}))
    return prepared


# -------------------------------------------------------------------------------------------- bulk loads


@dataclass(slots=True)
class Outcome:
    """What happened to one file of a bulk load: `status` is "loaded", "skipped" (its content is in the
    store already) or "failed" (then `error`, `stage` — read, extract, validate or write — `findings` and
    `exit_code`). `seconds` and `cpu_seconds` hold the time of each stage (the batch's cross-report check
    and write shared out equally; the check's CPU is its thread's, the write's is the whole parent's, with
    the storage engine's threads and the receiving of results), `worker_rss_kib` the peak RSS of the
    process that prepared it."""

    file: str
    status: str = "loaded"
    summary: dict | None = None
    graph: str | None = None
    content_hash: str | None = None
    error: str | None = None
    stage: str | None = None
    findings: list[str] = field(default_factory=list)
    exit_code: int = 0
    seconds: dict[str, float] = field(default_factory=dict)
    cpu_seconds: dict[str, float] = field(default_factory=dict)
    worker_rss_kib: int = 0
    read_warnings: list[str] = field(default_factory=list)
    # what the write needs, dropped once written
    ntriples: str | None = field(default=None, repr=False)
    validation: Validation | None = field(default=None, repr=False)
    validation_graph: str | None = field(default=None, repr=False)
    keys: tuple[Key, ...] = field(default=(), repr=False)
    corrected: str | None = None  # the report whose corrections were applied (or refused), by its IRI
    record: dict[str, str] = field(default_factory=dict, repr=False)  # the report's correction graph, if any

    def fail(self, stage: str, error: str, exit_code: int, findings: Iterable[str] = ()) -> Outcome:
        self.status, self.stage, self.error, self.exit_code = "failed", stage, error, exit_code
        self.findings = list(findings)
        self.ntriples = self.validation = None
        self.record = {}
        return self


_CORRECTIONS: dict[str, tuple[str, str]] = {}  # in a worker process: the load's corrections, by report IRI


def _init_worker(parent: int | None = None, corrections: Mapping[str, tuple[str, str]] | None = None) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _CORRECTIONS.update(corrections or {})
    if parent is not None:
        threading.Thread(target=_end_with, args=(parent,), name="itukg-end-with-parent", daemon=True).start()


def _end_with(parent: int) -> None:
    """In a worker: end when the process that started the load ends, however it ends. A worker's parent is
    multiprocessing's fork server, not the load: killed (SIGKILL, or SIGTERM before it could shut its pool
    down), the load left its workers and the fork server waiting on each other's pipes for ever."""
    try:
        handle = os.pidfd_open(parent)
    except (AttributeError, OSError):  # no pidfd (not Linux): look every second
        while True:
            time.sleep(1)
            try:
                os.kill(parent, 0)
            except ProcessLookupError:
                os._exit(1)
            except OSError:
                pass
    select.select([handle], [], [])  # readable once the process has ended
    os._exit(1)


def _prepare_outcome(task: tuple[str, bool, Mapping[str, tuple[str, str]] | None]) -> Outcome:
    """A file prepared; `corrections` None in a worker process, which was given them when it started."""
    name, validate, corrections = task
    stages = Stages()
    outcome = Outcome(name, seconds=stages.seconds, cpu_seconds=stages.cpu_seconds)
    try:
        prepared = prepare_report(name, validate=validate, stages=stages,
                                  corrections=_CORRECTIONS if corrections is None else corrections)
    except ItukgError as exc:
        stage = {"triples": "extract"}.get(stages.current, stages.current)
        outcome.fail(stage, str(exc), exc.exit_code, (f.describe() for f in getattr(exc, "findings", [])))
        outcome.corrected = getattr(exc, "report", None)  # a report whose corrections the gate refused
    else:
        outcome.summary, outcome.graph = prepared.summary(), prepared.graph
        outcome.content_hash = prepared.source.sha256
        outcome.ntriples, outcome.validation = prepared.ntriples, prepared.validation
        outcome.read_warnings = read_warnings(prepared.source)
        if prepared.corrected is not None:
            outcome.corrected = prepared.corrected.corrections.report
            record = prepared.corrected.corrections.graph
            outcome.record = {g: text for g, text in prepared.graphs().items() if g == record}
        if validate:
            outcome.validation_graph = prepared.validation_graph
            outcome.keys = cross_report_keys(prepared.triples)
    outcome.worker_rss_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return outcome


def _in_order(executor: ProcessPoolExecutor, tasks: list[tuple], *, ahead: int) -> Iterator[Outcome]:
    """The outcomes of `tasks`, in order, with at most `ahead` of them submitted and not yet taken, so that
    prepared reports do not pile up in memory while the writes are slower than the workers."""
    pending: deque = deque()
    upcoming = iter(tasks)
    for task in islice(upcoming, ahead):
        pending.append(executor.submit(_prepare_outcome, task))
    while pending:
        outcome = pending.popleft().result()
        for task in islice(upcoming, 1):
            pending.append(executor.submit(_prepare_outcome, task))
        yield outcome


def _file_hash(name: str) -> str | None:
    """The SHA-256 of a report file, read in pieces; None for a file a report cannot be (too large, not a regular
    file, unreadable): the worker's read stage says why, without reading it."""
    if not regular_file_within_limit(name):
        return None
    try:
        with open(name, "rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return None


Pair = tuple[str, str]  # (node, predicate) of a cross-report key
Stated = dict[tuple[str, str], tuple[str, int]]  # (value, language) → (first graph in IRI order, graphs)


class _Known:
    """A bulk load's memory of what the store states for the (node, predicate) pairs the checks across
    reports look at: for each pair it holds, every (value, language) with its first graph and number of
    graphs, complete, as `cross_report_query` would read it. A pair is read from the store the first time
    a report of the run has it, then kept in step with each report the run writes, so a report's check
    costs lookups in memory however large the store has grown. A run that starts on a store holding only
    the reference data and the ontology reads those whole at the start (`cross_report_stated`) and asks
    the store nothing more.

    The load is the store's only writer while it runs: an embedded store is locked by it; on a remote
    engine, what another client writes meanwhile is not seen by this run's checks (they raise warnings
    only, and the next run sees it). A batch that replaces graphs already in the store is checked with
    the store's queries and empties the memory, which held the old versions."""

    def __init__(self, store) -> None:
        self.store = store
        self.pairs: dict[Pair, Stated] = {}
        self.whole = set(store.graphs()) <= {iris.REFERENCE_GRAPH, iris.ONTOLOGY_GRAPH, JOURNAL_GRAPH}
        if self.whole:
            for row in store.query(cross_report_stated()):
                self._add(row)

    def _add(self, row) -> None:
        pair = (row["node"].value, row["p"].value)
        self.pairs.setdefault(pair, {})[(row["value"].value, row["lang"].value)] = (
            row["graph"].value, int(row["graphs"].value))

    def elsewhere(self, keys: tuple[Key, ...]) -> dict[Pair, Stated]:
        """What the store and the reports of the run written before says of the pairs of `keys`."""
        wanted = sorted({(node, predicate) for node, predicate, _, _ in keys})
        unknown = [pair for pair in wanted if pair not in self.pairs]
        if unknown:
            for pair in unknown:
                self.pairs[pair] = {}
            if not self.whole:
                asked = [(node, predicate, "", "") for node, predicate in unknown]
                found = {(row["node"].value, row["p"].value) for row in self.store.query(cross_report_probe(asked))}
                if found:
                    for row in self.store.query(cross_report_query([k for k in asked if k[:2] in found],
                                                                   excluding=())):
                        self._add(row)
        return {pair: dict(self.pairs[pair]) for pair in wanted if self.pairs[pair]}

    def written(self, graph: str, keys: tuple[Key, ...]) -> None:
        for node, predicate, value, language in keys:
            values = self.pairs.setdefault((node, predicate), {})
            first, count = values.get((value, language), (graph, 0))
            values[(value, language)] = (min(first, graph), count + 1)

    def forget(self) -> None:
        self.pairs.clear()
        self.whole = False


class BulkLoad:
    """A load of many files into one store. Created, it knows which files are unchanged (`skipped`);
    `run()` prepares the others in `jobs` processes and writes them in batches of `batch`.

    `force` reloads unchanged files too. `stop`, polled after each report, ends the run early: the
    reports not yet written are left out (`not_processed`), the store stays consistent.

    Every report prepared gets the curators' corrections the store holds for it applied again, or those of
    `corrections` (report IRI → (file, N-Triples), from `itukg load --corrections`) in their place."""

    def __init__(self, store: Store, names: Iterable[str], *, validate: bool = True, jobs: int = 1,
                 batch: int = BATCH, force: bool = False, corrections: Mapping[str, tuple[str, str]] | None = None):
        self.store, self.validate, self.jobs, self.batch = store, validate, jobs, batch
        self.corrections = {**stored_corrections(store), **(corrections or {})}
        self.names = list(names)
        stored = {} if force else {row["hash"].value: row["graph"].value for row in store.query(_HASHES)}
        self.hashes = {name: _file_hash(name) for name in self.names}
        self.skipped = {name for name, digest in self.hashes.items() if digest in stored}
        self._stored = stored
        self._known = _Known(store) if validate else None
        self.not_processed: list[str] = []

    def finish(self, outcomes: Iterable[Outcome], given: Mapping[str, CorrectionFile] | None = None
               ) -> Iterator[Restated]:
        """After a run that was not interrupted: the correction files of `given` (report IRI → file, from
        `itukg load --corrections`) whose report the run did not write, applied to the stored report (one
        `Restated` each), then the search index saved beside the store refreshed, so that it follows the store."""
        if given:
            yield from apply_left(self.store, given, {o.corrected for o in outcomes if o.corrected})
        refresh_saved_index(self.store)

    def run(self, stop: Callable[[], bool] = lambda: False) -> Iterator[Outcome]:
        """Yields one `Outcome` per file, in the files' order, once it is written (or skipped, or failed)."""
        todo = [name for name in self.names if name not in self.skipped]
        executor = None
        if self.jobs > 1 and len(todo) > 1:
            tasks = [(name, self.validate, None) for name in todo]  # the workers are given the corrections once
            executor = ProcessPoolExecutor(self.jobs, mp_context=multiprocessing.get_context("forkserver"),
                                           initializer=_init_worker, initargs=(os.getpid(), self.corrections))
            # a batch and the reports behind it in flight: the workers go on while the parent writes
            prepared = _in_order(executor, tasks, ahead=self.batch + self.jobs * AHEAD)
        else:
            prepared = map(_prepare_outcome, [(name, self.validate, self.corrections) for name in todo])
        claims: dict[str, str] = {}  # graph → the file of this run that holds it
        first_of: dict[str, str] = {}  # content hash → the first file of this run with it
        pending: list[Outcome] = []  # in order; `to_write` of them are prepared, not yet written
        to_write = 0
        try:
            for position, name in enumerate(self.names):
                digest = self.hashes[name]
                if name in self.skipped:
                    outcome = Outcome(name, "skipped", graph=self._stored[digest], content_hash=digest)
                else:
                    outcome = next(prepared)
                if outcome.status == "failed":
                    pass  # for its own reason (empty, too large, …), even if an earlier file has the same content
                elif digest is not None and first_of.setdefault(digest, name) != name:
                    outcome.fail("write", f"{name}: has the same content as {first_of[digest]}, earlier in this "
                                          "run, so it was not loaded again.", 1)
                else:
                    holder = claims.setdefault(outcome.graph, name)
                    if holder != name:
                        outcome.fail("write", f"{name}: reports on the same meeting as {holder}, earlier in this run "
                                              f"(graph <{outcome.graph}>). A meeting has one report graph, so {name} "
                                              "was not written; load it on its own to replace the other.", 1)
                pending.append(outcome)
                if stop():  # what is prepared but not written is dropped; skips and failures are final
                    self.not_processed = [o.file for o in pending if o.ntriples is not None]
                    self.not_processed += self.names[position + 1:]
                    yield from (o for o in pending if o.ntriples is None)
                    return
                to_write += outcome.ntriples is not None
                if to_write >= self.batch or (not to_write and len(pending) >= self.batch):
                    yield from self._flush(pending)
                    pending, to_write = [], 0
            yield from self._flush(pending, bulk=len(self.names) > 1)
        finally:
            if executor is not None:
                executor.shutdown(cancel_futures=True)

    def _flush(self, outcomes: list[Outcome], *, bulk: bool = True) -> Iterator[Outcome]:
        writing = [o for o in outcomes if o.ntriples is not None]
        start = time.perf_counter(), time.thread_time()
        if self.validate:
            self._check_across_reports(writing)
        checked = time.perf_counter(), time.thread_time()
        writing_cpu = time.process_time()
        graphs: dict[str, str] = {}
        for o in writing:
            graphs[o.graph] = o.ntriples
            graphs.update(o.record)
            if o.validation is not None:
                graphs[o.validation_graph] = to_ntriples(findings_triples(o.validation, o.validation_graph))
                o.summary["warnings"] = [*o.read_warnings, *(f.describe() for f in o.validation.warnings)]
        if bulk and len(writing) > 1:
            self.store.bulk_replace(graphs)
        elif graphs:
            self.store.replace_graphs(graphs)
        written = time.perf_counter(), time.process_time()
        for o in writing:  # the batch's time, shared out
            for clock, seconds in enumerate((o.seconds, o.cpu_seconds)):
                if self.validate:
                    seconds["crosscheck"] = (checked[clock] - start[clock]) / len(writing)
                seconds["write"] = (written[clock] - (checked[0], writing_cpu)[clock]) / len(writing)
            o.ntriples = o.validation = None
            o.keys, o.record = (), {}
        yield from outcomes

    def _stated_elsewhere(self, keys: tuple[Key, ...], replaced: list[Outcome], stored: set[str]) -> dict:
        """What the store, less the `replaced` reports, says of the nodes of `keys` that the report does not:
        a probe of one value per node, a look for recorded warnings, and a full read of the suspect nodes
        only (`itukg.loader.validate`). `stored` holds the graphs of the batch that are in the store."""
        if not keys:
            return {}
        skip = {o.graph for o in replaced} | {o.validation_graph for o in replaced}
        own: dict[tuple[str, str], set[tuple[str, str]]] = {}
        for node, predicate, value, language in keys:
            own.setdefault((node, predicate), set()).add((value, language))
        first: dict[tuple[str, str], tuple[str, str]] = {}
        for row in self.store.query(cross_report_probe(keys, limit=1 + len(skip & stored))):
            pair = (row["node"].value, row["p"].value)
            if row["g"].value not in skip:
                first.setdefault(pair, (row["value"].value, row["lang"].value))
        suspect = {pair for pair, value in first.items() if value not in own[pair]}
        settled = [pair for pair in first if pair not in suspect]
        if settled:
            suspect |= {(row["node"].value, row["p"].value) for row in self.store.query(cross_report_warned(settled))
                        if row["graph"].value not in skip}
        elsewhere: dict = {}
        if suspect:
            sparql = cross_report_query([k for k in keys if (k[0], k[1]) in suspect], excluding=skip & stored)
            for row in self.store.query(sparql):
                values = elsewhere.setdefault((row["node"].value, row["p"].value), {})
                values[(row["value"].value, row["lang"].value)] = (row["graph"].value, int(row["graphs"].value))
        return elsewhere

    def _check_across_reports(self, batch: list[Outcome]) -> None:
        """Add to each report's warnings its conflicts with the reports written before it: the store less the
        graphs the batch replaces so far, and the batch's earlier reports; as if written one by one, so the
        result does not depend on where batches start (a resumed load gives the same warnings)."""
        graphs = [g for o in batch for g in (o.graph, o.validation_graph)]
        stored = {g for g in graphs if self.store.has_graph(g)}  # old versions, being replaced
        if not stored:
            for o in batch:
                findings = cross_report_findings(o.keys, self._known.elsewhere(o.keys))
                if findings:
                    o.validation = with_findings(o.validation, findings)
                self._known.written(o.graph, o.keys)
            return
        self._known.forget()
        earlier: dict = {}  # the batch's earlier reports, as `elsewhere` has it
        for position, o in enumerate(batch):
            elsewhere = self._stated_elsewhere(o.keys, batch[:position + 1], stored)
            for pair, values in earlier.items():
                merged = elsewhere.setdefault(pair, {})
                for value, (graph, count) in values.items():
                    first, total = merged.get(value, (graph, 0))
                    merged[value] = (min(first, graph), total + count)
            findings = cross_report_findings(o.keys, elsewhere)
            if findings:
                o.validation = with_findings(o.validation, findings)
            for node, predicate, value, language in o.keys:
                values = earlier.setdefault((node, predicate), {})
                first, count = values.get((value, language), (o.graph, 0))
                values[(value, language)] = (min(first, o.graph), count + 1)


@dataclass(slots=True)
class LoadResult:
    """Everything a bulk load did, for the summary table and the JSON report (`as_json`)."""

    outcomes: list[Outcome] = field(default_factory=list)
    not_processed: list[str] = field(default_factory=list)
    seconds: float = 0.0
    interrupted: bool = False
    corrections_exit: int = 0  # the worst exit code of the corrections applied to reports only in the store

    def counts(self) -> dict[str, int]:
        counts = {status: 0 for status in ("loaded", "skipped", "failed")}
        for outcome in self.outcomes:
            counts[outcome.status] += 1
        counts["not processed"] = len(self.not_processed)
        return counts

    @property
    def triples(self) -> int:
        return sum(o.summary["triples"] for o in self.outcomes if o.status == "loaded")

    @property
    def exit_code(self) -> int:
        return max([self.corrections_exit, *(o.exit_code for o in self.outcomes if o.status == "failed")])

    def as_json(self) -> dict:
        def pick(status):
            return [o for o in self.outcomes if o.status == status]

        return {
            "interrupted": self.interrupted, "seconds": round(self.seconds, 3), "counts": self.counts(),
            "triples": self.triples,
            "failed": [{"file": o.file, "stage": o.stage, "message": o.error, "findings": o.findings,
                        "exit_code": o.exit_code} for o in pick("failed")],
            "loaded": [{"file": o.file, "graph": o.graph, "content_hash": o.content_hash,
                        "triples": o.summary["triples"], "warnings": o.summary["warnings"]} for o in pick("loaded")],
            "skipped": [{"file": o.file, "graph": o.graph, "content_hash": o.content_hash, "reason": "unchanged"}
                        for o in pick("skipped")],
            "not_processed": self.not_processed,
        }


def load_reports(store: Store, names: Iterable[str], *, validate: bool = True, jobs: int = 1,
                 batch: int = BATCH, force: bool = False) -> Iterator[Outcome]:
    """Load files in bulk (see `BulkLoad`); yields one `Outcome` per file, in order."""
    return BulkLoad(store, names, validate=validate, jobs=jobs, batch=batch, force=force).run()


# ----------------------------------------------------------------------------------------------- inputs


def expand_inputs(arguments: Iterable[str]) -> list[str]:
    """The report files named by files, directories (searched recursively for .txt, .docx and .pdf) and glob
    patterns, in order, each once. A directory or pattern that names no report raises `InputError`; a plain
    path is kept as given, so that reading it says what is wrong with it."""
    out: dict[str, None] = {}
    for argument in arguments:
        path = Path(argument)
        if glob.has_magic(argument):
            found = []
            for match in sorted(glob.glob(argument, recursive=True)):
                found += _reports_in(Path(match)) if Path(match).is_dir() else [match]
            found = [f for f in found if f.lower().endswith(REPORT_SUFFIXES)]
            what = "pattern"
        elif path.is_dir():
            found, what = _reports_in(path), "directory"
        else:
            found, what = [argument], "file"
        if not found:
            raise InputError(f"{argument}: the {what} names no report file ({', '.join(REPORT_SUFFIXES)}). "
                             "Give report files, directories that hold them, or patterns such as 'archive/*.txt'.")
        out.update(dict.fromkeys(found))
    return list(out)


def _reports_in(folder: Path) -> list[str]:
    return sorted(str(p) for p in folder.rglob("*") if p.suffix.lower() in REPORT_SUFFIXES and p.is_file())


# ----------------------------------------------------------------------------------------------- Ctrl-C


@contextmanager
def interruptible() -> Iterator[Callable[[], bool]]:
    """While active, the first Ctrl-C (SIGINT) only sets a flag, which the returned callable reads: a bulk
    load stops after the report in hand, with the store consistent. A second Ctrl-C interrupts at once
    (the journal cleans up when the store is next opened)."""
    asked = []

    def handler(signum, frame):
        if asked:
            raise KeyboardInterrupt
        asked.append(signum)

    previous = signal.signal(signal.SIGINT, handler)
    try:
        yield lambda: bool(asked)
    finally:
        signal.signal(signal.SIGINT, previous)


__all__ = ["Prepared", "Outcome", "Stages", "BulkLoad", "LoadResult", "prepare_report", "load_reports",
           "read_warnings", "expand_inputs", "interruptible", "BATCH", "REPORT_SUFFIXES"]
