"""The service under test: `itukg serve` on a temporary store (tests/live.py), what it answers, findings."""

from __future__ import annotations

import collections
import contextlib
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))
from live import live_server  # noqa: E402  (tests/live.py: `itukg serve` on a free port, as the tests run it)

CANARY = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
HEALTH_WITHIN_S = 2.0
DOWN_AFTER_S = 30.0  # no /health 200 for that long: the service is down
HANG_MARGIN_S = 10.0  # no answer within the time limit plus this: a hang
PANIC = re.compile(r"panicked at (.*)")
CRASHES = ("itukg_engine_crashes_total", "itukg_engine_crashes")  # the service's count of engine crashes


class Service:
    """`itukg serve` (tests/live.py) on a fresh store with the bundled report; started again when it goes
    down, so that the fuzzing goes on. Counters of /metrics are summed over the starts."""

    def __init__(self, folder: Path, timeout: float):
        self.folder = folder
        self.timeout = timeout
        self.starts = 0
        self.base = ""
        self.log = Path()
        self._context = None
        self._first: dict[str, float] = {}
        self.last: dict[str, float] = {}
        self.totals: collections.Counter = collections.Counter()

    def start(self) -> None:
        self.starts += 1
        store = self.folder / f"store-{self.starts}"
        self._context = live_server(store, timeout=self.timeout, env={"ITUKG_TIMEOUT_BUDGET": "off"})
        self.base = self._context.__enter__()
        self.log = self.folder / f"serve-{self.base.rsplit(':', 1)[1]}.log"
        self._first = self.last = self.metrics()

    def stop(self) -> None:
        if self._context is not None:
            for name, value in self.last.items():  # what this start counted
                self.totals[name] += value - self._first.get(name, 0.0)
            self._context.__exit__(None, None, None)
            self._context = None

    def restart(self) -> None:
        self.stop()
        self.start()

    def metrics(self) -> dict[str, float]:
        try:
            text = httpx.get(f"{self.base}/metrics", timeout=5).text
        except httpx.HTTPError:
            return {}
        values: dict[str, float] = {}
        for line in text.splitlines():
            name, _, value = line.rpartition(" ")
            if name and not line.startswith("#"):
                with contextlib.suppress(ValueError):
                    values[name] = float(value)
        self.last = values or self.last
        return values


@dataclass
class Finding:
    kind: str  # engine-crash, unexpected-status, hang, connection, service-down, health-slow, canary
    signature: str
    query: str | None = None
    road: str | None = None
    accept: str | None = None
    status: int | None = None
    detail: str = ""
    count: int = 1
    first_seen_s: float = 0.0
    shrunk: bool = False  # the query is the smallest Hypothesis found that still shows it
    batch: list | None = None  # [answer, road, query] of the batch, when no query alone showed it


@dataclass
class Item:
    road: str
    accept: str | None
    query: str


class Stop(BaseException):
    """The time budget (or the round's shrinking budget) is spent (not an Exception: Hypothesis lets it
    through)."""


class NewFinding(Exception):
    """Fails a Hypothesis example, so that it shrinks the batch."""


def _fail(signature: str):
    """Raise NewFinding from this one place: Hypothesis tells failures apart by where they are raised."""
    raise NewFinding(signature)
