"""The engine: one child process that owns the store and runs every query and write of the service.

pyoxigraph cannot cancel a query, so a query that runs past its time limit can only be stopped by ending
the process that runs it. The web process therefore never opens the store: it sends each request to the
engine process over a pipe and waits with a deadline. When a query's time is up, the engine process is
killed (which frees the CPU at once) and started again; the reads that were in flight on it are sent
again once, and the query that ran out of time gets `QueryTimeoutError`. A kill never interrupts a
write: writes are short (the body size is capped), and the kill waits for them to finish.

The engine process runs on jemalloc when it is installed (Debian's libjemalloc2), preloaded into that
process only: pyoxigraph's query evaluation allocates much, and ran 7–11% faster on it than on glibc's
allocator (docs/decisions.md). `ITUKG_ENGINE_ALLOCATOR` chooses: `jemalloc` (the default, when found),
`system`, or the path of an allocator library to preload.

Writes are gated in the engine: the graphs an update or a Graph Store request writes are snapshotted,
the write is applied in one transaction, every written graph is validated against the shapes, and on a
violation the snapshots are restored in one transaction and `ValidationError` is raised. While a write
and its validation run, queries wait (a readers-writer lock), so no reader ever sees data that the gate
then rejects.
"""

from __future__ import annotations

import io
import itertools
import multiprocessing
import os
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import NamedTuple

from ..loader import iris
from ..loader.errors import ItukgError, QueryError, StoreError, ValidationError
from . import channel, sandbox
from .corrections import CorrectionError, UnknownReportError, is_correction_graph
from .journal import UndoJournal
from .limits import CrashLedger
from .store import REMOTE_SCHEMES


class QueryTimeoutError(ItukgError):
    """A query ran past its time limit and was stopped."""


class ResultTooLargeError(ItukgError):
    """A result grew past the size limit."""


class NotAcceptableError(ItukgError):
    """No format the client accepts can hold this kind of result."""


class ProtectedGraphError(ItukgError):
    """A write to a graph that the service maintains itself (reference data, ontology, journal)."""


class EngineUnavailableError(ItukgError):
    """The engine process stopped and could not be started again."""


class EngineCrashedError(ItukgError):
    """The engine process crashed (a panic of pyoxigraph) while running this request; it was restarted."""


class CrashedQueryError(ItukgError):
    """A query that crashed the engine lately, refused for `retry_after_s` more seconds."""

    def __init__(self, message: str, retry_after_s: float = 0.0):
        super().__init__(message)
        self.retry_after_s = retry_after_s


_ERRORS = {cls.__name__: cls for cls in (QueryError, StoreError, ValidationError, QueryTimeoutError,
                                          ResultTooLargeError, NotAcceptableError, ProtectedGraphError,
                                          EngineUnavailableError, CorrectionError, UnknownReportError)}
ALL_GRAPHS_LIMIT = 2_000_000  # quads a DROP/CLEAR ALL may snapshot
HEALTH_MAX_AGE_S = 0.25  # how old a reading of the engine's state /health answers may be before it is renewed
HEALTH_PATIENCE_S = 5.0  # how long a renewal waits for the engine (without ever killing it)
WRITE_WAIT_S = 5.0  # how long a kill after a time-out waits for the writes in flight to finish
STATS_MAX_AGE_S = 60.0  # how long `Engine.stats` keeps its answer when this service has not written
PROTECTED_GRAPHS = frozenset({iris.REFERENCE_GRAPH, iris.ONTOLOGY_GRAPH, iris.BASE + "graph/journal"})
_REPORT_GRAPHS = iris.BASE + "graph/report/"
_JEMALLOC = tuple(f"{lib}/libjemalloc.so.2" for lib in (
    "/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib", "/usr/local/lib"))
_ENVIRON_LOCK = threading.Lock()


def engine_allocator(environ=None) -> str | None:
    """The allocator library the engine process preloads (`ITUKG_ENGINE_ALLOCATOR`), or None for the
    system's. Raises `EngineUnavailableError` for a path that is not there."""
    chosen = (os.environ if environ is None else environ).get("ITUKG_ENGINE_ALLOCATOR", "").strip() or "jemalloc"
    if chosen == "system":
        return None
    if chosen == "jemalloc":
        return next((path for path in _JEMALLOC if os.path.isfile(path)), None)
    if not os.path.isfile(chosen):
        raise EngineUnavailableError(f"ITUKG_ENGINE_ALLOCATOR={chosen}: no such file; give jemalloc, system, "
                                     "or the path of an allocator library.")
    return chosen


class Answer(NamedTuple):
    """A serialised query result: `kind` is "boolean", "solutions" or "graph". A named tuple, not a
    dataclass: every answer is pickled across the query channel, and a tuple pickles in C (a slotted
    dataclass calls Python code for each one)."""

    kind: str
    media_type: str
    body: bytes


# ------------------------------------------------------------------------------------------ the child


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

    def __init__(self, path: str | None):
        from .config import mirror_budget
        from .store import open_store

        self.mirror_setting = os.environ.get("ITUKG_MIRROR") or "auto"
        self.store = open_store(path, mirror_bytes=mirror_budget(self.mirror_setting))
        self.lock = _ReadersWriter()
        # the embedded store on disk (a remote engine's writes are its own; a store in memory dies with the process)
        self.journal = UndoJournal(path) if path is not None and not _remote(path) else None
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
        import pyoxigraph as ox

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
        import pyoxigraph as ox

        with self.lock.read():
            if graph is not None and not self.store.has_graph(graph):
                return None
            text = self.store.graph_ntriples(graph)
        media, name = rdf
        buffer = _CappedBuffer(max_bytes)
        ox.serialize(ox.parse(text, format=ox.RdfFormat.N_TRIPLES), output=buffer, format=ox.RdfFormat.from_media_type(name))
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
        mirror = getattr(self.store, "mirror", None)
        if mirror is not None:
            return mirror.describe()
        if getattr(self.store, "path", None) is not None and self.mirror_setting.strip().lower() == "off":
            return {"state": "off", "quads": 0, "builds": 0, "reason": "turned off (ITUKG_MIRROR=off)"}
        return {"state": "none", "quads": 0, "builds": 0}  # a remote engine, or a store in memory

    # -- writes --

    def update(self, sparql: str, graphs: list[str], default_graph: bool, all_graphs: bool,
               base_iri: str | None = None) -> dict:
        with self.lock.write():
            targets = self._targets(graphs, default_graph)
            if not all_graphs:
                return self._gated(targets, lambda: self.store.update(sparql, base_iri=base_iri))
            if getattr(self.store, "hidden", None):  # a remote engine's own graphs (Virtuoso's virtrdf#)
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
        report's correction graph (`itukg.api.corrections`)."""
        import pyoxigraph as ox

        from .corrections import read_correction, restate

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
        from rdflib import Graph

        from ..loader.validate import findings_triples, validate_report

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


def _remote(path) -> bool:
    return path is not None and str(path).startswith(REMOTE_SCHEMES)


def _validation_graph(report_graph: str) -> str:
    return iris.BASE + "graph/validation/" + report_graph[len(_REPORT_GRAPHS):]


def _serve(path: str | None, connection, query_channel=None) -> None:
    """The engine process's main loop: requests in, answers out, each request on a thread; awaited
    queries arrive on their own channel (`channel.serve`). With the embedded store, the process cannot
    open internet sockets (`sandbox.deny_network`): SERVICE and LOAD fail even past the guard."""
    try:
        if not _remote(path):
            _deny_network()
        worker = _Worker(path)
    except ItukgError as exc:
        connection.send((None, "error", (type(exc).__name__, str(exc), [])))
        return
    send_lock = threading.Lock()
    pool = ThreadPoolExecutor(max_workers=int(os.environ.get("ITUKG_ENGINE_THREADS", "8")))

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
        from . import channel

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


# ------------------------------------------------------------------------------------------ the parent


class Engine:
    """The web process's handle on the engine process. Thread-safe; every call blocks.

    The engine process is started again at once when it ends unexpectedly (a crash: pyoxigraph can abort
    its process) as when a time-out kills it. Requests in flight on a process that ended are always
    answered: reads are sent again once on the new process, unless they are the crash's cause
    (`limits.CrashLedger`, refused for a while: `CrashedQueryError`); writes are answered
    `EngineCrashedError` or `EngineUnavailableError` (the undo journal put the store back as it was)."""

    def __init__(self, path: str | None, *, timeout_s: float = 30.0, max_bytes: int = 64 * 1024 * 1024,
                 write_timeout_s: float | None = None):
        self.path = str(path) if path is not None else None
        self.timeout_s = timeout_s
        self.write_timeout_s = write_timeout_s or max(60.0, 2 * timeout_s)
        self.max_bytes = max_bytes
        self._ids = itertools.count(1)
        self._pending: dict[int, tuple[Future, int]] = {}  # request id -> (its answer, the generation it went to)
        self._writes = 0
        self._lock = threading.RLock()
        self._send_lock = threading.Lock()
        self._generation = 0
        self._ending: set[int] = set()  # generations being stopped on purpose (or restarted after a crash)
        self.restarts = 0
        self.timeouts = 0
        self.crashes = CrashLedger()
        self.last_crash: dict | None = None
        self._process = None
        self._connection = None
        self._query_socket = None  # (generation, the web end of the query channel), until a loop opens it
        self._written = 0  # writes sent so far: the key of the kept `stats`
        self._stats: tuple[int, float, dict] | None = None
        self._stats_lock = threading.Lock()
        self._client: channel.Client | None = None
        self._opening = None
        self._closed = False
        self._health: tuple[float, dict] = (0.0, {"graphs": None, "mirror": {"state": "unknown"}})
        self._renewing = False
        self.allocator = engine_allocator()  # preloaded into the engine process (None: the system's)
        self._start()
        self._renewing = True
        self._renew_health()  # the first reading, before anyone asks

    # -- life cycle --

    def _start(self) -> None:
        """Start an engine process and make it the current one. The wait for it holds no lock: requests
        meanwhile find the pipe closed and wait for the new generation (`_wait_for`)."""
        context = multiprocessing.get_context("spawn")
        parent, child = context.Pipe()
        queries_here, queries_there = context.Pipe()
        process = context.Process(target=_serve, args=(self.path, child, queries_there), name="itukg-engine",
                                  daemon=True)
        with _ENVIRON_LOCK:  # a spawned process takes this process's environment: set it for the start only
            before = os.environ.get("LD_PRELOAD")
            if self.allocator:
                os.environ["LD_PRELOAD"] = " ".join(filter(None, (self.allocator, before)))
            try:
                process.start()
            finally:
                if before is None:
                    os.environ.pop("LD_PRELOAD", None)
                else:
                    os.environ["LD_PRELOAD"] = before
        child.close()
        queries_there.close()
        if not parent.poll(120):
            process.kill()
            raise EngineUnavailableError("the engine process did not start within 120 s.")
        try:
            _, status, detail = parent.recv()
        except (EOFError, OSError):
            process.join(5)
            raise EngineUnavailableError(f"the engine process ended while starting (exit code {process.exitcode}).") from None
        if status != "ready":
            process.join(5)
            raise _ERRORS.get(detail[0], StoreError)(detail[1])
        with self._lock:
            self._process, self._connection = process, parent
            self._generation += 1
            generation = self._generation
            self._query_socket = (generation, channel.detach(queries_here))
        threading.Thread(target=self._read, args=(parent, generation), name="itukg-engine-reader",
                         daemon=True).start()

    def _read(self, connection, generation: int) -> None:
        while True:
            try:
                request_id, status, payload = connection.recv()
            except (EOFError, OSError):
                break
            with self._lock:
                future, _ = self._pending.pop(request_id, (None, None))
            if future is None or future.done():
                continue
            if status == "ok":
                future.set_result(payload)
            else:
                future.set_exception(_error(payload))
        with self._lock:  # the process ended: whatever was still waiting on it is answered
            lost = [future for future, sent_to in self._pending.values() if sent_to == generation]
            self._pending = {i: p for i, p in self._pending.items() if p[1] != generation}
            crashed = generation == self._generation and generation not in self._ending and not self._closed
            if crashed:
                self._ending.add(generation)
                process = self._process
        if crashed:
            process.join(10)
            self.last_crash = {"exit_code": process.exitcode, "at": time.time(), "generation": generation}
            self.crashes.crashed(generation)
        for future in lost:
            if not future.done():
                future.set_exception(_Restarted(crashed))
        if crashed:
            self._replace(generation, kill=False)

    def _kill_and_restart(self, generation: int, *, wait_for_writes: bool = True) -> None:
        with self._lock:
            if generation != self._generation or generation in self._ending or self._closed:
                return  # someone else already restarted it
            self._ending.add(generation)
        deadline = time.monotonic() + (WRITE_WAIT_S if wait_for_writes else 0)
        while self._writes and time.monotonic() < deadline:  # let the writes in flight finish, a while
            time.sleep(0.01)
        self._replace(generation, kill=True)

    def _replace(self, generation: int, *, kill: bool) -> None:
        """Stop the process of `generation` (already marked as ending) and start the next one."""
        with self._lock:
            process, connection = self._process, self._connection
        if kill:
            process.kill()
        process.join(10)
        connection.close()
        self.restarts += 1
        while not self._closed:
            try:
                self._start()
                return
            except ItukgError:  # tried again: requests meanwhile wait, then get 503
                time.sleep(1)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            if self._connection is not None:
                self._connection.close()
            if self._query_socket is not None and self._query_socket[1] is not None:  # no event loop took it
                self._query_socket[1].close()
                self._query_socket = None
            process = self._process
        if process is not None:
            process.join(10)
            if process.is_alive():
                process.kill()

    # -- calls --

    def _send(self, op: str, args: dict) -> tuple[int, int, Future]:
        """Send one request on the control pipe: (its id, the engine's generation, the future of its answer).
        `_Unsent` if the pipe is closed (the engine is restarting)."""
        future: Future = Future()
        request_id = next(self._ids)
        with self._lock:
            generation = self._generation
            self._pending[request_id] = (future, generation)
            connection = self._connection
        try:
            with self._send_lock:
                connection.send((request_id, op, args))
        except (BrokenPipeError, OSError):
            with self._lock:
                self._pending.pop(request_id, None)
            raise _Unsent(generation) from None
        return request_id, generation, future

    def _refuse_crashed(self, key: bytes | None) -> None:
        """`CrashedQueryError` for a query that crashed the engine lately."""
        wait = self.crashes.refused_for(key) if key is not None else 0.0
        if wait:
            raise CrashedQueryError(
                "this query made the SPARQL engine (pyoxigraph) crash lately; the engine was started again, and "
                f"the same query is refused for {wait:.0f} s more, so that it cannot stop the service in a loop. "
                "The crash is a fault of the engine, not of the query: a different ORDER BY or a FILTER on the "
                "kinds of terms compared often avoids it.", wait)

    def _crashed(self, key: bytes | None) -> EngineCrashedError:
        code = (self.last_crash or {}).get("exit_code")
        refused = self.crashes.refused_for(key) if key is not None else 0.0
        then = (f"This query is taken for the cause and refused for the next {refused:.0f} s, so that it cannot "
                "stop the service in a loop; a different ORDER BY, or a FILTER on the kinds of terms it compares, "
                "often avoids the fault." if refused else "Try again.")
        return EngineCrashedError(
            f"the SPARQL engine (pyoxigraph) crashed while running this request (exit code {code}) and was "
            f"started again at once; nothing this request would have written was kept. {then}")

    def _call(self, op: str, *, timeout: float | None, write: bool = False, retry: bool = True,
              key: bytes | None = None, patience: float | None = None, **args):
        """Send `op` and wait for its answer: up to `timeout` (then the engine is killed: the request ran too
        long), or up to `patience` (then only this caller gives up: EngineUnavailableError)."""
        self._refuse_crashed(key)
        while True:
            if write:
                with self._lock:
                    self._writes += 1
            generation = counted = None
            try:
                request_id, generation, future = self._send(op, args)
                if key is not None:
                    self.crashes.started(generation, key)
                    counted = generation
                return future.result(timeout=timeout or patience)
            except _Unsent as unsent:
                if not retry:
                    raise EngineUnavailableError("the engine is restarting; try again.") from None
                generation = unsent.generation
            except FutureTimeout:
                if timeout is None:
                    with self._lock:
                        self._pending.pop(request_id, None)
                    raise EngineUnavailableError("the engine is busy; try again.") from None
                raise self._timed_out(request_id, generation, timeout, write=write) from None
            except _Restarted as restarted:
                if write:
                    raise (self._crashed(None) if restarted.crashed else EngineUnavailableError(
                        "the engine restarted while this write ran, and the write was undone; send it again.")) from None
                if restarted.crashed and (not retry or self.crashes.refused_for(key or b"")):
                    raise self._crashed(key) from None
                if not retry:
                    raise EngineUnavailableError("the engine restarted while this request ran; try again.") from None
            finally:
                if counted is not None:
                    self.crashes.finished(counted, key)
                if write:
                    with self._lock:
                        self._writes -= 1
                        self._written += 1  # kept stats are out of date, whether the write took or not
            retry = False
            self._wait_for(generation)

    async def _acall(self, op: str, *, timeout: float | None, key: bytes | None = None, **args):
        """`_call` for reads, awaited on the event loop: no worker thread is held while the engine works."""
        import asyncio

        retry = True
        while True:
            generation = counted = None
            try:
                request_id, generation, future = self._send(op, args)
                if key is not None:
                    self.crashes.started(generation, key)
                    counted = generation
                return await asyncio.wait_for(asyncio.wrap_future(future), timeout)
            except _Unsent as unsent:
                if not retry:
                    raise EngineUnavailableError("the engine is restarting; try again.") from None
                generation = unsent.generation
            except asyncio.TimeoutError:
                raise self._timed_out(request_id, generation, timeout) from None
            except _Restarted as restarted:
                if restarted.crashed and (not retry or self.crashes.refused_for(key or b"")):
                    raise self._crashed(key) from None
                if not retry:
                    raise EngineUnavailableError("the engine restarted while this request ran; try again.") from None
            finally:
                if counted is not None:
                    self.crashes.finished(counted, key)
            retry = False
            await asyncio.to_thread(self._wait_for, generation)

    async def aquery(self, sparql: str, *, results: tuple | None, rdf: tuple | None, default_graph=None,
                     named_graphs=None, timeout: float | None = None, base_iri: str | None = None,
                     dataset: bool = False, blame: bool = True) -> Answer:
        """`query`, awaited on the event loop, over the query channel; `blame`=False leaves it out of the
        ledger of crashes (a lookup, a named query: neither can be the cause)."""
        import asyncio

        args = {"sparql": sparql, "default_graph": default_graph, "named_graphs": named_graphs,
                "results": results, "rdf": rdf, "max_bytes": self.max_bytes, "base_iri": base_iri,
                "dataset": dataset}
        timeout = timeout or self.timeout_s
        key = self.crashes.key(sparql) if blame else None
        self._refuse_crashed(key)
        retry = True
        while True:
            client = await self._query_client()
            if client is None:  # another event loop holds the channel: use the control pipe
                return await self._acall("query", timeout=timeout, key=key, **args)
            generation = client.generation
            if key is not None:
                self.crashes.started(generation, key)
            try:
                request_id, future = client.send("query", args)
                timer = client.loop.call_later(timeout, channel.expire, future)
                try:
                    status, payload = await future
                finally:
                    timer.cancel()
            except channel.Expired:
                client.forget(request_id)
                raise self._timed_out(None, generation, timeout) from None
            except channel.Closed:
                await asyncio.to_thread(self._wait_for, generation)  # the reader knows by then if it crashed
                if (key is not None and self.crashes.refused_for(key)) or (not retry and self._crashed_at(generation)):
                    raise self._crashed(key) from None
                if not retry:
                    raise EngineUnavailableError("the engine restarted while this request ran; try again.") from None
                retry = False
                continue
            finally:
                if key is not None:
                    self.crashes.finished(generation, key)
            if status == "ok":
                return payload
            raise _error(payload)

    def _crashed_at(self, generation: int) -> bool:
        """Whether the process of `generation` crashed (rather than being stopped after a time-out)."""
        crash = self.last_crash
        return crash is not None and crash.get("generation") == generation

    async def _query_client(self) -> channel.Client | None:
        """The query channel of the current engine process, opened on the running loop."""
        import asyncio

        loop = asyncio.get_running_loop()
        while True:
            client = self._client
            with self._lock:
                generation, sock = self._query_socket or (None, None)
            if client is not None and client.generation == generation and client.open_:
                return client if client.loop is loop else None
            if client is not None and client.loop is not loop:
                return None
            if self._opening is not None:  # another request of this loop is opening it
                await asyncio.shield(self._opening)
                continue
            if sock is None:
                return None
            self._opening = loop.create_future()
            try:
                with self._lock:
                    if self._query_socket is not None and self._query_socket[0] == generation:
                        self._query_socket = (generation, None)  # taken: asyncio owns it now
                if client is not None:
                    client.close()
                self._client = await channel.Client.open(sock, generation)
            finally:
                self._opening.set_result(None)
                self._opening = None

    def _timed_out(self, request_id: int | None, generation: int, timeout: float, *,
                   write: bool = False) -> QueryTimeoutError:
        """Forget the request, kill and restart the engine in the background, and say why."""
        with self._lock:
            self._pending.pop(request_id, None)
        self.timeouts += 1
        threading.Thread(target=self._kill_and_restart, args=(generation,), kwargs={"wait_for_writes": not write},
                         daemon=True).start()
        if write:
            return QueryTimeoutError(
                f"the write ran for more than the service's limit of {timeout:g} s for writes and was stopped; "
                "the engine put the store back as it was before it. Send smaller writes.")
        return QueryTimeoutError(
            f"the query ran for more than the service's time limit of {timeout:g} s and was stopped; "
            "narrow it (fewer joins, a LIMIT, bound IRIs) or run it on your own copy of the data.")

    def _wait_for(self, generation: int, limit: float = 60) -> None:
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            with self._lock:
                if self._generation != generation:
                    return
            time.sleep(0.01)
        raise EngineUnavailableError("the engine did not come back after a restart.")

    def query(self, sparql: str, *, results: tuple | None, rdf: tuple | None, default_graph=None,
              named_graphs=None, timeout: float | None = None, base_iri: str | None = None,
              dataset: bool = False) -> Answer:
        """Run a query; `results` and `rdf` are (media type to answer with, the pyoxigraph format's own media
        type) for solutions/booleans and for graphs, None when the client accepts none; `dataset` says the
        query names its own dataset (FROM / FROM NAMED), which then replaces the union default graph."""
        return self._call("query", timeout=timeout or self.timeout_s, key=self.crashes.key(sparql), sparql=sparql,
                          default_graph=default_graph, named_graphs=named_graphs, results=results, rdf=rdf,
                          max_bytes=self.max_bytes, base_iri=base_iri, dataset=dataset)

    def graph(self, graph: str | None, rdf: tuple) -> Answer | None:
        return self._call("graph", timeout=self.timeout_s, graph=graph, rdf=rdf, max_bytes=self.max_bytes)

    def stats(self) -> dict:
        """Quads per named graph and in all: counting takes seconds on a large store, so the answer is kept
        until this service writes, or for `STATS_MAX_AGE_S` (other writers of a remote engine), and one
        caller counts while the others wait for its answer."""
        with self._stats_lock:
            kept = self._stats
            if kept is not None and kept[0] == self._written and time.monotonic() - kept[1] < STATS_MAX_AGE_S:
                return kept[2]
            written = self._written
            stats = self._call("stats", timeout=self.timeout_s)
            self._stats = (written, time.monotonic(), stats)
            return stats

    def graph_count(self) -> int:
        """The number of named graphs: cheap, for /health."""
        return self._call("graph_count", timeout=self.timeout_s)

    def health(self) -> dict:
        """The engine's state as last seen, at once: this never waits on the engine process. A reading older
        than `HEALTH_MAX_AGE_S` is renewed in the background (while the old one is answered)."""
        with self._lock:
            seen, state = self._health
            renew = time.monotonic() - seen > HEALTH_MAX_AGE_S and not self._renewing
            self._renewing |= renew
            generation, pending = self._generation, len(self._pending)
        if renew:
            threading.Thread(target=self._renew_health, name="itukg-engine-health", daemon=True).start()
        up = generation in self._live_generations()
        process = self._process
        return {**state, "engine": "up" if up else "restarting", "generation": generation,
                "pid": process.pid if process is not None else None,
                "restarts": self.restarts, "crashes": self.crashes.crashes, "pending": pending,
                "age_s": round(time.monotonic() - seen, 3) if seen else None}

    def _live_generations(self) -> set[int]:
        with self._lock:
            return set() if self._generation in self._ending or self._closed else {self._generation}

    def _renew_health(self) -> None:
        try:
            state = {"graphs": self._call("graph_count", timeout=None, patience=HEALTH_PATIENCE_S),
                     "mirror": self._call("mirror", timeout=None, patience=HEALTH_PATIENCE_S)}
            with self._lock:
                self._health = (time.monotonic(), state)
        except ItukgError:
            pass  # the last reading stays, and its age says how old it is
        finally:
            with self._lock:
                self._renewing = False

    def mirror(self) -> dict:
        """The state of the engine's in-memory mirror of the store: ready, building, off (and why) or none."""
        return self._call("mirror", timeout=self.timeout_s)

    def update(self, sparql: str, *, graphs, default_graph: bool, all_graphs: bool, base_iri=None) -> dict:
        return self._call("update", timeout=self.write_timeout_s, write=True, sparql=sparql, graphs=sorted(graphs),
                          default_graph=default_graph, all_graphs=all_graphs, base_iri=base_iri)

    def write_graph(self, graph: str | None, ntriples: str | None, *, replace: bool) -> dict:
        return self._call("write_graph", timeout=self.write_timeout_s, write=True, graph=graph, ntriples=ntriples, replace=replace)

    def replace_graphs(self, graphs: dict[str, str]) -> dict:
        return self._call("replace_graphs", timeout=self.write_timeout_s, write=True, graphs=graphs)

    def correct(self, report_graph: str, text: str | None, name: str) -> dict:
        """Curators' corrections of a stored report (`_Worker.correct`): {"warnings", "notes", "added",
        "retracted"}."""
        return self._call("correct", timeout=self.write_timeout_s, write=True, report_graph=report_graph, text=text,
                          name=name)


def _error(payload) -> ItukgError:
    """The exception an error answer of the engine stands for."""
    name, message, findings = payload
    error = _ERRORS.get(name, StoreError)
    return error(message, findings) if error is ValidationError else error(message)


class _Restarted(Exception):
    """The engine process ended while a request was waiting on it (`crashed`: on its own)."""

    def __init__(self, crashed: bool = False):
        super().__init__(crashed)
        self.crashed = crashed


class _Unsent(Exception):
    """A request could not be sent: the engine's pipe is closed (it is restarting)."""

    def __init__(self, generation: int):
        super().__init__(generation)
        self.generation = generation


__all__ = ["Engine", "Answer", "QueryTimeoutError", "ResultTooLargeError", "NotAcceptableError",
           "ProtectedGraphError", "EngineUnavailableError", "EngineCrashedError", "CrashedQueryError",
           "PROTECTED_GRAPHS"]
