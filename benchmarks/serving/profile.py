"""The py-spy profile of itukg under load, summarised by layer."""

from __future__ import annotations

import collections
import json
import re
import subprocess
import time
from pathlib import Path

from .processes import Server
from .settings import BIN


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
        summary["command"] = (f"py-spy record --{mode} --subprocesses -r {rate} -d {record_s} --format raw "
                              "--pid <itukg serve>")
        summary["cpu_cores_while_profiled"] = {k: round((cpu_after[k] - cpu_before.get(k, 0.0)) / record_s, 2)
                                               for k in cpu_after}
        line = next((text for text in wrk_out.splitlines() if text.startswith("WRKJSON ")), None)
        if line:
            figures = json.loads(line[len("WRKJSON "):])
            summary["rps_while_profiled"] = round(figures["requests"] / (figures["duration_us"] / 1e6), 1)
            summary["non_2xx_while_profiled"] = figures["status"]
        summary["raw"] = str(raw)
        out[mode] = summary
    return out
