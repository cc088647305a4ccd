"""A listening target for tests that prove a request reaches nothing (SSRF, the engine's network filter).

`Target` listens on 127.0.0.1 (and on ::1, on the same port, where the machine has IPv6), counts every
connection it accepts, and answers whatever reaches it with `MARKER`: as SPARQL results to a POST (a
SERVICE call) and as Turtle to a GET (a LOAD), so that a test can also check the marker never comes back.
"""

from __future__ import annotations

import socket
import threading

MARKER = "itukg-ssrf-marker-7f3a"


class Target:
    """Listening sockets that count the connections they accept and answer each with the marker."""

    def __init__(self):
        self.connections: list[tuple] = []
        self._lock = threading.Lock()
        self.sockets: list[socket.socket] = []
        for _ in range(20):  # a port free on 127.0.0.1 and on ::1
            v4 = socket.create_server(("127.0.0.1", 0), backlog=64)
            self.port = v4.getsockname()[1]
            try:
                v6 = socket.create_server(("::1", self.port), family=socket.AF_INET6, backlog=64)
            except OSError:
                v4.close()
                continue
            self.sockets = [v4, v6]
            break
        else:  # no IPv6 on this machine
            self.sockets = [socket.create_server(("127.0.0.1", 0), backlog=64)]
            self.port = self.sockets[0].getsockname()[1]
        self.ipv6 = len(self.sockets) == 2
        for sock in self.sockets:
            threading.Thread(target=self._accept, args=(sock,), daemon=True, name="ssrf-target").start()

    def count(self) -> int:
        with self._lock:
            return len(self.connections)

    def _accept(self, sock: socket.socket) -> None:
        while True:
            try:
                connection, address = sock.accept()
            except OSError:
                return
            with self._lock:
                self.connections.append(address)
            threading.Thread(target=self._answer, args=(connection,), daemon=True).start()

    @staticmethod
    def _answer(connection: socket.socket) -> None:
        with connection:
            connection.settimeout(5)
            try:
                request = connection.recv(65536)
                if request.startswith(b"GET"):  # LOAD: a document
                    kind, body = "text/turtle", f'<urn:ssrf:s> <urn:ssrf:p> "{MARKER}" .\n'
                else:  # SERVICE: SPARQL results
                    kind = "application/sparql-results+json"
                    body = ('{"head":{"vars":["s","p","o"]},"results":{"bindings":[{"o":'
                            f'{{"type":"literal","value":"{MARKER}"}}}}]}}}}')
                data = body.encode()
                connection.sendall(f"HTTP/1.1 200 OK\r\nContent-Type: {kind}\r\nContent-Length: {len(data)}\r\n"
                                   f"Connection: close\r\n\r\n".encode() + data)
            except OSError:
                pass

    def close(self) -> None:
        for sock in self.sockets:
            sock.close()
