"""The fuzzer: batches of queries sent at once, checks after each batch, findings and their shrinking."""

from __future__ import annotations

import collections
import concurrent.futures
import json
import re
import time

import httpx

from .grammar import JSON_RESULTS
from .service import (CANARY, CRASHES, DOWN_AFTER_S, HANG_MARGIN_S, HEALTH_WITHIN_S, PANIC, Finding, Item, Service,
                      Stop, _fail)

class Fuzzer:
    def __init__(self, service: Service, args):
        self.service, self.args = service, args
        self.client = httpx.Client(timeout=args.timeout + HANG_MARGIN_S,
                                   limits=httpx.Limits(max_connections=args.threads + 4))
        self.pool = concurrent.futures.ThreadPoolExecutor(args.threads, thread_name_prefix="fuzz")
        self.started = time.monotonic()
        self.deadline = self.started + args.minutes * 60
        self.statuses: collections.Counter = collections.Counter()
        self.by_road: collections.Counter = collections.Counter()
        self.durations: list[float] = []
        self.sent = self.batches = self.health_checks = self.downs = 0
        self.findings: dict[str, Finding] = {}
        self.known: set[str] = set()
        self.round_new: set[str] = set()
        self.shrink_started: float | None = None
        self.shrinking: Finding | None = None
        self.panics: list[str] = []
        self.panic_context: list[str] = []
        self.log_offset = 0
        self.canary = self.ask_canary()
        if self.canary is None:
            raise SystemExit("the canary query did not answer at the start")
        self.read_panics()  # whatever the start wrote
        self.last_progress = 0.0

    # -- sending --

    def send(self, item: Item) -> tuple[int | str, float, str]:
        """(status or the name of the transport error, seconds, start of the body)."""
        path = f"{self.service.base}/sparql"
        headers = {"Accept": item.accept} if item.accept else {}
        begin = time.monotonic()
        try:
            if item.road == "get" and len(item.query) < 6000:
                response = self.client.get(path, params={"query": item.query}, headers=headers)
            elif item.road == "get-format" and len(item.query) < 6000:
                response = self.client.get(path, params={"query": item.query, "format": "json"}, headers=headers)
            elif item.road == "form":
                response = self.client.post(path, data={"query": item.query}, headers=headers)
            else:
                response = self.client.post(path, content=item.query.encode(), headers={
                    **headers, "Content-Type": "application/sparql-query"})
            status, body = response.status_code, response.text[:600]
        except httpx.TimeoutException:
            status, body = "hang", ""
        except httpx.HTTPError as exc:
            status, body = type(exc).__name__, str(exc)[:200]
        return status, time.monotonic() - begin, body

    def run_batch(self, batch: list[Item]) -> list[tuple]:
        outcomes = list(self.pool.map(self.send, batch))
        self.batches += 1
        for item, (status, seconds, _) in zip(batch, outcomes):
            self.sent += 1
            self.statuses[str(status)] += 1
            self.by_road[item.road] += 1
            self.durations.append(seconds)
        return outcomes

    # -- what the service says about itself --

    def crashes(self) -> float | None:
        metrics = self.service.metrics()
        return next((metrics[name] for name in CRASHES if name in metrics), None)

    def ask_canary(self) -> int | None:
        for _ in range(20):  # the engine may be restarting: a few tries over ~10 s
            try:
                response = self.client.get(f"{self.service.base}/sparql", params={"query": CANARY},
                                           headers={"Accept": JSON_RESULTS}, timeout=self.args.timeout + 5)
                if response.status_code == 200:
                    return int(response.json()["results"]["bindings"][0]["n"]["value"])
            except (httpx.HTTPError, ValueError, KeyError, IndexError):
                pass
            time.sleep(0.5)
        return None

    def read_panics(self) -> list[str]:
        """Panic messages the service's log gained since the last call."""
        try:
            with open(self.service.log, "rb") as handle:
                handle.seek(self.log_offset)
                text = handle.read().decode("utf-8", "replace")
                self.log_offset = handle.tell()
        except OSError:
            return []
        found = _panics(text)
        self.panics += found
        self.panic_context += [text[max(0, m.start() - 200):m.end() + 600] for m in PANIC.finditer(text)][:2]
        return found

    def health(self, *, crashed: bool = False) -> list[Finding]:
        """/health 200 within 2 s, and the canary's answer. When /health has not answered 200 for 30 s the
        service is down: a finding, and the service is started again."""
        self.health_checks += 1
        begin = time.monotonic()
        while True:
            try:
                if self.client.get(f"{self.service.base}/health", timeout=HEALTH_WITHIN_S).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() - begin > DOWN_AFTER_S:
                self.downs += 1
                print(f"  the service is down (no /health 200 for {DOWN_AFTER_S:g} s): starting it again", flush=True)
                self.service.restart()
                self.log_offset = 0
                return [Finding("service-down", f"/health did not answer 200 for {DOWN_AFTER_S:g} s"
                                + (" (after an engine crash)" if crashed else ""))]
            time.sleep(0.1)
        findings = []
        waited = time.monotonic() - begin
        if waited > HEALTH_WITHIN_S:
            findings.append(Finding("health-slow", f"/health answered 200 only after more than {HEALTH_WITHIN_S:g} s"
                                    + (" (after an engine crash)" if crashed else ""), detail=f"{waited:.1f} s"))
        canary = self.ask_canary()
        if canary != self.canary:
            findings.append(Finding("canary", "the canary query's answer changed",
                                    detail=f"{canary} instead of {self.canary}"))
        return findings

    # -- one Hypothesis example --

    def example(self, batch: list[Item]) -> None:
        now = time.monotonic()
        if self.shrink_started is None and now > self.deadline:
            raise Stop()
        if self.shrink_started is not None and now - self.shrink_started > self.args.shrink_seconds:
            raise Stop()
        findings = self.check(batch)
        self.progress()
        if self.shrinking is not None:  # shrinking: fail only when the finding being shrunk shows again
            same = [f for f in findings if f.query is not None and _same(f, self.shrinking)]
            for finding in same:
                finding.shrunk, finding.signature = True, self.shrinking.signature
                self.note(finding)
            for finding in findings:
                if finding not in same:
                    self.note(finding)
            if same:
                _fail(self.shrinking.signature)
            return
        for finding in findings:
            self.note(finding)
        # a new finding that one query shows, and that the service survives, fails the example so that
        # Hypothesis shrinks it; the others (a batch only, a service down) are counted only
        new = [f for f in findings if f.signature not in self.known]
        shrinkable = [f for f in new if f.query is not None and f.kind in SHRINKABLE
                      and not any(d.kind == "service-down" for d in findings)]
        self.known.update(f.signature for f in new if f not in shrinkable)
        if shrinkable:
            self.round_new.update(f.signature for f in shrinkable)
            self.shrink_started, self.shrinking = time.monotonic(), shrinkable[0]
            _fail(shrinkable[0].signature)

    def check(self, batch: list[Item]) -> list[Finding]:
        """Send a batch, then ask the service how it is; what was wrong."""
        crashes = self.crashes()
        outcomes = self.run_batch(batch)
        findings = self.examine(batch, outcomes)
        panics = self.read_panics()
        crashed = bool(panics) or (crashes is not None and (self.crashes() or 0) > crashes)
        findings += self.health(crashed=crashed)
        down = any(f.kind == "service-down" for f in findings)
        if (crashed or down) and not any(f.kind == "engine-crash" for f in findings):
            findings.append(self.isolate(batch, outcomes, panics))
        last_crash = next((s for s, f in reversed(self.findings.items()) if f.kind == "engine-crash"), None)
        for finding in findings:
            if finding.kind == "engine-crash" and panics:
                finding.signature = f"engine crash: {panics[0]}"
            elif finding.kind == "engine-crash" and last_crash is not None:
                finding.signature = last_crash  # a query refused as the cause of a crash, or a crash without a panic
            if finding.kind == "engine-crash":
                finding.detail = (finding.detail + f"; crashes counted by the service: "
                                  f"{(self.crashes() or 0) - (crashes or 0):g}").lstrip("; ")
        return findings

    def examine(self, batch: list[Item], outcomes: list[tuple]) -> list[Finding]:
        findings = []
        for item, (status, seconds, body) in zip(batch, outcomes):
            if status == 200 or (isinstance(status, int) and 400 <= status < 500):
                continue
            if _crash_answer(status, body):
                kind, signature = "engine-crash", "engine crash"
            elif status == 503:
                continue  # the time limit, the engine restarting, the service busy
            elif status == "hang":
                kind, signature = "hang", f"no answer within {self.args.timeout + HANG_MARGIN_S:g} s"
            elif isinstance(status, int):
                kind, signature = "unexpected-status", f"{status}: {_normalise(body)}"
            else:
                kind, signature = "connection", f"{status}"
            findings.append(Finding(kind, signature, item.query, item.road, item.accept,
                                    status if isinstance(status, int) else None, body[:300]))
        return findings

    def isolate(self, batch: list[Item], outcomes: list[tuple], panics: list[str]) -> Finding:
        """The query of the batch that crashes the engine or takes the service down when sent alone."""
        order = sorted(range(len(batch)), key=lambda i: _suspicion(outcomes[i][0]))
        for index in order[:8]:
            item = batch[index]
            crashes = self.crashes()
            self.read_panics()
            status, _, body = self.run_batch([item])[0]
            alone = self.read_panics()
            crashed = bool(alone) or _crash_answer(status, body) or (
                crashes is not None and (self.crashes() or 0) > crashes)
            health = self.health(crashed=crashed)
            if crashed or any(f.kind == "service-down" for f in health):
                return Finding("engine-crash", "engine crash", item.query, item.road, item.accept,
                               status if isinstance(status, int) else None,
                               f"sent alone: {status} {body[:200]}; in the batch: {outcomes[index][0]}")
        return Finding("engine-crash", "engine crash (batch only)", detail="no query of the batch did it alone",
                       batch=[[str(outcomes[i][0]), batch[i].road, batch[i].query] for i in order])

    def note(self, finding: Finding) -> None:
        """Count a finding; keep the smallest query that shows it."""
        known = self.findings.get(finding.signature)
        if known is None:
            finding.first_seen_s = round(time.monotonic() - self.started, 1)
            self.findings[finding.signature] = finding
            print(f"  finding [{finding.kind}] {finding.signature[:160]}", flush=True)
            return
        known.count += 1
        if finding.query is not None and (known.query is None or len(finding.query) < len(known.query)):
            for name in ("query", "road", "accept", "status", "detail", "shrunk"):
                setattr(known, name, getattr(finding, name))

    def progress(self) -> None:
        now = time.monotonic()
        if now - self.last_progress >= 15:
            self.last_progress = now
            top = ", ".join(f"{k}: {v}" for k, v in self.statuses.most_common(6))
            print(f"  {now - self.started:5.0f} s  {self.sent} queries  {top}  findings: {len(self.findings)}",
                  flush=True)


SHRINKABLE = ("engine-crash", "unexpected-status")  # cheap to show again (a hang is not)


def _same(finding: Finding, shrinking: Finding) -> bool:
    """Whether a finding is the one being shrunk (an engine crash is one, whatever its panic says: a query
    that crashed the engine is refused for a while with another answer, which is the same crash)."""
    if shrinking.kind == "engine-crash":
        return finding.kind == "engine-crash"
    return finding.signature == shrinking.signature


def _crash_answer(status, body: str) -> bool:
    """The service's own answers to a crash of its engine: 500 while the query ran, 503 when it is refused
    as the cause of a crash lately."""
    return (status == 500 and "crashed while running" in body) or (status == 503 and "crash lately" in body)


def _suspicion(status) -> int:
    """Which answers of a batch to suspect first: no answer, then 5xx, then 200, then 4xx (refused early)."""
    if not isinstance(status, int):
        return 0
    return 1 if status >= 500 else 2 if status == 200 else 3


def _panics(text: str) -> list[str]:
    """The signatures of the Rust panics in a log: where (without the compiler's path) and the message."""
    found = []
    for match in PANIC.finditer(text):
        where = re.sub(r"^/rustc/[0-9a-f]+/", "", match.group(1).strip()).rstrip(":")
        after = text[match.end():match.end() + 400].strip()
        found.append(f"panic at {where}: {after.splitlines()[0] if after else ''}".strip())
    return found


def _normalise(body: str) -> str:
    """An error message without the parts that change from query to query."""
    try:
        body = json.loads(body).get("error", body)
    except (ValueError, AttributeError):
        pass
    body = re.sub(r'"[^"]*"|<[^>]*>|\d+', "…", str(body))
    return body.strip()[:120]
