"""Memory benchmark: what `itukg serve` keeps resident on the bundled corpus, process by process, against
`oxigraph serve` (the oxigraph package) holding the same quads, measured in the same run.

    .venv/bin/python benchmarks/memory.py [--out benchmarks/results/memory.json]

1. `itukg serve` on a fresh temporary store: it loads the bundled report, builds its search index (with the
   embeddings) at startup, and serves it on 127.0.0.1.
2. Once /health says up and a first search answered: a small workload (searches in every mode, SPARQL queries,
   a page), then the resident memory (RSS, from /proc) of each process of the service: the web process, the
   engine process, the guard's checker process and multiprocessing's resource tracker.
3. The same quads exported (N-Quads) and loaded into `oxigraph serve`, which answers the same SPARQL; its RSS.
4. Prints a table and the ratio, writes JSON (`--out`). Linux only (/proc).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
TARGET_MB = 300  # issue 16: the web and engine processes together, on the bundled corpus
SEARCHES = ("IPv6", "child online protection", "PP Res. 102 (Rev. Bucharest, 2022)", "Internet governance")
QUERIES = ("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
           "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 1000",
           "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str, timeout: float = 120) -> bytes:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.read()


def wait_for(url: str, seconds: float = 180) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            get(url, timeout=5)
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"memory.py: {url} did not answer within {seconds:g} s")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        found += [int(c) for c in text]
    return found


def role(pid: int) -> str:
    command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    return "resource tracker" if "resource_tracker" in command else "checker"


def measure_itukg(folder: Path) -> dict:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = (folder / "itukg.log").open("w")
    process = subprocess.Popen([str(BIN / "itukg"), "serve", "--store", str(folder / "store"), "--port", str(port)],
                               stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_for(f"{url}/health")
        get(f"{url}/search?q=IPv6")  # the index is built (the embeddings computed) before it answers
        for text in SEARCHES:
            for mode in ("hybrid", "lexical", "dense"):
                get(f"{url}/search?q={quote(text)}&mode={mode}")
        for query in QUERIES:
            get(f"{url}/sparql?query={quote(query)}")
        get(f"{url}/", timeout=30)
        time.sleep(1)
        health = json.loads(get(f"{url}/health"))
        processes = {"web": rss_mb(process.pid)}
        for child in children(process.pid):  # the engine (its pid in /health), the checker, the tracker
            name = "engine" if child == health["pid"] else role(child)
            processes[name] = processes.get(name, 0.0) + rss_mb(child)
        export = get(f"{url}/dumps/itukg.nq.gz", timeout=300)
        return {"processes": processes, "dump": export}
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def measure_oxigraph(folder: Path, dump: bytes) -> float:
    import gzip

    quads = folder / "all.nq"
    quads.write_bytes(gzip.decompress(dump))
    location = folder / "oxigraph"
    subprocess.run([str(BIN / "oxigraph"), "load", "--location", str(location), "--file", str(quads)], check=True,
                   capture_output=True)
    port = free_port()
    process = subprocess.Popen([str(BIN / "oxigraph"), "serve", "--location", str(location), "--bind",
                                f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(f"http://127.0.0.1:{port}/query?query={quote('ASK {}')}")
        for query in QUERIES:
            get(f"http://127.0.0.1:{port}/query?query={quote(query)}")
        time.sleep(1)
        return rss_mb(process.pid)
    finally:
        process.terminate()
        process.wait(timeout=30)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=str(HERE / "results" / "memory.json"))
    args = parser.parse_args()
    if not Path("/proc/self/status").exists():
        raise SystemExit("memory.py: needs Linux's /proc to read each process's resident memory")
    folder = Path(tempfile.mkdtemp(prefix="itukg-memory-"))
    try:
        itukg = measure_itukg(folder)
        peer = measure_oxigraph(folder, itukg.pop("dump"))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    processes = itukg["processes"]
    pair = processes.get("web", 0) + processes.get("engine", 0)
    total = sum(processes.values())
    print("| process | RSS (MB) |\n|---|---:|")
    for name, value in processes.items():
        print(f"| itukg {name} | {value:.0f} |")
    print(f"| **itukg web + engine** | **{pair:.0f}** (target < {TARGET_MB}) |")
    print(f"| itukg, every process | {total:.0f} |")
    print(f"| oxigraph serve (same quads) | {peer:.0f} |")
    print(f"\nitukg web + engine / oxigraph serve: {pair / peer:.1f}x; every process: {total / peer:.1f}x")
    result = {"date": dt.date.today().isoformat(), "machine": f"{platform.node()} {platform.machine()} "
              f"{platform.processor() or ''}".strip(), "itukg_mb": processes, "web_and_engine_mb": round(pair, 1),
              "all_processes_mb": round(total, 1), "oxigraph_serve_mb": round(peer, 1), "target_mb": TARGET_MB}
    Path(args.out).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
