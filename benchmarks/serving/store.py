"""The data: reports generated and loaded until the store is large enough, inspected in a process of its own."""

from __future__ import annotations

import collections
import json
import math
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

from .processes import log, run
from .settings import BASE, BIN, GENERATOR, ITU, RDF_TYPE, ROOT, SCRIPT


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
        run([sys.executable, str(SCRIPT), "_inspect", str(store_dir), str(nquads), str(info_path), str(lookups),
             str(seed)])
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
