"""The summary: medians over rounds, ratios against the peers and the issue's targets, tables, versions,
the machine, and the JSON written at the end."""

from __future__ import annotations

import collections
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
from pathlib import Path

from .before import remove_worktree
from .processes import log
from .settings import BEFORE, BEFORE_BOUND, CONNECTIONS, ROOT, SERVERS, WORKLOADS


# the targets of the issue, as (workload, connections or None for both, peer, kind, bound)
TARGETS = (
    ("aggregate", None, "oxigraph", "throughput_ratio", 0.9),
    ("catalogue", None, "oxigraph", "throughput_ratio", 0.9),
    ("lookup", 8, "oxigraph", "throughput_ratio", 0.5),
    ("lookup", 8, "oxigraph", "median_diff_ms", 0.3),
    (None, None, "rdflib-endpoint", "throughput_ratio", 5.0),
    # with --before only (a peer not in the run has no target)
    ("lookup", None, BEFORE, "throughput_ratio", BEFORE_BOUND),
    ("aggregate", None, BEFORE, "throughput_ratio", BEFORE_BOUND),
)


# ---------------------------------------------------------------------------------------------- report


def summarise(runs: list[dict], servers: tuple[str, ...] = SERVERS) -> list[dict]:
    cells = collections.defaultdict(list)
    for r in runs:
        cells[(r["workload"], r["connections"], r["server"])].append(r)
    rows = []
    for workload in WORKLOADS:
        for connections in CONNECTIONS:
            row = {"workload": workload, "connections": connections, "servers": {}}
            for server in servers:
                group = cells.get((workload, connections, server), [])
                if not group:
                    continue
                failed = [g for g in group if g.get("failed")]
                if failed:
                    row["servers"][server] = {"failed": True, "reason": failed[0].get("reason", "?"),
                                              "rounds": len(group), "subset": group[0].get("subset", False)}
                    continue
                row["servers"][server] = {
                    "failed": False, "rounds": len(group), "subset": group[0].get("subset", False),
                    "rps": statistics.median(g["rps"] for g in group),
                    "p50_ms": statistics.median(g["p50_ms"] for g in group),
                    "p99_ms": statistics.median(g["p99_ms"] for g in group),
                    "requests": sum(g["requests"] for g in group),
                    "rps_rounds": [round(g["rps"], 1) for g in group],
                }
            s = row["servers"]
            ok = lambda name: name in s and not s[name]["failed"]  # noqa: E731
            ratios = {}
            if ok("itukg") and ok(BEFORE):
                ratios["throughput_vs_itukg_before"] = s["itukg"]["rps"] / s[BEFORE]["rps"]
                ratios["median_diff_vs_itukg_before_ms"] = s["itukg"]["p50_ms"] - s[BEFORE]["p50_ms"]
            if ok("itukg") and ok("oxigraph"):
                ratios["throughput_vs_oxigraph"] = s["itukg"]["rps"] / s["oxigraph"]["rps"]
                ratios["median_diff_vs_oxigraph_ms"] = s["itukg"]["p50_ms"] - s["oxigraph"]["p50_ms"]
            if ok("itukg") and ok("oxigraph-memory"):
                ratios["throughput_vs_oxigraph_memory"] = s["itukg"]["rps"] / s["oxigraph-memory"]["rps"]
            if ok("itukg") and ok("rdflib-endpoint"):
                ratios["throughput_vs_rdflib_endpoint"] = s["itukg"]["rps"] / s["rdflib-endpoint"]["rps"]
            row["ratios"] = ratios
            row["targets"] = _targets(row)
            rows.append(row)
    return rows


def _targets(row: dict) -> list[dict]:
    out = []
    s, ratios = row["servers"], row["ratios"]
    for workload, connections, peer, kind, bound in TARGETS:
        if workload not in (None, row["workload"]) or connections not in (None, row["connections"]):
            continue
        if peer not in s:  # not in this run (itukg-before without --before)
            continue
        key = {"throughput_ratio": f"throughput_vs_{peer.replace('-', '_')}",
               "median_diff_ms": "median_diff_vs_oxigraph_ms"}[kind]
        text = (f"throughput ≥ {bound:g}× {peer}" if kind == "throughput_ratio"
                else f"median latency ≤ {peer} + {bound:g} ms")
        if s.get("itukg", {}).get("failed"):
            out.append({"target": text, "peer": peer, "value": None, "met": False, "note": "itukg failed"})
        elif key not in ratios:
            out.append({"target": text, "peer": peer, "value": None, "met": None, "note": f"{peer} failed; no ratio"})
        else:
            value = ratios[key]
            met = value >= bound if kind == "throughput_ratio" else value <= bound
            note = "rdflib-endpoint ran on a subset" if s.get(peer, {}).get("subset") else ""
            out.append({"target": text, "peer": peer, "value": value, "met": met, "note": note})
    return out


def before_summary(rows: list[dict], before: dict) -> dict:
    """`itukg / itukg-before` for every workload and concurrency, and the verdict: lookups and aggregates at
    ≥ BEFORE_BOUND× the old code's throughput at every concurrency (a failed run or a missing ratio is a no)."""
    ratios = [{"workload": row["workload"], "connections": row["connections"],
               "throughput_ratio": row["ratios"].get("throughput_vs_itukg_before"),
               "median_diff_ms": row["ratios"].get("median_diff_vs_itukg_before_ms")} for row in rows]
    cells = [{"workload": row["workload"], "connections": row["connections"], "value": t["value"], "met": t["met"],
              "note": t["note"]} for row in rows for t in row["targets"] if t["peer"] == BEFORE]
    within = len(cells) == 2 * len(CONNECTIONS) and all(c["met"] is True for c in cells)
    verdict = f"lookups and aggregates within {1 - BEFORE_BOUND:.0%} of {before['rev']}: {'yes' if within else 'no'}"
    return {"ratios": ratios, "bound": BEFORE_BOUND, "cells": cells, "within": within, "verdict": verdict}


def _cell(figures: dict | None) -> str:
    if not figures:
        return "—"
    if figures["failed"]:
        return "FAILED"
    mark = "*" if figures.get("subset") else ""
    return f"{figures['rps']:,.1f}{mark} / {figures['p50_ms']:.2f} / {figures['p99_ms']:.2f}"


# the ratio columns, as (heading, key of the row's ratios, format); the first two with --before only
RATIO_COLUMNS = (
    ("itukg/itukg-before", "throughput_vs_itukg_before", "{:.2f}×"),
    ("itukg−itukg-before p50 ms", "median_diff_vs_itukg_before_ms", "{:+.2f}"),
    ("itukg/oxigraph", "throughput_vs_oxigraph", "{:.2f}×"),
    ("itukg−oxigraph p50 ms", "median_diff_vs_oxigraph_ms", "{:+.2f}"),
    ("itukg/oxigraph-memory", "throughput_vs_oxigraph_memory", "{:.2f}×"),
    ("itukg/rdflib-endpoint", "throughput_vs_rdflib_endpoint", "{:.1f}×"),
)


def tables(rows: list[dict], servers: tuple[str, ...] = SERVERS) -> tuple[str, str]:
    """A plain table for the terminal and a Markdown one."""
    columns = [c for c in RATIO_COLUMNS if BEFORE in servers or "itukg_before" not in c[1]]
    head = ["workload", "c"] + [f"{s} req/s / p50 / p99 ms" for s in servers] + [c[0] for c in columns] + ["targets"]
    body = []
    for row in rows:
        r = row["ratios"]
        targets = "; ".join(
            f"{t['target']}: {'met' if t['met'] else ('not met' if t['met'] is False else 'n/a')}"
            for t in row["targets"])
        body.append([row["workload"], str(row["connections"])] + [_cell(row["servers"].get(s)) for s in servers] +
                    [fmt.format(r[key]) if key in r else "n/a" for _, key, fmt in columns] + [targets])
    widths = [max(len(h), *(len(b[i]) for b in body)) for i, h in enumerate(head)]
    plain = "\n".join("  ".join(c.ljust(w) for c, w in zip(line, widths))
                      for line in [head, ["-" * w for w in widths], *body])
    rule = "|" + "|".join("---" if i < 2 else "---:" for i in range(len(head) - 1)) + "|---|"
    md = "\n".join(["| " + " | ".join(head) + " |", rule] + ["| " + " | ".join(line) + " |" for line in body])
    return plain, md


def versions() -> dict:
    from importlib.metadata import PackageNotFoundError, version

    out = {"python": platform.python_version()}
    for name in ("pyoxigraph", "oxigraph", "rdflib", "rdflib-endpoint", "fastapi", "starlette", "uvicorn", "uvloop",
                 "httptools", "py-spy"):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = None
    try:
        out["wrk"] = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.split("\n")[0].strip()
    except OSError:
        out["wrk"] = None
    return out


def machine() -> dict:
    model = ""
    try:
        model = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                     if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    mem = 0
    try:
        mem = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                       if line.startswith("MemTotal"))) * 1024
    except (OSError, StopIteration):
        pass
    return {"cpus": os.cpu_count(), "cpu": model, "memory_gib": round(mem / 1024 ** 3, 1), "kernel": platform.release(),
            "loadavg_at_start": os.getloadavg()}


def git_commit() -> str | None:
    try:
        head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True)
        return head.stdout.strip() or None
    except OSError:
        return None


def git_modified() -> list[str]:
    """Files changed in the work tree since the commit (the benchmark runs what is on disk)."""
    try:
        out = subprocess.run(["git", "status", "--short", "--untracked-files=no"], cwd=ROOT, capture_output=True,
                             text=True).stdout
    except OSError:
        return []
    return [line[3:] for line in out.splitlines() if line.strip()]


def finish(result: dict, servers: dict, key: str, out: Path, tmp: Path, keep: bool) -> None:
    """Stop the servers, write the result if it got as far as `key`, and remove the temporary folder."""
    for server in servers.values():
        server.stop()
    remove_worktree(tmp / "before-src")  # that of --before: removed also with --keep
    result["finished"] = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    result["loadavg_at_end"] = os.getloadavg()
    if key in result:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(result, indent=2, ensure_ascii=False, default=str) + "\n")
        log(f"wrote {out}")
    if keep:
        log(f"kept {tmp}")
    else:
        shutil.rmtree(tmp, ignore_errors=True)
