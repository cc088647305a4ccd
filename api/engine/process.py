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

What runs in the engine process is `worker.py`; this module is the web process's handle on it (`Engine`).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import multiprocessing
import os
import threading
import time
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout

from ...loader.errors import ItukgError, QueryError, ValidationError
from ..ingest.errors import CorrectionError, UnknownReportError
from ..store.errors import QueryTimeoutError, StoreError
from ..config import EngineSettings
from . import channel
from .errors import (CrashedQueryError, EngineCrashedError, EngineUnavailableError, NotAcceptableError,
                     ProtectedGraphError, ResultTooLargeError)
from .limits import CrashLedger
from .worker import Answer, serve

_RESULTS_JSON = ("application/sparql-results+json", "application/sparql-results+json")
_ERRORS = {cls.__name__: cls for cls in (QueryError, StoreError, ValidationError, QueryTimeoutError,
                                          ResultTooLargeError, NotAcceptableError, ProtectedGraphError,
                                          EngineUnavailableError, CorrectionError, UnknownReportError)}
HEALTH_MAX_AGE_S = 0.25  # how old a reading of the engine's state /health answers may be before it is renewed
HEALTH_PATIENCE_S = 5.0  # how long a renewal waits for the engine (without ever killing it)
WRITE_WAIT_S = 5.0  # how long a kill after a time-out waits for the writes in flight to finish
STATS_MAX_AGE_S = 60.0  # how long `Engine.stats` keeps its answer when this service has not written
_JEMALLOC = tuple(f"{lib}/libjemalloc.so.2" for lib in (
    "/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib", "/usr/local/lib"))
_ENVIRON_LOCK = threading.Lock()


def engine_allocator(chosen: str | None = None) -> str | None:
    """The allocator library the engine process preloads (`chosen`, else `ITUKG_ENGINE_ALLOCATOR`: jemalloc,
    system or a library's path), or None for the system's. Raises `EngineUnavailableError` for a path that is
    not there."""
    chosen = chosen or EngineSettings.from_env().allocator
    if chosen == "system":
        return None
    if chosen == "jemalloc":
        return next((path for path in _JEMALLOC if os.path.isfile(path)), None)
    if not os.path.isfile(chosen):
        raise EngineUnavailableError(f"ITUKG_ENGINE_ALLOCATOR={chosen}: no such file; give jemalloc, system, "
                                     "or the path of an allocator library.")
    return chosen



class Engine:
    """The web process's handle on the engine process. Thread-safe; every call blocks.

    The engine process is started again at once when it ends unexpectedly (a crash: pyoxigraph can abort
    its process) as when a time-out kills it. Requests in flight on a process that ended are always
    answered: reads are sent again once on the new process, unless they are the crash's cause
    (`limits.CrashLedger`, refused for a while: `CrashedQueryError`); writes are answered
    `EngineCrashedError` or `EngineUnavailableError` (the undo journal put the store back as it was)."""

    def __init__(self, path: str | None, *, timeout_s: float = 30.0, max_bytes: int = 64 * 1024 * 1024,
                 write_timeout_s: float | None = None, settings: EngineSettings | None = None):
        self.path = str(path) if path is not None else None
        self.settings = settings or EngineSettings.from_env()  # what the engine process is started with
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
        # preloaded into the engine process (None: the system's)
        self.allocator = engine_allocator(self.settings.allocator)
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
        process = context.Process(target=serve, args=(self.path, self.settings, child, queries_there),
                                  name="itukg-engine", daemon=True)
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
            raise EngineUnavailableError(
                f"the engine process ended while starting (exit code {process.exitcode}).") from None
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
                    undone = "the engine restarted while this write ran, and the write was undone; send it again."
                    raise (self._crashed(None) if restarted.crashed else EngineUnavailableError(undone)) from None
                self._after_restart(restarted, retry, key)
            finally:
                if counted is not None:
                    self.crashes.finished(counted, key)
                if write:
                    with self._lock:
                        self._writes -= 1
                        self._written += 1  # kept stats are out of date, whether the write took or not
            retry = False
            self._wait_for(generation)

    def _after_restart(self, restarted: "_Restarted", retry: bool, key: bytes | None) -> None:
        """A read the engine restarted under: sent again once (return), unless it is the one to blame for a crash
        or was already sent again (raise)."""
        if restarted.crashed and (not retry or self.crashes.refused_for(key or b"")):
            raise self._crashed(key) from None
        if not retry:
            raise EngineUnavailableError("the engine restarted while this request ran; try again.") from None

    async def _acall(self, op: str, *, timeout: float | None, key: bytes | None = None, **args):
        """`_call` for reads, awaited on the event loop: no worker thread is held while the engine works."""
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
                self._after_restart(restarted, retry, key)
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

    def select(self, sparql: str) -> list[dict[str, str]]:
        """The rows of a SELECT as {variable: lexical value} (the store layer's `Reader`: what search reads)."""
        data = json.loads(self.query(sparql, results=_RESULTS_JSON, rdf=None).body)
        return [{k: v["value"] for k, v in row.items()} for row in data["results"]["bindings"]]

    @property
    def written(self) -> int:
        """The writes sent to the engine so far, whatever their outcome (a write cut off by a restart may still
        have landed): the service's search index is rebuilt when this has moved since it was built."""
        return self._written

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
        return self._call("write_graph", timeout=self.write_timeout_s, write=True, graph=graph, ntriples=ntriples,
                          replace=replace)

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


__all__ = ["Engine", "engine_allocator"]
