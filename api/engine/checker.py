"""The guard in processes of its own: every query and update text the service is sent is parsed there.

`guard` decides on rdflib's parse tree, and rdflib's parser is pure Python: about 1.5 ms for a lookup,
4 s for a million characters, and it is not safe to use from several threads. Run in the web process it
held the GIL (and a global lock) while every other request waited: a 0.9 MB query froze the service for
43 s. Here each text is parsed in a child process, with a time limit of its own (the process is killed and
started again when it is over), so the web process's event loop and threads only wait on a pipe.

Two lanes, each one process parsing one text at a time: texts up to `SHORT_CHARS` characters (every
ordinary query) and longer ones, so that a long text never holds up a lookup. What the guard answered is
kept per text (the latest `CACHE_SIZE` texts of up to `SHORT_CHARS` characters), so a text seen before costs a
dictionary lookup. The child processes cannot open internet sockets (`sandbox.deny_network`).

    QueryError            the guard refused the text (400)
    TextTooLongError      longer than the guard parses (413)
    QueryTimeoutError     the parse ran past its time limit (503)
    EngineUnavailableError a lane could not be started, or is too busy to take the text in time (503)
"""

from __future__ import annotations

import asyncio
import multiprocessing
import queue
import threading
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout

from ...loader.errors import QueryError
from . import guard, sandbox
from ..store.errors import QueryTimeoutError
from .errors import EngineUnavailableError, TextTooLongError

SHORT_CHARS = 20_000
CACHE_SIZE = 4096
PARSE_TIMEOUT_S = 10.0  # a million characters parse in about 4 s
_ERRORS = {"QueryError": QueryError, "TextTooLongError": TextTooLongError}


def _serve(connection) -> None:
    """A lane's process: texts in, plans or refusals out, one at a time."""
    try:
        sandbox.deny_network()
    except OSError:
        pass  # parsing reaches nothing anyway: the filter here is only a second belt
    guard.check_query("ASK {}")  # prepare the grammar before saying ready
    connection.send("ready")
    while True:
        try:
            kind, text, base_iri = connection.recv()
        except (EOFError, OSError):
            return
        try:
            plan = guard.check_query(text) if kind == "query" else guard.check_update(text, base_iri=base_iri)
            connection.send(("ok", plan))
        except QueryError as exc:
            connection.send(("refused", (type(exc).__name__, str(exc))))


class _Lane:
    """One parsing process and the thread that feeds it, one text at a time, each within the time limit."""

    def __init__(self, name: str, timeout_s: float, *, eager: bool):
        self.name, self.timeout_s, self.eager = name, timeout_s, eager
        self.jobs: queue.SimpleQueue = queue.SimpleQueue()
        self.process = self.connection = None
        self.restarts = 0
        threading.Thread(target=self._feed, name=f"itukg-checker-{name}", daemon=True).start()

    def submit(self, kind: str, text: str, base_iri: str | None) -> Future:
        future: Future = Future()
        self.jobs.put((future, kind, text, base_iri))
        return future

    def _start(self) -> None:
        context = multiprocessing.get_context("spawn")
        here, there = context.Pipe()
        process = context.Process(target=_serve, args=(there,), name=f"itukg-checker-{self.name}", daemon=True)
        process.start()
        there.close()
        if not here.poll(60) or here.recv() != "ready":
            process.kill()
            raise EngineUnavailableError("the query checker did not start within 60 s.")
        self.process, self.connection = process, here

    def _stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.join(5)
            self.connection.close()
        self.process = self.connection = None

    def _feed(self) -> None:
        try:
            if self.eager:
                self._start()  # at once, so that the first text does not wait for the process
        except EngineUnavailableError:
            self._stop()  # tried again with the first text
        while True:
            future, kind, text, base_iri = self.jobs.get()
            if future is None:
                self._stop()
                return
            if not future.set_running_or_notify_cancel():
                continue  # its caller stopped waiting
            try:
                future.set_result(self._check(kind, text, base_iri))
            except BaseException as exc:  # noqa: BLE001 - handed to the caller
                future.set_exception(exc)

    def _check(self, kind: str, text: str, base_iri: str | None):
        for attempt in (1, 2):  # a lane that died between texts is started again once
            if self.process is None or not self.process.is_alive():
                self._stop()
                self._start()
            try:
                self.connection.send((kind, text, base_iri))
                if self.connection.poll(self.timeout_s):
                    return self.connection.recv()
            except (EOFError, OSError):
                if attempt == 2:
                    raise EngineUnavailableError("the query checker stopped while reading this text.") from None
                continue
            self._stop()  # over its time: killed, started again for the next text
            self.restarts += 1
            raise QueryTimeoutError(
                f"the query text could not be analysed within the service's limit of {self.timeout_s:g} s, so "
                "it was not run; shorten it (a long VALUES block into several queries, say).")
        raise AssertionError("unreachable")

    def close(self) -> None:
        self.jobs.put((None, None, None, None))


class Checker:
    """The guard's verdicts for the web process: `check_query` / `check_update` from threads,
    `acheck_query` from the event loop. Thread-safe."""

    def __init__(self, *, timeout_s: float = PARSE_TIMEOUT_S):
        self.timeout_s = timeout_s
        # the long lane's process is started with the first long text (most services never see one)
        self._lanes = {"short": _Lane("short", timeout_s, eager=True), "long": _Lane("long", timeout_s, eager=False)}
        self._cache: dict[tuple, tuple] = {}
        self._lock = threading.Lock()

    @property
    def restarts(self) -> int:
        return sum(lane.restarts for lane in self._lanes.values())

    def check_query(self, text: str) -> guard.QueryPlan:
        asked = self._ask("query", text, None)
        return _plan(asked if isinstance(asked, tuple) else self._keep(self._wait(asked), "query", text, None))

    def check_update(self, text: str, *, base_iri: str | None = None) -> guard.UpdatePlan:
        asked = self._ask("update", text, base_iri)
        return _plan(asked if isinstance(asked, tuple) else self._keep(self._wait(asked), "update", text, base_iri))

    async def acheck_query(self, text: str) -> guard.QueryPlan:
        asked = self._ask("query", text, None)
        return _plan(asked if isinstance(asked, tuple) else self._keep(await self._await(asked), "query", text, None))

    # -- the way of one text --

    def _ask(self, kind: str, text, base_iri):
        """A kept verdict (a tuple), or the future of one."""
        if not isinstance(text, str):
            raise QueryError("The SPARQL text must be a string.")
        if base_iri is not None and not isinstance(base_iri, str):
            raise QueryError("The base IRI must be text.")
        if len(text) > guard.MAX_TEXT_CHARS:
            guard.check_query(text)  # raises TextTooLongError, without a parse
        kept = self._cache.get((kind, text, base_iri))  # a dict read needs no lock
        if kept is not None:
            return kept
        return self._lanes["short" if len(text) <= SHORT_CHARS else "long"].submit(kind, text, base_iri)

    def _wait(self, future: Future) -> tuple:
        try:
            return future.result(timeout=self._patience())
        except FutureTimeout:
            future.cancel()
            raise self._busy() from None

    async def _await(self, future: Future) -> tuple:
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), self._patience())
        except asyncio.TimeoutError:
            future.cancel()
            raise self._busy() from None

    def _patience(self) -> float:
        return 3 * self.timeout_s  # its own parse, and texts ahead of it in the lane

    def _busy(self) -> EngineUnavailableError:
        return EngineUnavailableError("the query checker is busy with other long texts; try again shortly.")

    def _keep(self, answer: tuple, kind: str, text: str, base_iri) -> tuple:
        if len(text) <= SHORT_CHARS:
            with self._lock:  # the oldest verdict goes first
                self._cache[(kind, text, base_iri)] = answer
                while len(self._cache) > CACHE_SIZE:
                    del self._cache[next(iter(self._cache))]
        return answer

    def close(self) -> None:
        for lane in self._lanes.values():
            lane.close()


def _plan(answer: tuple):
    """The plan of a verdict, or the refusal raised."""
    status, detail = answer
    if status == "ok":
        return detail
    name, message = detail
    raise _ERRORS.get(name, QueryError)(message)


__all__ = ["Checker", "SHORT_CHARS", "CACHE_SIZE", "PARSE_TIMEOUT_S"]
