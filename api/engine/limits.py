"""Limits that keep one client from taking the service: the body cap, the time-out budget, admission of
concurrent queries, and the ledger of queries that crashed the engine."""

from __future__ import annotations

import asyncio
import collections
import hashlib
import threading
import time


class BodyLimit:
    """ASGI middleware: 413 for a body over `max_bytes`, by Content-Length up front or while reading."""

    def __init__(self, app, *, max_bytes: int):
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                try:
                    too_big = int(value) > self.max_bytes
                except ValueError:
                    too_big = False
                if too_big:
                    return await self._refuse(send)
        received = 0

        async def limited_receive():
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise _TooLarge()
            return message

        try:
            await self.app(scope, limited_receive, send)
        except _TooLarge:
            await self._refuse(send)

    async def _refuse(self, send):
        body = f"the request body is larger than the service's limit of {self.max_bytes} bytes.\n".encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                                (b"content-length", str(len(body)).encode()), (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})


class _TooLarge(Exception):
    pass




class TimeoutBudget:
    """How many of a client's SPARQL queries may run into the time limit in a window (`ITUKG_TIMEOUT_BUDGET`,
    default 3 in 600 s) before its next ones are refused (429) until the oldest leaves the window.

    A query that runs past the time limit costs the service the limit's CPU and a restart of the engine
    process, which then rebuilds its in-memory mirror of the store (decision 46: 57 s of two cores on
    10,000 reports); without a budget, one client sending runaway queries would keep every query on the
    disk store. The client is the address uvicorn reports (behind a proxy on the same host, the
    X-Forwarded-For client it trusts). Thread-safe; at most `MAX_CLIENTS` clients are remembered."""

    MAX_CLIENTS = 10_000

    def __init__(self, allowed: int, window_s: float, *, clock=None):
        self.allowed, self.window_s = allowed, window_s
        self._clock = clock or time.monotonic
        self._lock = threading.Lock()
        self._times: dict[str, list[float]] = {}

    def record(self, client: str | None) -> None:
        """Note that one of this client's queries ran into the time limit."""
        if client is None:
            return
        now = self._clock()
        with self._lock:
            times = [t for t in self._times.pop(client, []) if now - t < self.window_s] + [now]
            self._times[client] = times[-self.allowed:]  # the newest, most recently used last
            while len(self._times) > self.MAX_CLIENTS:
                self._times.pop(next(iter(self._times)))

    def wait_s(self, client: str | None) -> float:
        """Seconds before this client's next query is accepted (0: now)."""
        if client is None:
            return 0.0
        now = self._clock()
        with self._lock:
            times = [t for t in self._times.get(client, ()) if now - t < self.window_s]
            if len(times) < self.allowed:
                return 0.0
            return max(0.0, times[-self.allowed] + self.window_s - now)

    def refusal(self, client: str | None) -> str | None:
        """The message of a 429 for this client, or None when its query may run."""
        wait = self.wait_s(client)
        if not wait:
            return None
        return (f"{self.allowed} of this client's queries ran past the service's time limit in the last "
                f"{self.window_s:g} s, so its queries are refused for {wait:.0f} s more (ITUKG_TIMEOUT_BUDGET); "
                "narrow them (fewer joins, a LIMIT, bound IRIs) before trying again.")


class CrashLedger:
    """Which queries were running when the engine process crashed, and which are refused for a while.

    pyoxigraph 0.5.13 can abort its whole process (a Rust panic in ORDER BY's sort, issue 14). The engine is
    started again at once; the query that crashed it must not be able to do it again in a loop. A query
    alone in flight at a crash is the cause; among several, each is suspected once, and a query suspected
    at two crashes is the cause (the others are sent again once, on the new process, and a cause that is
    sent again crashes it again). A cause is refused for `refuse_s` seconds. Thread-safe."""

    MAX_KEPT = 10_000

    def __init__(self, *, refuse_s: float = 600.0, clock=time.monotonic):
        self.refuse_s, self._clock = refuse_s, clock
        self._lock = threading.Lock()
        self._running: dict[int, collections.Counter] = {}  # engine generation -> keys in flight
        self._suspected: collections.Counter = collections.Counter()
        self._refused: dict[bytes, float] = {}  # key -> until
        self.crashes = 0

    @staticmethod
    def key(sparql: str) -> bytes:
        return hashlib.blake2b(sparql.encode("utf-8", "surrogatepass"), digest_size=16).digest()

    def started(self, generation: int, key: bytes) -> None:
        with self._lock:
            self._running.setdefault(generation, collections.Counter())[key] += 1

    def finished(self, generation: int, key: bytes) -> None:
        with self._lock:
            running = self._running.get(generation)
            if running is not None:
                running[key] -= 1
                if running[key] <= 0:
                    del running[key]

    def crashed(self, generation: int) -> None:
        """The engine process of `generation` crashed: blame what ran on it."""
        with self._lock:
            self.crashes += 1
            running = self._running.pop(generation, collections.Counter())
            until = self._clock() + self.refuse_s
            for key in running:
                self._suspected[key] += 1
                if len(running) == 1 or self._suspected[key] >= 2:
                    self._refused[key] = until
                    del self._suspected[key]
            for kept in (self._suspected, self._refused):
                while len(kept) > self.MAX_KEPT:
                    kept.pop(next(iter(kept)))

    def refused_for(self, key: bytes) -> float:
        """Seconds this query is still refused for (0: it may run)."""
        with self._lock:
            until = self._refused.get(key)
            if until is None:
                return 0.0
            left = until - self._clock()
            if left <= 0:
                del self._refused[key]
                return 0.0
            return left


class Admission:
    """How many of the clients' own SPARQL queries run at once: at most `per_client` of one client and
    `total` in all (`ITUKG_QUERY_SLOTS`, default 4/6, below the engine's 8 threads so that pages, named
    queries and lookups of others always find one). A query over either bound waits in line up to
    `wait_s`, then is refused (503 with Retry-After). For the event loop's coroutines only."""

    def __init__(self, per_client: int, total: int, *, wait_s: float = 10.0):
        self.per_client, self.total, self.wait_s = per_client, total, wait_s
        self._running: collections.Counter = collections.Counter()
        self._all = 0
        self._waiting: collections.deque = collections.deque()
        self.refused = 0

    def _free(self, client) -> bool:
        return self._all < self.total and self._running[client] < self.per_client

    async def enter(self, client) -> None:
        if self._free(client):  # those in line wait for their own client's slot (or for the total, full now)
            self._take(client)
            return
        future = asyncio.get_running_loop().create_future()
        entry = (client, future)
        self._waiting.append(entry)
        try:
            await asyncio.wait_for(asyncio.shield(future), self.wait_s)
        except asyncio.TimeoutError:
            if future.done() and not future.cancelled():  # admitted just as the wait ended
                return
            self._waiting.remove(entry)
            self.refused += 1
            raise AdmissionRefused(self.wait_s) from None
        except BaseException:
            if future.done() and not future.cancelled():
                self.leave(client)
            elif entry in self._waiting:
                self._waiting.remove(entry)
            raise

    def _take(self, client) -> None:
        self._running[client] += 1
        self._all += 1

    def leave(self, client) -> None:
        self._running[client] -= 1
        if self._running[client] <= 0:
            del self._running[client]
        self._all -= 1
        for entry in list(self._waiting):  # in order, skipping clients at their own bound
            waiting_client, future = entry
            if not self._free(waiting_client):
                if self._all >= self.total:
                    break
                continue
            self._waiting.remove(entry)
            if not future.done():
                self._take(waiting_client)
                future.set_result(None)


class AdmissionRefused(Exception):
    """Too many queries running and waiting; carries how long the query waited."""

    def __init__(self, waited_s: float):
        super().__init__(waited_s)
        self.waited_s = waited_s


__all__ = ["BodyLimit", "TimeoutBudget", "CrashLedger", "Admission", "AdmissionRefused"]
