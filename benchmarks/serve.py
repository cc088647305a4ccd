"""Service benchmark: `itukg serve` against Oxigraph's own server and rdflib-endpoint, over the same
≥1M-triple store, with `wrk` as the load generator.

    .venv/bin/python benchmarks/serve.py [--reports 800] [--duration 10] [--out benchmarks/results/serve.json]
    .venv/bin/python benchmarks/serve.py --reports 20 --duration 2 --out /tmp/serve.json   # smoke, ~1 min
    .venv/bin/python benchmarks/serve.py --before 709c1c3     # also `itukg serve` as it was at that revision

Needs `wrk` (Debian: `apt-get install -y wrk`), rdflib-endpoint and py-spy (`pip install -e '.[bench]'`).

One run does everything:

1. **Data.** Writes `--reports` reports with `generate_reports.py` (fixed seed) and loads them with
   `itukg load --jobs 2` into a temporary store; if the store holds fewer than `--min-triples` quads (default
   1,000,000 for a full run, none for a smoke run of fewer than 800 reports) it starts again with more
   reports. The store directory is copied with `cp -r` (nothing has it open) for `oxigraph serve`, and
   dumped as N-Quads for rdflib-endpoint, which parses them into an in-memory `rdflib.Dataset(default_union=
   True)` (as its own CLI does); that load is timed and watched: past 8 GiB of RSS or 10 minutes it is
   stopped and rdflib-endpoint gets a stated subset of the report graphs instead.
2. **Cold start.** A throwaway `itukg serve` on that store gets its first 16 lookups from 8 threads at once,
   then 16 more one by one; every answer should be 200 (see `cold_start_check`).
3. **Servers**, all on 127.0.0.1, all answering GET /sparql?query=…: `itukg serve` (measured once its in-memory
   mirror of the store is built: `itukg_mirror` in the JSON; `--mirror off` measures it reading the disk),
   `oxigraph serve --union-default-graph` on a copy of the store (same pyoxigraph/Oxigraph version; the peer of
   the issue's targets), the same without `--location` (`oxigraph-memory`: Oxigraph's in-memory storage, given
   the N-Quads over its Graph Store Protocol, which tells what itukg gains from memory alone) and
   rdflib-endpoint (`SparqlEndpoint(path="/sparql")` under uvicorn; its own CLI mounts it at "/").
   With `--before REV`, a fifth: `itukg-before`, `itukg serve` from the source of git revision REV (a
   `git worktree add --detach` in the temporary folder) run by this venv's Python with that source first
   on sys.path, ahead of the editable install (see `prepare_before`; which files the web process and its
   spawned engine process import is checked, and the run stops if any is not the old source), on its own
   copy of the store and with itukg's settings (mirror, environment); it is measured once its mirror is
   built too, and the table and JSON give `itukg / itukg-before` (throughput ratio, median latency
   difference) for every workload and concurrency, and a verdict: lookups and aggregates within 10% of
   REV (throughput ratio ≥ 0.90 at c=1 and c=8).
4. **Workloads**, Accept: application/sparql-results+json: `lookup` (`SELECT ?p ?o WHERE { <IRI> ?p ?o }`
   over 1,000 IRIs of documents, meetings and states sampled from the store, cycled by the wrk script),
   `aggregate` (citations per cited resolution number, GROUP BY) and `catalogue` (the `submissions` named
   query). Before measuring, every request path is sent once to every server (warm-up, one at a time), each
   must answer 200, and the answers are compared across servers.
5. **Measurement**: `wrk -t1 -c{1,8} -d{duration}s --latency --timeout 30s` with a Lua script cycling over
   the paths. For each workload and concurrency the servers run one after the other; the whole round
   is repeated `--rounds` times (default 2) and the median of the rounds is reported. After each run the
   server is left to finish whatever the run left queued (until its processes are idle). A run with any
   socket error, timeout or non-2xx answer, or with no answer at all, is reported as failed, never with its
   throughput. A run that completes fewer than 20 requests (rdflib-endpoint on the catalogue query) is run
   again, long enough to complete about 20 (at most 60 s; `extended_to_s` in the JSON). Each run also records the CPU time of the server's processes (from /proc: per request and in
   cores, the web process and itukg's engine process apart) and the load average of the machine.
6. **Profile**: two more lookup runs at concurrency 8 against itukg, under `py-spy record --subprocesses`
   (web process and engine process), once with `--gil` and once with `--native`; the samples are
   summarised by layer (HTTP server, FastAPI/Starlette, thread pool, pipe IPC, guard, engine...). The
   guard's own cost per query is timed in this process.
7. Prints a table (and a Markdown version), writes everything as JSON (`--out`), stops every server it
   started and removes its temporary folder (unless `--keep`) and the worktree of `--before` (always), also on
   failure or Ctrl-C.

A smoke run (`--reports` under 800) skips the 1M-triple floor and does one round.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import http.client
import json
import math
import os
import platform
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path
from urllib.parse import quote

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BIN = Path(sys.executable).parent
GENERATOR = HERE / "generate_reports.py"
DEFAULT_OUT = HERE / "results" / "serve.json"
SEED = 20240517
FULL_REPORTS = 800
MIN_TRIPLES = 1_000_000
ACCEPT = "application/sparql-results+json"
SERVERS = ("itukg", "oxigraph", "oxigraph-memory", "rdflib-endpoint")
BEFORE = "itukg-before"  # `itukg serve` at the revision of --before, measured right after itukg
BEFORE_BOUND = 0.9  # its requirement: lookups and aggregates at ≥ 0.90× the throughput of the old code
WORKLOADS = ("lookup", "aggregate", "catalogue")
MIN_REQUESTS = 20  # a run that completes fewer is run again for longer (up to LONGEST_S)
LONGEST_S = 60.0
# itukg serve without the search index's start-up build: on a freshly loaded store with the embedding extra it
# would embed every paragraph in the background (a process at the lowest priority, for many minutes), which
# this benchmark of SPARQL would measure too. The first search builds the index instead.
ITUKG_ENV = {**os.environ, "ITUKG_SEARCH_WARM": "0"}
CONNECTIONS = (1, 8)
RDFLIB_MAX_RSS = 8 * 1024 ** 3
RDFLIB_MAX_LOAD_S = 600.0
BASE = "https://w3id.org/itukg/"
ITU = BASE + "ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

AGGREGATE = f"""PREFIX itu: <{ITU}>
SELECT ?number (COUNT(?citation) AS ?citations) WHERE {{
  ?citation a itu:Citation ; itu:citedNumber ?number .
}}
GROUP BY ?number
ORDER BY DESC(?citations) ?number"""

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

# `itukg serve` from the source of another revision (--before), by this venv's Python: the old source goes
# first on sys.path. The editable install's finder comes after the path finder in sys.meta_path, so the
# path wins for every itukg package; a process started by multiprocessing's "spawn" (the engine) is given
# the parent's sys.path before it unpickles its target, so it imports the old source too.
_BEFORE_PRELUDE = """
import sys
sys.path.insert(0, {pkg!r})
import itukg.api
"""
_BEFORE_SERVE = _BEFORE_PRELUDE + """
print("itukg.api from " + itukg.api.__file__, flush=True)
from itukg.api.cli import main
sys.argv = ["itukg", *sys.argv[1:]]
sys.exit(main())
"""
# which files a process with that sys.path imports, and a process it spawns (as the engine is spawned)
_BEFORE_CHECK = _BEFORE_PRELUDE + """
import concurrent.futures, json, multiprocessing
FILES = "{{name: __import__(name, fromlist=['_']).__file__ for name in {names!r}}}"
with concurrent.futures.ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
    spawned = pool.submit(eval, FILES).result()
print(json.dumps({{"process": eval(FILES), "spawned": spawned}}))
"""

WRK_SCRIPT = r"""
-- cycles through the request paths in PATHS_FILE, one per line; prints the figures as one JSON line
local paths = {}
for line in io.lines("@PATHS@") do
  if #line > 0 then paths[#paths + 1] = line end
end
local i = 0
wrk.headers["Accept"] = "@ACCEPT@"

request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests": %d, "duration_us": %d, "bytes": %d, "connect": %d, "read": %d, "write": %d, ' ..
    '"status": %d, "timeout": %d, "p50_us": %d, "p90_us": %d, "p99_us": %d, "mean_us": %.1f, ' ..
    '"max_us": %d, "paths": %d}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.mean, latency.max, #paths))
end
"""


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


# ------------------------------------------------------------------------------------------- child modes


def _child_inspect(store_dir: str, nquads: str, out: str, lookups: int, seed: int) -> None:
    """Count the store, sample the lookup IRIs, dump the N-Quads; run in its own process, so that the
    store is closed again when it ends."""
    import pyoxigraph as ox

    store = ox.Store.read_only(store_dir)
    graphs = collections.Counter()
    for quad in store:
        graphs[quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else ""] += 1
    kinds = {}
    for name, cls in (("document", "Document"), ("meeting", "Meeting"), ("state", "MemberState")):
        subjects = {q.subject.value for q in store.quads_for_pattern(None, ox.NamedNode(RDF_TYPE),
                                                                    ox.NamedNode(ITU + cls), None)
                    if isinstance(q.subject, ox.NamedNode)}
        kinds[name] = sorted(subjects)
    rng = random.Random(seed)
    # about half documents, 30% meetings, 20% states; whatever one kind lacks the others make up
    want = {"state": min(len(kinds["state"]), lookups // 5)}
    want["meeting"] = min(len(kinds["meeting"]), (lookups * 3) // 10)
    want["document"] = min(len(kinds["document"]), lookups - want["state"] - want["meeting"])
    short = lookups - sum(want.values())
    for name in ("meeting", "state"):
        extra = min(short, len(kinds[name]) - want[name])
        want[name] += extra
        short -= extra
    sample = [(name, iri) for name in ("document", "meeting", "state") for iri in rng.sample(kinds[name], want[name])]
    rng.shuffle(sample)
    store.dump(output=nquads, format=ox.RdfFormat.N_QUADS)
    report_graphs = {g: n for g, n in graphs.items() if g.startswith(BASE + "graph/report/")}
    Path(out).write_text(json.dumps({
        "quads": sum(graphs.values()), "graphs": len(graphs), "report_graphs": len(report_graphs),
        "report_quads": sum(report_graphs.values()), "graph_sizes": dict(graphs),
        "available": {k: len(v) for k, v in kinds.items()}, "lookups": sample}))


def _child_rdflib_endpoint(nquads: str, port: int) -> None:
    """Load N-Quads into an rdflib Dataset (timed) and serve it with rdflib-endpoint."""
    import resource

    import uvicorn
    from rdflib import Dataset
    from rdflib_endpoint import SparqlEndpoint

    started = time.perf_counter()
    dataset = Dataset(default_union=True)
    dataset.parse(nquads, format="nquads")
    load_s = time.perf_counter() - started
    quads = len(list(dataset.quads((None, None, None, None))))
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print("LOADED " + json.dumps({"load_s": load_s, "quads": quads, "max_rss_bytes": rss}), flush=True)
    app = SparqlEndpoint(graph=dataset, path="/sparql", title="rdflib-endpoint (benchmark peer)")
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")


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


# ---------------------------------------------------------------------------------------------- data


def run(argv: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(argv, cwd=ROOT, check=True, **kwargs)


def build_store(tmp: Path, reports: int, min_triples: int, seed: int, lookups: int, before: bool = False) -> dict:
    """Generate and load reports until the store holds at least `min_triples` quads; dump and inspect it. The
    store folder is copied for `oxigraph serve` and, with `before`, for itukg-before (two processes cannot
    open one store)."""
    attempt = 0
    while True:
        attempt += 1
        reports_dir, store_dir = tmp / f"reports-{attempt}", tmp / f"store-{attempt}"
        log(f"generating {reports} reports (seed {seed})")
        run([sys.executable, str(GENERATOR), "--count", str(reports), "--seed", str(seed), "--out", str(reports_dir)],
            stdout=subprocess.DEVNULL)
        files = sorted(str(p) for p in reports_dir.glob("*.txt"))
        log(f"itukg load --jobs 2 of {len(files)} reports")
        started = time.perf_counter()
        with open(tmp / f"load-{attempt}.log", "wb") as out:
            loaded = subprocess.run([str(BIN / "itukg"), "load", "--store", str(store_dir), "--jobs", "2", *files],
                                    cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
        load_s = time.perf_counter() - started
        if loaded.returncode not in (0, 1):  # 1: some report was refused by the gate; the rest is loaded
            raise RuntimeError(f"itukg load failed with exit code {loaded.returncode}; see {tmp}/load-{attempt}.log")
        nquads, info_path = tmp / "store.nq", tmp / "store.json"
        run([sys.executable, __file__, "_inspect", str(store_dir), str(nquads), str(info_path), str(lookups), str(seed)])
        info = json.loads(info_path.read_text())
        log(f"store: {info['quads']:,} quads ({info['report_quads']:,} in {info['report_graphs']} report graphs), "
            f"loaded in {load_s:.1f} s")
        if info["quads"] >= min_triples:
            break
        grown = math.ceil(reports * min_triples / max(info["quads"], 1) * 1.02)
        log(f"fewer than {min_triples:,} quads: starting again with {grown} reports")
        shutil.rmtree(reports_dir)
        shutil.rmtree(store_dir)
        reports = grown
    copy_dir = tmp / "store-oxigraph"
    run(["cp", "-r", str(store_dir), str(copy_dir)])
    if before:
        info["before_dir"] = str(tmp / "store-before")
        run(["cp", "-r", str(store_dir), info["before_dir"]])
    info.update(reports=reports, reports_loaded=info["report_graphs"], itukg_load_s=load_s,
                store_dir=str(store_dir), oxigraph_dir=str(copy_dir), nquads=str(nquads),
                nquads_bytes=nquads.stat().st_size, some_refused=loaded.returncode == 1)
    return info


def subset_nquads(source: Path, target: Path, graph_sizes: dict, fraction: float) -> dict:
    """The reference data, the ontology and the first `fraction` of the report graphs (with their
    validation graphs), for rdflib-endpoint when it cannot hold the whole store."""
    reports = sorted(g for g in graph_sizes if g.startswith(BASE + "graph/report/"))
    kept_reports = set(reports[: max(1, int(len(reports) * fraction))])
    keep = {g for g in graph_sizes if not g.startswith(BASE + "graph/report/") and
            not g.startswith(BASE + "graph/validation/")} | kept_reports
    keep |= {BASE + "graph/validation/" + g[len(BASE + "graph/report/"):] for g in kept_reports}
    kept = 0
    with open(source, encoding="utf-8") as src, open(target, "w", encoding="utf-8") as out:
        for line in src:
            graph = line.rstrip().rsplit(" ", 2)[-2] if line.rstrip().endswith(">" + " .") else ""
            name = graph[1:-1] if graph.startswith("<") else ""
            if name in keep:
                out.write(line)
                kept += 1
    return {"report_graphs": len(kept_reports), "of_report_graphs": len(reports), "quads": kept}


def wait_for_mirror(server: "Server", limit: float) -> dict:
    """Wait until itukg's in-memory mirror of the store is built (or turned off); its state from /health."""
    started = time.monotonic()
    while True:
        status, body = server.get("/health", timeout=10)
        state = json.loads(body).get("mirror", {"state": "none"}) if status == 200 else {"state": "unknown"}
        if state["state"] != "building" or time.monotonic() - started > limit:
            return {**state, "waited_s": round(time.monotonic() - started, 2)}
        time.sleep(0.25)


def start_oxigraph_memory(tmp: Path, nquads: Path) -> tuple["Server", dict]:
    """`oxigraph serve` without --location (its in-memory storage), given the same N-Quads over the Graph Store
    Protocol: the peer that tells what itukg's mirror gains from memory alone."""
    port = free_port()
    server = Server("oxigraph-memory", [str(BIN / "oxigraph"), "serve", "--bind", f"127.0.0.1:{port}",
                                        "--union-default-graph"], port, tmp / "oxigraph-memory.log")
    server.wait_ready(180)
    started = time.monotonic()
    with open(nquads, "rb") as body:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1800)
        try:
            connection.request("POST", "/store", body=body, headers={"Content-Type": "application/n-quads"})
            response = connection.getresponse()
            response.read()
        finally:
            connection.close()
    if response.status >= 300:
        raise RuntimeError(f"oxigraph-memory refused the N-Quads: {response.status}; see {tmp}/oxigraph-memory.log")
    info = {"load_s": round(time.monotonic() - started, 2), "rss_after_load_bytes": rss_bytes(server.pid)}
    log(f"oxigraph serve in memory (pid {server.pid}) loaded the N-Quads in {info['load_s']:.1f} s, "
        f"RSS {info['rss_after_load_bytes'] / 2**30:.2f} GiB")
    return server, info


# ------------------------------------------------------------------------------------------ --before


def _inside(file: str | Path, folder: str | Path) -> bool:
    return Path(file).resolve().is_relative_to(Path(folder).resolve())


def prepare_before(rev: str, tmp: Path) -> dict:
    """A git worktree of `rev` in `tmp`, and beside it a folder `itukg/` of links into it, one a package of the
    install's package-dir mapping (as the old pyproject.toml gives it); `itukg_serve_argv` puts that folder first
    on sys.path. Checks that a process started so, and a process it spawns, import every itukg package (and the
    cli and engine modules) from the worktree."""
    found = subprocess.run(["git", "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], cwd=ROOT,
                           capture_output=True, text=True, check=False)
    if found.returncode != 0:
        raise RuntimeError(f"--before {rev}: not a commit of {ROOT}")
    commit = found.stdout.strip()
    src, pkg = tmp / "before-src", tmp / "before-pkg"
    run(["git", "worktree", "add", "--detach", "--quiet", str(src), commit])
    mapping = tomllib.loads((src / "pyproject.toml").read_text())["tool"]["setuptools"]["package-dir"]
    (pkg / "itukg").mkdir(parents=True)
    for package, folder in mapping.items():
        (pkg / "itukg" / package.split(".", 1)[1]).symlink_to(src / folder, target_is_directory=True)
    names = tuple(sorted({*mapping, "itukg.api.cli", "itukg.api.engine"}))
    check = subprocess.run([sys.executable, "-c", _BEFORE_CHECK.format(pkg=str(pkg), names=names)], cwd=ROOT,
                           env=ITUKG_ENV, capture_output=True, text=True, timeout=300, check=False)
    if check.returncode != 0:
        raise RuntimeError(f"--before {rev}: the import check failed:\n{check.stderr[-2000:]}")
    files = json.loads(check.stdout.strip().splitlines()[-1])
    outside = {f"{where} {name}": file for where, modules in files.items() for name, file in modules.items()
               if not _inside(file, src)}
    if outside:
        raise RuntimeError(f"--before {rev}: imported from elsewhere than the worktree {src}: {outside}")
    return {"rev": rev, "commit": commit, "source": str(src), "packages": str(pkg), "imports_checked": files}


def itukg_serve_argv(store: str, port: int, before: dict | None = None) -> list[str]:
    """`itukg serve` as installed, or (`before`: from `prepare_before`) from the old source, its web process
    first printing where it imported itukg.api from."""
    args = ["serve", "--store", store, "--port", str(port)]
    if before is None:
        return [str(BIN / "itukg"), *args]
    return [sys.executable, "-c", _BEFORE_SERVE.format(pkg=before["packages"]), *args]


def check_before_running(server: Server, before: dict) -> dict:
    """Which code the started itukg-before runs: its web process's itukg.api (which it prints), and the source
    files on its engine process's stacks (py-spy dump, where py-spy is installed): those of the worktree, and
    none of this work tree's. Raises if either is not the old source."""
    src = Path(before["source"])
    web = next((line.split(" from ", 1)[1] for line in server.log_path.read_text(errors="replace").splitlines()
                if line.startswith("itukg.api from ")), None)
    if web is None or not _inside(web, src):
        raise RuntimeError(f"{BEFORE}: its web process imported itukg.api from {web}, not from {src}")
    out = {"web_process_itukg_api": web}
    engines = [pid for pid in descendants(server.pid) if "spawn_main" in (cmdline(pid) or "")]
    py_spy = BIN / "py-spy"
    if not engines or not py_spy.exists():
        out["engine"] = "not checked: " + ("no engine process" if not engines else "py-spy is not installed")
        return out
    dump = subprocess.run([str(py_spy), "dump", "--full-filenames", "--pid", str(engines[0])], capture_output=True,
                          text=True, timeout=60, check=False)
    if dump.returncode != 0:
        out["engine"] = f"not checked: py-spy dump failed ({dump.returncode}): {dump.stderr.strip()[-300:]}"
        return out
    files = set(re.findall(r"\((/[^()]+?\.py):\d+\)", dump.stdout))
    old = sorted(f for f in files if _inside(f, src))
    new = sorted(f for f in files if _inside(f, ROOT) and not _inside(f, BIN.parent))
    if new or not old:
        raise RuntimeError(f"{BEFORE}: its engine process (pid {engines[0]}) runs {new or 'no itukg file'}, not "
                           f"the source of {src}:\n{dump.stdout[-3000:]}")
    out["engine_pid"], out["engine_stack_files"] = engines[0], old
    return out


def remove_worktree(src: Path) -> None:
    if src.exists():
        removed = subprocess.run(["git", "worktree", "remove", "--force", str(src)], cwd=ROOT, capture_output=True,
                                 text=True, check=False)
        log(f"removed the worktree {src}" if removed.returncode == 0 else
            f"git worktree remove {src} failed: {removed.stderr.strip()}")


# ---------------------------------------------------------------------------------------- workloads


def workloads(info: dict) -> dict[str, dict]:
    from itukg.loader.catalogue import named_query

    def path(sparql: str) -> str:
        return "/sparql?query=" + quote(sparql, safe="")

    lookups = [path(f"SELECT ?p ?o WHERE {{ <{iri}> ?p ?o }}") for _, iri in info["lookups"]]
    kinds = collections.Counter(kind for kind, _ in info["lookups"])
    catalogue = named_query("submissions").sparql
    return {
        "lookup": {"paths": lookups, "description": f"SELECT ?p ?o WHERE {{ <IRI> ?p ?o }} over {len(lookups)} IRIs "
                                                    f"({kinds['document']} documents, {kinds['meeting']} meetings, "
                                                    f"{kinds['state']} states), cycled"},
        "aggregate": {"paths": [path(AGGREGATE)], "description": "citations per cited resolution number "
                                                                 "(GROUP BY, COUNT, ORDER BY)", "sparql": AGGREGATE},
        "catalogue": {"paths": [path(catalogue)], "description": "the `submissions` named query of the catalogue",
                      "sparql": catalogue},
    }


def _normalise(body: bytes) -> tuple[int, frozenset]:
    """(rows, distinct rows) of a SPARQL JSON result, with blank nodes and literal spellings made comparable."""
    data = json.loads(body)
    rows = []
    for binding in data["results"]["bindings"]:
        row = []
        for var, term in sorted(binding.items()):
            kind = "literal" if term["type"] == "typed-literal" else term["type"]
            value = "_" if kind == "bnode" else term["value"]
            datatype = term.get("datatype")
            if datatype == "http://www.w3.org/2001/XMLSchema#string":
                datatype = None
            if datatype == "http://www.w3.org/2001/XMLSchema#integer":
                value = str(int(value))
            row.append((var, kind, value, datatype, term.get("xml:lang")))
        rows.append(tuple(row))
    return len(rows), frozenset(rows)


def warm_up(server: Server, workload: dict) -> dict:
    """Send every path once (each must answer 200); return the answers' shapes for comparison."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=120)
    answers, bad, latencies = [], [], []
    try:
        for path in workload["paths"] * (3 if len(workload["paths"]) == 1 else 1):
            t = time.perf_counter()
            connection.request("GET", path, headers={"Accept": ACCEPT})
            response = connection.getresponse()
            body = response.read()
            latencies.append(time.perf_counter() - t)
            if response.status != 200:
                bad.append((response.status, body[:300].decode(errors="replace")))
                answers.append(None)
                continue
            answers.append(_normalise(body))
            if response.will_close:
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=120)
    finally:
        connection.close()
    return {"answers": answers[: len(workload["paths"])], "non_200": len(bad), "first_error": bad[0] if bad else None,
            "seconds": time.perf_counter() - started, "median_ms": statistics.median(latencies) * 1000}


# --------------------------------------------------------------------------------------------------- wrk


def run_wrk(server: Server, script: Path, connections: int, duration: float) -> dict:
    argv = ["wrk", "-t1", f"-c{connections}", f"-d{duration:g}s", "--latency", "--timeout", "30s", "-s", str(script),
            f"http://127.0.0.1:{server.port}"]
    load_before = os.getloadavg()[0]
    cpu_before, children_before = server.cpu(), os.times()
    done = subprocess.run(argv, capture_output=True, text=True, timeout=duration + 90)
    cpu_after, children_after = server.cpu(), os.times()
    line = next((l for l in done.stdout.splitlines() if l.startswith("WRKJSON ")), None)
    if done.returncode != 0 or line is None:
        return {"failed": True, "reason": f"wrk exited {done.returncode}: {done.stderr.strip()[:300]}", "raw": done.stdout}
    figures = json.loads(line[len("WRKJSON "):])
    errors = {k: figures[k] for k in ("connect", "read", "write", "status", "timeout") if figures[k]}
    seconds = figures["duration_us"] / 1e6
    result = {
        "requests": figures["requests"], "seconds": seconds,
        "rps": figures["requests"] / seconds if seconds else 0.0,
        "p50_ms": figures["p50_us"] / 1000, "p90_ms": figures["p90_us"] / 1000, "p99_ms": figures["p99_us"] / 1000,
        "mean_ms": figures["mean_us"] / 1000, "max_ms": figures["max_us"] / 1000,
        "mb_per_s": figures["bytes"] / seconds / 1e6 if seconds else 0.0,
        "errors": errors, "failed": bool(errors) or figures["requests"] == 0,
        "loadavg_1min": [round(load_before, 2), round(os.getloadavg()[0], 2)],
        # CPU of the server's processes over the run, per request and as a share of the run (1.0 = one core)
        "cpu_s": {k: round(cpu_after[k] - cpu_before.get(k, 0.0), 3) for k in cpu_after},
        "wrk_cpu_s": round((children_after.children_user + children_after.children_system)
                           - (children_before.children_user + children_before.children_system), 3),
    }
    if figures["requests"]:
        result["cpu_ms_per_request"] = {k: round(v * 1000 / figures["requests"], 4) for k, v in result["cpu_s"].items()}
        result["cpu_cores"] = {k: round(v / seconds, 2) for k, v in result["cpu_s"].items()}
    if result["failed"]:
        result["reason"] = ("errors: " + ", ".join(f"{k} {v}" for k, v in errors.items())) if errors else \
            "no request completed within the run"
    return result


# ---------------------------------------------------------------------------------------------- profile


# Layers of the itukg service, as (name, substrings of a frame). A sample that is waiting (in epoll, on a
# lock or condition, on a blocking pipe read) is idle; a thread waiting to take the GIL is counted apart.
# Any other sample is on a CPU, and goes to the layer of the frame nearest its leaf that names one;
# frames of the standard library's plumbing (threading, queues, contextlib...) name none, so a lock taken
# by the thread pool counts for the thread pool.
LAYERS = (
    ("engine: pyoxigraph query + serialisation", ("api/store.py", "_Worker.query", "_CappedBuffer", "pyoxigraph",
                                                  "oxigraph", "spareval", "sparesults", "oxrdf", "rocksdb")),
    ("guard: SPARQL parse (rdflib/pyparsing)", ("api/guard.py", "pyparsing/", "rdflib/")),
    ("pipe IPC to/from the engine (pickle, send/recv, futures)", ("multiprocessing/connection.py", "api/engine.py",
                                                                 "api/channel.py", "concurrent/futures/", "pickle")),
    ("itukg handler (parameters, negotiation, metrics)", ("api/sparql.py", "api/fastpath.py", "api/media.py",
                                                         "api/metrics.py",
                                                         "api/deps.py", "api/errors.py", "api/limits.py",
                                                         "urllib/parse.py")),
    ("thread-pool hand-off (anyio to_thread, starlette run_in_threadpool)", ("anyio/", "starlette/concurrency.py",
                                                                           "fastapi/telemetry/_api.py")),
    ("FastAPI/Starlette: routing, middleware, Request/Response", ("fastapi/", "starlette/")),
    ("HTTP server: uvicorn + httptools + uvloop", ("uvicorn/", "httptools", "llhttp", "uvloop", "asyncio/",
                                                  "loop.c", "uv__", "uv_", "stream.c", "sslproto")),
    ("garbage collection", ("gc_collect",)),
)
_PLUMBING = ("threading.py", "queue.py", "selectors.py", "contextlib.py", "functools.py", "<frozen", "typing.py",
             "enum.py", "_weakrefset.py", "abc.py", "copy.py", "re/", "json/", "email/", "collections/")
# CPython's GIL is a condition variable: a thread blocked in pthread_cond_timedwait is waiting for the GIL
# (after a blocking call returns, or to run a callback); Python's own locks are semaphores.
_GIL_WAIT = ("pthread_cond_timedwait", "pthread_cond_wait", "take_gil")
_WAITS = ("epoll_pwait", "epoll_wait", "PyThread_acquire_lock_timed", "sem_wait", "sem_timedwait", "sem_clockwait",
          "select (", "poll (", "nanosleep", "clock_nanosleep", "accept (", "recv (libc", "waitpid")


def _frame_name(frame: str) -> str:
    # "function (path/file.py:123)" → "function (path/file.py)"
    return re.sub(r":\d+\)$", ")", frame)


def _state(code: list[str]) -> str:
    if any(any(w in f for w in _GIL_WAIT) for f in code):
        return "waiting for the GIL"
    if any(any(w in f for w in _WAITS) for f in code):
        return "idle"
    if code and code[-1].startswith(("read (", "0x")) and any("multiprocessing/connection.py" in f for f in code):
        return "idle"  # a blocking read of the pipe
    return "cpu"


def summarise_profile(raw: Path, seconds: float, rate: int, top: int = 20) -> dict:
    """Summarise py-spy's collapsed stacks (recorded with --native, every thread sampled): per process,
    the on-CPU samples by layer, the idle ones, and those waiting for the GIL; on-CPU samples ÷ (rate ×
    seconds) estimates the cores a process keeps busy."""
    per_state, layers, own, total = (collections.Counter() for _ in range(4))
    samples = 0
    for line in raw.read_text(errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        n = int(count)
        frames = stack.split(";")
        samples += n
        processes = [f for f in frames if f.startswith("process ")]
        role = "engine" if "spawn_main" in stack else ("web" if len(processes) <= 1 else "other process")
        code = [_frame_name(f) for f in frames if not f.startswith(("process ", "thread "))]
        state = _state(code)
        per_state[(role, state)] += n
        if state != "cpu":
            continue
        layer = "other"
        for frame in reversed(code):
            if any(p in frame for p in _PLUMBING):
                continue
            match = next((name for name, keys in LAYERS if any(k in frame for k in keys)), None)
            if match:
                layer = match
                break
        layers[(role, layer)] += n
        if code:
            own[(role, code[-1])] += n
        for frame in set(code):
            total[(role, frame)] += n
    possible = rate * seconds
    cpu = {role: n for (role, state), n in per_state.items() if state == "cpu"}
    return {
        "samples": samples, "rate_hz": rate, "seconds": seconds,
        "states": [{"process": role, "state": state, "cores": round(n / possible, 2)}
                   for (role, state), n in sorted(per_state.items())],
        "layers": [{"process": role, "layer": layer, "samples": n, "percent_of_cpu": round(100 * n / cpu[role], 1),
                    "cores": round(n / possible, 3)} for (role, layer), n in layers.most_common()],
        "top_own": [{"process": role, "frame": frame, "percent_of_cpu": round(100 * n / cpu[role], 1)}
                    for (role, frame), n in own.most_common(top)],
        "top_total": [{"process": role, "frame": frame, "percent_of_cpu": round(100 * n / cpu[role], 1)}
                      for (role, frame), n in total.most_common(top)],
    }


def profile_itukg(server: Server, script: Path, seconds: float, tmp: Path) -> dict:
    """py-spy on the itukg web process and its engine process while wrk sends lookups at concurrency 8, twice:
    with --gil (only the thread holding a process's GIL is sampled: what its Python time goes to) and with
    --native (every thread, with C frames: on a CPU, waiting for the GIL, or idle)."""
    py_spy = BIN / "py-spy"
    if not py_spy.exists():
        return {"skipped": "py-spy is not installed (pip install -e '.[bench]')"}
    out = {}
    rate, record_s = 100, max(1, round(seconds))
    for mode in ("gil", "native"):
        raw = tmp / f"itukg-lookup.{mode}.pyspy.txt"
        wrk = subprocess.Popen(["wrk", "-t1", "-c8", f"-d{record_s + 3}s", "--latency", "--timeout", "30s", "-s",
                                str(script), f"http://127.0.0.1:{server.port}"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            time.sleep(1)
            cpu_before = server.cpu()
            spy = subprocess.run([str(py_spy), "record", f"--{mode}", "--subprocesses", "-r", str(rate), "-d",
                                  str(record_s), "--format", "raw", "-o", str(raw), "--pid", str(server.pid)],
                                 capture_output=True, text=True, timeout=seconds + 60)
            cpu_after = server.cpu()
            wrk_out, _ = wrk.communicate(timeout=seconds + 60)
        finally:
            if wrk.poll() is None:
                wrk.kill()
                wrk.wait()
        if spy.returncode != 0 or not raw.exists():
            out[mode] = {"skipped": f"py-spy failed ({spy.returncode}): {spy.stderr.strip()[-300:]}"}
            continue
        summary = summarise_profile(raw, record_s, rate)
        summary["command"] = f"py-spy record --{mode} --subprocesses -r {rate} -d {record_s} --format raw --pid <itukg serve>"
        summary["cpu_cores_while_profiled"] = {k: round((cpu_after[k] - cpu_before.get(k, 0.0)) / record_s, 2)
                                               for k in cpu_after}
        line = next((l for l in wrk_out.splitlines() if l.startswith("WRKJSON ")), None)
        if line:
            figures = json.loads(line[len("WRKJSON "):])
            summary["rps_while_profiled"] = round(figures["requests"] / (figures["duration_us"] / 1e6), 1)
            summary["non_2xx_while_profiled"] = figures["status"]
        summary["raw"] = str(raw)
        out[mode] = summary
    return out


def cold_start_check(store_dir: str, paths: list[str], tmp: Path) -> dict:
    """A fresh `itukg serve` whose first queries arrive together: 16 distinct lookups from 8 threads at once,
    then 16 others one by one. rdflib's SPARQL grammar is pyparsing, which is not thread-safe while its parse
    actions are first called. Half of each batch names its object variable ?payload: "load" inside a word
    sends a query through the guard's full parse even where the guard has a shortcut for plain queries."""
    import concurrent.futures

    def variant(path: str) -> str:
        return path.replace(quote("?o", safe=""), quote("?payload", safe=""))

    port = free_port()
    server = Server("itukg-cold", [str(BIN / "itukg"), "serve", "--store", store_dir, "--port", str(port)], port,
                    tmp / "itukg-cold.log", env=ITUKG_ENV)
    try:
        server.wait_ready(180, probe="/health")
        first = [p if i % 2 else variant(p) for i, p in enumerate(paths[:16])]
        later = [p if i % 2 else variant(p) for i, p in enumerate(paths[16:32])]

        def status(path: str) -> int:
            try:
                return server.get(path, timeout=60)[0]
            except OSError:
                return -1

        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            together = list(pool.map(status, first))
        after = [status(p) for p in later]
    finally:
        server.stop()

    def count(statuses: list[int], parity: int) -> dict:
        return dict(collections.Counter(str(s) for i, s in enumerate(statuses) if i % 2 == parity))

    return {"concurrent_first": {"plain": count(together, 1), "payload": count(together, 0)},
            "sequential_after": {"plain": count(after, 1), "payload": count(after, 0)},
            "ok": all(s == 200 for s in together + after)}


def guard_cold_ms(paths: list[str], n: int = 200) -> dict:
    """What the guard costs per lookup query in this process: `check_query` as the service calls it, and the
    full rdflib parse (`_analyse_query`), on a cache miss and cached."""
    from urllib.parse import unquote

    from itukg.api.engine import guard

    queries = [unquote(p.split("query=", 1)[1]) for p in paths[:n]]

    def median_ms(fn) -> float:
        times = []
        for q in queries:
            t = time.perf_counter()
            fn(q)
            times.append(time.perf_counter() - t)
        return statistics.median(times) * 1000

    out = {"queries": len(queries), "cache_size": getattr(guard, "CACHE_SIZE", None)}
    guard._analyse_query.cache_clear()
    out["check_query_cold_ms"] = median_ms(guard.check_query)
    out["check_query_warm_ms"] = median_ms(guard.check_query)
    guard._analyse_query.cache_clear()
    out["full_parse_cold_ms"] = median_ms(guard._analyse_query)
    out["full_parse_warm_ms"] = median_ms(guard._analyse_query)
    guard._analyse_query.cache_clear()
    return out


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
    plain = "\n".join("  ".join(c.ljust(w) for c, w in zip(line, widths)) for line in [head, ["-" * w for w in widths], *body])
    md = "\n".join(["| " + " | ".join(head) + " |", "|" + "|".join("---" if i < 2 else "---:" for i in range(len(head) - 1)) + "|---|"]
                   + ["| " + " | ".join(line) + " |" for line in body])
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
        model = next(l.split(":", 1)[1].strip() for l in Path("/proc/cpuinfo").read_text().splitlines()
                     if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    mem = 0
    try:
        mem = int(next(l.split()[1] for l in Path("/proc/meminfo").read_text().splitlines() if l.startswith("MemTotal"))) * 1024
    except (OSError, StopIteration):
        pass
    return {"cpus": os.cpu_count(), "cpu": model, "memory_gib": round(mem / 1024 ** 3, 1), "kernel": platform.release(),
            "loadavg_at_start": os.getloadavg()}


def git_commit() -> str | None:
    try:
        return subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip() or None
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


# ------------------------------------------------------------------------------------------------- main


def start_rdflib_endpoint(tmp: Path, nquads: Path, info: dict) -> tuple[Server, dict]:
    """rdflib-endpoint on the whole N-Quads file, or on a subset if it cannot hold it within the limits."""
    fractions = (1.0, 0.25, 0.05)
    for fraction in fractions:
        source = nquads
        subset = None
        if fraction < 1.0:
            source = tmp / f"subset-{fraction:g}.nq"
            subset = subset_nquads(nquads, source, info["graph_sizes"], fraction)
            log(f"rdflib-endpoint: trying a subset: {subset['report_graphs']} of {subset['of_report_graphs']} "
                f"report graphs, {subset['quads']:,} quads")
        port = free_port()
        server = Server("rdflib-endpoint", [sys.executable, __file__, "_rdflib_endpoint", str(source), str(port)], port,
                        tmp / f"rdflib-endpoint-{fraction:g}.log")
        peak = {"rss": 0}

        def watch(s: Server) -> None:
            peak["rss"] = max(peak["rss"], rss_bytes(s.pid))
            if peak["rss"] > RDFLIB_MAX_RSS:
                raise MemoryError(f"rdflib-endpoint passed {RDFLIB_MAX_RSS / 1024 ** 3:.0f} GiB of RSS while loading")

        log(f"rdflib-endpoint: parsing {source.stat().st_size / 1e6:,.0f} MB of N-Quads into an rdflib Dataset "
            f"(limits: {RDFLIB_MAX_RSS / 1024 ** 3:.0f} GiB, {RDFLIB_MAX_LOAD_S:.0f} s)")
        try:
            server.wait_ready(RDFLIB_MAX_LOAD_S, watch=watch)
        except (MemoryError, RuntimeError) as exc:
            log(f"rdflib-endpoint: {exc}")
            server.stop()
            continue
        loaded = next((json.loads(l[len("LOADED "):]) for l in server.log_path.read_text().splitlines()
                       if l.startswith("LOADED ")), {})
        loaded.update(rss_after_load_bytes=rss_bytes(server.pid), peak_rss_seen_bytes=peak["rss"], subset=subset,
                      ready_s=time.monotonic() - server.started)
        log(f"rdflib-endpoint: loaded {loaded.get('quads', 0):,} quads in {loaded.get('load_s', 0):.1f} s, "
            f"RSS {loaded['rss_after_load_bytes'] / 1024 ** 3:.2f} GiB" + (" (SUBSET)" if subset else ""))
        return server, loaded
    raise RuntimeError("rdflib-endpoint could not load even the smallest subset")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["_inspect"]:
        _child_inspect(argv[1], argv[2], argv[3], int(argv[4]), int(argv[5]))
        return 0
    if argv[:1] == ["_rdflib_endpoint"]:
        _child_rdflib_endpoint(argv[1], int(argv[2]))
        return 0

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reports", type=int, default=FULL_REPORTS, help=f"reports to generate (default {FULL_REPORTS})")
    parser.add_argument("--min-triples", type=int, default=None,
                        help=f"add reports until the store has this many quads (default {MIN_TRIPLES:,} when "
                             f"--reports ≥ {FULL_REPORTS}, else 0: a smoke run)")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds of each wrk run (default 10)")
    parser.add_argument("--rounds", type=int, default=None, help="rounds over all servers (default 2; 1 for a smoke run)")
    parser.add_argument("--lookups", type=int, default=1000, help="IRIs in the lookup workload (default 1000)")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--out", default=str(DEFAULT_OUT))
    parser.add_argument("--mirror", default="auto", help="ITUKG_MIRROR for itukg serve (default auto; off: queries "
                                                         "read the disk store, as before decision 46)")
    parser.add_argument("--no-profile", action="store_true", help="skip the py-spy profile of itukg")
    parser.add_argument("--before", metavar="REV", help="also measure `itukg serve` from the source of this git "
                                                        f"revision ({BEFORE}), with the ratios itukg / {BEFORE}")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (store, logs, profile)")
    args = parser.parse_args(argv)
    smoke = args.reports < FULL_REPORTS
    min_triples = args.min_triples if args.min_triples is not None else (0 if smoke else MIN_TRIPLES)
    rounds = args.rounds or (1 if smoke else 2)
    if shutil.which("wrk") is None:
        print("serve.py: wrk is not installed (Debian: apt-get install -y wrk)", file=sys.stderr)
        return 2

    def terminate(signum, frame):  # Ctrl-C or SIGTERM: unwind through the finally below, which stops the servers
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, terminate)
    signal.signal(signal.SIGINT, terminate)  # also when started in the background, where SIGINT is ignored
    started_at = dt.datetime.now(dt.timezone.utc)
    tmp = Path(tempfile.mkdtemp(prefix="itukg-serve-bench-"))
    servers: dict[str, Server] = {}
    result: dict = {"command": " ".join([".venv/bin/python", "benchmarks/serve.py", *argv]),
                    "date": started_at.isoformat(timespec="seconds"), "machine": machine(), "versions": versions(),
                    "git_commit": git_commit(), "git_modified": git_modified(), "smoke": smoke, "seed": args.seed, "duration_s": args.duration,
                    "rounds": rounds, "connections": list(CONNECTIONS), "wrk": "wrk -t1 -c{1,8} -d{duration}s "
                    "--latency --timeout 30s -s cycle.lua"}
    try:
        log(f"temporary folder {tmp}")
        before = None
        if args.before:
            before = prepare_before(args.before, tmp)
            result["before"] = {k: v for k, v in before.items() if k not in ("source", "packages")}
            log(f"{BEFORE}: {args.before} = {before['commit'][:12]} in {before['source']}; its process and a process "
                f"it spawns import itukg from there")
        names = ("itukg", BEFORE, *SERVERS[1:]) if before else SERVERS
        info = build_store(tmp, args.reports, min_triples, args.seed, args.lookups, before=before is not None)
        result["store"] = {k: info[k] for k in ("reports", "quads", "graphs", "report_graphs", "report_quads",
                                                 "itukg_load_s", "nquads_bytes", "available")}
        result["store"]["min_triples"] = min_triples
        work = workloads(info)
        result["workloads"] = {name: {"description": w["description"], "paths": len(w["paths"]),
                                      **({"sparql": w["sparql"]} if "sparql" in w else {})} for name, w in work.items()}
        result["workloads"]["lookup"]["iris_sample"] = [iri for _, iri in info["lookups"][:5]]
        script_files = {}
        for name, w in work.items():
            paths_file = tmp / f"{name}.paths"
            paths_file.write_text("\n".join(w["paths"]) + "\n")
            script = tmp / f"{name}.lua"
            script.write_text(WRK_SCRIPT.replace("@PATHS@", str(paths_file)).replace("@ACCEPT@", ACCEPT))
            script_files[name] = (paths_file, script)

        log("cold start: a fresh itukg serve gets its first 16 queries from 8 threads at once")
        result["cold_start"] = cold_start_check(info["store_dir"], work["lookup"]["paths"], tmp)
        log(f"  statuses: concurrent first {result['cold_start']['concurrent_first']}, "
            f"sequential after {result['cold_start']['sequential_after']}"
            + ("" if result["cold_start"]["ok"] else "   <-- itukg REFUSED queries"))

        # servers: itukg and oxigraph first (both start in seconds), rdflib-endpoint last (it parses the data).
        # The readiness probe and the sequential warm-up below are itukg's first queries: see cold_start.
        port = free_port()
        servers["itukg"] = Server("itukg", itukg_serve_argv(info["store_dir"], port), port, tmp / "itukg.log",
                                  env={**ITUKG_ENV, "ITUKG_MIRROR": args.mirror})
        servers["itukg"].wait_ready(180)
        if before:  # the same settings as itukg, on its own copy of the store
            port = free_port()
            servers[BEFORE] = Server(BEFORE, itukg_serve_argv(info["before_dir"], port, before), port,
                                     tmp / f"{BEFORE}.log", env={**ITUKG_ENV, "ITUKG_MIRROR": args.mirror})
            servers[BEFORE].wait_ready(180)
        port = free_port()
        servers["oxigraph"] = Server("oxigraph", [str(BIN / "oxigraph"), "serve", "--location", info["oxigraph_dir"],
                                                  "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
                                     port, tmp / "oxigraph.log")
        servers["oxigraph"].wait_ready(180)
        result["itukg_mirror"] = wait_for_mirror(servers["itukg"], 600)
        log(f"itukg serve (pid {servers['itukg'].pid}, in-memory mirror {result['itukg_mirror']['state']} after "
            f"{result['itukg_mirror']['waited_s']:.1f} s) and oxigraph serve (pid {servers['oxigraph'].pid}) are up")
        if before:
            result["itukg_before_mirror"] = wait_for_mirror(servers[BEFORE], 600)
            running = result["before"]["running"] = check_before_running(servers[BEFORE], before)
            engine = (f"{len(running['engine_stack_files'])} file(s) of the worktree on its stacks"
                      if "engine_stack_files" in running else running["engine"])
            log(f"{BEFORE} (pid {servers[BEFORE].pid}, in-memory mirror {result['itukg_before_mirror']['state']} "
                f"after {result['itukg_before_mirror']['waited_s']:.1f} s more) is up; its web process imported "
                f"{running['web_process_itukg_api']}; its engine process: {engine}")
        servers["oxigraph-memory"], result["oxigraph_memory"] = start_oxigraph_memory(tmp, Path(info["nquads"]))
        servers["rdflib-endpoint"], rdflib_info = start_rdflib_endpoint(tmp, Path(info["nquads"]), info)
        result["rdflib_endpoint"] = rdflib_info
        subset = rdflib_info.get("subset") is not None

        # warm-up: every path once per server, each must answer 200; compare the answers
        log("warm-up: every request path once on every server")
        warm = {}
        for name in WORKLOADS:
            for server in names:
                warm[(server, name)] = warm_up(servers[server], work[name])
                w = warm[(server, name)]
                log(f"  {server:16s} {name:10s} {len(work[name]['paths'])} path(s) in {w['seconds']:.1f} s, "
                    f"median {w['median_ms']:.2f} ms, non-200: {w['non_200']}")
        checks = {}
        for name in WORKLOADS:
            ref = warm[("itukg", name)]["answers"]
            for peer in names[1:]:
                other = warm[(peer, name)]["answers"]
                same_sets = sum(1 for a, b in zip(ref, other) if a is not None and b is not None and a[1] == b[1])
                same_rows = sum(1 for a, b in zip(ref, other) if a is not None and b is not None and a[0] == b[0])
                checks[f"{name}: itukg vs {peer}"] = {"answers": len(ref), "same_distinct_rows": same_sets,
                                                      "same_row_count": same_rows}
            checks[f"{name}: rows (itukg, first answer)"] = ref[0][0] if ref and ref[0] else None
        result["answers_compared"] = checks
        result["warm_up"] = {f"{s} {n}": {k: v for k, v in w.items() if k != "answers"} for (s, n), w in warm.items()}
        for key, value in checks.items():
            if isinstance(value, dict):
                flag = "" if value["same_distinct_rows"] == value["answers"] else "   <-- DIFFERENT"
                if "rdflib" in key and subset and flag:
                    flag = "   (rdflib-endpoint holds a subset)"
                log(f"  answers {key}: {value['same_distinct_rows']}/{value['answers']} identical{flag}")

        # the rounds
        runs = []
        total = rounds * len(WORKLOADS) * len(CONNECTIONS) * len(names)
        log(f"measuring: {total} wrk runs of {args.duration:g} s")
        for round_no in range(1, rounds + 1):
            for name in WORKLOADS:
                for connections in CONNECTIONS:
                    for server in names:
                        w = warm[(server, name)]
                        if w["non_200"]:
                            r = {"failed": True, "reason": f"warm-up: {w['non_200']} non-200 answers, first "
                                                           f"{w['first_error']}"}
                        else:
                            r = run_wrk(servers[server], script_files[name][1], connections, args.duration)
                            if r.get("requests", 0) < MIN_REQUESTS and args.duration < LONGEST_S:
                                # too few requests to rank a median or a rate by (rdflib-endpoint on the
                                # catalogue query: 4-5 in 10 s, none at c=8): the same run, long enough
                                longer = min(LONGEST_S, args.duration * max(2, math.ceil(
                                    MIN_REQUESTS / max(r.get("requests", 0), 1))))
                                log(f"  round {round_no} {name:10s} c={connections} {server:16s} "
                                    f"{r.get('requests', 0)} requests in {args.duration:g} s: again for {longer:g} s")
                                servers[server].settle()
                                r = run_wrk(servers[server], script_files[name][1], connections, longer)
                                r["extended_to_s"] = longer
                            r["settle_s"] = round(servers[server].settle(), 2)
                        r.update(round=round_no, server=server, workload=name, connections=connections,
                                 subset=subset and server == "rdflib-endpoint")
                        runs.append(r)
                        if r["failed"]:
                            log(f"  round {round_no} {name:10s} c={connections} {server:16s} FAILED: {r['reason']}")
                        else:
                            log(f"  round {round_no} {name:10s} c={connections} {server:16s} {r['rps']:9.1f} req/s  "
                                f"p50 {r['p50_ms']:8.2f} ms  p99 {r['p99_ms']:8.2f} ms")
        result["runs"] = runs
        result["rss_after_runs_bytes"] = {name: tree_rss(s.pid) for name, s in servers.items()}
        rows = summarise(runs, names)
        result["summary"] = rows
        if before:
            result["before"].update(before_summary(rows, before))

        result["guard"] = guard_cold_ms(work["lookup"]["paths"])
        if not args.no_profile:
            log(f"profiling itukg with py-spy during the lookup workload at c=8 ({args.duration:g} s)")
            result["profile"] = profile_itukg(servers["itukg"], script_files["lookup"][1], args.duration, tmp)
        plain, md = tables(rows, names)
        result["table_markdown"] = md
        print()
        print(f"{result['store']['quads']:,} quads, {info['reports']} reports; median of {rounds} round(s) of "
              f"{args.duration:g} s; cells are req/s / p50 ms / p99 ms" + ("; * rdflib-endpoint on a subset" if subset else ""))
        print(plain)
        print()
        print(md)
        for mode, profile in result.get("profile", {}).items():
            if mode == "skipped" or not isinstance(profile, dict):
                print(f"\nprofile: {profile}")
                continue
            if not profile.get("layers"):
                print(f"\nprofile ({mode}): {profile.get('skipped')}")
                continue
            print(f"\nitukg under py-spy --{mode}, lookup c=8: {profile.get('rps_while_profiled', 0):.0f} req/s while "
                  "profiled; CPU cores (/proc): " +
                  ", ".join(f"{k} {v:.2f}" for k, v in profile["cpu_cores_while_profiled"].items()))
            print("  samples as cores: " + ", ".join(f"{s['process']} {s['state']} {s['cores']:.2f}"
                                                     for s in profile["states"]))
            for layer in profile["layers"][:16]:
                print(f"  {layer['percent_of_cpu']:5.1f}% of {layer['process']:6s} {'GIL' if mode == 'gil' else 'CPU'}  "
                      f"{layer['layer']}")
        cpu = [r for r in rows if r["workload"] == "lookup"]
        for row in cpu:
            for name in names:
                cells = [r for r in runs if r["server"] == name and r["workload"] == "lookup"
                         and r["connections"] == row["connections"] and r.get("cpu_ms_per_request")]
                if cells:
                    per = cells[-1]["cpu_ms_per_request"]
                    print(f"CPU per lookup, c={row['connections']}, {name}: " +
                          ", ".join(f"{k} {v:.3f} ms" for k, v in per.items()))
        g = result["guard"]
        print(f"\nguard per lookup query: check_query {g['check_query_cold_ms']:.3f} ms new, "
              f"{g['check_query_warm_ms'] * 1000:.1f} µs repeated; full rdflib parse {g['full_parse_cold_ms']:.2f} ms "
              f"new, {g['full_parse_warm_ms'] * 1000:.1f} µs cached (cache of {g['cache_size']} texts)")
        if before:
            b = result["before"]
            print(f"\nitukg / {BEFORE} ({args.before} = {before['commit'][:12]}), median of {rounds} round(s): "
                  "throughput ratio, median latency difference")
            for r in b["ratios"]:
                ratio = "n/a (a run failed)" if r["throughput_ratio"] is None else f"{r['throughput_ratio']:.2f}×"
                diff = "" if r["median_diff_ms"] is None else f"  {r['median_diff_ms']:+.2f} ms"
                print(f"  {r['workload']:10s} c={r['connections']}  {ratio}{diff}")
            print(b["verdict"])
        return 0
    except KeyboardInterrupt:
        log("interrupted: stopping the servers")
        result["interrupted"] = True
        return 130
    finally:
        finish(result, servers, "summary", Path(args.out), tmp, args.keep)


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


if __name__ == "__main__":
    sys.exit(main())
