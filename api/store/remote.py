"""The store on a remote SPARQL engine (`--store sparql+http://host:port/path`), through SPARQL 1.1 Query,
Update and the Graph Store Protocol only; what one engine needs beside the standard is in `adapters.py`.

It has the interface of the embedded `OxigraphStore`, and answers with pyoxigraph objects (solutions and
booleans parsed with `parse_query_results`; a graph result loaded into an in-memory pyoxigraph store and
returned as its `QueryTriples`), so callers do not know which store they hold.

Writes. On an engine whose update request is a transaction (Oxigraph, Fuseki, GraphDB) a replace is one
request: DROP + INSERT DATA. On one where it is not (Virtuoso), a replace is staged so that a failed or
interrupted write leaves no partial graph:

1. the staging graphs are listed in the journal graph, with the graph each replaces and the writer;
2. each graph's triples are PUT to its staging graph (Graph Store Protocol; chunked INSERT DATA without one);
3. one request marks the entries committing, MOVEs every staging graph onto its target and strikes the entries.

The next opening of the store by a writer finishes what a dead writer left (`_recover`): staging graphs that
were not committing are dropped (their targets keep the old version; listed in `recovered`), committing ones
are moved into place. A bulk load (`bulk_replace`) skips the move: it writes each graph in place, listed in
the journal meanwhile, and a dead writer's listed graphs are dropped, as with the embedded store's bulk load.
A writer is dead when its process is gone (same host) or its entry is older than
`LEASE_S` (another host).
"""

from __future__ import annotations

import contextlib
import datetime
import os
import re
import socket
import uuid
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import httpx
import pyoxigraph as ox

from ...loader import iris
from ...loader.errors import QueryError
from ...loader.triples import Triple, to_ntriples
from .adapters import Adapter, adapter_for
from ..config import DEFAULT_STORE, RemoteSettings
from .dataset import CONTENT_HASH, JOURNAL_GRAPH, dump_dataset, reference_graphs, replace_update
from .errors import QueryTimeoutError, StoreError
from .protocol import rows

_ONT = "https://w3id.org/itukg/ontology#"
_STAGED_FOR, _WRITER, _STAGED_AT, _COMMITTING = (_ONT + n for n in ("stagedFor", "stagedBy", "stagedAt", "committing"))
STAGING = iris.BASE + "graph/staging/"
EMPTY_GRAPH = iris.BASE + "graph/empty"  # a graph never written: an empty part of a dataset given to the engine
LEASE_S = 3600  # an entry of a writer on another host is abandoned after this long
INSERT_CHUNK = 500  # triples per INSERT DATA when staging without a Graph Store
_ACCEPT_RESULTS = "application/sparql-results+json, application/sparql-results+xml;q=0.9"
_ACCEPT_GRAPH = "application/n-triples, text/turtle;q=0.9"
# the first SELECT/ASK/CONSTRUCT/DESCRIBE outside IRIs and comments is the query's form (the prologue holds
# only IRIs and prefixed names); engines such as Virtuoso answer a CONSTRUCT in SPARQL JSON if asked for it
_FORM = re.compile(r"""<[^<>"{}|^`\\\s]*>|#[^\n]*|\b(select|ask|construct|describe)\b(?!:)""", re.I)
_ACCEPT_RDF = "text/turtle, application/n-triples;q=0.9, application/rdf+xml;q=0.8"
_SD_UNION = ("http://www.w3.org/ns/sparql-service-description#feature",
             "http://www.w3.org/ns/sparql-service-description#UnionDefaultGraph")


class _Credentials(httpx.Auth):
    """A user and password sent the way the engine's challenge asks (Basic or Digest)."""

    requires_request_body = True

    def __init__(self, user: str, password: str):
        self._schemes = {"basic": httpx.BasicAuth(user, password), "digest": httpx.DigestAuth(user, password)}
        self._scheme: str | None = None

    def auth_flow(self, request):
        if self._scheme is None:
            response = yield request
            if response.status_code != 401:
                return
            challenge = response.headers.get("www-authenticate", "").lower()
            self._scheme = "digest" if challenge.startswith("digest") else "basic"
        yield from self._schemes[self._scheme].auth_flow(request)


class _Bearer(httpx.Auth):
    def __init__(self, token: str):
        self._header = f"Bearer {token}"

    def auth_flow(self, request):
        request.headers["Authorization"] = self._header
        yield request


@dataclass(frozen=True, slots=True)
class _Staged:
    """A staged write: its batch, {target: staging graph}, and its journal entries."""

    batch: str
    stages: dict[str, str]
    entries: str

    def committing(self) -> str:
        return " ".join(f"<{s}> <{_COMMITTING}> \"{self.batch}\" ." for s in self.stages.values())

    def commit(self, texts: dict[str, str]) -> str:
        """Step 3, one request: mark the entries committing, move each staging graph onto its target,
        strike the entries."""
        moves = [f"MOVE SILENT <{s}> TO <{t}>" if texts[t].strip() else f"DROP SILENT GRAPH <{t}>"
                 for t, s in self.stages.items()]
        return (f"INSERT DATA {{ GRAPH <{JOURNAL_GRAPH}> {{ {self.committing()} }} }} ;\n" + " ;\n".join(moves)
                + f" ;\nDELETE DATA {{ GRAPH <{JOURNAL_GRAPH}> {{ {self.entries} {self.committing()} }} }}")


class RemoteStore:
    """A store on a SPARQL 1.1 engine; `location` is `sparql+http(s)://…` of its query endpoint."""

    mirror = None  # queries go to the engine

    def __init__(self, location: str, *, read_only: bool = False, settings: RemoteSettings | None = None):
        self.settings = settings = settings or RemoteSettings.from_env()
        self.location = location
        self.query_url = location.removeprefix("sparql+")
        auth: httpx.Auth | None = None
        if settings.token:
            auth = _Bearer(settings.token)
        elif settings.user:
            auth = _Credentials(settings.user, settings.password or "")
        self._client = httpx.Client(auth=auth, headers={"User-Agent": "itukg"},
                                    timeout=httpx.Timeout(settings.write_timeout_s, connect=10))
        # derived files (the search index) live in a local directory named after the engine
        slug = re.sub(r"[^A-Za-z0-9.-]+", "-", self.query_url.split("://", 1)[1]).strip("-")
        self.path = Path(settings.cache) if settings.cache else DEFAULT_STORE.parent / "remote" / slug
        self.recovered: list[str] = []
        self.written = 0  # writes made through this object (`protocol.Store.written`)
        try:
            self.adapter, self.union = self._describe()
            update_url, gsp_url = self.adapter.endpoints(self.query_url, authenticated=auth is not None)
            self.update_url = settings.update_url or update_url
            self.gsp_url = settings.gsp_url or gsp_url
            self.hidden = self.adapter.system_graphs(self._graph_names())
            if not read_only:
                self.recovered = self._recover()
                self.ensure_reference_data()
        except BaseException:
            self._client.close()
            raise

    # -- HTTP ---------------------------------------------------------------------------------------

    def _send(self, method: str, url: str, *, what: str, timeout: float | None = None, **kwargs) -> httpx.Response:
        """One request; the engine being down, refusing the credentials or not being a SPARQL endpoint
        become one-paragraph `StoreError`s, a refused query or update a `QueryError`."""
        options = {"timeout": httpx.Timeout(timeout + 1, connect=10)} if timeout else {}
        try:
            response = self._client.request(method, url, **options, **kwargs)
        except httpx.TimeoutException:
            if timeout:
                raise _timeout_error(timeout) from None
            raise StoreError(f"{url}: the SPARQL engine did not answer the {what} within "
                             f"{self.settings.write_timeout_s:g} s (ITUKG_REMOTE_WRITE_TIMEOUT).") from None
        except httpx.HTTPError as exc:
            raise StoreError(f"{url}: cannot reach the SPARQL engine ({exc or type(exc).__name__}). Is it running, "
                             f"and is the address in --store / ITUKG_STORE right?") from None
        if response.status_code in (401, 403):
            raise StoreError(f"{url}: the SPARQL engine refused the {what} (HTTP {response.status_code}): check "
                             "ITUKG_REMOTE_USER and ITUKG_REMOTE_PASSWORD (or ITUKG_REMOTE_TOKEN), and that this user "
                             "may run SPARQL updates.")
        if response.status_code in (400, 500) and what in ("query", "update"):
            raise QueryError(f"the SPARQL engine refused the {what}: {_engine_message(response)}")
        if response.status_code >= 400 and not (method == "GET" and response.status_code == 404):
            raise StoreError(f"{url}: the SPARQL engine answered the {what} with HTTP {response.status_code}: "
                             f"{_engine_message(response)}")
        return response

    def _describe(self) -> tuple[Adapter, bool]:
        """The adapter for this engine and whether its default graph is the union of all graphs, from its
        service description (or, when it gives none, from an ASK it must answer)."""
        response = self._send("GET", self.query_url, what="service description request",
                              headers={"Accept": _ACCEPT_RDF})
        self.adapter = adapter = adapter_for(self.settings.engine, response.headers.get("server", ""))
        rdf = ox.RdfFormat.from_media_type(_media_type(response))
        if response.status_code == 200 and rdf is not None:
            try:
                triples = list(ox.parse(response.content, format=rdf, base_iri=self.query_url))
            except SyntaxError:
                triples = []
            if triples:
                return adapter, any((t.predicate.value, t.object.value) == _SD_UNION for t in triples)
        try:
            answer = self._run("ASK {}", [], what="query")
        except (StoreError, QueryError):
            answer = None
        if not isinstance(answer, ox.QueryBoolean):
            raise StoreError(f"{self.query_url}: this is not a SPARQL query endpoint (ASK {{}} was not answered "
                             "with a boolean); for Virtuoso use …/sparql, for oxigraph serve …/query.")
        return adapter, False

    # -- writes -------------------------------------------------------------------------------------

    def _atomic_replace(self, graphs: Mapping[str, Iterable[Triple] | str]) -> dict[str, str] | None:
        """A write counted, and done here where an update request is a transaction; else the graphs' N-Triples
        texts for the caller to write its own way (None: nothing left to do)."""
        self.written += 1
        if not graphs:
            return None
        texts = {g: t if isinstance(t, str) else to_ntriples(t) for g, t in graphs.items()}
        if self.adapter.atomic_updates:
            self.update(replace_update(texts))
            return None
        return texts

    def replace_graphs(self, graphs: Mapping[str, Iterable[Triple] | str]) -> None:
        """Replace each named graph with the given triples (or their N-Triples text); a failure leaves
        every graph as it was (see the module's docstring)."""
        texts = self._atomic_replace(graphs)
        if texts:
            self._staged_replace(texts)

    def bulk_replace(self, graphs: Mapping[str, Iterable[Triple] | str]) -> None:
        """Replace many named graphs at bulk speed. Where an update request is a transaction this is
        `replace_graphs`; elsewhere (Virtuoso) the graphs are written in place, like the embedded store's bulk
        load: listed in the journal, PUT one by one (each replacing the old version), struck from the journal.
        A writer killed in between leaves them listed, and the next writer to open the store drops them
        (`recovered`). Readers may see a batch while it loads, as with the embedded store."""
        texts = self._atomic_replace(graphs)
        if not texts:
            return
        staged = self._write_staged(texts, in_place=True)
        self.update(f"DELETE DATA {{ GRAPH <{JOURNAL_GRAPH}> {{ {staged.entries} }} }}")

    def _staged_replace(self, texts: dict[str, str]) -> None:
        staged = self._write_staged(texts, in_place=False)
        self.update(staged.commit(texts))

    def _write_staged(self, texts: dict[str, str], *, in_place: bool) -> "_Staged":
        """Steps 1 and 2; a failure removes what was staged (and, in place, the targets) and raises."""
        staged = self._stage(texts, in_place=in_place)
        try:
            self._put_stages(staged, texts)
        except BaseException:
            with contextlib.suppress(StoreError, QueryError):  # else the next writer's _recover does it
                self.update(" ;\n".join([f"DROP SILENT GRAPH <{s}>" for s in staged.stages.values()]
                                        + [f"DELETE DATA {{ GRAPH <{JOURNAL_GRAPH}> {{ {staged.entries} }} }}"]))
            raise
        return staged

    def _stage(self, texts: dict[str, str], *, in_place: bool = False) -> "_Staged":
        """Step 1: list a staging graph for every target in the journal (in place: the target itself)."""
        batch = uuid.uuid4().hex
        stages = {target: target if in_place else f"{STAGING}{batch}/{n}" for n, target in enumerate(texts)}
        now = datetime.datetime.now(datetime.timezone.utc).isoformat()
        entries = " ".join(f"<{s}> <{_STAGED_FOR}> <{t}> ; <{_WRITER}> \"{_writer()}\" ; <{_STAGED_AT}> \"{now}\" ."
                           for t, s in stages.items())
        self.update(f"INSERT DATA {{ GRAPH <{JOURNAL_GRAPH}> {{ {entries} }} }}")
        return _Staged(batch, stages, entries)

    def _put_stages(self, staged: "_Staged", texts: dict[str, str]) -> None:
        """Step 2: write every staging graph."""
        for target, stage in staged.stages.items():
            if texts[target].strip():
                self._put(stage, texts[target])
            elif stage == target:
                self.update(f"DROP SILENT GRAPH <{target}>")

    def _put(self, graph: str, text: str) -> None:
        if self.gsp_url:
            self._send("PUT", self.gsp_url, what="graph store write", params={"graph": graph},
                       content=text.encode("utf-8"), headers={"Content-Type": "application/n-triples"})
            return
        lines = text.splitlines()
        for start in range(0, len(lines), INSERT_CHUNK):
            chunk = "\n".join(lines[start:start + INSERT_CHUNK])
            self.update(f"INSERT DATA {{ GRAPH <{graph}> {{\n{chunk}\n}} }}")

    def _recover(self) -> list[str]:
        """Finish the staged writes of writers that died (see the module's docstring); returns the graphs
        whose new version was lost."""
        rows = self.select(f"""SELECT ?s ?t ?w ?at ?c WHERE {{ GRAPH <{JOURNAL_GRAPH}> {{
            ?s <{_STAGED_FOR}> ?t ; <{_WRITER}> ?w ; <{_STAGED_AT}> ?at OPTIONAL {{ ?s <{_COMMITTING}> ?c }} }} }}""")
        operations, lost = [], []
        for row in rows:
            if not _writer_gone(row["w"], row["at"]):
                continue
            if "c" in row:
                if self.has_graph(row["s"]):
                    operations.append(f"MOVE SILENT <{row['s']}> TO <{row['t']}>")
            else:
                operations.append(f"DROP SILENT GRAPH <{row['s']}>")
                lost.append(row["t"])
            operations.append(f"DELETE WHERE {{ GRAPH <{JOURNAL_GRAPH}> {{ <{row['s']}> ?p ?o }} }}")
        if operations:
            self.update(" ;\n".join(operations))
        return sorted(set(lost))

    def ensure_reference_data(self) -> None:
        """Load (or refresh) the reference data and the ontology when the bundled files changed."""
        digest, graphs = reference_graphs()
        marked = self._run(f"ASK {{ GRAPH <{iris.REFERENCE_GRAPH}> "
                           f"{{ <{iris.REFERENCE_GRAPH}> <{CONTENT_HASH}> \"{digest}\" }} }}", [], what="query")
        if not bool(marked):
            self.replace_graphs(graphs)

    def writing(self, graphs):
        """The embedded store's hook for its in-memory mirror: nothing to do for a remote engine."""
        return contextlib.nullcontext(self)

    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        """Run a SPARQL update (one request: a transaction where the engine makes it one)."""
        self.written += 1
        text = f"BASE <{base_iri}>\n{sparql}" if base_iri else sparql
        self._send("POST", self.update_url, what="update", content=text.encode("utf-8"),
                   headers={"Content-Type": "application/sparql-update"})

    # -- reads --------------------------------------------------------------------------------------

    def query(self, sparql: str, *, default_graph: list[str] | None = None, named_graphs: list[str] | None = None,
              base_iri: str | None = None, dataset: bool = False):
        """Run a SPARQL query over its RDF dataset, as the embedded store does: the protocol's `default_graph` /
        `named_graphs` if either is given, else the query's own FROM / FROM NAMED (`dataset`: the text has
        them), else the union of all graphs. A bad query raises `QueryError`; one that runs past
        ITUKG_QUERY_TIMEOUT is cut (and the engine told, where it can be) and raises a time-out.

        The engine is given the dataset as protocol parameters, both lists always (`EMPTY_GRAPH` standing for an
        empty one): engines differ when one is missing (Virtuoso then names every graph), and the query's own
        FROM / FROM NAMED are sent that way too, as `oxigraph serve --union-default-graph` ignores them in the
        text and Virtuoso's FROM alone leaves every graph named. Virtuoso still merges protocol graphs with the
        text's FROM instead of replacing them."""
        text = f"BASE <{base_iri}>\n{sparql}" if base_iri else sparql
        if default_graph is None and named_graphs is None and dataset:
            default_graph, named_graphs = _query_dataset(text)
        params: list[tuple[str, str]] = []
        if default_graph is None and named_graphs is None:
            # name the dataset: every graph, as the default graph and as named graphs
            if not self.union and not dataset:
                ours = self.graphs()
                params += [("default-graph-uri", g) for g in ours] + [("named-graph-uri", g) for g in ours]
        else:
            params += [("default-graph-uri", g) for g in default_graph or [EMPTY_GRAPH]]
            params += [("named-graph-uri", g) for g in named_graphs or [EMPTY_GRAPH]]
        return self._run(text, params, what="query", timeout=self.settings.query_timeout_s)

    def _run(self, text: str, params: list[tuple[str, str]], *, what: str, timeout: float | None = None):
        params = [("query", text), *params, *self.adapter.query_params(timeout).items()]
        response = self._send("POST", self.query_url, what=what, timeout=timeout, content=urlencode(params).encode(),
                              headers={"Accept": _accept(text), "Content-Type": "application/x-www-form-urlencoded"})
        if timeout and self.adapter.timed_out(response.headers):
            raise _timeout_error(timeout)
        media = _media_type(response)
        results = ox.QueryResultsFormat.from_media_type(media)
        if results is not None:
            return ox.parse_query_results(response.content, format=results)
        rdf = ox.RdfFormat.from_media_type(media)
        if rdf is None:
            raise StoreError(f"{self.query_url}: the engine answered a query with {media or 'no content type'}, "
                             "which is not a SPARQL result: is this a SPARQL query endpoint?")
        graph = ox.Store()
        graph.load(response.content, format=rdf, to_graph=ox.DefaultGraph())
        return graph.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")

    def select(self, sparql: str) -> list[dict[str, str]]:
        """Rows of a SELECT, as {variable: value} (the engine's own dataset: the union default graph)."""
        return rows(self._run(sparql, [], what="query"))

    def _graph_names(self) -> list[str]:
        return sorted(self._counts())

    def _counts(self) -> dict[str, int]:
        # GROUP BY, not SELECT DISTINCT ?g: Virtuoso 7.2 runs the latter into its time limit on 200k quads
        rows = self.select("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        return {row["g"]: int(row["n"]) for row in rows}

    def graph_ntriples(self, graph: str | None) -> str:
        """The triples of one named graph (None: the default graph, through the Graph Store only) as
        N-Triples text."""
        if self.gsp_url:
            params = {"graph": graph} if graph is not None else {"default": ""}
            response = self._send("GET", self.gsp_url, what="graph store read", params=params,
                                  headers={"Accept": "application/n-triples"})
            if response.status_code == 404:
                return ""
            rdf = ox.RdfFormat.from_media_type(_media_type(response)) or ox.RdfFormat.N_TRIPLES
            triples = ox.parse(response.content, format=rdf)
        elif graph is None:
            return ""
        else:
            triples = self._run(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}", [],
                                what="query")
        return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")

    def has_graph(self, graph: str) -> bool:
        return bool(self._run(f"ASK {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}", [], what="query"))

    def count(self, graph: str | None = None) -> int:
        """Quads in one named graph, or in all of them (but the engine's own)."""
        if graph is None:
            return sum(self.counts().values())
        return int(self.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")[0]["n"])

    def counts(self) -> dict[str, int]:
        """Quads in each named graph (but the engine's own), in one query."""
        return {g: n for g, n in sorted(self._counts().items()) if g not in self.hidden}

    def graphs(self) -> list[str]:
        """The named graphs, but the engine's own."""
        return [g for g in self._graph_names() if g not in self.hidden]

    def quads(self) -> Iterator[ox.Quad]:
        for graph in self.graphs():
            name = ox.NamedNode(graph)
            for t in ox.parse(self.graph_ntriples(graph), format=ox.RdfFormat.N_TRIPLES):
                yield ox.Quad(t.subject, t.predicate, t.object, name)

    def export(self, format: str = "trig", *, graph: str | None = None) -> bytes:
        """Serialise the store as the embedded store does (the graphs are gathered in memory first)."""
        copy = ox.Store()
        copy.extend(self.quads() if graph is None else
                    (ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(graph))
                     for t in ox.parse(self.graph_ntriples(graph), format=ox.RdfFormat.N_TRIPLES)))
        return dump_dataset(copy, format, graph=graph)

    def close(self) -> None:
        self._client.close()


def _query_dataset(text: str) -> tuple[list[str] | None, list[str] | None]:
    """The IRIs of the query's FROM and FROM NAMED, resolved (rdflib's parser); (None, None) when it cannot
    read the text, which then goes to the engine with its own dataset."""
    from rdflib.plugins.sparql import prepareQuery

    try:
        clauses = prepareQuery(text).algebra.get("datasetClause") or []
    except Exception:  # noqa: BLE001  the engine will say what is wrong with the text
        return None, None
    return [str(c["default"]) for c in clauses if "default" in c], [str(c["named"]) for c in clauses if "named" in c]


def _accept(sparql: str) -> str:
    """What to ask for: RDF for CONSTRUCT and DESCRIBE, SPARQL results for the rest."""
    for match in _FORM.finditer(sparql):
        if match.group(1):
            return _ACCEPT_GRAPH if match.group(1).lower() in ("construct", "describe") else _ACCEPT_RESULTS
    return _ACCEPT_RESULTS


def _writer() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _writer_gone(writer: str, staged_at: str) -> bool:
    host, _, pid = writer.rpartition(":")
    if host == socket.gethostname() and pid.isdigit():
        if int(pid) == os.getpid():
            return False
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            return False
        return False
    try:
        age = datetime.datetime.now(datetime.timezone.utc) - datetime.datetime.fromisoformat(staged_at)
    except ValueError:
        return True
    return age.total_seconds() > LEASE_S


def _media_type(response: httpx.Response) -> str:
    return response.headers.get("content-type", "").split(";")[0].strip().lower()


def _engine_message(response: httpx.Response) -> str:
    """The engine's own words, on one line and short."""
    text = " ".join(response.text.split())
    return (text[:400] + "…") if len(text) > 400 else text or f"HTTP {response.status_code}"


def _timeout_error(timeout: float) -> QueryTimeoutError:
    return QueryTimeoutError(f"the query ran for more than the time limit of {timeout:g} s and was stopped; narrow "
                             "it (fewer joins, a LIMIT, bound IRIs).")


__all__ = ["RemoteStore", "STAGING"]
