"""The summary of a run: queries, statuses, latency, engine restarts and crashes, findings; printed and as JSON."""

from __future__ import annotations

import datetime as dt
import platform
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path

from .fuzzer import Fuzzer
from .service import CRASHES, ROOT

def summary(fuzzer: Fuzzer, args, rounds: int, seconds: float) -> dict:
    durations = sorted(fuzzer.durations) or [0.0]
    counted = fuzzer.service.totals

    def total(name: str) -> float | None:
        return counted.get(name)

    def quantile(q: float) -> float:
        return round(durations[min(len(durations) - 1, int(q * len(durations)))] * 1000, 1)

    return {
        "command": " ".join([Path(sys.executable).name, *sys.argv]),
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "commit": _commit(), "itukg_source": _source(), "python": platform.python_version(),
        "pyoxigraph": _version("pyoxigraph"),
        "hypothesis": _version("hypothesis"),
        "settings": {"minutes": args.minutes, "seed": args.seed, "threads": args.threads, "batch": args.batch,
                     "timeout_s": args.timeout, "shrink_seconds": args.shrink_seconds},
        "seconds": round(seconds, 1), "rounds": rounds, "batches": fuzzer.batches, "queries_sent": fuzzer.sent,
        "statuses": dict(fuzzer.statuses.most_common()), "roads": dict(fuzzer.by_road),
        "latency_ms": {"p50": quantile(0.5), "p95": quantile(0.95), "max": quantile(1.0)},
        "health_checks": fuzzer.health_checks,
        "service_down": fuzzer.downs > 0, "service_downs": fuzzer.downs, "service_starts": fuzzer.service.starts,
        "engine_restarts": total("itukg_engine_restarts"), "query_timeouts": total("itukg_query_timeouts"),
        "engine_crashes": next((total(name) for name in CRASHES if name in counted), None),
        "errors_by_status": {k: v for k, v in counted.items() if k.startswith("itukg_errors_total")},
        "panics_in_log": len(fuzzer.panics), "panic_messages": sorted(set(fuzzer.panics)),
        "findings": [asdict(f) for f in fuzzer.findings.values()],
        "log_at_panics": fuzzer.panic_context,
    }


def report(result: dict) -> None:
    print()
    print(f"{result['queries_sent']} queries in {result['batches']} batches, {result['rounds']} rounds, "
          f"{result['seconds']:.0f} s; latency p50 {result['latency_ms']['p50']} ms, "
          f"p95 {result['latency_ms']['p95']} ms, max {result['latency_ms']['max']} ms")
    print("statuses: " + ", ".join(f"{k}: {v}" for k, v in result["statuses"].items()))
    crashes = result["engine_crashes"]
    print(f"engine restarts {result['engine_restarts']}, query time-outs {result['query_timeouts']}, "
          f"engine crashes {'(not in /metrics)' if crashes is None else crashes}, "
          f"panics in the log {result['panics_in_log']}")
    print(f"service down: {result['service_downs']} time(s)" if result["service_down"] else "service down: never")
    print(f"findings: {len(result['findings'])}")
    for finding in result["findings"]:
        print(f"- [{finding['kind']}] {finding['signature']} "
              f"(x{finding['count']}, first at {finding['first_seen_s']} s)")
        if finding["query"]:
            shrunk = ", shrunk by Hypothesis" if finding["shrunk"] else ""
            print(f"  {finding['road']}, Accept {finding['accept']}, answer {finding['status']}{shrunk}:")
            print("    " + finding["query"].replace("\n", "\n    "))
        if finding["detail"]:
            print(f"  {finding['detail'][:300]}")


def _commit() -> str:
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                              text=True, timeout=10, check=False).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                               capture_output=True, text=True, timeout=10, check=False).stdout.strip()
        return head + ("+changes" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def _source() -> str:
    """Where the itukg that `itukg serve` runs comes from (this checkout, or another one on PYTHONPATH)."""
    import importlib.util

    spec = importlib.util.find_spec("itukg.api")
    return str(Path(spec.origin).parent) if spec and spec.origin else "?"


def _version(package: str) -> str:
    from importlib.metadata import PackageNotFoundError, version
    try:
        return version(package)
    except PackageNotFoundError:
        return "?"
