"""The data dump for harvesters: GET /dumps/itukg.nq.gz, every graph of the store but the journal as gzipped
N-Quads. The file is built lazily, from the engine one graph at a time, kept on disk beside the store (a
temporary directory for a store in memory or on a remote engine), and built again when the engine's write
count (`Engine.written`) has moved since; VoID and DCAT (harvest.py) state its size and date."""

from __future__ import annotations

import email.utils
import gzip
import hashlib
import os
import tempfile
import threading
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import pyoxigraph as ox
from fastapi import APIRouter, Request
from fastapi.responses import Response, StreamingResponse

from ..engine.process import Engine
from ..store.dataset import JOURNAL_GRAPH
from ..store.locations import is_remote

router = APIRouter()

DUMP_PATH = "dumps/itukg.nq.gz"  # under the service's base URL
DUMP_NAME = "itukg.nq.gz"
_NTRIPLES = ("application/n-triples", "application/n-triples")
_LEFT_OUT = (JOURNAL_GRAPH,)  # the undo journal is the service's own bookkeeping, not data
_TSV = ("text/tab-separated-values", "text/tab-separated-values")
_BATCH_QUADS = 100_000  # quads read a query: some 20 MB of rows, far below the service's result cap
_CHUNK = 1 << 16


@dataclass(frozen=True)
class Dump:
    """One built dump file: where it is, its size in bytes, its quads, when its content last changed
    (seconds since the epoch) and its entity tag (a digest of its bytes)."""
    path: Path
    size: int
    quads: int
    modified: float
    etag: str

    @property
    def http_date(self) -> str:
        return email.utils.formatdate(self.modified, usegmt=True)

    @property
    def iso_date(self) -> str:
        return datetime.fromtimestamp(self.modified, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def dump_directory(store: str | None) -> Path | None:
    """Where the dump of the store at `store` is kept: beside its directory, `DIR.dumps`; None (a temporary
    directory) for a store in memory or on a remote engine."""
    if not store or is_remote(store):
        return None
    path = Path(store)
    return path.with_name(path.name + ".dumps")


class Dumps:
    """The service's dump: `current()` answers the file as it is after the engine's last write, building it
    first when the write count has moved (one builder at a time; the others wait for its file)."""

    def __init__(self, engine: Engine, store: str | None):
        self.engine = engine
        self.directory = dump_directory(store)
        self._lock = threading.Lock()
        self._dump: Dump | None = None
        self._written: int | None = None  # the engine's write count the kept dump was read at
        self.builds = 0

    def current(self) -> Dump:
        with self._lock:
            written = self.engine.written  # read first: a write ending during the build moves it again
            if self._dump is not None and self._written == written and self._dump.path.exists():
                return self._dump
            self._dump = self._build(self._dump)
            self._written = written
            self.builds += 1
            return self._dump

    def _where(self) -> Path:
        if self.directory is None:
            self.directory = Path(tempfile.mkdtemp(prefix="itukg-dumps-"))
        self.directory.mkdir(parents=True, exist_ok=True)
        return self.directory

    def _build(self, before: Dump | None) -> Dump:
        directory = self._where()
        target = directory / DUMP_NAME
        partial = directory / (DUMP_NAME + ".part")
        with (open(partial, "wb") as raw,
              gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=6) as out):
            quads = self._write_quads(out)
        digest, size = _digest(partial)
        etag = f'"{digest[:32]}"'
        kept = before.etag if before is not None else f'"{_digest(target)[0][:32]}"' if target.exists() else None
        if kept == etag:  # the same bytes (also the file of an earlier run): the date stays the day they changed
            partial.unlink()
            return Dump(target, size, quads, target.stat().st_mtime, etag)
        os.replace(partial, target)
        return Dump(target, size, quads, target.stat().st_mtime, etag)

    def _write_quads(self, out) -> int:
        """Every named graph but the journal, in IRI order and a batch of graphs a query, then the default
        graph's triples; the number of quads written."""
        stats = self.engine.stats()
        graphs = sorted(g for g in stats["graphs"] if g not in _LEFT_OUT)
        written = 0
        for batch in _batches(graphs, stats["graphs"]):
            written += self._write_batch(out, batch)
        if stats["quads"] > sum(stats["graphs"].values()):
            written += self._write_default_graph(out)
        return written

    def _write_batch(self, out, graphs: list[str]) -> int:
        """The quads of `graphs`, read with one SELECT whose tab-separated rows are terms as N-Triples writes
        them (500 generated reports, 650,000 quads: 11 s, against 32 s reading one graph a request; counting the
        graphs for `Engine.stats` first takes as long again, and VoID needs that count anyway)."""
        values = " ".join(f"<{graph}>" for graph in graphs)
        answer = self.engine.query(f"SELECT ?s ?p ?o ?g WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}",
                                   results=_TSV, rdf=None)
        quads = [ox.Quad(row[0], row[1], row[2], row[3])
                 for row in ox.parse_query_results(answer.body, format=ox.QueryResultsFormat.TSV)]
        ox.serialize(quads, output=out, format=ox.RdfFormat.N_QUADS)
        return len(quads)

    def _write_default_graph(self, out) -> int:
        answer = self.engine.graph(None, _NTRIPLES)
        triples = list(ox.parse(answer.body, format=ox.RdfFormat.N_TRIPLES)) if answer is not None else []
        ox.serialize(triples, output=out, format=ox.RdfFormat.N_QUADS)
        return len(triples)


def _batches(graphs: list[str], counts: dict[str, int]) -> list[list[str]]:
    """`graphs` in order, in batches of at most `_BATCH_QUADS` quads (a larger graph is a batch of its own).

    >>> _batches(["a", "b", "c"], {"a": 60_000, "b": 50_000, "c": 10})
    [['a'], ['b', 'c']]
    """
    batches: list[list[str]] = []
    size = _BATCH_QUADS
    for graph in graphs:
        if size + counts.get(graph, 0) > _BATCH_QUADS:
            batches.append([])
            size = 0
        batches[-1].append(graph)
        size += counts.get(graph, 0)
    return batches


def _digest(path: Path) -> tuple[str, int]:
    sha, size = hashlib.sha256(), 0
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            sha.update(chunk)
            size += len(chunk)
    return sha.hexdigest(), size


def service_dumps(request: Request) -> Dumps:
    """The application's `Dumps`, made at the first request that needs it."""
    state = request.app.state
    dumps = getattr(state, "dumps", None)
    if dumps is None:
        dumps = state.dumps = Dumps(state.engine, state.settings.store)
    return dumps


@router.api_route("/dumps/itukg.nq.gz", methods=["GET", "HEAD"])
def dump_file(request: Request) -> Response:
    """The whole dataset as gzipped N-Quads (reports, validation results, reference data, ontology), with its
    size, date and entity tag; `If-None-Match` / `If-Modified-Since` that still hold are answered 304."""
    dump = service_dumps(request).current()
    handle = open(dump.path, "rb")  # opened before answering: a rebuild replaces the file, not these bytes
    headers = {"ETag": dump.etag, "Last-Modified": dump.http_date, "Cache-Control": "no-cache",
               "Content-Disposition": f'attachment; filename="{DUMP_NAME}"'}
    if _unchanged(request, dump):
        handle.close()
        return Response(status_code=304, headers=headers)
    size = os.fstat(handle.fileno()).st_size
    headers["Content-Length"] = str(size)
    if request.method == "HEAD":
        handle.close()
        return Response(status_code=200, media_type="application/gzip", headers=headers)

    def chunks():
        with handle:
            while chunk := handle.read(_CHUNK):
                yield chunk

    return StreamingResponse(chunks(), media_type="application/gzip", headers=headers)


def _unchanged(request: Request, dump: Dump) -> bool:
    tags = request.headers.get("if-none-match")
    if tags is not None:
        return tags.strip() == "*" or dump.etag in [t.strip().removeprefix("W/") for t in tags.split(",")]
    since = request.headers.get("if-modified-since")
    if since:
        try:
            return int(dump.modified) <= email.utils.parsedate_to_datetime(since).timestamp()
        except (TypeError, ValueError):
            return False
    return False


__all__ = ["router", "Dump", "Dumps", "DUMP_PATH", "dump_directory", "service_dumps"]
