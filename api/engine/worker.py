"""The engine process (`process.py` starts it): it owns the store and runs every query and write of the service.

Writes are gated here: the graphs an update or a Graph Store request writes are snapshotted, the write is
applied in one transaction, every written graph is validated against the shapes, and on a violation the
snapshots are restored in one transaction and `ValidationError` is raised. While a write and its validation
run, queries wait (a readers-writer lock), so no reader ever sees data that the gate then rejects.
"""

from __future__ import annotations

import io
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import NamedTuple

import pyoxigraph as ox
from rdflib import Graph

from ...loader import iris
from ...loader.errors import ItukgError, QueryError, ValidationError
from ...loader.validate import findings_triples, validate_report
from ..config import EngineSettings, mirror_budget
from ..ingest.corrections import is_correction_graph, read_correction, restate
from ..store.locations import is_remote, open_store
from . import channel, sandbox
from .errors import EngineUnavailableError, NotAcceptableError, ProtectedGraphError, ResultTooLargeError
from .journal import UndoJournal

ALL_GRAPHS_LIMIT = 2_000_000  # quads a DROP/CLEAR ALL may snapshot
PROTECTED_GRAPHS = frozenset({iris.REFERENCE_GRAPH, iris.ONTOLOGY_GRAPH, iris.BASE + "graph/journal"})
_REPORT_GRAPHS = iris.BASE + "graph/report/"


class Answer(NamedTuple):
    """A serialised query result: `kind` is "boolean", "solutions" or "graph". A named tuple, not a
    dataclass: every answer is pickled across the query channel, and a tuple pickles in C (a slotted
    dataclass calls Python code for each one)."""

    kind: str
    media_type: str
    body: bytes



class _CappedBuffer(io.RawIOBase):
    def __init__(self, limit: int):
        self.buffer = io.BytesIO()
        self.limit = limit

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        if self.buffer.tell() + len(data) > self.limit:
            raise ResultTooLargeError(f"the result is larger than the service's limit of {self.limit} bytes; "
                                      "add a LIMIT or narrow the query.")
        return self.buffer.write(data)


class _ReadersWriter:
    """Many readers or one writer."""

    def __init__(self):
        self._condition = threading.Condition()
        self._readers = 0
        self._writer = False

    def read(self):
        return _Hold(self, write=False)

    def write(self):
        return _Hold(self, write=True)


class _Hold:
    def __init__(self, lock: _ReadersWriter, *, write: bool):
        self.lock, self.write = lock, write

    def __enter__(self):
        lock = self.lock
        with lock._condition:
            if self.write:
                while lock._writer or lock._readers:
                    lock._condition.wait()
                lock._writer = True
            else:
                while lock._writer:
                    lock._condition.wait()
                lock._readers += 1

    def __exit__(self, *exc):
        lock = self.lock
        with lock._condition:
            if self.write:
                lock._writer = False
            else:
                lock._readers -= 1
            lock._condition.notify_all()


class _Worker:
    """What runs in the engine process."""

    def __init__(self, path: str | None, settings: EngineSettings):
        self.mirror_setting = settings.mirror
        self.store = open_store(path, mirror_bytes=mirror_budget(settings.mirror), remote=settings.remote)
        self.lock = _ReadersWriter()
        # the embedded store on disk (a remote engine's writes are its own; a store in memory dies with the process)
        self.journal = UndoJournal(path) if path is not None and not is_remote(path) else None
        self.recovered = self._recover()

    def _recover(self) -> int:
        """Put back the graphs of a write that never passed the gate (the process was killed during it)."""
        before = self.journal.pending() if self.journal is not None else None
        if before is None:
            return 0
        with self.store.writing(list(before)):
            self._restore(before)
        self.journal.clear()
        return len(before)

    # -- reads --

    def query(self, sparql: str, default_graph, named_graphs, results: tuple | None, rdf: tuple | None,
              max_bytes: int, base_iri: str | None = None, dataset: bool = False) -> Answer:
        with self.lock.read():
            outcome = self.store.query(sparql, default_graph=default_graph, named_graphs=named_graphs,
                                       base_iri=base_iri, dataset=dataset)
            buffer = _CappedBuffer(max_bytes)
            if isinstance(outcome, ox.QueryTriples):
                if rdf is None:
                    raise NotAcceptableError("graph")
                media, name = rdf
                ox.serialize(outcome, output=buffer, format=ox.RdfFormat.from_media_type(name))
                return Answer("graph", media, buffer.buffer.getvalue())
            if results is None:
                raise NotAcceptableError("boolean" if isinstance(outcome, ox.QueryBoolean) else "solutions")
            media, name = results
            outcome.serialize(output=buffer, format=ox.QueryResultsFormat.from_media_type(name))
            kind = "boolean" if isinstance(outcome, ox.QueryBoolean) else "solutions"
            return Answer(kind, media, buffer.buffer.getvalue())

    def graph(self, graph: str | None, rdf: tuple, max_bytes: int) -> Answer | None:
        with self.lock.read():
            if graph is not None and not self.store.has_graph(graph):
                return None
            text = self.store.graph_ntriples(graph)
        media, name = rdf
        buffer = _CappedBuffer(max_bytes)
        ox.serialize(ox.parse(text, format=ox.RdfFormat.N_TRIPLES), output=buffer,
                     format=ox.RdfFormat.from_media_type(name))
        return Answer("graph", media, buffer.buffer.getvalue())

    def stats(self) -> dict:
        with self.lock.read():
            counts = self.store.counts()
            return {"graphs": counts, "quads": self.store.count()}

    def graph_count(self) -> int:
        with self.lock.read():
            return len(self.store.graphs())

    def mirror(self) -> dict:
        """The in-memory mirror's state (`store.Mirror.describe`); "none" for a store without one."""
        mirror = self.store.mirror
        if mirror is not None:
            return mirror.describe()
        if self.store.path is not None and self.mirror_setting.strip().lower() == "off":
            return {"state": "off", "quads": 0, "builds": 0, "reason": "turned off (ITUKG_MIRROR=off)"}
        return {"state": "none", "quads": 0, "builds": 0}  # a remote engine, or a store in memory

    # -- writes --

    def update(self, sparql: str, graphs: list[str], default_graph: bool, all_graphs: bool,
               base_iri: str | None = None) -> dict:
        with self.lock.write():
            targets = self._targets(graphs, default_graph)
            if not all_graphs:
                return self._gated(targets, lambda: self.store.update(sparql, base_iri=base_iri))
            if self.store.hidden:  # a remote engine's own graphs (Virtuoso's virtrdf#)
                raise QueryError("DROP/CLEAR ALL or NAMED would also remove the SPARQL engine's own graphs; "
                                 "drop or clear the graphs by name.")
            # DROP/CLEAR ALL or NAMED: they apply to the data, not to the graphs the service maintains,
            # which are put back in the same write
            kept = {g: self.store.graph_ntriples(g) for g in PROTECTED_GRAPHS if self.store.has_graph(g)}

            def write():
                self.store.update(sparql, base_iri=base_iri)
                self.store.replace_graphs(kept)

            # every graph it may clear is snapshotted, so that a refused write can be undone whole
            data = [g for g in self.store.graphs() if g not in PROTECTED_GRAPHS]
            size = sum(self.store.count(g) for g in data)
            if size > ALL_GRAPHS_LIMIT:
                raise QueryError(f"DROP/CLEAR ALL or NAMED on a store of {size} quads would have to be snapshotted "
                                 "to be undoable; drop or clear the graphs by name.")
            return self._gated(sorted(set(targets) | set(data), key=lambda g: g or "") + [None], write)

    def write_graph(self, graph: str | None, ntriples: str | None, replace: bool) -> dict:
        """Graph Store Protocol: PUT (replace), POST (add) or DELETE (`ntriples` None)."""
        name = f"<{graph}>" if graph else "DEFAULT"
        with self.lock.write():
            if graph in PROTECTED_GRAPHS:
                raise ProtectedGraphError(f"<{graph}> is maintained by the service and cannot be written.")
            _refuse_corrections([graph])
            existed = graph is None or self.store.has_graph(graph)
            if ntriples is None:
                if not existed:
                    return {"existed": False}
                action = f"DROP SILENT {'GRAPH ' if graph else ''}{name}"
            else:
                into = f"GRAPH <{graph}> {{ {ntriples} }}" if graph else ntriples
                drop = f"DROP SILENT {'GRAPH ' if graph else ''}{name} ; " if replace else ""
                create = f"CREATE SILENT GRAPH <{graph}> ; " if graph else ""
                action = f"{drop}{create}INSERT DATA {{ {into} }}"
            result = self._gated([graph], lambda: self.store.update(action))
            return {"existed": existed, **result}

    def correct(self, report_graph: str, text: str | None, name: str) -> dict:
        """Curators' corrections (`text`, N-Triples; None removes them) in place of a stored report's: the
        previous ones undone and these applied to the report graph, through the gate, with their record in the
        report's correction graph (`itukg.api.ingest.corrections`)."""
        with self.lock.write():
            given = read_correction(text, name, format=ox.RdfFormat.N_TRIPLES) if text is not None else None
            applied = restate(self.store, report_graph, given)
            c = applied.corrections
            result = self._gated([c.report_graph, c.graph], lambda: self.store.replace_graphs(applied.graphs()))
            return {**result, "notes": applied.notes, "added": applied.added, "retracted": applied.retracted}

    def _targets(self, graphs, default_graph) -> list[str | None]:
        protected = sorted(set(graphs) & PROTECTED_GRAPHS)
        if protected:
            raise ProtectedGraphError(f"<{protected[0]}> is maintained by the service and cannot be written.")
        _refuse_corrections(graphs)
        return sorted(graphs) + ([None] if default_graph else [])

    def _gated(self, targets: list[str | None], write) -> dict:
        """Apply a write, validate every graph it wrote, and undo it on a violation."""
        with self.store.writing(targets):  # the in-memory mirror copies these graphs again afterwards
            return self._validated(targets, write)

    def _validated(self, targets: list[str | None], write) -> dict:
        before = {g: (self.store.graph_ntriples(g), g is None or self.store.has_graph(g)) for g in targets}
        if self.journal is not None:
            self.journal.record(before)  # a kill from here on is undone when the engine starts again
        try:
            return self._checked(targets, before, write)
        finally:
            if self.journal is not None:
                self.journal.clear()

    def _checked(self, targets: list[str | None], before: dict, write) -> dict:
        write()
        warnings: list[str] = []
        violations = []
        checked: dict[str, object] = {}
        dropped: dict[str, str] = {}
        for g in targets:
            text = self.store.graph_ntriples(g)
            if not text:
                if g and g.startswith(_REPORT_GRAPHS) and not self.store.has_graph(g):
                    dropped[_validation_graph(g)] = ""  # a report's findings go with it
                continue
            triples = list(Graph().parse(data=text, format="nt"))
            validation = validate_report(triples, ntriples=text)
            violations.extend(validation.violations)
            warnings.extend(f.describe() for f in validation.warnings)
            checked[g] = validation
        if violations:
            self._restore(before)
            raise ValidationError(
                f"the write violates the shapes in {len(violations)} place(s), so nothing was written.",
                [f.describe() for f in violations])
        findings = {}
        for g, validation in checked.items():  # keep the warnings of report graphs beside them
            if g and g.startswith(_REPORT_GRAPHS):
                report = _validation_graph(g)
                findings[report] = findings_triples(validation, report)
        findings.update({g: "" for g in dropped if self.store.has_graph(g)})
        if findings:
            self.store.replace_graphs(findings)
        return {"warnings": warnings}

    def _restore(self, before: dict) -> None:
        parts = []
        for g, (text, existed) in before.items():
            if g is None:
                parts.append("DROP SILENT DEFAULT ;")
                if text:
                    parts.append(f"INSERT DATA {{ {text} }} ;")
            else:
                parts.append(f"DROP SILENT GRAPH <{g}> ;")
                if existed:
                    parts.append(f"CREATE SILENT GRAPH <{g}> ;")
                if text:
                    parts.append(f"INSERT DATA {{ GRAPH <{g}> {{ {text} }} }} ;")
        self.store.update(" ".join(parts).rstrip(" ;"))

    def replace_graphs(self, graphs: dict[str, str]) -> dict:
        with self.lock.write():
            self.store.replace_graphs(graphs)
        return {}


def _deny_network() -> None:
    try:
        sandbox.deny_network()
    except OSError as exc:  # fail closed: no engine that could reach the network
        raise EngineUnavailableError(
            f"the engine process could not shut itself off from the network ({exc}); this machine's own "
            "seccomp policy (a container's, a unit's) must allow seccomp(2) and prctl(2). See "
            "docs/deployment.md.") from None


def _refuse_corrections(graphs) -> None:
    """Correction graphs are written through /corrections only, which applies them to their report graph."""
    for graph in sorted(g for g in graphs if is_correction_graph(g)):
        raise ProtectedGraphError(
            f"<{graph}> holds curators' corrections, which must be applied to their report as they are written: "
            "send them with PUT /corrections/<body>/<number> (docs/corrections.md), not to /update or /store.")


def _validation_graph(report_graph: str) -> str:
    return iris.BASE + "graph/validation/" + report_graph[len(_REPORT_GRAPHS):]


def serve(path: str | None, settings: EngineSettings, connection, query_channel=None) -> None:
    """The engine process's main loop: requests in, answers out, each request on a thread; awaited
    queries arrive on their own channel (`channel.serve`). With the embedded store, the process cannot
    open internet sockets (`sandbox.deny_network`): SERVICE and LOAD fail even past the guard."""
    try:
        if not is_remote(path):
            _deny_network()
        worker = _Worker(path, settings)
    except ItukgError as exc:
        connection.send((None, "error", (type(exc).__name__, str(exc), [])))
        return
    send_lock = threading.Lock()
    pool = ThreadPoolExecutor(max_workers=settings.threads)

    def run(op: str, args: dict) -> tuple:
        try:
            return "ok", getattr(worker, op)(**args)
        except ItukgError as exc:
            return "error", (type(exc).__name__, str(exc), list(getattr(exc, "findings", []) or []))
        except Exception as exc:  # noqa: BLE001  the parent must always get an answer
            return "error", ("InternalError", f"{type(exc).__name__}: {exc}", [])

    def handle(request_id: int, op: str, args: dict) -> None:
        reply = (request_id, *run(op, args))
        with send_lock:
            connection.send(reply)

    if query_channel is not None:
        threading.Thread(target=channel.serve, args=(channel.detach(query_channel), run, pool.submit),
                         name="itukg-query-channel", daemon=True).start()
    connection.send((None, "ready", None))
    while True:
        try:
            request_id, op, args = connection.recv()
        except (EOFError, OSError):
            break
        pool.submit(handle, request_id, op, args)
    pool.shutdown(wait=True)
    worker.store.close()


__all__ = ["Answer", "PROTECTED_GRAPHS", "ALL_GRAPHS_LIMIT"]
