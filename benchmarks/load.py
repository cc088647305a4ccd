"""Load benchmark: how fast `itukg load` turns reports into a store, stage by stage, against pyoxigraph's
own bulk loader fed exactly the same quads.

    .venv/bin/python benchmarks/load.py [--count 1000] [--jobs 2] [--out benchmarks/results/load.json]
    .venv/bin/python benchmarks/load.py --count 10000 --runs on      # the 10,000-report run of issue 5

One run does everything:

1. writes `--count` reports in the house style with `benchmarks/generate_reports.py` (fixed seed) into a
   temporary folder, and orders them as an archive is loaded, by date (the meeting's first day, from the
   generator's `.expected.json`; `--order meeting` sorts by meeting number instead): every body's meetings
   span the same years, so the first and the last 10% hold the same mix of bodies, and every report finds
   the earlier meetings it refers to already in the store (in a random order that share grows through the
   run, and so does the work of the cross-report check, which follows the report's nodes found in the
   store). Meeting-number order is not that: bodies number their meetings from different bases at
   different rates, so its last 10% holds only the bodies with the highest numbers, whose reports are
   larger, and a trend per report then measures the corpus, not the store;
2. loads them into a fresh on-disk `OxigraphStore` with `itukg.api.ingest.BulkLoad`, the code `itukg load
   --jobs N` runs: worker processes read, extract and validate, the parent checks each report against the
   store for conflicts across reports and writes batches through the journaled bulk load. Once with the
   SHACL gate on and (unless `--runs on`) once with it off. Every report records the wall and CPU seconds
   of each stage where it ran (`Outcome.seconds`, `Outcome.cpu_seconds`; the parent's cross-report check
   and write are timed per batch and shared out equally);
3. runs the same load again over the filled store: every report is skipped by its content hash (resume);
4. the peer: the quads each load left in its store (every graph but the reference data and the ontology)
   are serialised as N-Quads and bulk-loaded with `pyoxigraph.Store(tmpdir).bulk_load(path=...)`;
5. times the extraction of every fixture style (`tests/corpus/styles/`, the styles of
   `benchmarks/extraction.py`): read + extract of each .txt fixture, CPU median of 5, so that a slower style is
   seen even when the generated corpus (all in the 2023- house style) does not show it;
6. prints a table and writes every number, and the per-report timings, as JSON.

The clock runs from the creation of the `BulkLoad` (hashing the files, asking the store which are loaded)
until the store is closed, so starting the worker processes is inside it, as for a user. Opening the store
(which loads the reference data) is reported apart.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import importlib.util
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
GENERATOR = HERE / "generate_reports.py"
DEFAULT_OUT = HERE / "results" / "load.json"
SEED = 20240517
TARGET_REPORTS_PER_S = 50.0  # with validation
TARGET_FLAT = 0.20  # validation time per report, last 10% vs first 10%
STAGES = ("read", "extract", "triples", "validate", "crosscheck", "write")
IN_WORKERS = ("read", "extract", "triples", "validate")
REPORT_SUFFIXES = (".txt", ".docx", ".pdf")


def _clock() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def _since(start: tuple[float, float]) -> tuple[float, float]:
    wall, cpu = _clock()
    return wall - start[0], cpu - start[1]


def _meeting_order(path: Path) -> tuple:
    """(meeting number, body) from a generated file name such as cwg-internet-18-report.txt."""
    match = re.match(r"(?P<body>.+)-(?P<number>\d+)-report$", path.stem)
    return (int(match["number"]), match["body"]) if match else (0, path.stem)


def _date_order(path: Path) -> tuple:
    """(first day of the meeting, meeting number, body): the date from the generator's facts beside the
    report (`NAME.expected.json`); a report without them sorts first, by its meeting."""
    facts = path.with_name(path.stem + ".expected.json")
    try:
        start = json.loads(facts.read_text(encoding="utf-8"))["meeting"]["startDate"]
    except (OSError, ValueError, KeyError, TypeError):
        start = ""
    return (start, *_meeting_order(path))


def generate(count: int, seed: int, folder: Path) -> tuple[list[Path], float]:
    if not GENERATOR.exists():
        sys.exit(f"{GENERATOR} is missing: the benchmark uses the project's report generator.")
    start = time.perf_counter()
    done = subprocess.run([sys.executable, str(GENERATOR), "--count", str(count), "--seed", str(seed),
                           "--out", str(folder)], cwd=ROOT, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"the generator failed (exit {done.returncode}):\n{done.stderr or done.stdout}")
    took = time.perf_counter() - start
    reports = sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in REPORT_SUFFIXES
                     and not p.name.endswith(".expected.json"))
    if len(reports) != count:
        print(f"note: the generator wrote {len(reports)} report file(s) for --count {count}", file=sys.stderr)
    return reports, took


def run_load(reports: list[Path], *, validate: bool, jobs: int, store_dir: Path, progress: bool) -> dict:
    """Load every report into a fresh store at `store_dir` as `itukg load` does; totals and per-report
    records."""
    from itukg.api.ingest.bulk import BATCH, BulkLoad
    from itukg.api.store.embedded import OxigraphStore

    t = _clock()
    store = OxigraphStore(store_dir)  # loads the reference data and the ontology: not part of the clock
    open_wall, _ = _since(t)

    cpu0 = time.process_time()
    start = time.perf_counter()
    bulk = BulkLoad(store, [str(p) for p in reports], validate=validate, jobs=jobs)
    records = []
    for index, outcome in enumerate(bulk.run()):
        records.append({"index": index, "file": Path(outcome.file).name, "status": outcome.status,
                        "stage": outcome.stage, "error": outcome.error,
                        "triples": (outcome.summary or {}).get("triples", 0),
                        "warnings": len((outcome.summary or {}).get("warnings", [])),
                        "wall": outcome.seconds, "cpu": outcome.cpu_seconds, "maxrss_kib": outcome.worker_rss_kib})
        if progress and (index + 1) % 1000 == 0:
            print(f"  {index + 1:,} reports, {(index + 1) / (time.perf_counter() - start):.1f} reports/s", flush=True)
    parent_rss_before_close = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t = _clock()
    store.close()
    close_wall, close_cpu = _since(t)
    wall = time.perf_counter() - start
    parent_cpu = time.process_time() - cpu0

    # resume: the same load over the filled store skips every report by its content hash
    store = OxigraphStore(store_dir)
    t = _clock()
    skipped = sum(o.status == "skipped" for o in BulkLoad(store, [str(p) for p in reports], validate=validate,
                                                          jobs=jobs).run())
    rerun_wall, _ = _since(t)
    store.close()

    written = [r for r in records if r["status"] == "loaded"]
    failed = [r for r in records if r["status"] == "failed"]
    triples_written = sum(r["triples"] for r in written)
    stages = {}
    for name in STAGES:
        walls = [r["wall"][name] for r in records if name in r["wall"]]
        cpus = [r["cpu"][name] for r in records if name in r["cpu"]]
        if not walls:
            continue
        stages[name] = {"reports": len(walls), "cpu_s": sum(cpus), "wall_s": sum(walls),
                        "median_ms": statistics.median(walls) * 1000, "mean_ms": statistics.fmean(walls) * 1000,
                        "p95_ms": _quantile(walls, 0.95) * 1000, "max_ms": max(walls) * 1000}
    stages.setdefault("write", {"reports": 0, "cpu_s": 0.0, "wall_s": 0.0})
    stages["write"]["cpu_s"] += close_cpu
    stages["write"]["wall_s"] += close_wall
    stages["write"]["close_s"] = close_wall
    total_cpu = sum(s["cpu_s"] for s in stages.values())
    for s in stages.values():
        s["cpu_share"] = s["cpu_s"] / total_cpu if total_cpu else 0.0
    # the workers are the forkserver's children, not ours: their CPU is what their stages measured
    worker_cpu = sum(stages[s]["cpu_s"] for s in IN_WORKERS if s in stages) if jobs > 1 else 0.0
    usable_cpus = min(jobs + 1 if jobs > 1 else 1, os.cpu_count() or 1)
    all_cpu = parent_cpu + worker_cpu
    return {
        "validation": validate,
        "batch": BATCH,
        "load_average_after": os.getloadavg(),
        "reports": len(records),
        "written": len(written),
        "rejected": len(failed),
        "rejections": [{"file": r["file"], "stage": r["stage"], "error": r["error"]} for r in failed][:20],
        "triples_written": triples_written,
        "wall_s": wall,
        "reports_per_s": len(records) / wall,
        "triples_per_s": triples_written / wall,
        "parent_cpu_s": parent_cpu,
        "worker_cpu_s": worker_cpu,
        # all CPU seconds of the run over (wall clock × CPUs): near 1 when the pipeline kept every CPU busy
        "cpu_utilisation": all_cpu / (wall * (os.cpu_count() or 1)),
        # reports/s if every CPU second of the run were spread evenly over the CPUs (the parent's one after
        # the other): the figure to look at when the machine was shared (utilisation well below 1)
        "reports_per_cpu_bound_s": len(records) / max(all_cpu / usable_cpus, parent_cpu),
        "store_open_s": open_wall,
        "resume": {"skipped": skipped, "wall_s": rerun_wall},
        "stages": stages,
        "validation_trend": _trend(records, ("validate",)) if validate else None,
        "crosscheck_trend": _trend(records, ("crosscheck",)) if validate else None,
        "gate_trend": _trend(records, ("validate", "crosscheck")) if validate else None,
        "write_trend": _trend(records, ("write",)),
        "workers_maxrss_kib": max((r["maxrss_kib"] for r in records), default=0),
        "parent_maxrss_kib": parent_rss_before_close,
        "per_report": [{k: r[k] for k in ("index", "file", "status", "triples", "warnings", "stage")}
                       | {"ms": {k: round(v * 1000, 3) for k, v in r["wall"].items()},
                          "cpu_ms": {k: round(v * 1000, 3) for k, v in r["cpu"].items()}}
                       for r in records],
    }


def _trend(records: list[dict], stages: tuple[str, ...]) -> dict | None:
    """Median ms of stages (summed per report) over the first and the last 10% of the reports, in load
    order: 1,000 each for 10,000 reports."""
    ordered = [r for r in records if all(s in r["wall"] for s in stages)]
    if not ordered:
        return None
    tenth = max(1, len(ordered) // 10)
    first, last = ordered[:tenth], ordered[-tenth:]

    def median(rows, key):
        return statistics.median(sum(r[key][s] for s in stages) * 1000 for r in rows)

    def per_kilotriple(rows, key):  # the issue: cost may grow with the report, not with the store
        return statistics.median(sum(r[key][s] for s in stages) * 1e6 / max(r["triples"], 1) for r in rows)

    trend = {"reports_per_tenth": tenth,
             "first_10pct_median_cpu_ms_per_1000_triples": per_kilotriple(first, "cpu"),
             "last_10pct_median_cpu_ms_per_1000_triples": per_kilotriple(last, "cpu"),
             "first_10pct_median_ms": median(first, "wall"), "last_10pct_median_ms": median(last, "wall"),
             "first_10pct_median_cpu_ms": median(first, "cpu"), "last_10pct_median_cpu_ms": median(last, "cpu"),
             "first_10pct_median_report_triples": statistics.median(r["triples"] for r in first),
             "last_10pct_median_report_triples": statistics.median(r["triples"] for r in last)}
    for key in ("", "cpu_"):
        a, b = trend[f"first_10pct_median_{key}ms"], trend[f"last_10pct_median_{key}ms"]
        trend[f"change_{key}".rstrip("_")] = (b - a) / a if a else None
    a, b = trend["first_10pct_median_cpu_ms_per_1000_triples"], trend["last_10pct_median_cpu_ms_per_1000_triples"]
    trend["change_cpu_per_triple"] = (b - a) / a if a else None
    return trend


def gate_alone(reports: list[Path]) -> dict:
    """The gate re-timed on the first and the last 10% of the reports (load order), in this process, one
    report at a time, with no store and nothing else running: what validation costs by the reports alone.
    The two ends alternate, so a change in the machine's speed meanwhile touches both alike. Set against
    `validation_trend` (the same reports timed during the load), the difference is what the load around
    them (a growing store being written beside the workers) added."""
    from itukg.api.ingest.bulk import Stages, prepare_report
    from itukg.loader.errors import ItukgError

    tenth = max(1, len(reports) // 10)
    taken: dict[str, list[tuple[float, int]]] = {"first": [], "last": []}
    for first, last in zip(reports[:tenth], reports[-tenth:]):
        for name, path in (("first", first), ("last", last)):
            stages = Stages()
            try:
                prepared = prepare_report(path, validate=True, stages=stages)
            except ItukgError:
                continue
            taken[name].append((stages.cpu_seconds["validate"] * 1000, prepared.summary()["triples"]))
    out: dict = {"reports_per_tenth": tenth}
    for name, rows in taken.items():
        out[f"{name}_10pct_median_cpu_ms"] = statistics.median(ms for ms, _ in rows)
        out[f"{name}_10pct_median_cpu_ms_per_1000_triples"] = statistics.median(ms / (n / 1000) for ms, n in rows if n)
        out[f"{name}_10pct_median_report_triples"] = statistics.median(n for _, n in rows)
    for key, suffix in (("change_cpu", ""), ("change_cpu_per_triple", "_per_1000_triples")):
        a, b = out[f"first_10pct_median_cpu_ms{suffix}"], out[f"last_10pct_median_cpu_ms{suffix}"]
        out[key] = (b - a) / a if a else None
    return out


def run_peer(store_dir: Path, work: Path, name: str) -> dict:
    """Serialise the reports' quads of a loaded store as N-Quads and bulk-load them into a fresh store."""
    import pyoxigraph as ox

    from itukg.loader import iris

    skip = {ox.NamedNode(iris.REFERENCE_GRAPH), ox.NamedNode(iris.ONTOLOGY_GRAPH)}
    source = ox.Store.read_only(str(store_dir))
    nquads = work / f"{name}.nq"
    seen = {"quads": 0, "graphs": set()}

    def reports_quads(store):  # streamed: a list of a million Quad objects would dominate the parent's RSS
        for quad in store.quads_for_pattern(None, None, None, None):
            if quad.graph_name not in skip:
                seen["quads"] += 1
                seen["graphs"].add(quad.graph_name)
                yield quad

    t = _clock()
    ox.serialize(reports_quads(source), output=str(nquads), format=ox.RdfFormat.N_QUADS)
    serialise_wall, _ = _since(t)
    count, graphs = seen["quads"], len(seen["graphs"])
    del source

    target = work / f"{name}-bulk"
    store = ox.Store(str(target))
    t = _clock()
    store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
    store.flush()
    wall, cpu = _since(t)
    loaded = len(store)
    del store
    return {"quads": count, "graphs": graphs, "loaded": loaded, "nquads_bytes": nquads.stat().st_size,
            "serialise_s": serialise_wall, "bulk_load_s": wall, "bulk_load_parent_cpu_s": cpu,
            "triples_per_s": count / wall,
            "parent_maxrss_kib_after": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}


# ---------------------------------------------------------------------------------------------- helpers


def _quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def _versions() -> dict:
    from importlib.metadata import version

    out = {"python": platform.python_version()}
    for package in ("pyoxigraph", "rdflib", "pyshacl", "itukg"):
        try:
            out[package] = version(package)
        except Exception:  # noqa: BLE001
            out[package] = None
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                                text=True).stdout.strip()
        dirty = bool(subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                                    capture_output=True, text=True).stdout.strip())
        out["git"] = commit + ("+dirty" if dirty else "")
    except OSError:
        out["git"] = None
    return out


def _machine() -> dict:
    model = None
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"cpus": os.cpu_count(), "cpu_model": model, "system": platform.platform(),
            "load_average_at_start": os.getloadavg()}


def _json(result: dict) -> str:
    """Indented JSON, with one line per report in the per-report lists (smaller, and diffs well)."""
    rows = {}
    for key, run in result["runs"].items():
        rows[key] = run.pop("per_report")
        run["per_report"] = f"@@{key}@@"
    text = json.dumps(result, indent=1, ensure_ascii=False)
    for key, reports in rows.items():
        lines = ",\n".join("   " + json.dumps(r, ensure_ascii=False, separators=(",", ":")) for r in reports)
        text = text.replace(f'"@@{key}@@"', "[\n" + lines + "\n  ]")
        result["runs"][key]["per_report"] = reports
    return text + "\n"


def _mib(kib: float) -> float:
    return kib / 1024


def style_times(repeat: int = 5) -> list[dict]:
    """CPU ms to read and extract one .txt fixture of each style of `benchmarks/extraction.py` (median of
    `repeat`, then the mean over the style's fixtures)."""
    from itukg.loader.extract import extract_report
    from itukg.loader.read import read_report

    here = Path(__file__).with_name("extraction.py")
    spec = importlib.util.spec_from_file_location("itukg_extraction_benchmark", here)
    extraction = sys.modules[spec.name] = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(extraction)
    texts = {extraction.fixture_id(path): path for path in extraction.fixtures() if path.suffix == ".txt"}
    times: dict[str, float] = {}
    for fixture, path in texts.items():
        runs = []
        for _ in range(repeat):
            start = time.process_time()
            extract_report(read_report(path))
            runs.append((time.process_time() - start) * 1000)
        times[fixture] = statistics.median(runs)
    return [{"style": style, "fixtures": len(ids), "extract_ms": statistics.mean(times[i] for i in ids)}
            for style, ids in extraction.STYLES if all(i in times for i in ids)]


def print_table(result: dict) -> None:
    runs = result["runs"]
    keys = list(runs)
    print()
    print(f"itukg load benchmark — {result['count']} reports, --jobs {result['jobs']}, batches of "
          f"{runs[keys[0]]['batch']}, {result['machine']['cpus']} CPUs, {result['date']}")
    print(f"generator: {result['generate_s']:.1f} s; store open (reference data): "
          f"{runs[keys[0]]['store_open_s']:.2f} s")
    print()
    header = {"validation_on": "validation on", "validation_off": "validation off"}
    print(f"{'':36}" + "".join(f"{header[k]:>21}" for k in keys))

    def row(label, cell):
        print(f"{label:36}" + "".join(f"{cell(runs[k], k):>21}" for k in keys))

    row("reports loaded / rejected", lambda r, k: f"{r['written']} / {r['rejected']}")
    row("triples written", lambda r, k: f"{r['triples_written']:,}")
    row("wall clock (s)", lambda r, k: f"{r['wall_s']:.1f}")
    row("reports/s", lambda r, k: f"{r['reports_per_s']:.2f}")
    row("   target with validation", lambda r, k: (f"≥ {TARGET_REPORTS_PER_S:.0f}" + (
        "  MET" if r["reports_per_s"] >= TARGET_REPORTS_PER_S else "  MISSED")) if r["validation"] else "")
    row("triples/s", lambda r, k: f"{r['triples_per_s']:,.0f}")
    row("CPU utilisation (all CPUs)", lambda r, k: f"{r['cpu_utilisation']:.0%}")
    row("reports/s bound from CPU seconds", lambda r, k: f"{r['reports_per_cpu_bound_s']:.2f}")
    row("rerun, all skipped (s)", lambda r, k: f"{r['resume']['skipped']} in {r['resume']['wall_s']:.1f}")
    row("peak RSS parent / worker (MiB)",
        lambda r, k: f"{_mib(r['parent_maxrss_kib']):.0f} / {_mib(r['workers_maxrss_kib']):.0f}")
    if result.get("peer"):
        peer = result["peer"]
        row("pyoxigraph bulk_load triples/s", lambda r, k: f"{peer[k]['triples_per_s']:,.0f}")
        row("   (same quads, bulk_load s)", lambda r, k: f"{peer[k]['quads']:,} in {peer[k]['bulk_load_s']:.1f}")
        row("ratio itukg / bulk_load", lambda r, k: f"{result['ratio'][k]:.3f}")
    print()
    print("where the time goes (CPU seconds summed over workers and parent; share of them; "
          "median / p95 wall ms per report)")
    print(f"{'stage':12}" + "".join(f"{'cpu s':>10}{'share':>8}{'med ms':>9}{'p95 ms':>9}   " for _ in keys))
    for name in STAGES:
        cells = []
        for k in keys:
            s = runs[k]["stages"].get(name)
            if s is None or not s.get("reports"):
                cells.append(f"{'—':>10}{'':>8}{'':>9}{'':>9}   ")
            else:
                cells.append(f"{s['cpu_s']:>10.2f}{s['cpu_share']:>8.1%}{s['median_ms']:>9.2f}{s['p95_ms']:>9.2f}   ")
        print(f"{name:12}" + "".join(cells))
    print()
    on = runs.get("validation_on")
    trends = (("validation (gate, in workers)", "validation_trend"),
              ("cross-report check (parent)", "crosscheck_trend"),
              ("gate + cross-report check", "gate_trend"), ("write", "write_trend"))
    for label, key in trends:
        trend = (on or runs[keys[0]]).get(key)
        if trend is None:
            continue
        print(f"{label}: median per report, first vs last {trend['reports_per_tenth']:,} reports: "
              f"{trend['first_10pct_median_ms']:.2f} → {trend['last_10pct_median_ms']:.2f} ms wall "
              f"({trend['change']:+.1%}), {trend['first_10pct_median_cpu_ms']:.2f} → "
              f"{trend['last_10pct_median_cpu_ms']:.2f} ms CPU ({trend['change_cpu']:+.1%}); per 1,000 triples "
              f"{trend['first_10pct_median_cpu_ms_per_1000_triples']:.2f} → "
              f"{trend['last_10pct_median_cpu_ms_per_1000_triples']:.2f} ms CPU "
              f"({trend['change_cpu_per_triple']:+.1%})")
    if on and on.get("gate_trend"):
        gate = on["gate_trend"]
        print(f"   reports' median size: {gate['first_10pct_median_report_triples']:,.0f} → "
              f"{gate['last_10pct_median_report_triples']:,.0f} triples")
        for label, change in (("per report", gate["change_cpu"]), ("per triple", gate["change_cpu_per_triple"])):
            print(f"   target: flat within ±{TARGET_FLAT:.0%} (CPU, {label}): "
                  f"{'MET' if abs(change) <= TARGET_FLAT else 'MISSED'}")
    alone = on.get("gate_alone") if on else None
    if alone:
        during = on["validation_trend"]
        print(f"the gate alone (the same reports after the load, one at a time, no store): median per report "
              f"{alone['first_10pct_median_cpu_ms']:.2f} → {alone['last_10pct_median_cpu_ms']:.2f} ms CPU "
              f"({alone['change_cpu']:+.1%}); per 1,000 triples "
              f"{alone['first_10pct_median_cpu_ms_per_1000_triples']:.2f}"
              f" → {alone['last_10pct_median_cpu_ms_per_1000_triples']:.2f} ms ({alone['change_cpu_per_triple']:+.1%})")
        print(f"   so of the gate's {during['change_cpu']:+.1%} per report during the load, {alone['change_cpu']:+.1%} "
              f"is the reports themselves and {during['change_cpu'] - alone['change_cpu']:+.1%} the load around "
              "them (a growing store written beside the workers)")
    print(f"load average (1 min) at start {result['machine']['load_average_at_start'][0]:.2f}, after the runs "
          + " / ".join(f"{runs[k]['load_average_after'][0]:.2f}" for k in keys))
    print(f"\nJSON: {result['out']}")


# ------------------------------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=1000, help="reports to generate and load (default 1000)")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes, as itukg load --jobs (default 2)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"JSON file (default {DEFAULT_OUT})")
    parser.add_argument("--seed", type=int, default=SEED, help=f"generator seed (default {SEED})")
    parser.add_argument("--runs", choices=("both", "on"), default="both",
                        help="load with the gate on and off (default), or only on")
    parser.add_argument("--order", choices=("date", "meeting"), default="date",
                        help="load order: by meeting date, as an archive is loaded (default), or by meeting number")
    parser.add_argument("--no-peer", action="store_true", help="skip pyoxigraph's bulk load of the same quads")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (reports, stores)")
    args = parser.parse_args(argv)
    if args.count < 1 or args.jobs < 1:
        parser.error("--count and --jobs must be at least 1")

    machine = _machine()  # with the load average before the run
    work = Path(tempfile.mkdtemp(prefix="itukg-bench-load-"))
    try:
        print(f"generating {args.count} reports (seed {args.seed}) ...", flush=True)
        reports, generate_s = generate(args.count, args.seed, work / "reports")
        reports.sort(key=_date_order if args.order == "date" else _meeting_order)
        runs, peers = {}, {}
        plan = (("validation_on", True),) + ((("validation_off", False),) if args.runs == "both" else ())
        for key, validate in plan:
            print(f"loading with validation {'on' if validate else 'off'} ...", flush=True)
            runs[key] = run_load(reports, validate=validate, jobs=args.jobs, store_dir=work / f"store-{key}",
                                 progress=args.count >= 2000)
            print(f"  {runs[key]['reports_per_s']:.2f} reports/s", flush=True)
            if validate:
                print("  the gate alone on the first and the last 10% ...", flush=True)
                runs[key]["gate_alone"] = gate_alone(reports)
            if not args.no_peer:
                print("  bulk-loading the same quads ...", flush=True)
                peers[key] = run_peer(work / f"store-{key}", work, key)
            shutil.rmtree(work / f"store-{key}", ignore_errors=True)
        result = {
            "benchmark": "load",
            "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "command": " ".join([Path(sys.executable).name, "benchmarks/load.py"] + (argv or sys.argv[1:])),
            "count": args.count, "jobs": args.jobs, "seed": args.seed, "order": args.order, "machine": machine,
            "versions": _versions(),
            "target": {"reports_per_s_with_validation": TARGET_REPORTS_PER_S,
                       "met": runs["validation_on"]["reports_per_s"] >= TARGET_REPORTS_PER_S,
                       "validation_flat_within": TARGET_FLAT,
                       "flat": abs(runs["validation_on"]["gate_trend"]["change_cpu"]) <= TARGET_FLAT,
                       "flat_per_triple": abs(runs["validation_on"]["gate_trend"]["change_cpu_per_triple"])
                       <= TARGET_FLAT},
            "generator_sha256": hashlib.sha256(GENERATOR.read_bytes()).hexdigest(),
            "generate_s": generate_s,
            "runs": runs, "peer": peers,
            "ratio": {k: runs[k]["triples_per_s"] / peers[k]["triples_per_s"] for k in peers},
            "peak_rss_mib": {"parent_after_loads_and_peer": _mib(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss),
                             "parent_during_load": {k: _mib(r["parent_maxrss_kib"]) for k, r in runs.items()},
                             "worker_max": {k: _mib(r["workers_maxrss_kib"]) for k, r in runs.items()}},
            "out": str(args.out),
        }
        print("timing the extraction of each fixture style ...", flush=True)
        result["extract_per_style"] = style_times()
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(_json(result))
        print_table(result)
        print("\nread + extract per fixture style (.txt, CPU ms, median of 5):")
        for row in result["extract_per_style"]:
            print(f"  {row['style']:<45} {row['extract_ms']:6.1f} ms  ({row['fixtures']} fixture(s))")
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
