"""The stores the store-level and service-level tests run on: the embedded Oxigraph store, a real `oxigraph serve`
and a real Virtuoso open-source server, each on a free loopback port with a throwaway database.

`Backend.location` is what `--store` takes, `Backend.env` the ITUKG_REMOTE_* variables that go with it (for a
subprocess), `Backend.open()` opens it in this process and `Backend.reset()` empties it between tests.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from live import free_port, stop

VIRTUOSO = shutil.which("virtuoso-t")
ISQL = shutil.which("isql-vt")
VIRTUOSO_USER, VIRTUOSO_PASSWORD = "itukg", "itukg-test-secret"


@dataclass
class Backend:
    name: str
    location: str
    env: dict[str, str] = field(default_factory=dict)

    @property
    def remote(self) -> bool:
        return self.location.startswith("sparql+")

    def open(self, *, read_only: bool = False):
        from itukg.api.config import RemoteSettings
        from itukg.api.store.remote import RemoteStore
        from itukg.api.store.embedded import OxigraphStore

        if self.remote:
            return RemoteStore(self.location, read_only=read_only, settings=RemoteSettings.from_env(self.env))
        return OxigraphStore(self.location, read_only=read_only)

    def reset(self) -> None:
        """Remove every graph (the embedded store: a fresh directory)."""
        if not self.remote:
            shutil.rmtree(self.location, ignore_errors=True)
            return
        store = self.open(read_only=True)
        try:
            graphs = store.graphs()
            if graphs:
                store.update(" ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in graphs))
            assert store.graphs() == []
        finally:
            store.close()


def _wait_for(url: str, process: subprocess.Popen, log: Path, what: str, limit: float = 120) -> None:
    deadline = time.monotonic() + limit
    while True:
        if process.poll() is not None or time.monotonic() > deadline:
            raise AssertionError(f"{what} did not start:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            if httpx.post(url, data={"query": "ASK {}"}, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)


@contextlib.contextmanager
def oxigraph_server(directory: Path):
    """`oxigraph serve` (PyPI `oxigraph`) with the union default graph and a time limit, on a free port."""
    directory.mkdir(parents=True, exist_ok=True)
    port = free_port()
    command = [str(Path(sys.executable).with_name("oxigraph")), "serve", "--location", str(directory / "data"),
               "--bind", f"127.0.0.1:{port}", "--union-default-graph", "--timeout-s", "60"]
    log = directory / "oxigraph.log"
    with open(log, "w") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    try:
        _wait_for(f"http://127.0.0.1:{port}/query", process, log, "oxigraph serve")
        yield Backend("oxigraph", f"sparql+http://127.0.0.1:{port}/query",
                      {"ITUKG_REMOTE_CACHE": str(directory / "cache")})
    finally:
        stop(process)


VIRTUOSO_INI = """\
[Database]
DatabaseFile = virtuoso.db
ErrorLogFile = virtuoso.log
LockFile = virtuoso.lck
TransactionFile = virtuoso.trx
xa_persistent_file = virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = virtuoso-temp.db
TransactionFile = virtuoso-temp.trx

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = .
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
MaxQueryMem = 256M
ThreadsPerQuery = 2

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = .
ServerThreads = 10
MaxKeepAlives = 10
KeepAliveTimeout = 10
Charset = UTF-8

[SPARQL]
ResultSetMaxRows = 10000000
MaxQueryCostEstimationTime = 400
MaxQueryExecutionTime = 60
"""

# a user that may run SPARQL updates and write every graph; the anonymous /sparql stays read-only
VIRTUOSO_GRANTS = (f"DB.DBA.USER_CREATE('{VIRTUOSO_USER}', '{VIRTUOSO_PASSWORD}'); "
                   f"GRANT SPARQL_UPDATE TO \"{VIRTUOSO_USER}\"; "
                   f"DB.DBA.RDF_DEFAULT_USER_PERMS_SET('{VIRTUOSO_USER}', 7);")


def virtuoso_missing() -> str | None:
    """Why Virtuoso cannot run here, or None."""
    if VIRTUOSO is None or ISQL is None:
        return ("Virtuoso open source is not installed (Debian package virtuoso-opensource; `make test` installs it "
                "when run as root)")
    return None


@contextlib.contextmanager
def virtuoso_server(directory: Path):
    """A Virtuoso open-source server with a throwaway database on free ports; queries go to the anonymous,
    read-only /sparql, updates and graph-store writes to /sparql-auth and /sparql-graph-crud-auth as a user
    granted SPARQL_UPDATE (Digest authentication)."""
    directory.mkdir(parents=True, exist_ok=True)
    sql_port, http_port = free_port(), free_port()
    (directory / "virtuoso.ini").write_text(VIRTUOSO_INI.format(sql_port=sql_port, http_port=http_port))
    log = directory / "virtuoso.out"
    with open(log, "w") as out:
        process = subprocess.Popen([VIRTUOSO, "-f", "-c", "virtuoso.ini"], cwd=directory, stdout=out,
                                   stderr=subprocess.STDOUT)
    try:
        _wait_for(f"http://127.0.0.1:{http_port}/sparql", process, log, "Virtuoso")
        grant = subprocess.run([ISQL, f"127.0.0.1:{sql_port}", "dba", "dba", f"exec={VIRTUOSO_GRANTS}"],
                               capture_output=True, text=True, timeout=60)
        assert grant.returncode == 0 and "Error" not in grant.stdout + grant.stderr, grant.stdout + grant.stderr
        yield Backend("virtuoso", f"sparql+http://127.0.0.1:{http_port}/sparql",
                      {"ITUKG_REMOTE_USER": VIRTUOSO_USER, "ITUKG_REMOTE_PASSWORD": VIRTUOSO_PASSWORD,
                       "ITUKG_REMOTE_CACHE": str(directory / "cache")})
    finally:
        stop(process)


def subprocess_env(backend: Backend, **extra: str) -> dict[str, str]:
    """The environment of an `itukg` subprocess on `backend` (no other ITUKG_* leaks in)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ITUKG_")}
    return {**env, **backend.env, **extra}


@contextlib.contextmanager
def itukg_server(backend: Backend, directory: Path, *, timeout: float | None = None):
    """`itukg serve --store LOCATION` on a free port, writable with `live.TOKEN`; yields its base URL."""
    from live import TOKEN

    port = free_port()
    command = [sys.executable, "-m", "itukg.api.cli", "serve", "--store", backend.location, "--port", str(port)]
    command += ["--timeout", str(timeout)] if timeout else []
    log = directory / f"serve-{port}.log"
    with open(log, "w") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT,
                                   env=subprocess_env(backend, ITUKG_UPDATE_TOKEN=TOKEN))
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(f"{base}/sparql", process, log, "itukg serve", limit=300)
        yield base
    finally:
        stop(process)


# ------------------------------------------------------------------------------------------ fixtures
# Test modules import these (`from backends import backend, oxigraph_backend, virtuoso_backend`): a conftest.py
# in tests/api/store would shadow tests/conftest.py for `from conftest import …`.

BACKENDS = ("embedded", "oxigraph", "virtuoso")


@pytest.fixture(scope="session")
def oxigraph_backend(tmp_path_factory):
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph")) as backend:
        yield backend


@pytest.fixture(scope="session")
def virtuoso_backend(tmp_path_factory):
    reason = virtuoso_missing()
    if reason:
        pytest.skip(reason)
    with virtuoso_server(tmp_path_factory.mktemp("virtuoso")) as backend:
        yield backend


@pytest.fixture(params=BACKENDS)
def backend(request, tmp_path) -> Backend:
    """An empty store of each kind (the servers are shared by the session and emptied before each test)."""
    if request.param == "embedded":
        return Backend("embedded", str(tmp_path / "store"))
    chosen = request.getfixturevalue(f"{request.param}_backend")
    chosen.reset()
    return chosen
