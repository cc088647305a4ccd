"""Search over the store (issue 4): the records to index, read from the store with SPARQL, and GET /search.

The index (`itukg.loader.search.Index`) is derived from the store and never written back to it:

* **the service** builds it in the web process at startup from the engine's results, and again, lazily,
  at the first search after a write: every write through the engine (SPARQL Update, Graph Store
  Protocol) bumps a `generation` counter, and a search that finds the index built for an older generation
  rebuilds it first;
* **the command line**: `itukg index` saves it next to the store (`DIR.search/`), `itukg load` refreshes a
  saved one, and `itukg search` uses the saved one while it matches the store (`fingerprint`), else
  builds one in memory.

`records(source)` works on anything with a `.query(sparql)` that returns pyoxigraph results (an
`OxigraphStore`) and on the service's `Engine`.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import re
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from functools import partial
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import Response

from ..loader.refs import Reference, find_references
from ..loader.search import (MAX_LIMIT, DenseNotReadyError, DenseUnavailableError, Document, Index, Result,
                             SearchError, Vectors, dense_available, embedder)
from .config import cpus
from .errors import ProtocolError

__all__ = ["router", "records", "build_index", "index_path", "fingerprint", "saved_index", "save_index",
           "refresh_saved_index", "SearchState", "state_of"]

Select = Callable[[str], list[dict[str, str]]]
_RESULTS_JSON = ("application/sparql-results+json", "application/sparql-results+json")
_PREFIXES = """PREFIX itu: <https://w3id.org/itukg/ontology#>
PREFIX schema: <https://schema.org/>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
"""
EMBED_AT_ONCE = 2000  # new texts a rebuild embeds before it answers; more are embedded in the background
_BODIES = {"pp": "PP", "council": "Council", "wtdc": "WTDC", "wtsa": "WTSA", "wrc": "WRC", "ra": "RA", "unga": "UNGA"}


# ------------------------------------------------------------------------------------------ reading the store


def _selector(source) -> Select:
    """Run a SELECT on `source` and get its rows as {variable: lexical value} (unbound ones left out)."""
    from .engine import Engine

    if isinstance(source, Engine):
        def run(sparql: str) -> list[dict[str, str]]:
            answer = source.query(_PREFIXES + sparql, results=_RESULTS_JSON, rdf=None)
            data = json.loads(answer.body)
            return [{k: v["value"] for k, v in row.items()} for row in data["results"]["bindings"]]
        return run

    def run(sparql: str) -> list[dict[str, str]]:
        results = source.query(_PREFIXES + sparql)
        names = [v.value for v in results.variables]
        return [{n: row[n].value for n in names if row[n] is not None} for row in results]
    return run


def records(source) -> list[Document]:
    """Every record to index, read from the store (or the engine): paragraphs, documents, resolutions,
    topics and meetings."""
    select = _selector(source)
    names = _labels(select)
    paragraphs, about = _paragraphs(select)
    out: list[Document] = list(paragraphs)
    out += _documents(select, names, paragraphs, about)
    out += _resolutions(select, names)
    out += _topics(select, names)
    out += _meetings(select, names)
    return out


# The queries below match within one named graph (GRAPH ?g) and take the names of what they point to (states,
# roles, bodies, document types) from `_labels`: joins over the union of a thousand report graphs made
# Oxigraph's plans take seconds each, where these take milliseconds. Everything itukg writes is in named graphs.

def _pairs(select: Select, pattern: str) -> dict[str, list[str]]:
    """{?d: [?x, …]} of a pattern matched within one graph."""
    return _grouped(select(f"SELECT DISTINCT ?d ?x WHERE {{ GRAPH ?g {{ {pattern} }} }}"))


def _labels(select: Select) -> dict[str, str]:
    """The skos:prefLabel of every node that has one: states, bodies, roles, document types, topics."""
    return {d: v[0] for d, v in _pairs(select, "?d skos:prefLabel ?x").items()}


def _named(names: dict[str, str], iris: list[str]) -> list[str]:
    return sorted({names[i] for i in iris if i in names})


def _paragraphs(select: Select) -> tuple[list[Document], dict[str, list[int]]]:
    """Paragraph records, one report graph at a time (bounded answers), and, per document IRI, the
    positions in that list of the paragraphs about it."""
    graphs = sorted(row["g"] for row in select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?p a itu:Paragraph } }"))
    out: list[Document] = []
    about: dict[str, list[int]] = {}
    for graph in graphs:
        rows = select(f"""SELECT ?p ?position ?number ?text ?doc ?symbol ?meeting WHERE {{ GRAPH <{graph}> {{
            ?p a itu:Paragraph ; schema:position ?position ; schema:text ?text ; dcterms:isPartOf ?report .
            OPTIONAL {{ ?p itu:paragraphNumber ?number }}
            OPTIONAL {{ ?p itu:aboutDocument ?doc . OPTIONAL {{ ?doc itu:symbol ?symbol }} }}
            OPTIONAL {{ ?report itu:reportOf/rdfs:label ?meeting }} }} }}""")
        cited = _citations(select, graph)
        seen: set[str] = set()
        for row in sorted(rows, key=lambda r: (int(r["position"]), r.get("doc", ""))):
            iri = row["p"]
            if iri in seen or not re.search(r"\w", row["text"]):
                continue
            seen.add(iri)
            meeting = row.get("meeting") or _report_name(iri)
            where = f"§{row['number']}" if row.get("number") else f"paragraph {row['position']}"
            references = tuple(r.as_json() for r in _references(row["text"], cited.get(iri, [])))
            if row.get("doc"):
                about.setdefault(row["doc"], []).append(len(out))
            out.append(Document(iri, "paragraph", f"{meeting}, {where}", row["text"], row.get("symbol"),
                                references, context=meeting))
    return out, about


def _report_name(paragraph: str) -> str:
    match = re.search(r"/report/([^/]+)/(\d+)/", paragraph)
    return f"{match.group(1)} {match.group(2)}" if match else "report"


def _citations(select: Select, graph: str) -> dict[str, list[dict[str, str]]]:
    rows = select(f"""SELECT ?c ?p ?exact ?prefix ?number ?body ?qualifier ?place ?year ?basis
        WHERE {{ GRAPH <{graph}> {{
        ?c a itu:Citation ; prov:wasDerivedFrom ?p ; itu:citedNumber ?number ;
           oa:hasTarget/oa:hasSelector ?selector .
        ?selector oa:exact ?exact . OPTIONAL {{ ?selector oa:prefix ?prefix }}
        OPTIONAL {{ ?c itu:citedBody ?body }} OPTIONAL {{ ?c itu:qualifier ?qualifier }}
        OPTIONAL {{ ?c itu:citedPlace ?place }} OPTIONAL {{ ?c itu:citedYear ?year }}
        OPTIONAL {{ ?c itu:bodyBasis ?basis }} }} }}""")
    out: dict[str, list[dict[str, str]]] = {}
    for row in sorted(rows, key=lambda r: _citation_order(r["c"])):
        out.setdefault(row["p"], []).append(row)
    return out


def _citation_order(iri: str) -> tuple[int, int]:
    match = re.search(r"/citation/(\d+)-(\d+)$", iri)
    return (int(match.group(1)), int(match.group(2))) if match else (0, 0)


def _references(text: str, cited: list[dict[str, str]]) -> list[Reference]:
    """The references the store records for a paragraph (its citations, with the body the loader settled,
    possibly from the report's context), as `Reference`s; positions found in the text."""
    out = []
    cursor = 0
    for row in cited:
        exact, prefix = row["exact"], row.get("prefix", "")
        start = text.find(prefix + exact, cursor) if prefix else -1
        start = start + len(prefix) if start >= 0 else text.find(exact, cursor)
        if start < 0:
            start = max(text.find(exact), 0)
        cursor = start + len(exact)
        body = _BODIES.get(row["body"].rsplit("/", 1)[-1]) if row.get("body") else None
        year = int(row["year"]) if row.get("year") else None
        out.append(Reference(exact, start, start + len(exact), body, row["number"], row.get("qualifier"),
                             row.get("place"), year, row.get("basis") or ("unknown" if body is None else "prefix")))
    return out


def _documents(select: Select, names: dict[str, str], paragraphs: list[Document],
               about: dict[str, list[int]]) -> list[Document]:
    symbols = _pairs(select, "?d itu:symbol ?x")
    titles = _pairs(select, "?claim itu:claimAbout ?d ; dcterms:title ?x")
    kinds = _pairs(select, "?d itu:symbol ?s ; eli:work_type ?x")
    states = _pairs(select, "?d itu:symbol ?s ; dcterms:creator ?x")
    meetings = _pairs(select, "?d itu:forMeeting ?m . ?m rdfs:label ?x")
    out = []
    for iri in sorted(symbols):
        symbol = symbols[iri][0]
        named = titles.get(iri, [])
        texts = [paragraphs[i].text for i in about.get(iri, [])]
        references: dict[tuple, dict] = {}
        for i in about.get(iri, []):
            for ref in paragraphs[i].references:
                references.setdefault((ref["text"], ref["lineage"], ref["revision"]), ref)
        label = f"{symbol}: {' / '.join(named)}" if named else symbol
        context = " ".join(_named(names, kinds.get(iri, [])) + _named(names, states.get(iri, []))
                           + meetings.get(iri, []))
        out.append(Document(iri, "document", label, "\n".join(named + texts) or symbol, symbol,
                            tuple(references.values()), context=context))
    return out


def _grouped(rows: list[dict[str, str]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for row in rows:
        values = out.setdefault(row["d"], [])
        if row["x"] not in values:
            values.append(row["x"])
    return {k: sorted(v) for k, v in out.items()}


def _resolutions(select: Select, names: dict[str, str]) -> list[Document]:
    kinds = _pairs(select, "?d a ?x . VALUES ?x { itu:Resolution itu:ResolutionRevision }")
    labels = _pairs(select, "?d a ?k ; rdfs:label ?x . VALUES ?k { itu:Resolution itu:ResolutionRevision }")
    titles = _pairs(select, "?d a ?k ; dcterms:title ?x . VALUES ?k { itu:Resolution itu:ResolutionRevision }")
    lineages = _pairs(select, "?d eli:is_member_of ?x")
    versions = _pairs(select, "?d eli:version ?x")
    bodies = _pairs(select, "?d itu:issuedBy|eli:passed_by ?x")
    out = []
    for iri in sorted(kinds):
        named = labels.get(iri, [])
        label = min(named, key=lambda x: (len(x), x)) if named else iri.rsplit("/", 1)[-1]
        refs = [r for r in find_references(label) if iri in (r.revision, r.lineage)]
        title = titles.get(iri) or sorted({t for lineage in lineages.get(iri, []) for t in titles.get(lineage, [])})
        text = label + (": " + " / ".join(title) if title else "")
        context = " ".join(versions.get(iri, []) + _named(names, bodies.get(iri, [])))
        out.append(Document(iri, "resolution", label, text, None, tuple(r.as_json() for r in refs[:1]), context))
    return out


def _topics(select: Select, names: dict[str, str]) -> list[Document]:
    labels = _pairs(select, "?d a itu:Topic ; skos:prefLabel ?x")
    asked = select("SELECT DISTINCT ?d ?x ?n WHERE { GRAPH ?g { ?d a itu:Topic ; itu:hasQuestion ?q . "
                   "?q schema:text ?x ; schema:position ?n } }")
    symbols = _pairs(select, "?d itu:proposedBy ?doc . ?doc itu:symbol ?x")
    proposers = _pairs(select, "?d itu:proposedBy ?doc . ?doc dcterms:creator ?x")
    questions: dict[str, list[str]] = {}
    for row in sorted(asked, key=lambda r: (r["d"], int(r["n"]), r["x"])):
        if row["x"] not in questions.setdefault(row["d"], []):
            questions[row["d"]].append(row["x"])
    out = []
    for iri, label in sorted(labels.items()):
        text = "\n".join([label[0]] + questions.get(iri, []))
        proposed = symbols.get(iri, [])
        refs = tuple(r.as_json() for r in find_references(text))
        out.append(Document(iri, "topic", label[0], text, proposed[0] if proposed else None, refs,
                            context=" ".join(proposed + _named(names, proposers.get(iri, [])))))
    return out


def _meetings(select: Select, names: dict[str, str]) -> list[Document]:
    labels = _pairs(select, "?d a itu:Meeting ; rdfs:label ?x")
    numbers = _pairs(select, "?d a itu:Meeting ; itu:meetingNumber ?x")
    bodies = _pairs(select, "?d a itu:Meeting ; itu:meetingOf ?x")
    acronyms = _pairs(select, "?d itu:acronym ?x")
    starts = _pairs(select, "?d a itu:Meeting ; schema:startDate ?x")
    ends = _pairs(select, "?d a itu:Meeting ; schema:endDate ?x")
    places = _pairs(select, "?d a itu:Meeting ; schema:location ?x")
    intros = _pairs(select, "?d a itu:Meeting ; prov:wasDerivedFrom ?p . ?p schema:text ?x")
    officers = select("SELECT DISTINCT ?m ?name ?role WHERE { GRAPH ?g { ?m prov:qualifiedAssociation ?a . "
                      "?a prov:agent ?person ; prov:hadRole ?role . ?person schema:name ?name } }")
    roles: dict[str, list[str]] = {}
    for row in sorted(officers, key=lambda r: (r["m"], names.get(r["role"], r["role"]), r["name"])):
        roles.setdefault(row["m"], []).append(f"{names.get(row['role'], row['role'].rsplit('/', 1)[-1])}: "
                                              f"{row['name']}")
    out = []
    for iri in sorted(labels):
        parts = []
        number = (numbers.get(iri) or [""])[0]
        if number.isdigit():
            parts.append(f"{_ordinal(int(number))} meeting ({number}{_suffix(int(number))})")
        for body in bodies.get(iri, [])[:1]:
            acronym = (acronyms.get(body) or [""])[0]
            parts.append(f"of the {names.get(body, acronym)}" + (f" ({acronym})" if acronym else ""))
        dates = " to ".join(dict.fromkeys(_date(d) for d in starts.get(iri, [])[:1] + ends.get(iri, [])[:1]))
        if dates:
            parts.append(f"held {dates}")
        for place in places.get(iri, [])[:1]:
            parts.append(f"in {place}")
        label = labels[iri][0]
        text = " ".join(parts) + "." if parts else label
        details = roles.get(iri, []) + intros.get(iri, [])
        if details:
            text += "\n" + "\n".join(details)
        out.append(Document(iri, "meeting", label, text, None, ()))
    return out


_UNITS = ("", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
          "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth",
          "nineteenth")
_TENS = ("", "", "twent", "thirt", "fort", "fift", "sixt", "sevent", "eight", "ninet")
_CARDINAL_UNITS = ("", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def _ordinal(number: int) -> str:
    """The ordinal in words, as reports write it ("forty-first").

    >>> _ordinal(18), _ordinal(20), _ordinal(41)
    ('eighteenth', 'twentieth', 'forty-first')
    """
    if not 0 < number < 100:
        return f"{number}{_suffix(number)}"
    if number < 20:
        return _UNITS[number]
    tens, unit = divmod(number, 10)
    if unit == 0:
        return _TENS[tens] + "ieth"
    return f"{_TENS[tens]}y-{_UNITS[unit]}"


def _date(iso: str) -> str:
    """A date as reports write it, and as stored.

    >>> _date("2024-02-12")
    '12 February 2024 (2024-02-12)'
    """
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", iso)
    if not match or not 1 <= int(match.group(2)) <= 12:
        return iso
    month = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December")[int(match.group(2)) - 1]
    return f"{int(match.group(3))} {month} {match.group(1)} ({iso})"


def _suffix(number: int) -> str:
    return "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")


# ------------------------------------------------------------------------------------------ the saved index


def build_index(source, *, reuse: Vectors | None = None) -> Index:
    """A fresh index of everything in the store (or the engine), with embeddings when the extra is installed;
    texts that `reuse` (the vectors of the index this one replaces) holds are not embedded again."""
    return Index().build(records(source), reuse=reuse)


def index_path(store_path: str | Path) -> Path:
    """Where the command line keeps the index of the store at `store_path`: beside it, `DIR.search`."""
    path = Path(store_path)
    return path.with_name(path.name + ".search")


def fingerprint(store) -> str:
    """What the saved index must match to be used: the quads, the named graphs and the content hashes of
    the loaded reports. A write that changes none of these (a literal edited in place) is not seen: run
    `itukg index` after such a write."""
    select = _selector(store)
    hashes = sorted((r["g"], r["h"]) for r in select("SELECT ?g ?h WHERE { GRAPH ?g { ?s itu:contentHash ?h } }"))
    data = json.dumps([store.count(), store.graphs(), hashes])
    return hashlib.sha256(data.encode()).hexdigest()


def saved_index(store) -> tuple[Index, str]:
    """The index for `store` (an open `OxigraphStore`) and where it came from: "saved" (the one saved beside
    the store, which matches it), "stale" (one was saved, but the store changed since: built now) or "none"
    (none saved: built now)."""
    location = index_path(store.path) if store.path is not None else None
    if location is None or not (location / "index.json").exists():
        return build_index(store), "none"
    try:
        index = Index.load(location)
    except SearchError:
        index = None
    if index is not None and index.meta.get("fingerprint") == fingerprint(store):
        return index, "saved"
    return build_index(store, reuse=index.vectors if index is not None else Vectors.load(location)), "stale"


def save_index(store) -> tuple[Index, Path]:
    """Rebuild the index of `store` and save it beside the store (reusing the embeddings of the one saved)."""
    location = index_path(store.path)
    index = build_index(store, reuse=Vectors.load(location))
    index.meta["fingerprint"] = fingerprint(store)
    index.save(location)
    return index, location


def refresh_saved_index(store) -> Path | None:
    """After a load: rebuild and save the index if one is saved beside the store (it is small)."""
    if store.path is None or not (index_path(store.path) / "index.json").exists():
        return None
    return save_index(store)[1]


# ------------------------------------------------------------------------------------------ the service


class SearchState:
    """The service's index: built from the engine, rebuilt at the first search after a write."""

    def __init__(self, engine, *, saved: Path | None = None, threads: int = 0):
        self.engine = engine
        # Searches run at once: one more than the CPUs (`threads`, ITUKG_SEARCH_THREADS; 0 for that), the others
        # wait their turn. More at once only take turns on the same cores (and the GIL) and all finish late;
        # exactly as many leaves a core idle while the event loop hands the next one over (decision 38).
        self._gate = threading.BoundedSemaphore(threads or cpus() + 1)
        # the short road's threads (fastpath.py): as many as searches may run at once
        self.executor = ThreadPoolExecutor(threads or cpus() + 1, thread_name_prefix="itukg-search")
        self.saved = saved  # an index saved beside the store: its embeddings are reused by the first build
        self.generation = 0
        self._built: int | None = None
        self._index: Index | None = None
        self._vectors: Vectors | None = None  # the latest embeddings computed: what a rebuild reuses
        self._embedding: threading.Thread | None = None
        self._lock = threading.Lock()
        self._count = threading.Lock()
        self._watch(engine)

    def _watch(self, engine) -> None:
        """Bump the generation after every write the engine runs (whatever its outcome: a write cut off by
        a restart may still have landed, and a spurious rebuild only costs time)."""
        for name in ("update", "write_graph", "replace_graphs"):
            original = getattr(engine, name, None)
            if original is None:  # an OxigraphStore has no write_graph
                continue

            def watched(*args, _original=original, **kwargs):
                try:
                    return _original(*args, **kwargs)
                finally:
                    self.bump()

            setattr(engine, name, watched)

    def bump(self) -> None:
        with self._count:
            self.generation += 1

    def index(self) -> Index:
        """The index for the store as it is now (built or rebuilt first if needed).

        Texts new since the last build are embedded at once when they are few (`EMBED_AT_ONCE`, a few
        reports); more (a first start on a large store with no saved index) are embedded in a background
        thread, and until it is done the index searches lexical + graph and says so."""
        with self._lock:
            if self._index is None or self._built != self.generation:
                generation = self.generation
                if self._index is None and self.saved is not None:
                    self._vectors = Vectors.load(self.saved)
                index = Index().build(records(self.engine), embed=False)
                if dense_available():
                    index.vectors = Vectors.embed(index.records, reuse=self._vectors, at_most=EMBED_AT_ONCE)
                    if index.vectors is None:
                        index.pending = "the embeddings of this store are being computed"
                    else:
                        self._vectors = index.vectors
                self._index, self._built = index, generation
                if index.vectors is None and index.pending and self._embedding is None:
                    self._embedding = threading.Thread(target=self._embed, name="itukg-search-embed", daemon=True)
                    self._embedding.start()
            return self._index

    def _embed(self) -> None:
        """Embed the texts of the current index, then of any index built meanwhile, reusing what was done:
        in a process of its own, on one thread at the lowest CPU priority, so that the service's requests
        come first (in a thread of the web process, its tokenizer held the GIL against the event loop)."""
        while True:
            with self._lock:
                index = self._index
                if index is None or index.vectors is not None:
                    self._embedding = None
                    return
                reuse = self._vectors
            try:
                vectors = _embed_in_background(index.records, reuse)
            except Exception as exc:  # noqa: BLE001  the service goes on, lexical + graph, and says why
                with self._lock:
                    index.pending = f"the embeddings could not be computed ({exc})"
                    self._embedding = None
                return
            with self._lock:
                self._vectors = index.vectors = vectors
                index.pending = None

    def search(self, query: str, **options) -> Result:
        """`Index.search` on the index of the store as it is now, when a turn is free (see `__init__`)."""
        index = self.index()
        with self._gate:
            return index.search(query, **options)

    async def asearch(self, query: str, **options) -> Result:
        """`search` in one of the state's own threads, awaited on the event loop."""
        return await asyncio.get_running_loop().run_in_executor(self.executor, partial(self.search, query, **options))

    def warm(self) -> None:
        try:
            index = self.index()
            if index.vectors is not None or index.pending:
                embedder().encode_query("warm")  # opens (the first time: derives) the query model
        except Exception:  # noqa: BLE001  a failed warm-up is retried by the first search
            pass


def _embed_in_background(records: list, reuse: Vectors | None) -> Vectors:
    """`Vectors.embed` in a spawned process at the lowest priority, on one thread."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"), initializer=_background) as pool:
        return pool.submit(_embed_gently, records, reuse).result()


def _background() -> None:
    """In the embedding process: the lowest priority, and an end with the service (Linux's parent-death
    signal: a service stopped mid-way must not leave it computing)."""
    os.nice(19)
    try:
        import ctypes
        import signal

        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _embed_gently(records: list, reuse: Vectors | None) -> Vectors:
    return Vectors.embed(records, reuse=reuse, gentle=True)


_STATE_LOCK = threading.Lock()


def state_of(app) -> SearchState:
    with _STATE_LOCK:
        state = getattr(app.state, "search", None)
        if state is None:
            store = getattr(app.state.settings, "store", None)
            local = store is not None and "://" not in str(store)
            state = SearchState(app.state.engine, saved=index_path(store) if local else None,
                                threads=getattr(app.state.settings, "search_threads", 0))
            app.state.search = state
        return state


@asynccontextmanager
async def _lifespan(app):
    """At startup: watch the engine's writes and build the index (embeddings too) in the background, unless
    ITUKG_SEARCH_WARM=0 (then the first search builds it)."""
    state = state_of(app)
    if os.environ.get("ITUKG_SEARCH_WARM", "1") != "0":
        threading.Thread(target=state.warm, name="itukg-search-index", daemon=True).start()
    yield


router = APIRouter(lifespan=_lifespan)


LIMIT_TEXT = re.compile(r"[0-9]{1,4}")


def search_options(params) -> dict:
    """The search's arguments from the request's parameters (``q``, ``kind``, ``limit``, ``mode``); a
    `ProtocolError` (400) for missing words or a malformed limit."""
    query = params.get("q")
    if query is None or not query.strip():
        raise ProtocolError(400, "give the search words as ?q=….")
    limit_text = params.get("limit") or "10"
    if not LIMIT_TEXT.fullmatch(limit_text.strip()):
        raise ProtocolError(400, f"limit must be a whole number from 1 to {MAX_LIMIT}.")
    return {"query": query, "kind": params.get("kind") or None, "limit": int(limit_text),
            "mode": params.get("mode") or "hybrid"}


def search_body(result: Result) -> bytes:
    """The JSON of a search's answer, as both roads send it (Starlette's `JSONResponse.render`)."""
    return json.dumps(result.as_json(), ensure_ascii=False, allow_nan=False, indent=None,
                      separators=(",", ":")).encode("utf-8")


@router.get("/search")
def search(request: Request) -> Response:
    """Search the records of the store: ``q`` (required), ``kind`` (paragraph, document, resolution, topic,
    meeting), ``limit`` (1–100, default 10), ``mode`` (hybrid, lexical, dense). A plain request without an
    Origin header is answered by the short road (fastpath.py) with the same bytes."""
    options = search_options(request.query_params)
    try:
        result = state_of(request.app).search(options.pop("query"), **options)
    except DenseUnavailableError as exc:
        raise ProtocolError(501, str(exc)) from None
    except DenseNotReadyError as exc:
        raise ProtocolError(503, f"{exc}; dense search will be available when they are: retry later, or use "
                                 "mode=hybrid or lexical.") from None
    request.app.state.metrics.count("searches")
    return Response(search_body(result), media_type="application/json")
