"""The workloads (lookup, aggregate, catalogue), their warm-up and cross-check, wrk runs, the cold start."""

from __future__ import annotations

import collections
import http.client
import json
import os
import statistics
import subprocess
import time
from pathlib import Path
from urllib.parse import quote

from .processes import Server, free_port
from .settings import ACCEPT, BIN, ITU, ITUKG_ENV


AGGREGATE = f"""PREFIX itu: <{ITU}>
SELECT ?number (COUNT(?citation) AS ?citations) WHERE {{
  ?citation a itu:Citation ; itu:citedNumber ?number .
}}
GROUP BY ?number
ORDER BY DESC(?citations) ?number"""


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
    line = next((text for text in done.stdout.splitlines() if text.startswith("WRKJSON ")), None)
    if done.returncode != 0 or line is None:
        return {"failed": True, "reason": f"wrk exited {done.returncode}: {done.stderr.strip()[:300]}",
                "raw": done.stdout}
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
