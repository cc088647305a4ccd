"""Views benchmark (issue 17): each view of `itukg serve` on the generated archive, its first answer (its SELECTs
run) and its median warm answer (kept until the next write), and the SELECTs behind it, timed one by one on
`itukg serve` and on `oxigraph serve --union-default-graph` over a copy of the same store.

    .venv/bin/python benchmarks/views.py --store DIR               # a store loaded already (copied, not changed)
    .venv/bin/python benchmarks/views.py --reports 10000           # generate and load the archive first (slow)
    .venv/bin/python benchmarks/views.py --reports 30 --repeat 3   # smoke, ~1 min

Targets: each view under 1 s (median, warm), the co-sponsorship network of one group under 300 ms. The ratio
is `oxigraph ms / itukg ms` over the sum of the view's SELECTs (above 1: itukg's engine answers them faster);
a view's page adds its layout and SVG to its SELECTs. The state, group and resolution shown are those with the
most rows in the store (read from it first), so that each view does its largest work.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import catalogue  # noqa: E402  (timed SPARQL requests, rows of an answer)
import serve  # noqa: E402  (the servers, ports and logs of the service benchmark)

from itukg.api.views.network import Scope, edges_query, nodes_query  # noqa: E402
from itukg.api.views.profiles import group_queries, state_queries  # noqa: E402
from itukg.api.views.timeline import citing_query, lineage_iri, revisions_query  # noqa: E402
from itukg.loader.vocab import BASE  # noqa: E402

DEFAULT_OUT = HERE / "results" / "views.json"
BUSIEST = {  # the subjects with the most rows
    "state": "PREFIX dcterms: <http://purl.org/dc/terms/> PREFIX itu: <https://w3id.org/itukg/ontology#> "
             "SELECT ?iso3 (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d dcterms:creator ?s . ?s itu:iso3 ?iso3 } "
             "GROUP BY ?iso3 ORDER BY DESC(?n) LIMIT 1",
    "group": "PREFIX itu: <https://w3id.org/itukg/ontology#> SELECT ?body (COUNT(DISTINCT ?m) AS ?n) WHERE { "
             "?m itu:meetingOf ?body } GROUP BY ?body ORDER BY DESC(?n) LIMIT 1",
    "resolution": "PREFIX itu: <https://w3id.org/itukg/ontology#> PREFIX oa: <http://www.w3.org/ns/oa#> "
                  "SELECT ?r (COUNT(?c) AS ?n) WHERE { ?c a itu:Citation ; oa:hasBody ?r . ?r a itu:Resolution } "
                  "GROUP BY ?r ORDER BY DESC(?n) LIMIT 1",
}


def timed_get(server: serve.Server, path: str, timeout: float) -> float:
    started = time.perf_counter()
    status, _ = server.get(path, timeout=timeout)
    assert status == 200, f"{path}: HTTP {status}"
    return (time.perf_counter() - started) * 1000


def busiest(server: serve.Server, timeout: float) -> dict[str, str]:
    found = {}
    for kind, sparql in BUSIEST.items():
        _, _, body = catalogue.timed(server, sparql, timeout)
        row = catalogue.rows_of(body)[0]
        found[kind] = next(v["value"] for k, v in row.items() if k != "n")
    return found


def views(found: dict[str, str]) -> dict[str, tuple[str, list[str]]]:
    """Each view's path and the SELECTs it runs."""
    group = found["group"].removeprefix(BASE + "body/")
    body, number = found["resolution"].removeprefix(BASE + "resolution/").split("/", 1)
    lineage = lineage_iri(body, number)
    state = BASE + "state/" + found["state"]
    everything, one_group = Scope(), Scope(group)
    return {
        "cosponsors (all)": ("/views/cosponsors", [edges_query(everything), nodes_query(everything)]),
        "cosponsors (one group)": (f"/views/cosponsors?group={group}", [edges_query(one_group),
                                                                         nodes_query(one_group)]),
        "cosponsors (one group, JSON)": (f"/views/cosponsors?group={group}&format=json",
                                         [edges_query(one_group), nodes_query(one_group)]),
        "resolution": (f"/views/resolution/{body}/{number}", [revisions_query(lineage), citing_query(lineage)]),
        "state": (f"/views/state/{found['state']}", list(state_queries(state).values())),
        "group": (f"/views/group/{group}", list(group_queries(BASE + "body/" + group).values())),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=10000, help="generated reports to load (default 10000)")
    parser.add_argument("--store", help="an existing itukg store instead of generated reports (copied, not changed)")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--seed", type=int, default=serve.SEED)
    parser.add_argument("--out", default=str(DEFAULT_OUT))
    args = parser.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="itukg-bench-views-"))
    servers: dict[str, serve.Server] = {}
    result: dict = {"command": " ".join([Path(sys.argv[0]).name, *(argv if argv is not None else sys.argv[1:])]),
                    "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                    "machine": serve.machine(), "versions": serve.versions(), "git_commit": serve.git_commit(),
                    "repeat": args.repeat}
    try:
        store_dir = catalogue.prepare_store(args, tmp, result)
        env = {**serve.ITUKG_ENV, "ITUKG_QUERY_TIMEOUT": str(args.timeout), "ITUKG_TIMEOUT_BUDGET": "off"}
        result["itukg_mirror"] = catalogue.start_servers(servers, store_dir, tmp, env, ready_s=300, mirror_s=1800)
        result["store"]["quads"] = catalogue.count_quads(servers["itukg"], args.timeout)
        found = busiest(servers["itukg"], args.timeout)
        result["subjects"] = found
        serve.log(f"{result['store']['quads']:,} quads; busiest {found}")
        rows = []
        for name, (path, selects) in views(found).items():
            first = timed_get(servers["itukg"], path, args.timeout)
            warm = [timed_get(servers["itukg"], path, args.timeout) for _ in range(args.repeat)]
            figures = [catalogue.measure(servers, s, args.repeat, args.timeout) for s in selects]
            sums = {server: sum(f[server].get("median_ms", float("nan")) for f in figures) for server in servers}
            row = {"view": name, "path": path, "first_ms": round(first, 1), "warm_median_ms":
                   round(statistics.median(warm), 2), "selects": len(selects),
                   "selects_itukg_ms": round(sums["itukg"], 1), "selects_oxigraph_ms": round(sums["oxigraph"], 1),
                   "ratio_oxigraph_over_itukg": round(sums["oxigraph"] / sums["itukg"], 2)}
            rows.append(row)
            ratio = row["ratio_oxigraph_over_itukg"]
            serve.log(f"{name:30} first {first:8.1f} ms  warm {row['warm_median_ms']:7.2f} ms  SELECTs: itukg "
                      f"{sums['itukg']:8.1f} ms, oxigraph {sums['oxigraph']:8.1f} ms (×{ratio})")
        result["rows"] = rows
        Path(args.out).write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
        serve.log(f"wrote {args.out}")
    finally:
        for server in servers.values():
            server.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
