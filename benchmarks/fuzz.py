"""Fuzz job: random SPARQL queries built from the grammar's pieces, sent to a live `itukg serve` for a few
minutes, with the engine never allowed to take the service down. Not part of `make test`.

    .venv/bin/python benchmarks/fuzz.py [--minutes 3] [--seed N] [--threads 4] [--out benchmarks/results/fuzz.json]

What one run does:

1. **Service.** Starts `itukg serve` (tests/live.py's `live_server`) on a temporary store, which loads the
   bundled report (4,901 quads), with a short query time limit (`--timeout`, 5 s) and
   `ITUKG_TIMEOUT_BUDGET=off` (the fuzzer would otherwise be throttled with 429s). Terms for the queries
   (IRIs, predicates, graphs, literals) are read from the store.
2. **Queries.** Hypothesis strategies compose SPARQL from its grammar's pieces: prologue (BASE, PREFIX),
   SELECT/ASK/CONSTRUCT/DESCRIBE, FROM/FROM NAMED, triple patterns with IRIs (full, prefixed, relative,
   escaped), literals of every kind (plain, long, escaped, lang-tagged, typed with valid and invalid lexical
   forms, numbers, booleans), blank nodes and variables, property paths (`^ / | * + ? !` and groups),
   OPTIONAL/UNION/MINUS/FILTER/BIND/VALUES/GRAPH/LATERAL/EXISTS/subqueries, aggregates with GROUP BY and
   HAVING, ORDER BY over expressions and over mixed terms (IRIs, literals, numbers, blank nodes, unbound;
   two queries in seven are built for that), LIMIT/OFFSET and about 70 functions and casts.
3. **Batches.** One Hypothesis example is a batch of up to `--batch` queries, each with a road (GET, GET
   with `format=`, POST form, POST `application/sparql-query`) and an Accept header, sent from `--threads`
   threads at once. After each batch `/health` must answer 200 within 2 s and a canary query (the number
   of quads) must give the number read at the start.
4. **Findings.** An engine crash: the service's own answers to one (500 "crashed while running", 503 "crash
   lately"), a Rust panic in its log (the engine's stderr) or a rise of `itukg_engine_crashes(_total)` in
   /metrics (then the queries of the batch are sent again one at a time to find the one that does it). Any
   other answer than 200, a 4xx or a 503 (the time limit, the engine restarting, the service busy); no
   answer within the time limit plus 10 s (a hang); `/health` slow; a wrong canary. The service is down
   when `/health` has not answered 200 for 30 s: a finding, and it is started again (on a fresh store) so
   that the fuzzing goes on; the run then exits 1.
5. **Shrinking.** A new finding that one query shows (a crash, an unexpected status) fails the
   example, and Hypothesis shrinks the batch to a minimal query, trying the smaller ones on the service
   (a crash costs an engine restart, a second or so), for at most `--shrink-seconds` per finding; the
   smallest query that still shows it is kept either way. The fuzzing then goes on with a new Hypothesis
   run (a round) in which the known findings are only counted. The time of the last shrinking comes on
   top of `--minutes`.
6. **Report.** Prints a summary (queries sent, statuses, latency, engine restarts, time-outs and crashes
   from `/metrics`, panics in the log, findings with their minimal query) and writes it as JSON (`--out`).

`--seed N` makes the generated queries reproducible: round r runs with Hypothesis seed N*1000+r (what the
service answers, and so the examples that follow, may still vary with timing). SPARQL 1.2 pieces (LATERAL,
LANGDIR and the like) are few: the service's guard refuses them (400).
"""


from __future__ import annotations

import argparse
import contextlib
import json
import shutil
import sys
import tempfile
import time
import warnings
from pathlib import Path

import httpx
from hypothesis import HealthCheck, Phase, Verbosity, given, seed, settings
from hypothesis import strategies as st
from hypothesis.errors import HypothesisWarning

if str(Path(__file__).resolve().parent) not in sys.path:  # imported from elsewhere: the package beside this file
    sys.path.insert(0, str(Path(__file__).resolve().parent))

from fuzzing.fuzzer import Fuzzer, _same  # noqa: E402
from fuzzing.grammar import ACCEPTS, JSON_RESULTS, ROADS, Grammar, _sparql_term  # noqa: E402
from fuzzing.report import report, summary  # noqa: E402
from fuzzing.service import ROOT, Item, Service, Stop  # noqa: E402

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE / "results" / "fuzz.json"


# ------------------------------------------------------------------------------------------ the run


def store_terms(client: httpx.Client, base: str) -> tuple[list[str], ...]:
    """IRIs, predicates, graphs and literals of the store, for the strategies."""
    def column(query: str) -> list[dict]:
        response = client.get(f"{base}/sparql", params={"query": query}, headers={"Accept": JSON_RESULTS}, timeout=60)
        response.raise_for_status()
        return [row["t"] for row in response.json()["results"]["bindings"] if "t" in row]

    iris = [t["value"] for t in column(
        "SELECT DISTINCT ?t WHERE { GRAPH ?g { ?t ?p ?o } FILTER(isIRI(?t)) } LIMIT 150")]
    predicates = [t["value"] for t in column("SELECT DISTINCT ?t WHERE { GRAPH ?g { ?s ?t ?o } } LIMIT 80")]
    graphs = [t["value"] for t in column("SELECT DISTINCT ?t WHERE { GRAPH ?t { ?s ?p ?o } } LIMIT 20")]
    literals = [_sparql_term(t) for t in column(
        "SELECT DISTINCT ?t WHERE { GRAPH ?g { ?s ?p ?t } FILTER(isLiteral(?t) && STRLEN(STR(?t)) < 60) } LIMIT 80")]
    return iris, predicates, graphs, literals


def fuzz(fuzzer: Fuzzer, grammar: Grammar, args) -> int:
    item = st.builds(Item, st.sampled_from(ROADS), st.sampled_from(ACCEPTS), grammar.queries())
    batches = st.lists(item, min_size=1, max_size=args.batch)
    config = settings(deadline=None, max_examples=1_000_000, database=None, verbosity=Verbosity.quiet,
                      phases=[Phase.generate, Phase.shrink], suppress_health_check=list(HealthCheck))
    rounds = 0
    while time.monotonic() < fuzzer.deadline:
        @config
        @given(batches)
        def run(batch):
            fuzzer.example(batch)

        if args.seed is not None:
            run = seed(args.seed * 1000 + rounds)(run)
        fuzzer.shrink_started, fuzzer.shrinking, fuzzer.round_new = None, None, set()
        rounds += 1
        try:
            run()
        except Stop:
            pass
        except Exception as exc:  # noqa: BLE001  the round's finding (shrunk), or Hypothesis saying it was flaky
            if not fuzzer.round_new:
                print(f"  round {rounds} ended: {type(exc).__name__}: {str(exc)[:300]}", flush=True)
        for signature in fuzzer.round_new - fuzzer.known:
            finding = fuzzer.findings.get(signature)
            if finding is not None and finding.query is not None:
                print(f"  shrunk to {len(finding.query)} characters in "
                      f"{time.monotonic() - fuzzer.shrink_started:.0f} s", flush=True)
        fuzzer.known |= fuzzer.round_new
        if fuzzer.shrinking is not None:  # whatever signature the crash got while it was shrunk
            fuzzer.known |= {s for s, f in fuzzer.findings.items() if _same(f, fuzzer.shrinking)}
    return rounds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=3.0, help="time budget (default 3)")
    parser.add_argument("--seed", type=int, default=None, help="reproducible queries (Hypothesis seed N*1000+round)")
    parser.add_argument("--threads", type=int, default=4, help="queries sent at once (default 4)")
    parser.add_argument("--batch", type=int, default=16, help="queries per Hypothesis example at most (default 16)")
    parser.add_argument("--timeout", type=float, default=5.0, help="the service's query time limit, s (default 5)")
    parser.add_argument("--shrink-seconds", type=float, default=60.0, help="shrinking budget per round (default 60)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help=f"JSON result (default {DEFAULT_OUT.relative_to(ROOT)})")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (stores, the service's logs)")
    args = parser.parse_args(argv)
    warnings.filterwarnings("ignore", category=HypothesisWarning)  # the reprs of large sampled_from lists

    with contextlib.ExitStack() as stack:
        folder = Path(tempfile.mkdtemp(prefix="itukg-fuzz-"))
        if args.keep:
            print(f"keeping {folder}")
        else:
            stack.callback(shutil.rmtree, folder, ignore_errors=True)
        from hypothesis import configuration
        configuration.set_hypothesis_home_dir(folder / ".hypothesis")
        print(f"starting itukg serve on a store with the bundled report (time limit {args.timeout:g} s)", flush=True)
        service = Service(folder, args.timeout)
        stack.callback(service.stop)
        service.start()
        terms = store_terms(httpx.Client(), service.base)
        fuzzer = Fuzzer(service, args)
        stack.callback(fuzzer.pool.shutdown, wait=False, cancel_futures=True)
        print(f"fuzzing {service.base} for {args.minutes:g} min from {args.threads} threads "
              f"(canary: {fuzzer.canary} quads)", flush=True)
        started = time.monotonic()
        rounds = fuzz(fuzzer, Grammar(*terms), args)
        seconds = time.monotonic() - started
        fuzzer.read_panics()
        service.metrics()
        service.stop()
        result = summary(fuzzer, args, rounds, seconds)
    report(result)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(f"\nwritten to {args.out}")
    return 1 if result["service_down"] else 0


if __name__ == "__main__":
    sys.exit(main())
