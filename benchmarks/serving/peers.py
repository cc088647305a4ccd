"""The peers of `itukg serve`: Oxigraph in memory, rdflib-endpoint (whole or on a subset), and itukg's mirror."""

from __future__ import annotations

import http.client
import json
import sys
import time
from pathlib import Path

from .processes import Server, free_port, log, rss_bytes
from .settings import BIN, RDFLIB_MAX_LOAD_S, RDFLIB_MAX_RSS, SCRIPT
from .store import subset_nquads


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
        server = Server("rdflib-endpoint", [sys.executable, str(SCRIPT), "_rdflib_endpoint", str(source), str(port)],
                        port, tmp / f"rdflib-endpoint-{fraction:g}.log")
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
        loaded = next((json.loads(line[len("LOADED "):]) for line in server.log_path.read_text().splitlines()
                       if line.startswith("LOADED ")), {})
        loaded.update(rss_after_load_bytes=rss_bytes(server.pid), peak_rss_seen_bytes=peak["rss"], subset=subset,
                      ready_s=time.monotonic() - server.started)
        log(f"rdflib-endpoint: loaded {loaded.get('quads', 0):,} quads in {loaded.get('load_s', 0):.1f} s, "
            f"RSS {loaded['rss_after_load_bytes'] / 1024 ** 3:.2f} GiB" + (" (SUBSET)" if subset else ""))
        return server, loaded
    raise RuntimeError("rdflib-endpoint could not load even the smallest subset")
