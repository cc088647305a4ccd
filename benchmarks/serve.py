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
   then 16 more one by one; every answer should be 200 (see `cold_start_check` in serving/workloads.py).
3. **Servers**, all on 127.0.0.1, all answering GET /sparql?query=…: `itukg serve` (measured once its in-memory
   mirror of the store is built: `itukg_mirror` in the JSON; `--mirror off` measures it reading the disk),
   `oxigraph serve --union-default-graph` on a copy of the store (same pyoxigraph/Oxigraph version; the peer of
   the issue's targets), the same without `--location` (`oxigraph-memory`: Oxigraph's in-memory storage, given
   the N-Quads over its Graph Store Protocol, which tells what itukg gains from memory alone) and
   rdflib-endpoint (`SparqlEndpoint(path="/sparql")` under uvicorn; its own CLI mounts it at "/").
   With `--before REV`, a fifth: `itukg-before`, `itukg serve` from the source of git revision REV (a
   `git worktree add --detach` in the temporary folder) run by this venv's Python with that source first
   on sys.path, ahead of the editable install (see serving/before.py; which files the web process and its
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
   again, long enough to complete about 20 (at most 60 s; `extended_to_s` in the JSON). Each run also records
   the CPU time of the server's processes (from /proc: per request and in cores, the web process and itukg's
   engine process apart) and the load average of the machine.
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
import datetime as dt
import math
import shutil
import signal
import sys
import tempfile
from pathlib import Path

if str(Path(__file__).resolve().parent) not in sys.path:  # imported from elsewhere: the package beside this file
    sys.path.insert(0, str(Path(__file__).resolve().parent))

from serving.before import check_before_running, itukg_serve_argv, prepare_before  # noqa: E402
from serving.peers import (_child_rdflib_endpoint, start_oxigraph_memory, start_rdflib_endpoint,  # noqa: E402
                           wait_for_mirror)
from serving.processes import Server, free_port, log, run, tree_rss  # noqa: E402
from serving.profile import profile_itukg  # noqa: E402
from serving.reporting import (before_summary, finish, git_commit, git_modified, machine, summarise,  # noqa: E402
                               tables, versions)
from serving.settings import (ACCEPT, BEFORE, BIN, CONNECTIONS, DEFAULT_OUT, FULL_REPORTS, GENERATOR,  # noqa: E402
                              ITUKG_ENV, LONGEST_S, MIN_REQUESTS, MIN_TRIPLES, ROOT, SEED, SERVERS, WORKLOADS)
from serving.store import _child_inspect, build_store  # noqa: E402
from serving.workloads import WRK_SCRIPT, cold_start_check, guard_cold_ms, run_wrk, warm_up, workloads  # noqa: E402

# what benchmarks/catalogue.py uses of this benchmark (its servers, ports and logs)
__all__ = ["BIN", "GENERATOR", "ITUKG_ENV", "ROOT", "SEED", "Server", "finish", "free_port", "git_commit",
           "git_modified", "log", "machine", "main", "run", "versions", "wait_for_mirror"]


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
    parser.add_argument("--reports", type=int, default=FULL_REPORTS,
                        help=f"reports to generate (default {FULL_REPORTS})")
    parser.add_argument("--min-triples", type=int, default=None,
                        help=f"add reports until the store has this many quads (default {MIN_TRIPLES:,} when "
                             f"--reports ≥ {FULL_REPORTS}, else 0: a smoke run)")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds of each wrk run (default 10)")
    parser.add_argument("--rounds", type=int, default=None,
                        help="rounds over all servers (default 2; 1 for a smoke run)")
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
                    "git_commit": git_commit(), "git_modified": git_modified(), "smoke": smoke, "seed": args.seed,
                    "duration_s": args.duration,
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
              f"{args.duration:g} s; cells are req/s / p50 ms / p99 ms"
              + ("; * rdflib-endpoint on a subset" if subset else ""))
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
                kind = "GIL" if mode == "gil" else "CPU"
                print(f"  {layer['percent_of_cpu']:5.1f}% of {layer['process']:6s} {kind}  {layer['layer']}")
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


if __name__ == "__main__":
    sys.exit(main())
