"""Catalogue benchmark: every named query of `ontology/queries/`, with and without its parameter, on
`itukg serve` and on `oxigraph serve --union-default-graph` over copies of the same store.

    .venv/bin/python benchmarks/catalogue.py [--reports 800] [--out benchmarks/results/catalogue.json]
    .venv/bin/python benchmarks/catalogue.py --store DIR            # an existing store (copied for Oxigraph)
    .venv/bin/python benchmarks/catalogue.py --before 2c5af59      # also the texts of a git revision
    .venv/bin/python benchmarks/catalogue.py --reports 30 --repeat 1 --out /tmp/c.json   # smoke, ~1 min

Both servers get the same query text by GET /sparql (the catalogue's text, with the parameter bound by
the catalogue's own `VALUES` block), one request at a time, `--repeat` times each (default 5), the two
servers alternating; the median is reported with the ratio `oxigraph ms / itukg ms` (above 1: itukg is
faster). The parameter's value is taken from the first row of the query's unbound answer, so that the
bound query has an answer. A request that does not answer 200 within `--timeout` seconds (default 120)
is reported as such; itukg's own query time limit is raised to that for the run. itukg is measured once
its in-memory mirror of the store is built (decision 46; `--mirror off` measures it reading the disk).

`--before REV` also times the texts the catalogue had at git revision REV (for example the commit before
decision 44), so that a change to a query is measured on the same data, the same servers and the same run.

This is the benchmark behind decision 44: on a report archive, a fact that many reports state (a
chair's name) made the union-of-graphs joins of some catalogue queries grow with the square of the number
of reports that state it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import serve  # noqa: E402  (the servers, ports and logs of the service benchmark)

from itukg.loader.catalogue import NamedQuery, catalogue  # noqa: E402

DEFAULT_OUT = HERE / "results" / "catalogue.json"


def texts_at(revision: str) -> dict[str, str]:
    """The catalogue's query files as they were at a git revision."""
    listing = subprocess.run(["git", "ls-tree", "--name-only", revision, "ontology/queries/"], cwd=serve.ROOT,
                             check=True, capture_output=True, text=True).stdout.split()
    found = {}
    for path in listing:
        if path.endswith(".rq"):
            found[Path(path).stem] = subprocess.run(["git", "show", f"{revision}:{path}"], cwd=serve.ROOT, check=True,
                                                    capture_output=True, text=True).stdout
    if not found:
        raise SystemExit(f"catalogue.py: no ontology/queries/*.rq at git revision {revision}")
    return found


def timed(server: serve.Server, sparql: str, timeout: float) -> tuple[float | None, int, bytes]:
    path = "/sparql?query=" + quote(sparql, safe="")
    started = time.perf_counter()
    try:
        status, body = server.get(path, timeout=timeout)
    except OSError as error:  # a timeout or a dropped connection
        return None, 0, str(error).encode()
    elapsed = (time.perf_counter() - started) * 1000
    return (elapsed if status == 200 else None), status, body


def rows_of(body: bytes) -> list[dict]:
    try:
        return json.loads(body)["results"]["bindings"]
    except (ValueError, KeyError):
        return []


def measure(servers: dict, sparql: str, repeat: int, timeout: float) -> dict:
    figures = {}
    times: dict[str, list[float]] = {name: [] for name in servers}
    answers: dict[str, int] = {}
    failed: dict[str, str] = {}
    for _ in range(repeat):
        for name, server in servers.items():
            if name in failed:
                continue
            ms, status, body = timed(server, sparql, timeout)
            if ms is None:
                failed[name] = f"HTTP {status}" if status else f"no answer within {timeout:g} s"
                server.settle()
                continue
            times[name].append(ms)
            answers[name] = len(rows_of(body))
    for name in servers:
        if name in failed:
            figures[name] = {"failed": failed[name]}
        else:
            figures[name] = {"median_ms": statistics.median(times[name]), "runs_ms": [round(t, 2) for t in times[name]],
                             "rows": answers[name]}
    if all("median_ms" in figures[n] for n in ("itukg", "oxigraph")):
        figures["ratio_oxigraph_over_itukg"] = figures["oxigraph"]["median_ms"] / figures["itukg"]["median_ms"]
    return figures


def bound_example(query: NamedQuery, server: serve.Server, timeout: float) -> tuple[str, dict] | None:
    """The query bound to a value of its first parameter found in its own unbound answer."""
    if not query.params:
        return None
    param = query.params[0]
    ms, _, body = timed(server, query.sparql, timeout)
    for row in rows_of(body) if ms is not None else []:
        if param.name in row:
            values = {param.name: row[param.name]["value"]}
            return query.bind(values), values
    return None


def prepare_store(args, tmp: Path, result: dict) -> Path:
    """The itukg store the run measures, in `tmp`: a copy of `--store`, or `--reports` generated reports
    (`--seed`) loaded with `itukg load --jobs 2`; what it is goes into `result["store"]`."""
    store_dir = tmp / "store-itukg"
    if args.store:
        shutil.copytree(args.store, store_dir)
        result["store"] = {"source": args.store}
        return store_dir
    reports = tmp / "reports"
    serve.log(f"generating {args.reports} reports (seed {args.seed})")
    serve.run([sys.executable, str(serve.GENERATOR), "--count", str(args.reports), "--seed", str(args.seed),
               "--out", str(reports)], stdout=subprocess.DEVNULL)
    files = sorted(str(p) for p in reports.glob("*.txt"))
    assert files, f"the generator wrote no report into {reports}"
    serve.log(f"itukg load --jobs 2 of {len(files)} reports")
    with open(tmp / "load.log", "wb") as out:
        loaded = subprocess.run([str(serve.BIN / "itukg"), "load", "--store", str(store_dir), "--jobs", "2", *files],
                                cwd=serve.ROOT, stdout=out, stderr=subprocess.STDOUT)
    if loaded.returncode not in (0, 1):
        raise RuntimeError(f"itukg load failed with exit code {loaded.returncode}; see {tmp}/load.log")
    result["store"] = {"reports": len(files), "seed": args.seed}
    return store_dir


def start_servers(servers: dict, store_dir: Path, tmp: Path, env: dict, *, ready_s: float, mirror_s: float) -> dict:
    """`itukg serve` on `store_dir` (with `env`) and `oxigraph serve --union-default-graph` on a copy of it, into
    `servers`; returns itukg's in-memory mirror once built (`serve.wait_for_mirror`)."""
    oxigraph_dir = tmp / "store-oxigraph"
    serve.run(["cp", "-r", str(store_dir), str(oxigraph_dir)])
    port = serve.free_port()
    servers["itukg"] = serve.Server("itukg", [str(serve.BIN / "itukg"), "serve", "--store", str(store_dir),
                                              "--port", str(port)], port, tmp / "itukg.log", env=env)
    servers["itukg"].wait_ready(ready_s)
    port = serve.free_port()
    servers["oxigraph"] = serve.Server("oxigraph", [str(serve.BIN / "oxigraph"), "serve", "--location",
                                                    str(oxigraph_dir), "--bind", f"127.0.0.1:{port}",
                                                    "--union-default-graph"], port, tmp / "oxigraph.log")
    servers["oxigraph"].wait_ready(ready_s)
    mirror = serve.wait_for_mirror(servers["itukg"], mirror_s)
    serve.log(f"itukg's in-memory mirror: {mirror['state']} after {mirror['waited_s']:.1f} s")
    return mirror


def count_quads(server: serve.Server, timeout: float) -> int | None:
    """The quads of the store behind `server`, by SPARQL (None when it does not answer)."""
    _, _, body = timed(server, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", timeout)
    rows = rows_of(body)
    return int(rows[0]["n"]["value"]) if rows else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=800, help="generated reports to load (default 800: ~1M triples)")
    parser.add_argument("--store", help="an existing itukg store instead of generated reports (copied, not changed)")
    parser.add_argument("--before", help="also time the catalogue's texts at this git revision")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--seed", type=int, default=serve.SEED)
    parser.add_argument("--out", default=str(DEFAULT_OUT))
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--mirror", default="auto", help="ITUKG_MIRROR for itukg serve (default auto; off: it reads "
                                                         "the disk store, as before decision 46)")
    args = parser.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="itukg-bench-catalogue-"))
    servers: dict[str, serve.Server] = {}
    result: dict = {"command": " ".join([Path(sys.argv[0]).name, *(argv if argv is not None else sys.argv[1:])]),
                    "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                    "machine": serve.machine(), "versions": serve.versions(), "git_commit": serve.git_commit(),
                    "git_modified": serve.git_modified(), "repeat": args.repeat, "timeout_s": args.timeout}
    try:
        store_dir = prepare_store(args, tmp, result)
        # no time-out budget (decision 47): `--before` times old query texts that run into the time limit
        env = {**serve.ITUKG_ENV, "ITUKG_QUERY_TIMEOUT": str(args.timeout), "ITUKG_MIRROR": args.mirror,
               "ITUKG_TIMEOUT_BUDGET": "off"}
        result["itukg_mirror"] = start_servers(servers, store_dir, tmp, env, ready_s=180, mirror_s=900)
        quads = count_quads(servers["itukg"], args.timeout)
        result["store"]["quads"] = quads
        serve.log(f"both servers up on a store of {quads:,} quads" if quads else "both servers up")

        editions = {"current": {name: q for name, q in catalogue().items()}}
        if args.before:
            current = editions["current"]
            editions[args.before] = {name: NamedQuery(name=name, title=q.title, description=q.description,
                                                      params=q.params, sparql=text)
                                     for name, text in texts_at(args.before).items()
                                     if (q := current.get(name)) is not None}
        rows = []
        for edition, queries in editions.items():
            for name in sorted(queries):
                query = queries[name]
                cases = [("unbound", query.sparql, None)]
                example = bound_example(editions["current"][name], servers["itukg"], args.timeout)
                if example is not None:
                    cases.append(("bound", query.bind(example[1]), example[1]))
                for case, sparql, values in cases:
                    figures = measure(servers, sparql, args.repeat, args.timeout)
                    rows.append({"edition": edition, "query": name, "case": case, "values": values, **figures})
                    cells = []
                    for server in servers:
                        f = figures[server]
                        cells.append(f"{server} {f['median_ms']:9.1f} ms" if "median_ms" in f
                                     else f"{server} {f['failed']}")
                    ratio = figures.get("ratio_oxigraph_over_itukg")
                    serve.log(f"{edition:>8} {name:12} {case:8} " + "   ".join(cells)
                              + (f"   ×{ratio:.2f}" if ratio else "") + (f"   rows {figures['itukg'].get('rows')}"))
        result["rows"] = rows
        lines = ["| edition | query | case | itukg ms | oxigraph ms | oxigraph/itukg | rows |",
                 "|---|---|---|---:|---:|---:|---:|"]
        for r in rows:
            def cell(server: str) -> str:
                f = r[server]
                return f"{f['median_ms']:.1f}" if "median_ms" in f else f["failed"]
            ratio = r.get("ratio_oxigraph_over_itukg")
            lines.append(f"| {r['edition']} | {r['query']} | {r['case']} | {cell('itukg')} | {cell('oxigraph')} | "
                         f"{'' if ratio is None else f'{ratio:.2f}×'} | {r['itukg'].get('rows', '')} |")
        result["table_markdown"] = "\n".join(lines)
        print(result["table_markdown"])
        return 0
    except KeyboardInterrupt:
        return 130
    finally:
        serve.finish(result, servers, "rows", Path(args.out), tmp, args.keep)

if __name__ == "__main__":
    sys.exit(main())
