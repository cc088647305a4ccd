"""Processes: the servers the benchmark starts, their ports, memory and CPU time, and its log."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import time
from pathlib import Path
from urllib.parse import quote

from .settings import ACCEPT, ROOT


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


# --------------------------------------------------------------------------------------------- servers


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_bytes(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def tree_rss(pid: int) -> int:
    """RSS of a process and its children (the itukg web process and its engine)."""
    total = rss_bytes(pid)
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        children = []
    return total + sum(tree_rss(int(c)) for c in children)


def descendants(pid: int) -> list[int]:
    out = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return out
    for task in tasks:
        try:
            children = Path(f"/proc/{pid}/task/{task}/children").read_text().split()
        except OSError:
            continue
        for child in children:
            out.append(int(child))
            out.extend(descendants(int(child)))
    return out


def cmdline(pid: int) -> str | None:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return None


_TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> tuple[float, float]:
    """(user + system, system) CPU seconds of one process (all its threads)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0, 0.0
    return (int(fields[11]) + int(fields[12])) / _TICK, int(fields[12]) / _TICK


class Server:
    def __init__(self, name: str, argv: list[str], port: int, log_path: Path, env: dict | None = None):
        self.name, self.port = name, port
        self.log_path = log_path
        self._log = open(log_path, "wb")
        # a session of its own: Ctrl-C at the terminal reaches this script only, which then stops it
        self.process = subprocess.Popen(argv, stdout=self._log, stderr=subprocess.STDOUT, cwd=ROOT,
                                        start_new_session=True, env=env)
        self.started = time.monotonic()

    @property
    def pid(self) -> int:
        return self.process.pid

    def cpu(self) -> dict[str, float]:
        """CPU seconds so far of the server process ("web") and of each process it started ("engine"), and
        the part of each spent in the kernel ("web.sys", ...)."""
        out = {}

        def add(name: str, pid: int) -> None:
            total, system = cpu_seconds(pid)
            out[name] = out.get(name, 0.0) + total
            out[name + ".sys"] = out.get(name + ".sys", 0.0) + system

        add("web", self.pid)
        for child in descendants(self.pid):
            line = cmdline(child)
            if line is None:
                continue
            name = "engine" if "spawn_main" in line else ("resource_tracker" if "resource_tracker" in line
                                                         else f"child-{child}")
            add(name, child)
        return {k: v for k, v in out.items() if not k.startswith("resource_tracker")}

    def settle(self, limit: float = 90.0, window: float = 0.25) -> float:
        """Wait until the server has finished what the last run left queued (its processes use under 5% of a
        core over `window`), so that it does not slow the next run; returns the seconds waited."""
        started = time.monotonic()
        while time.monotonic() - started < limit:
            before = sum(v for k, v in self.cpu().items() if "." not in k)
            time.sleep(window)
            if sum(v for k, v in self.cpu().items() if "." not in k) - before < 0.05 * window:
                break
        return time.monotonic() - started

    def get(self, path: str, timeout: float = 60.0) -> tuple[int, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.request("GET", path, headers={"Accept": ACCEPT})
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()

    def wait_ready(self, limit: float, watch=None, probe: str | None = None) -> None:
        deadline = time.monotonic() + limit
        probe = probe or "/sparql?query=" + quote("ASK { }", safe="")
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited with code {self.process.returncode} while starting; "
                                   f"see {self.log_path}:\n{self.tail()}")
            if watch is not None:
                watch(self)
            try:
                status, _ = self.get(probe, timeout=5)
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.25)
        raise RuntimeError(f"{self.name} did not answer within {limit:.0f} s; see {self.log_path}:\n{self.tail()}")

    def tail(self, n: int = 15) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-n:])
        except OSError:
            return ""

    def stop(self) -> None:
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)  # its own group: the server and its engine
            except ProcessLookupError:
                pass
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                pass
        try:  # whatever it left behind in its group (the engine process of itukg)
            os.killpg(self.process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            self.process.wait(5)
        except subprocess.TimeoutExpired:
            pass
        self._log.close()


def run(argv: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(argv, cwd=ROOT, check=True, **kwargs)
