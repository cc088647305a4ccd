"""The HTTP layer beneath the application: limits on each request's head and on connections, enforced by the
server's protocol before the application sees anything, and the headers every response carries.

uvicorn's httptools protocol reads whatever a client sends: a 17 MiB Accept header was buffered whole (httptools
joins a header's pieces with `bytes +=`, so the event loop spent 18 s on it), a client that never finished its
head kept its socket open for good, and nothing bounded the number of connections. `LimitedHttpToolsProtocol`
adds, per request (kept-alive and pipelined ones included):

* a limit on the request target, the path and query string (`REQUEST_TARGET_LIMIT`, else 414), and on the
  header fields together (`HEADER_FIELDS_LIMIT`, else 431), checked while the head streams in: the parser is
  fed at most one byte more than a head may hold, so an oversized head is refused after about 128 KiB, never
  buffered whole, and checked exactly once the head is complete;
* a head time-out (`ITUKG_HEADER_TIMEOUT`, 10 s): a client that has not sent a whole head that long after its
  connection opened, or after the first byte of its next request, is answered 408, or disconnected if it sent
  nothing; an idle kept-alive connection is closed after `ITUKG_KEEPALIVE_TIMEOUT` (uvicorn's own timer);
* a bound on open connections (`ITUKG_MAX_CONNECTIONS`, 1000, and below the process's open-file limit): a
  connection over it is answered 503 with Retry-After at once and closed, before it costs a parser.

A refusal is written by the protocol itself with Connection: close. The connection then lingers, reading and
dropping what the client still sends, for at most `LINGER_S`: closing a socket with unread data makes the
kernel reset it, and the reset can destroy the response before the client has read it.

Why these limits. SPARQL queries arrive as GET /sparql?query=…, so the request target gets 64 KiB less a byte,
the most httptools' URL parser takes (its offsets are 16-bit: a longer target was a 400 "Invalid HTTP request"
before) and about the longest URL httpx sends, where nginx's 8 KiB default would refuse ordinary queries; a
longer query belongs in a POST body, which the SPARQL protocol provides for (the 414 says so). The header fields
get 64 KiB together, twice nginx's 4 × 8 KiB and four times Node's 16 KiB, room for proxies and cookies (this
service sets none). There is no separate limit per header line: the total bounds memory and time alike, and the
only header whose length costs work, Accept, is read up to its first 2 KiB (`media.MAX_ACCEPT`).

`uvicorn.run(..., **server_options(settings))` installs all of it (`itukg serve`); `HtmlHeaders` is the
application's middleware for the headers of HTML pages (`main.create_app`).
"""

from __future__ import annotations

import resource
from dataclasses import dataclass

from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol

REQUEST_TARGET_LIMIT = 64 * 1024 - 1  # bytes of path and query string (414 over it): httptools' URL parser's most
HEADER_FIELDS_LIMIT = 64 * 1024  # bytes of all header fields of a request, with their ": " and line ends (431)
REQUEST_LINE_SLACK = 32  # the method, the version and the line ends around the target (PROPPATCH … HTTP/1.1)
LINGER_S = 2.0  # how long a refused connection reads and drops what the client still sends
RESERVED_FILES = 100  # open files kept for the store, the engine's pipes and the listening socket

# On every response the server writes: uvicorn's own 400 and 500, the refusals here, the application's.
RESPONSE_HEADERS = [("X-Content-Type-Options", "nosniff")]

# The pages run only what this service sends: no inline script or style, nothing from another origin, no
# framing (frame-ancestors, and X-Frame-Options for browsers without CSP 2).
HTML_POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
               "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
HTML_HEADERS = ((b"content-security-policy", HTML_POLICY.encode()), (b"referrer-policy", b"same-origin"),
                (b"x-frame-options", b"DENY"))


@dataclass(frozen=True, slots=True)
class ConnectionLimits:
    """What a connection may take; see the module's text."""

    header_timeout_s: float = 10.0
    max_connections: int = 1000
    request_target: int = REQUEST_TARGET_LIMIT
    header_fields: int = HEADER_FIELDS_LIMIT


class LimitedHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with `ConnectionLimits` (use `configured`). It never switches to WebSocket
    (the service has no WebSocket route), so every byte it reads goes through its own parser."""

    limits = ConnectionLimits()

    @classmethod
    def configured(cls, limits: ConnectionLimits) -> type[LimitedHttpToolsProtocol]:
        """The protocol class to give uvicorn (`http=`), which instantiates it for each connection."""
        return type(cls.__name__, (cls,), {"limits": limits})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.ws_protocol_class = None
        self._in_head = True  # from a message's end (or the connection's start) to its successor's headers' end
        self._begun = False  # the parser has seen the current head's first byte
        self._head_bytes = 0  # bytes of the current head fed to the parser, when the head began a feed
        self._heads = 0  # heads completed on this connection
        self._head_timer = None
        self._linger = None
        self._refused = False  # a refusal is written: the connection only reads and drops until it closes

    # -- the connection

    def connection_made(self, transport) -> None:
        super().connection_made(transport)
        if len(self.connections) > self.limits.max_connections:
            self._refuse(503, f"this service has {self.limits.max_connections} connections open, its limit "
                              "(ITUKG_MAX_CONNECTIONS); retry in a moment.", [(b"retry-after", b"1")])
        else:
            self._arm_head_timer()

    def connection_lost(self, exc) -> None:
        for timer in (self._head_timer, self._linger):
            if timer is not None:
                timer.cancel()
        self._head_timer = self._linger = None
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self._refused:
            return
        self._feed(data)
        if self._in_head and self._head_timer is None and (self._begun or self._head_bytes) and not self._refused \
                and not self.transport.is_closing():
            self._arm_head_timer()  # a head that did not arrive whole (a request that did costs no timer)

    def _feed(self, data: bytes) -> None:
        while data:
            if not self._in_head:  # a body (and whatever follows it) goes to the parser whole
                super().data_received(data)
                return
            room = self.limits.request_target + self.limits.header_fields + REQUEST_LINE_SLACK - self._head_bytes
            piece, data = data[:room + 1], data[room + 1:]
            heads = self._heads
            super().data_received(piece)
            if self._refused or self.parser is None or self.transport.is_closing():
                return
            if self._in_head and heads == self._heads:  # the whole piece was head
                self._head_bytes += len(piece)
                target = len(self.url) if self._begun else 0
                refusal = self._oversized(target, self._head_bytes - target - REQUEST_LINE_SLACK)
                if refusal:
                    self._refuse(*refusal)
                    return
            # else a head ended in the piece, and the next one (if it began there) is counted from its next feed

    def send_400_response(self, msg: str) -> None:
        if not self._refused:  # after a refusal, what the parser makes of the rest is not answered
            super().send_400_response(msg)

    # -- the parser's callbacks

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._begun = True

    def on_headers_complete(self) -> None:
        self._heads += 1
        self._in_head = self._begun = False
        self._head_bytes = 0
        self._cancel_head_timer()
        refusal = self._oversized(len(self.url), sum(len(name) + len(value) + 4 for name, value in self.headers))
        if refusal:
            self._refuse(*refusal)
        else:
            super().on_headers_complete()

    def on_body(self, body: bytes) -> None:
        if not self._refused:
            super().on_body(body)

    def on_message_complete(self) -> None:
        if self._refused:
            return
        self._in_head = True
        self._head_bytes = 0
        super().on_message_complete()

    # -- limits

    def _idle(self) -> bool:
        """No response is under way on this connection."""
        return self.cycle is None or self.cycle.response_complete

    def _oversized(self, target: int, fields: int) -> tuple[int, str] | None:
        if target > self.limits.request_target:
            return 414, (f"the request target (path and query string) is longer than this service's limit of "
                         f"{self.limits.request_target:,} bytes; send a long SPARQL query in a POST body "
                         "(Content-Type application/sparql-query, or a form) instead.")
        if fields > self.limits.header_fields:
            return 431, (f"the request's header fields are larger than this service's limit of "
                         f"{self.limits.header_fields:,} bytes together; send fewer or shorter headers.")
        return None

    def _arm_head_timer(self) -> None:
        self._head_timer = self.loop.call_later(self.limits.header_timeout_s, self._head_timed_out)

    def _cancel_head_timer(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_timed_out(self) -> None:
        self._head_timer = None
        if self._refused or self.transport.is_closing():
            return
        if self._begun or self._head_bytes:
            self._refuse(408, f"the request's line and headers did not arrive within {self.limits.header_timeout_s:g} "
                              "s of its start (ITUKG_HEADER_TIMEOUT), so the connection is closed.")
        else:
            self.transport.close()  # nothing sent: nothing to answer

    def _refuse(self, status: int, message: str, extra: list[tuple[bytes, bytes]] = ()) -> None:
        """Answer `status` and close, the request unread; while a response is under way (a pipelined request),
        that response is the connection's last instead."""
        self._refused = True
        self._cancel_head_timer()
        self._unset_keepalive_if_required()
        if not self._idle():
            self.cycle.keep_alive = False
            return
        body = (message + "\n").encode()
        headers = [*self.server_state.default_headers, (b"content-type", b"text/plain; charset=utf-8"),
                   (b"content-length", str(len(body)).encode()), (b"connection", b"close"), *extra]
        lines = (name + b": " + value + b"\r\n" for name, value in headers)
        self.transport.write(b"".join([STATUS_LINE[status], *lines, b"\r\n", body]))
        if self.transport.can_write_eof():
            self.transport.write_eof()
        self.flow.resume_reading()
        self._linger = self.loop.call_later(LINGER_S, self.transport.close)


def server_options(settings) -> dict:
    """The keyword arguments of `uvicorn.run` that set up the protocol, its time-outs and response headers."""
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    most = settings.max_connections
    if soft != resource.RLIM_INFINITY:
        most = min(most, max(1, soft - RESERVED_FILES))  # refused by the protocol rather than failing accept()
    limits = ConnectionLimits(header_timeout_s=settings.header_timeout_s, max_connections=most)
    return {"http": LimitedHttpToolsProtocol.configured(limits), "ws": "none",
            "timeout_keep_alive": settings.keepalive_timeout_s, "headers": RESPONSE_HEADERS}


class HtmlHeaders:
    """ASGI middleware: `HTML_HEADERS` on every text/html response, a Content-Security-Policy it sets itself
    excepted."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", ()))
                kind = next((value for name, value in headers if name == b"content-type"), b"")
                if kind.lower().startswith(b"text/html"):
                    present = {name for name, _ in headers}
                    headers += [(name, value) for name, value in HTML_HEADERS if name not in present]
                    message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


__all__ = ["ConnectionLimits", "LimitedHttpToolsProtocol", "HtmlHeaders", "server_options",
           "REQUEST_TARGET_LIMIT", "HEADER_FIELDS_LIMIT", "RESPONSE_HEADERS", "HTML_POLICY"]
