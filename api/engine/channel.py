"""The query channel between the web process and the engine process.

Queries awaited on the web process's event loop travel on their own Unix socket pair, in length-prefixed
pickled frames. On the web side the socket is an asyncio protocol: an answer resolves its future in the
loop's own thread, with no reader thread and no cross-thread wake-up. On the engine side one thread reads
the frames; a lookup (a SELECT of one triple pattern with an IRI subject, or a DESCRIBE of one IRI,
whose cost is bounded by that IRI's degree) is answered by that thread at once, and its answer sent at
once, anything else by the engine's thread pool. The time limit is unchanged: the web side waits with a
deadline, and a query past it gets the engine killed and restarted (see `engine.Engine`).

Everything else (blocking calls from worker threads, writes) keeps the engine's control pipe.
"""

from __future__ import annotations

import asyncio
import os
import pickle
import re
import socket
import struct
import threading
from collections.abc import Callable

FRAME = struct.Struct("!I")
_PROTOCOL = pickle.HIGHEST_PROTOCOL

# Queries the engine answers in the reading thread: bounded by one IRI's degree, so they never hold up
# the frames behind them for long. Anything that does not match exactly goes to the pool.
_IRI = r"<[^<>\"{}|^`\\\x00-\x20]*>"
_VAR = r"[?$][A-Za-z_][A-Za-z0-9_]*"
_LOOKUP = re.compile(
    rf"\s*(?:SELECT\s+(?:(?:{_VAR})\s*)+WHERE\s*\{{\s*{_IRI}\s+(?:{_VAR}|{_IRI})\s+{_VAR}\s*\.?\s*\}}"
    rf"|DESCRIBE\s+{_IRI})\s*(?:LIMIT\s+\d+\s*)?",
    re.IGNORECASE)


def is_lookup(sparql: str) -> bool:
    """True for the queries the engine answers without a thread hop.

    >>> is_lookup("SELECT ?p ?o WHERE { <https://w3id.org/itukg/state/BRA> ?p ?o }")
    True
    >>> is_lookup("SELECT ?s WHERE { ?s ?p ?o }")
    False
    """
    return len(sparql) < 2048 and _LOOKUP.fullmatch(sparql) is not None


def encode(message) -> bytes:
    body = pickle.dumps(message, _PROTOCOL)
    return FRAME.pack(len(body)) + body


def frames(buffer: bytearray):
    """Take every whole frame off the front of `buffer`, decoded."""
    start = 0
    size = len(buffer)
    while size - start >= FRAME.size:
        (length,) = FRAME.unpack_from(buffer, start)
        end = start + FRAME.size + length
        if end > size:
            break
        yield pickle.loads(memoryview(buffer)[start + FRAME.size:end])
        start = end
    del buffer[:start]


# ------------------------------------------------------------------------------------------ web side


class Closed(Exception):
    """The engine end of the channel went away (the engine was stopped or restarted)."""


class Expired(Exception):
    """The request's time ran out (`expire`)."""


def expire(future: asyncio.Future) -> None:
    """End a request whose time ran out: cheaper than `asyncio.wait_for`, which wraps it in a task."""
    if not future.done():
        future.set_exception(Expired())


class Client(asyncio.Protocol):
    """The web process's end, bound to the event loop that opened it."""

    def __init__(self, generation: int):
        self.generation = generation
        self.loop: asyncio.AbstractEventLoop | None = None
        self._transport: asyncio.Transport | None = None
        self._buffer = bytearray()
        self._pending: dict[int, asyncio.Future] = {}
        self._next = 0
        self._outbox: list[bytes] = []  # frames of this turn of the loop, written together (`_flush`)

    @classmethod
    async def open(cls, sock: socket.socket, generation: int) -> Client:
        loop = asyncio.get_running_loop()
        _, client = await loop.create_unix_connection(lambda: cls(generation), sock=sock)
        client.loop = loop
        return client

    def connection_made(self, transport) -> None:
        self._transport = transport

    def data_received(self, data: bytes) -> None:
        self._buffer += data
        for request_id, status, payload in frames(self._buffer):
            future = self._pending.pop(request_id, None)
            if future is not None and not future.done():
                future.set_result((status, payload))

    def connection_lost(self, exc) -> None:
        self._transport = None
        pending, self._pending = self._pending, {}
        for future in pending.values():
            if not future.done():
                future.set_exception(Closed())

    @property
    def open_(self) -> bool:
        return self._transport is not None

    def send(self, op: str, args: dict) -> tuple[int, asyncio.Future]:
        """Send one request; the future gets (status, payload)."""
        if self._transport is None:
            raise Closed()
        self._next += 1
        future = self.loop.create_future()
        self._pending[self._next] = future
        if not self._outbox:
            self.loop.call_soon(self._flush)
        self._outbox.append(encode((self._next, op, args)))
        return self._next, future

    def _flush(self) -> None:
        frames_, self._outbox = self._outbox, []
        if self._transport is not None:
            self._transport.write(b"".join(frames_))

    def forget(self, request_id: int) -> None:
        self._pending.pop(request_id, None)

    def close(self) -> None:
        if self._transport is not None:
            self._transport.close()


# ------------------------------------------------------------------------------------------ engine side


def serve(sock: socket.socket, handle: Callable[[str, dict], tuple], submit: Callable) -> None:
    """The engine's reading thread: answer lookups here, hand anything else to `submit` (the pool).
    `handle(op, args)` returns the (status, payload) to send back."""
    send_lock = threading.Lock()

    def send(data: bytes) -> None:
        with send_lock:
            try:
                sock.sendall(data)
            except OSError:
                pass  # the web end is gone; the engine is being replaced

    def answer(request_id: int, op: str, args: dict) -> None:
        send(encode((request_id, *handle(op, args))))

    buffer = bytearray()
    while True:
        try:
            data = sock.recv(1 << 16)
        except OSError:
            break
        if not data:
            break
        buffer += data
        for request_id, op, args in frames(buffer):
            if op == "query" and is_lookup(args.get("sparql", "")):
                # sent at once, not with the other answers of this read: the web process writes it out while
                # this thread answers the next (batched, each process waited for the other's whole batch)
                answer(request_id, op, args)
            else:
                submit(answer, request_id, op, args)
    try:
        sock.close()
    except OSError:
        pass


def detach(connection) -> socket.socket:
    """The socket under a `multiprocessing` connection end (a socket pair on POSIX), which is closed."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM, fileno=os.dup(connection.fileno()))
    connection.close()
    return sock


__all__ = ["Client", "Closed", "Expired", "expire", "serve", "detach", "is_lookup"]
