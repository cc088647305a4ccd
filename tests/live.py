"""A real `itukg serve` on 127.0.0.1 for the tests that speak HTTP to it."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

TOKEN = "test-token-" + "x" * 24


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def live_server(store: Path, *, token: bool = False, timeout: float | None = None, env: dict | None = None):
    """Start `itukg serve` on a free port; yields its base URL ("http://127.0.0.1:PORT")."""
    port = free_port()
    environment = {k: v for k, v in os.environ.items() if not k.startswith("ITUKG_")}
    if token:
        environment["ITUKG_UPDATE_TOKEN"] = TOKEN
    environment.update(env or {})
    command = [sys.executable, "-m", "itukg.api.cli", "serve", "--store", str(store), "--port", str(port)]
    if timeout is not None:
        command += ["--timeout", str(timeout)]
    log = open(store.parent / f"serve-{port}.log", "w+")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=environment)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    try:
        while True:
            if process.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                raise AssertionError(f"itukg serve did not start:\n{log.read()}")
            try:  # up, and its in-memory mirror built: the tests read what the service reads once it is warm
                health = httpx.get(f"{base}/health", timeout=1)
                if health.status_code == 200 and health.json()["mirror"]["state"] != "building":
                    break
                time.sleep(0.05)
            except httpx.HTTPError:
                time.sleep(0.2)
        yield base
    finally:
        stop(process, timeout=20)
        log.close()


def wait_healthy(server: str, *, limit: float = 60, process: subprocess.Popen | None = None) -> dict:
    """Poll /health until it answers 200 (its JSON), failing after `limit` seconds or if `process` ends."""
    deadline = time.monotonic() + limit
    while True:
        try:
            health = httpx.get(f"{server}/health", timeout=10)
            if health.status_code == 200:
                return health.json()
        except httpx.HTTPError:
            pass
        assert time.monotonic() < deadline, f"{server}/health did not answer 200 within {limit:g} s"
        assert process is None or process.poll() is None, "the server ended"
        time.sleep(0.05)


def stop(process: subprocess.Popen, *, timeout: float = 30) -> None:
    """Terminate a server process, killing it if it will not stop."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def get_raw(server: str, path: str, params: dict) -> tuple[int, bytes] | None:
    """GET with http.client (httpx refuses to send a URL over 64 KiB): (status, body), or None when the HTTP
    server itself dropped a request line that long (no 500 either)."""
    import http.client
    from urllib.parse import urlencode

    host, port = server.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=60)
    try:
        connection.request("GET", f"{path}?{urlencode(params)}")
        response = connection.getresponse()
        return response.status, response.read()
    except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
        return None
    finally:
        connection.close()
