"""Search benchmark: index build time, index size, and query latency over HTTP for lexical, dense and hybrid.

    .venv/bin/python benchmarks/search.py [--reports 10000] [--requests 300] [--out benchmarks/results/search.json]
    .venv/bin/python benchmarks/search.py --reports 200 --requests 40 --out /tmp/search.json   # smoke, ~2 min
    .venv/bin/python benchmarks/search.py --store DIR --reuse-embeddings --probe-scale 335712 600896   # a rerun

Needs the embedding extra (`pip install -e '.[dense]'`); without it only lexical and hybrid (lexical + graph) are
measured and the run says so. One run does everything:

1. **Data.** Writes `--reports` reports with `generate_reports.py` (seed 1) and loads them with
   `itukg load --jobs 2` into a temporary store (or uses `--store DIR`, loaded already).
2. **Index build**, in this process, the steps of `itukg index` timed one by one: reading the records from the
   store (SPARQL), BM25, the embeddings of the distinct texts (the encoder's throughput is reported) and the
   inverted file; then saved beside the store (`DIR.search/`) and its size on disk measured, the vectors apart.
3. **Service.** `itukg serve --store DIR` on 127.0.0.1; its own index is built from its engine at startup,
   reusing the saved embeddings (timed until the first search answers).
4. **Load**: for each mode (lexical, dense, hybrid) and concurrency (1, 8), `--requests` GET /search requests
   (limit 10) from as many threads as the concurrency, each with its own keep-alive connection, cycling over
   the 46 questions of tests/api/search/eval.json; bounded in count and time (`--max-seconds` per run). Latency
   is measured per request (median, p99) with the throughput. Any answer other than 200 fails the run.
5. With `--probe-scale ROWS RECORDS`: the dense path timed in process at a scale too large to embed here
   (`probe_at_scale`: real vectors tiled with noise; mechanics, not quality).
6. Prints a Markdown table, writes everything as JSON (`--out`), stops the server and removes its temporary
   folder (unless `--keep`), also on failure or Ctrl-C.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
GENERATOR = HERE / "generate_reports.py"
QUESTIONS = ROOT / "tests" / "api" / "search" / "eval.json"
ITUKG = [sys.executable, "-m", "itukg.api.cli"]
MODES = ("lexical", "dense", "hybrid")
CONCURRENCY = (1, 8)
TARGET = {"median_ms": 50.0, "p99_ms": 200.0}  # hybrid, from issue 4


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def size_of(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def prepare_store(reports: int, work: Path) -> tuple[Path, dict]:
    corpus, store = work / "reports", work / "store"
    subprocess.run([sys.executable, str(GENERATOR), "--count", str(reports), "--seed", "1", "--out", str(corpus)],
                   check=True, stdout=subprocess.DEVNULL)
    files = sorted(str(p) for p in corpus.glob("*.txt"))
    assert len(files) == reports, (len(files), reports)
    start = time.perf_counter()
    subprocess.run(ITUKG + ["load", "--store", str(store), "--jobs", "2", "--quiet", *files], check=True)
    return store, {"reports": reports, "load_s": round(time.perf_counter() - start, 1)}


def build_and_save(store_path: Path, *, reuse: bool = False) -> dict:
    """The steps of `itukg index`, timed; `reuse`: take the embeddings of the index saved beside the store
    (their texts are not embedded again: `embed_s` then times only what was missing)."""
    from itukg.api.search.saved import fingerprint, index_path
    from itukg.api.search.reading import records
    from itukg.api.store.locations import open_store
    from itukg.api.search.index import Index
    from itukg.api.search.vectors import Vectors, dense_available

    store = open_store(str(store_path), read_only=True)
    out: dict = {"dense_extra": dense_available(), "reports_loaded": sum("/graph/report/" in g for g in store.graphs())}
    start = time.perf_counter()
    found = records(store)
    out["records_s"] = round(time.perf_counter() - start, 1)
    out["records"] = len(found)
    start = time.perf_counter()
    index = Index().build(found, embed=False)
    out["bm25_s"] = round(time.perf_counter() - start, 1)
    if out["dense_extra"]:
        from itukg.api.search import vectors as dense

        start = time.perf_counter()
        saved = Vectors.load(index_path(store_path)) if reuse else None
        out["embeddings_reused"] = 0 if saved is None else len(saved.matrix)
        index.vectors = Vectors.embed(index.records, cells=False, reuse=saved)
        out["embed_s"] = round(time.perf_counter() - start, 1)
        out["distinct_texts"] = len(index.vectors.matrix)
        start = time.perf_counter()
        if len(index.vectors.matrix) > dense.EXACT_LIMIT:
            index.vectors.group()
        out["cells_s"] = round(time.perf_counter() - start, 1)
        out["cells"] = len(index.vectors.cells[0]) if index.vectors.cells is not None else 0
        out["probes"] = dense.PROBES if out["cells"] else 0
        out["texts_per_s"] = round(out["distinct_texts"] / max(out["embed_s"], 1e-9), 1)
    index.meta["fingerprint"] = fingerprint(store)
    location = index_path(store_path)
    start = time.perf_counter()
    index.save(location)
    out["save_s"] = round(time.perf_counter() - start, 1)
    out["build_s"] = round(sum(out.get(k, 0.0) for k in ("records_s", "bm25_s", "embed_s", "cells_s", "save_s")), 1)
    out["index_bytes"] = size_of(location)
    out["vector_bytes"] = sum(p.stat().st_size for p in location.iterdir()
                              if p.name.startswith(("vector", "cells-")))
    return out


def probe_at_scale(saved: Path, rows: int, records: int, queries: list[str]) -> dict:
    """In process, no HTTP: the dense path (query embedding, inverted file, per-record scores, candidates) over
    `rows` vectors and `records` records, made by tiling the real vectors of a saved index with a little noise
    (a stand-in for a corpus too large to embed here: it measures the mechanics, not the quality), and the
    share of the exact top 10 that the probe finds."""
    import numpy as np

    from itukg.api.search import index as search, vectors as dense
    from itukg.api.search.postings import best_of
    from itukg.api.search.vectors import Vectors, _cells, embedder, _products

    base = np.load(saved / "vectors.npy")
    rng = np.random.default_rng(0)
    tiles = -(-rows // len(base))
    matrix = np.concatenate([base + rng.normal(scale=0.02, size=base.shape).astype(np.float32)
                             for _ in range(tiles)])[:rows]
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    record_rows = rng.integers(0, rows, size=records).astype(np.int32)
    start = time.perf_counter()
    vectors = Vectors(matrix, np.zeros(rows, dtype="S20"), record_rows, _cells(matrix))
    built = time.perf_counter() - start
    encoder = embedder()

    def dense_path(query: str):
        scored, similarity = vectors.similarities(encoder.encode_query(query))
        per_row = np.full(rows, -2.0, dtype=np.float32)
        per_row[scored] = similarity
        semantic = per_row[record_rows]
        return best_of(semantic, np.flatnonzero(semantic >= search.DENSE_FLOOR), search.DENSE_CANDIDATES)

    for query in queries[:5]:
        dense_path(query)
    took, found = [], 0
    for query in queries:
        start = time.perf_counter()
        dense_path(query)
        took.append((time.perf_counter() - start) * 1000)
        vector = encoder.encode([query])[0]
        exact = set(np.argsort(-_products(matrix, vector))[:10].tolist())
        scored, similarity = vectors.similarities(vector)
        found += len(exact & set(scored[np.argsort(-similarity)[:10]].tolist()))
    ordered = sorted(took)
    return {"rows": rows, "records": records, "cells": len(vectors.cells[0]), "probes": dense.PROBES,
            "kmeans_s": round(built, 1), "dense_path_median_ms": round(statistics.median(ordered), 1),
            "dense_path_p99_ms": round(ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))], 1),
            "probe_recall_at_10": round(found / (10 * len(queries)), 3)}


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(store: Path, work: Path) -> tuple[subprocess.Popen, int, float]:
    port = free_port()
    environment = {k: v for k, v in os.environ.items() if not k.startswith("ITUKG_")}
    logfile = open(work / "serve.log", "w")
    process = subprocess.Popen(ITUKG + ["serve", "--store", str(store), "--port", str(port)], stdout=logfile,
                               stderr=subprocess.STDOUT, env=environment)
    start = time.perf_counter()
    deadline = start + 3600
    while True:
        if process.poll() is not None or time.perf_counter() > deadline:
            raise RuntimeError(f"itukg serve did not start or build its index: see {work / 'serve.log'}")
        try:
            status, _ = get(port, {"q": "IPv6", "limit": "1"}, timeout=3600)
            if status == 200:
                ready = time.perf_counter() - start
                wait_for_mirror(port, deadline)  # its background build would compete with the measured searches
                return process, port, ready
        except OSError:
            time.sleep(0.5)


def wait_for_mirror(port: int, deadline: float) -> None:
    """Wait until the engine's in-memory mirror of the store (decision 46) is built or turned off."""
    while time.perf_counter() < deadline:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        try:
            connection.request("GET", "/health")
            state = json.loads(connection.getresponse().read()).get("mirror", {}).get("state")
        finally:
            connection.close()
        if state != "building":
            return
        time.sleep(0.5)


def get(port: int, params: dict, *, timeout: float = 60, connection: http.client.HTTPConnection | None = None):
    own = connection is None
    connection = connection or http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", "/search?" + urlencode(params))
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        if own:
            connection.close()


def load_run(port: int, queries: list[str], mode: str, concurrency: int, requests: int, max_seconds: float) -> dict:
    """`requests` searches from `concurrency` threads (keep-alive), stopping early after `max_seconds`."""
    latencies: list[float] = []
    failures: list[str] = []
    counter = iter(range(requests))
    lock = threading.Lock()
    deadline = time.perf_counter() + max_seconds

    def worker() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        try:
            while time.perf_counter() < deadline:
                with lock:
                    n = next(counter, None)
                if n is None:
                    return
                start = time.perf_counter()
                status, body = get(port, {"q": queries[n % len(queries)], "mode": mode, "limit": "10"},
                                   connection=connection)
                took = time.perf_counter() - start
                with lock:
                    latencies.append(took)
                    if status != 200:
                        failures.append(f"{status}: {body[:200]!r}")
        finally:
            connection.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    ordered = sorted(latencies)
    return {"mode": mode, "concurrency": concurrency, "requests": len(ordered), "failures": len(failures),
            "failure_sample": failures[:3], "seconds": round(wall, 2),
            "per_s": round(len(ordered) / wall, 1) if wall else None,
            "median_ms": round(statistics.median(ordered) * 1000, 1) if ordered else None,
            "p99_ms": round(ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))] * 1000, 1) if ordered else None,
            "load_average": os.getloadavg()[0]}


def table(result: dict) -> str:
    index = result["index"]
    lines = [f"Search benchmark, {result['date']}: {index['reports_loaded']:,} reports, {index['records']:,} records"
             + (f", {index['distinct_texts']:,} distinct texts embedded" if index.get("distinct_texts") else ""),
             "",
             "| step | seconds |", "|---|---:|"]
    for key, name in (("records_s", "records read from the store (SPARQL)"), ("bm25_s", "BM25"),
                      ("embed_s", "embeddings"), ("cells_s", "inverted file (k-means)"), ("save_s", "saved"),
                      ("build_s", "**index build, total**"), ("service_ready_s", "service: start to first search")):
        source = result["service"] if key == "service_ready_s" else index
        if key in source:
            lines.append(f"| {name} | {source[key]:,} |")
    lines += ["", f"Index on disk: {index['index_bytes'] / 2**20:,.1f} MiB"
              + (f", of which vectors and inverted file {index['vector_bytes'] / 2**20:,.1f} MiB"
                 if index.get("vector_bytes") else "")
              + (f"; {index['embeddings_reused']:,} embeddings reused from the saved index (the row `embeddings` "
                 "times the look-up only)" if index.get("embeddings_reused") else
                 f"; encoder {index['texts_per_s']} texts/s" if index.get("texts_per_s") else ""), "",
              "| mode | concurrency | requests | median ms | p99 ms | req/s | failures |",
              "|---|---:|---:|---:|---:|---:|---:|"]
    for run in result["runs"]:
        lines.append(f"| {run['mode']} | {run['concurrency']} | {run['requests']} | {run['median_ms']} | "
                     f"{run['p99_ms']} | {run['per_s']} | {run['failures']} |")
    probe = result.get("probe_at_scale")
    if probe:
        lines += ["", f"Dense path in process over {probe['rows']:,} tiled vectors and {probe['records']:,} records "
                      f"({probe['cells']} cells, {probe['probes']} probed, k-means {probe['kmeans_s']} s): median "
                      f"{probe['dense_path_median_ms']} ms, p99 {probe['dense_path_p99_ms']} ms; the probe finds "
                      f"{probe['probe_recall_at_10']:.1%} of the exact top 10."]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=10_000)
    parser.add_argument("--store", type=Path, help="an itukg store loaded already (the reports are not generated)")
    parser.add_argument("--requests", type=int, default=300, help="requests per mode and concurrency")
    parser.add_argument("--max-seconds", type=float, default=120.0, help="bound of one load run")
    parser.add_argument("--out", type=Path, default=HERE / "results" / "search.json")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (store, index, reports)")
    parser.add_argument("--probe-scale", type=int, nargs=2, metavar=("ROWS", "RECORDS"),
                        help="also time the dense path in process over ROWS tiled vectors and RECORDS records")
    parser.add_argument("--reuse-embeddings", action="store_true",
                        help="with --store: reuse the embeddings of the index saved beside it (a rerun)")
    args = parser.parse_args()

    from itukg.api.search.vectors import dense_available

    queries = [q["q"] for q in json.loads(QUESTIONS.read_text(encoding="utf-8"))["questions"]]
    work = Path(tempfile.mkdtemp(prefix="itukg-search-bench."))
    server = None
    try:
        if args.store:
            store, data = args.store, {"reports": None, "store": str(args.store)}
        else:
            log(f"generating and loading {args.reports} reports into {work}")
            store, data = prepare_store(args.reports, work)
            log(f"loaded in {data['load_s']} s")
        log("building the index")
        index = build_and_save(store, reuse=args.reuse_embeddings)
        log(f"index: {index}")
        server, port, ready = start_server(store, work)
        log(f"service ready in {ready:.1f} s")
        runs = []
        modes = MODES if dense_available() else ("lexical", "hybrid")
        for concurrency in CONCURRENCY:
            for mode in modes:
                for query in queries:  # warm: every question once
                    status, body = get(port, {"q": query, "mode": mode, "limit": "10"})
                    if status != 200:
                        raise RuntimeError(f"{mode} {query!r}: {status} {body[:300]!r}")
                run = load_run(port, queries, mode, concurrency, args.requests, args.max_seconds)
                log(f"{run}")
                runs.append(run)
        result = {"date": dt.date.today().isoformat(), "machine": f"{os.cpu_count()} cores",
                  "data": data, "index": index, "service": {"service_ready_s": round(ready, 1)}, "runs": runs,
                  "target": TARGET, "note": None if dense_available() else
                  "the embedding extra is not installed: dense not measured, hybrid = lexical + graph"}
        if args.probe_scale and dense_available():
            from itukg.api.search.saved import index_path

            result["probe_at_scale"] = probe_at_scale(index_path(store), *args.probe_scale, queries)
            log(f"probe at scale: {result['probe_at_scale']}")
        hybrid = [r for r in runs if r["mode"] == "hybrid"]
        result["target_met"] = all(r["median_ms"] < TARGET["median_ms"] and r["p99_ms"] < TARGET["p99_ms"]
                                   and not r["failures"] for r in hybrid)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        print(table(result))
        failed = [r for r in runs if r["failures"] or not r["requests"]]
        return 1 if failed else 0
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
        if args.keep:
            log(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
            if not args.store:
                shutil.rmtree(Path(str(work / "store") + ".search"), ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
