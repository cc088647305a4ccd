"""A cap on request bodies, enforced while the body streams in (Starlette has none by default)."""

from __future__ import annotations


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
        import threading
        import time

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


__all__ = ["BodyLimit", "TimeoutBudget"]
