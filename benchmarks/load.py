"""Load benchmark: how fast `itukg load` turns reports into a store, stage by stage, against pyoxigraph's
own bulk loader fed exactly the same quads.

    .venv/bin/python benchmarks/load.py [--count 1000] [--jobs 2] [--out benchmarks/results/load.json]

One run does everything:

1. writes `--count` reports in the house style with `benchmarks/generate_reports.py` (fixed seed) into a
   temporary folder;
2. loads them twice, each time into a fresh on-disk `OxigraphStore` in a temporary folder: once with the
   SHACL gate on, once with it off. Reading, extraction (segmentation + extraction), triples and the gate
   run in `--jobs` worker processes (start method 'spawn' by default); each worker returns the report's
   graphs pickled, with its timings, and the parent writes them with one `replace_graphs` per report, in
   the reports' order — the same graphs `itukg.api.ingest.write_report` writes (the report graph, and with
   the gate on, its validation graph). A report the gate rejects is not written, as in `itukg load`;
3. the peer: the quads each run left in its store (every graph but the reference data and the ontology)
   are serialised as N-Quads with their graph names and bulk-loaded with
   `pyoxigraph.Store(tmpdir).bulk_load(path=..., format=RdfFormat.N_QUADS)`;
4. prints a table and writes every number, and the per-report timings, as JSON.

Timings: per stage, wall-clock (`perf_counter`) and CPU (`process_time`) seconds, measured where the stage
runs (worker or parent). Throughput is wall clock from the first report handed to the pool until the store
is closed; starting the worker processes (imports, parsing the shapes and the ontology once per worker) and
opening the store (which loads the reference data) happen before the clock starts and are reported apart.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import multiprocessing as mp
import os
import pickle
import platform
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
STAGES = ("read", "extract", "triples", "validate", "write")
# timed apart: N-Triples text of the report (part of preparing it), the findings' triples (part of the
# gate), and moving a report between processes
EXTRA = ("ntriples", "findings", "pickle", "unpickle")
REPORT_SUFFIXES = (".txt", ".docx", ".pdf")


# ------------------------------------------------------------------------------------------------ worker


def _warm(engine: str, ready=None) -> None:
    """Import everything and build the gate's shapes, ontology and reference types once, so that no
    report pays for it. Used as the pool initializer, and in-process with --jobs 1."""
    from itukg.api import ingest, store  # noqa: F401
    from itukg.loader import validate

    if engine == "pyshacl":
        import pyshacl  # noqa: F401  (imported lazily by the gate)
    validate.shapes_graph()
    validate.ontology_graph()
    validate._reference_types()
    validate.validate_report([], engine=engine)  # compiles the shapes (compiled engine)
    if ready is not None:
        ready.put(os.getpid())


def _clock() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def _since(start: tuple[float, float]) -> tuple[float, float]:
    wall, cpu = _clock()
    return wall - start[0], cpu - start[1]


def prepare(task: tuple[int, str, bool, str, bool]) -> dict:
    """What `itukg.api.ingest.prepare_report` does, stage by stage, plus the mapping `write_report` hands
    to `replace_graphs`: {report graph: its N-Triples text, validation graph: its findings' triples}.
    Returns that mapping (pickled when `pickled`, i.e. in a worker) and the wall/CPU seconds of each stage."""
    index, path, validate, engine, pickled = task
    from itukg.loader import iris
    from itukg.loader.errors import ItukgError
    from itukg.loader.extract import extract_report
    from itukg.loader.read import read_report
    from itukg.loader.shacl import to_ntriples
    from itukg.loader.triples import graph_name, report_triples
    from itukg.loader.validate import findings_triples, validate_report

    wall: dict[str, float] = {}
    cpu: dict[str, float] = {}
    record: dict = {"index": index, "file": Path(path).name, "pid": os.getpid()}
    stage = "read"
    graphs = None
    try:
        t = _clock()
        source = read_report(path)
        wall["read"], cpu["read"] = _since(t)

        stage = "extract"  # segmentation and extraction
        t = _clock()
        extraction = extract_report(source)
        wall["extract"], cpu["extract"] = _since(t)

        stage = "triples"
        t = _clock()
        triples = report_triples(extraction)
        graph = str(graph_name(extraction))
        wall["triples"], cpu["triples"] = _since(t)

        t = _clock()
        ntriples = to_ntriples(triples)  # shared by the gate and the write
        wall["ntriples"], cpu["ntriples"] = _since(t)

        graphs = {graph: ntriples}
        record.update(graph=graph, report_triples=len(triples), lines=len(source.lines),
                      paragraphs=len(extraction.paragraphs))
        if validate:
            stage = "validate"
            t = _clock()
            validation = validate_report(triples, engine=engine, ntriples=ntriples)
            wall["validate"], cpu["validate"] = _since(t)
            record.update(conforms=validation.conforms, violations=len(validation.violations),
                          warnings=len(validation.warnings))
            if validation.conforms:
                t = _clock()
                m = extraction.meeting
                vgraph = iris.validation_graph(m.body, m.number)
                graphs[vgraph] = findings_triples(validation, vgraph)
                record["findings_triples"] = len(graphs[vgraph])
                wall["findings"], cpu["findings"] = _since(t)
            else:
                record["error"] = f"rejected by the gate: {len(validation.violations)} violation(s)"
                graphs = None
    except ItukgError as exc:
        record["error"] = f"{stage}: {exc}"
        graphs = None

    written = record["report_triples"] + record.get("findings_triples", 0) if graphs else 0
    record["triples_to_write"] = written
    if pickled:
        t = _clock()
        record["graphs"] = pickle.dumps(graphs, protocol=pickle.HIGHEST_PROTOCOL)
        wall["pickle"], cpu["pickle"] = _since(t)
    else:
        record["graphs"] = graphs
    record["wall"], record["cpu"] = wall, cpu
    record["maxrss_kib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return record


def fidelity_check(path: Path, validate: bool, engine: str) -> None:
    """The benchmark must time what `itukg load` does: compare its mapping for one report with what
    `prepare_report` + `write_report` would hand to `replace_graphs`."""
    from itukg.api.ingest import prepare_report
    from itukg.loader.validate import findings_triples

    if engine != "compiled":
        return  # prepare_report runs the default engine
    ours = prepare((0, str(path), validate, engine, False))["graphs"]
    prepared = prepare_report(path, validate=validate)
    theirs = {prepared.graph: prepared.ntriples}
    if prepared.validation is not None:
        theirs[prepared.validation_graph] = findings_triples(prepared.validation, prepared.validation_graph)
    if ours != theirs:
        sys.exit(f"benchmarks/load.py no longer matches itukg.api.ingest for {path.name}: update prepare()")


# ------------------------------------------------------------------------------------------------ parent


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


from itukg.api.ingest import BATCH  # noqa: E402  (the batch size `itukg load` writes with)


def run_load(reports: list[Path], *, validate: bool, engine: str, jobs: int, pool, store_dir: Path) -> dict:
    """Load every report into a fresh store at `store_dir`; returns totals and per-report records."""
    from itukg.api.store import OxigraphStore

    t = _clock()
    store = OxigraphStore(store_dir)  # loads the reference data and the ontology: not part of the clock
    open_wall, _ = _since(t)

    tasks = [(i, str(p), validate, engine, pool is not None) for i, p in enumerate(reports)]
    records = []
    cpu0 = time.process_time()
    start = time.perf_counter()
    results = pool.imap(prepare, tasks, chunksize=1) if pool is not None else map(prepare, tasks)
    batch: list[tuple[dict, dict]] = []

    def flush() -> None:
        # as itukg.api.ingest.load_reports does: batches written with the store's journaled bulk load;
        # the batch's write time is shared out equally among its reports
        graphs = {name: text for _, g in batch for name, text in g.items()}
        if graphs:
            t = _clock()
            if len(batch) > 1:
                store.bulk_replace(graphs)
            else:
                store.replace_graphs(graphs)
            wall, cpu = _since(t)
            written = [record for record, g in batch if g]
            for record in written:
                record["wall"]["write"], record["cpu"]["write"] = wall / len(written), cpu / len(written)
        batch.clear()

    for record in results:
        graphs = record.pop("graphs")
        if pool is not None:
            t = _clock()
            graphs = pickle.loads(graphs)
            record["wall"]["unpickle"], record["cpu"]["unpickle"] = _since(t)
        batch.append((record, graphs))
        records.append(record)
        if len(batch) >= BATCH:
            flush()
    flush()
    t = _clock()
    store.close()
    close_wall, close_cpu = _since(t)
    wall = time.perf_counter() - start
    parent_cpu = time.process_time() - cpu0

    written = [r for r in records if "write" in r["wall"]]
    rejected = [r for r in records if "error" in r]
    triples_written = sum(r["triples_to_write"] for r in written)
    report_triples_written = sum(r["report_triples"] for r in written)

    stages = {}
    for name in STAGES + EXTRA:
        walls = [r["wall"][name] for r in records if name in r["wall"]]
        cpus = [r["cpu"][name] for r in records if name in r["cpu"]]
        if not walls:
            continue
        stages[name] = {
            "reports": len(walls),
            "cpu_s": sum(cpus),
            "wall_s": sum(walls),
            "median_ms": statistics.median(walls) * 1000,
            "mean_ms": statistics.fmean(walls) * 1000,
            "p95_ms": _quantile(walls, 0.95) * 1000,
            "max_ms": max(walls) * 1000,
        }
    stages.setdefault("write", {"reports": 0, "cpu_s": 0.0, "wall_s": 0.0})
    stages["write"]["cpu_s"] += close_cpu
    stages["write"]["wall_s"] += close_wall
    stages["write"]["close_s"] = close_wall
    total_cpu = sum(s["cpu_s"] for s in stages.values())
    for s in stages.values():
        s["cpu_share"] = s["cpu_s"] / total_cpu if total_cpu else 0.0

    in_workers = ("read", "extract", "triples", "ntriples", "validate", "findings", "pickle")
    worker_cpu = sum(s["cpu_s"] for k, s in stages.items() if k in in_workers) if pool is not None else 0.0
    usable_cpus = min(jobs + 1 if pool is not None else 1, os.cpu_count() or 1)
    trend = _trend(records, "validate") if validate else None
    write_trend = _trend(records, "write")

    return {
        "validation": validate,
        "load_average_after": os.getloadavg(),
        "reports": len(records),
        "written": len(written),
        "rejected": len(rejected),
        "rejections": [{"file": r["file"], "error": r["error"]} for r in rejected][:20],
        "graphs_written": len({r["graph"] for r in written}),
        "triples_written": triples_written,
        "report_triples_written": report_triples_written,
        "wall_s": wall,
        "reports_per_s": len(records) / wall,
        "triples_per_s": triples_written / wall,
        "parent_cpu_s": parent_cpu,
        "worker_cpu_s": worker_cpu,
        # all CPU seconds of the run over (wall clock × CPUs): near 1 when the pipeline kept every CPU busy
        "cpu_utilisation": (worker_cpu + parent_cpu) / (wall * (os.cpu_count() or 1)),
        # an upper bound on reports/s from the CPU seconds alone: every CPU second spread evenly over the
        # CPUs, but the parent's (the writes) one after the other. The figure to look at when the machine
        # was shared (utilisation well below 1)
        "reports_per_cpu_bound_s": len(records) / max((worker_cpu + parent_cpu) / usable_cpus, parent_cpu),
        "store_open_s": open_wall,
        "stages": stages,
        "validation_trend": trend,
        "write_trend": write_trend,  # does writing slow down as the store fills?
        "workers_maxrss_kib": max(r["maxrss_kib"] for r in records),
        "parent_maxrss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "per_report": [{k: r.get(k) for k in ("index", "file", "pid", "report_triples", "triples_to_write",
                                              "lines", "paragraphs", "warnings", "error")}
                       | {"ms": {k: round(v * 1000, 3) for k, v in r["wall"].items()},
                          "cpu_ms": {k: round(v * 1000, 3) for k, v in r["cpu"].items()}}
                       for r in records],
    }


def _trend(records: list[dict], stage: str) -> dict | None:
    """Median ms of a stage over the first and the last 10% of the reports (in load order)."""
    ordered = sorted((r for r in records if stage in r["wall"]), key=lambda r: r["index"])
    if not ordered:
        return None
    tenth = max(1, len(ordered) // 10)
    first, last = ordered[:tenth], ordered[-tenth:]

    def median(rows, key):
        return statistics.median(r[key][stage] * 1000 for r in rows)

    trend = {"reports_per_tenth": tenth,
             "first_10pct_median_ms": median(first, "wall"), "last_10pct_median_ms": median(last, "wall"),
             "first_10pct_median_cpu_ms": median(first, "cpu"),
             "last_10pct_median_cpu_ms": median(last, "cpu"),
             "first_10pct_median_report_triples": statistics.median(r["report_triples"] for r in first),
             "last_10pct_median_report_triples": statistics.median(r["report_triples"] for r in last)}
    for key in ("", "cpu_"):
        a, b = trend[f"first_10pct_median_{key}ms"], trend[f"last_10pct_median_{key}ms"]
        trend[f"change_{key}".rstrip("_")] = (b - a) / a if a else None
    return trend


def run_peer(store_dir: Path, work: Path, name: str) -> dict:
    """Serialise the reports' quads of a loaded store as N-Quads and bulk-load them into a fresh store."""
    import pyoxigraph as ox

    from itukg.loader import iris

    skip = {ox.NamedNode(iris.REFERENCE_GRAPH), ox.NamedNode(iris.ONTOLOGY_GRAPH)}
    source = ox.Store.read_only(str(store_dir))
    nquads = work / f"{name}.nq"
    seen = {"quads": 0, "graphs": set()}

    def reports_quads():  # streamed: a list of a million Quad objects would dominate the parent's RSS
        for quad in source.quads_for_pattern(None, None, None, None):
            if quad.graph_name not in skip:
                seen["quads"] += 1
                seen["graphs"].add(quad.graph_name)
                yield quad

    t = _clock()
    ox.serialize(reports_quads(), output=str(nquads), format=ox.RdfFormat.N_QUADS)
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


def print_table(result: dict) -> None:
    on, off = result["runs"]["validation_on"], result["runs"]["validation_off"]
    print()
    print(f"itukg load benchmark — {result['count']} reports, --jobs {result['jobs']} "
          f"({result['start_method']}), gate engine {result['engine']}, {result['machine']['cpus']} CPUs, "
          f"{result['date']}")
    print(f"generator: {result['generate_s']:.1f} s; worker start-up (imports, shapes): "
          f"{result['pool_start_s']:.1f} s; store open (reference data): {on['store_open_s']:.2f} s")
    print()
    print(f"{'':34}{'validation on':>21}{'validation off':>21}")
    rows = [
        ("reports loaded / rejected", f"{on['written']} / {on['rejected']}",
         f"{off['written']} / {off['rejected']}"),
        ("triples written", f"{on['triples_written']:,}", f"{off['triples_written']:,}"),
        ("wall clock (s)", f"{on['wall_s']:.1f}", f"{off['wall_s']:.1f}"),
        ("reports/s", f"{on['reports_per_s']:.2f}", f"{off['reports_per_s']:.2f}"),
        ("   target with validation", f"≥ {TARGET_REPORTS_PER_S:.0f}"
         + ("  MET" if on["reports_per_s"] >= TARGET_REPORTS_PER_S else "  MISSED"), ""),
        ("triples/s", f"{on['triples_per_s']:,.0f}", f"{off['triples_per_s']:,.0f}"),
        ("CPU utilisation (all CPUs)", f"{on['cpu_utilisation']:.0%}", f"{off['cpu_utilisation']:.0%}"),
        ("reports/s bound from CPU seconds", f"{on['reports_per_cpu_bound_s']:.2f}",
         f"{off['reports_per_cpu_bound_s']:.2f}"),
    ]
    peer_on, peer_off = result["peer"]["validation_on"], result["peer"]["validation_off"]
    rows += [
        ("pyoxigraph bulk_load triples/s", f"{peer_on['triples_per_s']:,.0f}",
         f"{peer_off['triples_per_s']:,.0f}"),
        ("   (same quads, bulk_load s)", f"{peer_on['quads']:,} in {peer_on['bulk_load_s']:.2f}",
         f"{peer_off['quads']:,} in {peer_off['bulk_load_s']:.2f}"),
        ("ratio itukg / bulk_load", f"{result['ratio']['validation_on']:.4f}",
         f"{result['ratio']['validation_off']:.4f}"),
        ("ratio write stage only / bulk", f"{result['ratio_write_only']['validation_on']:.3f}",
         f"{result['ratio_write_only']['validation_off']:.3f}"),
    ]
    for label, a, b in rows:
        print(f"{label:34}{a:>21}{b:>21}")
    print()
    print("where the time goes (CPU seconds summed over workers and parent; share of them; "
          "median / p95 wall ms per report)")
    print(f"{'stage':12}{'on: cpu s':>11}{'share':>8}{'med ms':>9}{'p95 ms':>9}   "
          f"{'off: cpu s':>11}{'share':>8}{'med ms':>9}{'p95 ms':>9}")
    for name in STAGES + EXTRA:
        cells = []
        for run in (on, off):
            s = run["stages"].get(name)
            if s is None or not s.get("reports"):
                cells.append(f"{'—':>11}{'':>8}{'':>9}{'':>9}")
            else:
                cells.append(f"{s['cpu_s']:>11.2f}{s['cpu_share']:>8.1%}{s['median_ms']:>9.1f}"
                             f"{s['p95_ms']:>9.1f}")
        print(f"{name:12}{cells[0]}   {cells[1]}")
    print()
    trends = (("validation", on["validation_trend"]), ("write (validation on)", on["write_trend"]))
    for label, trend in trends:
        if trend is None:
            continue
        print(f"{label} per report, median of the first vs the last 10% "
              f"({trend['reports_per_tenth']} reports "
              f"each): {trend['first_10pct_median_ms']:.1f} → {trend['last_10pct_median_ms']:.1f} ms wall "
              f"({trend['change']:+.1%}), {trend['first_10pct_median_cpu_ms']:.1f} → "
              f"{trend['last_10pct_median_cpu_ms']:.1f} ms CPU ({trend['change_cpu']:+.1%})")
        print(f"  (median report size {trend['first_10pct_median_report_triples']:.0f} → "
              f"{trend['last_10pct_median_report_triples']:.0f} triples)")
    rss = result["peak_rss_mib"]
    worker = f"{rss['worker_max']:.0f} MiB" if rss["worker_max"] is not None else "none (--jobs 1)"
    print(f"peak RSS: parent {rss['parent']:.0f} MiB ({_mib(on['parent_maxrss_kib']):.0f} MiB by the end of "
          f"the first itukg load, before any bulk load), largest worker {worker} "
          f"(getrusage children, incl. the generator: {rss['children_getrusage']:.0f} MiB)")
    print(f"load average (1 min) at start {result['machine']['load_average_at_start'][0]:.2f}, "
          f"after the runs {on['load_average_after'][0]:.2f} / {off['load_average_after'][0]:.2f}")
    print(f"\nJSON: {result['out']}")


# ------------------------------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=1000, help="reports to generate and load (default 1000)")
    parser.add_argument("--jobs", type=int, default=2,
                        help="worker processes for read/extract/triples/validate (default 2; 1 = in-process)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"JSON file (default {DEFAULT_OUT})")
    parser.add_argument("--seed", type=int, default=SEED, help=f"generator seed (default {SEED})")
    parser.add_argument("--engine", choices=("compiled", "pyshacl"), default="compiled",
                        help="SHACL engine of the gate (default: compiled, what `itukg load` runs; "
                             "pyshacl: the reference implementation)")
    parser.add_argument("--start-method", choices=("spawn", "forkserver"), default="spawn")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (reports, stores)")
    args = parser.parse_args(argv)
    if args.count < 1 or args.jobs < 1:
        parser.error("--count and --jobs must be at least 1")

    machine = _machine()  # with the load average before the run
    work = Path(tempfile.mkdtemp(prefix="itukg-bench-load-"))
    try:
        print(f"generating {args.count} reports (seed {args.seed}) ...", flush=True)
        reports, generate_s = generate(args.count, args.seed, work / "reports")

        pool = None
        t = time.perf_counter()
        if args.jobs > 1:
            ctx = mp.get_context(args.start_method)
            ready = ctx.Queue()
            pool = ctx.Pool(args.jobs, initializer=_warm, initargs=(args.engine, ready))
            for _ in range(args.jobs):
                ready.get(timeout=300)
        else:
            _warm(args.engine)
        pool_start_s = time.perf_counter() - t

        runs, peers = {}, {}
        try:
            for key, validate in (("validation_on", True), ("validation_off", False)):
                print(f"loading with validation {'on' if validate else 'off'} ...", flush=True)
                fidelity_check(reports[0], validate, args.engine)
                runs[key] = run_load(reports, validate=validate, engine=args.engine, jobs=args.jobs,
                                     pool=pool, store_dir=work / f"store-{key}")
                print(f"  {runs[key]['reports_per_s']:.2f} reports/s; bulk-loading the same quads ...",
                      flush=True)
                peers[key] = run_peer(work / f"store-{key}", work, key)
        finally:
            if pool is not None:
                pool.close()
                pool.join()

        ratio = {k: runs[k]["triples_per_s"] / peers[k]["triples_per_s"] for k in runs}
        ratio_write = {}
        for k in runs:
            write_s = runs[k]["stages"]["write"]["wall_s"]
            write_rate = runs[k]["triples_written"] / write_s if write_s else None
            ratio_write[k] = write_rate / peers[k]["triples_per_s"] if write_rate else None
        children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        result = {
            "benchmark": "load",
            "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "command": " ".join([Path(sys.executable).name, "benchmarks/load.py"] + (argv or sys.argv[1:])),
            "count": args.count, "jobs": args.jobs, "seed": args.seed, "engine": args.engine,
            "start_method": args.start_method, "machine": machine, "versions": _versions(),
            "target": {"reports_per_s_with_validation": TARGET_REPORTS_PER_S,
                       "met": runs["validation_on"]["reports_per_s"] >= TARGET_REPORTS_PER_S},
            "generator_sha256": hashlib.sha256(GENERATOR.read_bytes()).hexdigest(),
            "generate_s": generate_s, "pool_start_s": pool_start_s,
            "runs": runs, "peer": peers, "ratio": ratio, "ratio_write_only": ratio_write,
            "peak_rss_mib": {
                "parent": _mib(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss),
                # with --jobs 1 the stages run in the parent, so there is no worker
                "worker_max": (_mib(max(r["workers_maxrss_kib"] for r in runs.values()))
                               if pool is not None else None),
                "children_getrusage": _mib(children),
            },
            "out": str(args.out),
        }
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(_json(result))
        print_table(result)
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
