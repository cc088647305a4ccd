"""Ingest benchmark on a remote SPARQL engine: generated reports loaded with validation into Virtuoso (or any
`--store sparql+http://…`) through `itukg.api.ingest.BulkLoad`, the code `itukg load --jobs N` runs.

    .venv/bin/python benchmarks/ingest_remote.py [--count 300] [--jobs 2] [--out benchmarks/results/ingest_remote.json]
    .venv/bin/python benchmarks/ingest_remote.py --store sparql+http://host:8890/sparql   # an engine of your own
                                                      # (ITUKG_REMOTE_USER / ITUKG_REMOTE_PASSWORD for its writes)

Without `--store` it starts a throwaway Virtuoso (Debian `virtuoso-opensource`) on free loopback ports, the way
the tests do (tests/backends.py). It reports reports/s and triples/s over the whole load, peak memory (this
process, and its largest child: a worker or the Virtuoso it started), the wall seconds of each stage (read,
extract, triples, validate in the workers; the cross-report check and the write to the engine in this process),
and how validation and writing time per report change from the first to the last tenth of the load (1,000
reports of 10,000). The reports load in date order, as in `load.py` (decision 40).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SEED = 20240517
STAGES = ("read", "extract", "triples", "validate", "crosscheck", "write")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--store", help="sparql+http(s)://… of a running engine (default: start a Virtuoso)")
    parser.add_argument("--out", type=Path, default=HERE / "results" / "ingest_remote.json")
    args = parser.parse_args(argv)

    from itukg.api.ingest.bulk import BulkLoad
    from itukg.api.store.locations import open_store

    with tempfile.TemporaryDirectory() as tmp, _engine(args.store, Path(tmp)) as (location, environ):
        folder = Path(tmp) / "reports"
        subprocess.run([sys.executable, str(HERE / "generate_reports.py"), "--count", str(args.count), "--seed",
                        str(SEED), "--out", str(folder)], check=True, capture_output=True)
        sys.path.insert(0, str(HERE))
        from load import _date_order  # the same order as the embedded-store benchmark (decision 40)

        reports = [str(p) for p in sorted(folder.glob("*-report.txt"), key=_date_order)]
        assert len(reports) == args.count, f"generated {len(reports)} reports, expected {args.count}"
        with _environment(environ):
            store = open_store(location)
            engine = store.adapter.name
            start = time.perf_counter()
            records = [{"status": o.status, "triples": (o.summary or {}).get("triples", 0), "wall": dict(o.seconds)}
                       for o in BulkLoad(store, reports, validate=True, jobs=args.jobs).run()]
            wall = time.perf_counter() - start
            store.close()
    loaded = [r for r in records if r["status"] == "loaded"]
    window = max(1, len(records) // 10)
    result = {
        "engine": engine, "store": location if args.store else f"throwaway {engine}", "reports": args.count,
        "order": "date",
        "jobs": args.jobs, "loaded": len(loaded), "failed": sum(r["status"] == "failed" for r in records),
        "seconds": round(wall, 2), "reports_per_s": round(len(loaded) / wall, 1),
        "triples_per_s": round(sum(r["triples"] for r in loaded) / wall),
        "peak_rss_mib": {"this process": _mib(resource.RUSAGE_SELF),
                         "largest child (a worker, or the Virtuoso started here)": _mib(resource.RUSAGE_CHILDREN)},
        "stage_seconds": {s: round(sum(r["wall"].get(s, 0.0) for r in records), 2) for s in STAGES},
        "window": window,
        "ms_per_report": {s: {"first": _median_ms(records[:window], s), "last": _median_ms(records[-window:], s)}
                          for s in ("validate", "crosscheck", "write")},
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    return 0


@contextlib.contextmanager
def _engine(location: str | None, tmp: Path):
    """(store location, ITUKG_REMOTE_* settings) of the given engine, or of a throwaway Virtuoso."""
    if location:
        yield location, {}
        return
    sys.path.insert(0, str(ROOT / "tests"))
    from backends import virtuoso_missing, virtuoso_server

    reason = virtuoso_missing()
    if reason:
        raise SystemExit(f"ingest_remote: {reason}; or pass --store.")
    with virtuoso_server(tmp / "virtuoso") as backend:
        yield backend.location, backend.env


@contextlib.contextmanager
def _environment(values: dict[str, str]):
    import os

    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _median_ms(records: list[dict], stage: str) -> float | None:
    values = [r["wall"][stage] for r in records if stage in r["wall"]]
    return round(statistics.median(values) * 1000, 2) if values else None


def _mib(who: int) -> float:
    return round(resource.getrusage(who).ru_maxrss / 1024, 1)


if __name__ == "__main__":
    sys.exit(main())
