"""The `itukg` command.

Exit codes: 0 success; 1 validation failed, or nothing found; 2 bad usage or unreadable input;
3 an internal error (a bug: please report it). Errors are one paragraph on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path

from ..loader.errors import ItukgError, QueryError
from .config import EngineSettings, RemoteSettings, Settings

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
SEARCH_KINDS = ("paragraph", "document", "resolution", "topic", "meeting")  # itukg.loader.search.KINDS
SEARCH_MODES = ("hybrid", "lexical", "dense")  # itukg.loader.search.MODES (not imported: it loads numpy)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse's own usage errors: exit 2 with one line
        self.print_usage(sys.stderr)
        print(f"itukg: error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def build_parser() -> argparse.ArgumentParser:
    settings = Settings.from_env()
    parser = _Parser(prog="itukg", description="A knowledge graph of ITU meeting reports.",
                     epilog="Exit codes: 0 ok, 1 validation failed or nothing found, 2 bad usage or unreadable input.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def store_option(p):
        p.add_argument("--store", default=settings.store, metavar="DIR|URL",
                       help=f"directory of the embedded store, or sparql+http(s)://host:port/path of a remote SPARQL "
                            f"engine (default: $ITUKG_STORE or {settings.store})")

    p = commands.add_parser("load", help="validate reports and write them to the store",
                            description="Read each report (.txt, .docx, .pdf), validate it against the shapes and "
                                        "replace its named graph in the store. A report that fails is not written; "
                                        "the others are. A report whose content is in the store already is skipped, "
                                        "so an interrupted load resumes when run again.")
    store_option(p)
    p.add_argument("files", nargs="*", metavar="PATH",
                   help="report files, directories (searched recursively) or glob patterns such as 'archive/**/*.txt'")
    p.add_argument("--corrections", metavar="DIR",
                   help="curators' corrections (DIR/*.ttl, each naming the report it corrects) to apply to the "
                        "reports loaded and to those in the store; see docs/corrections.md")
    p.add_argument("--no-validate", action="store_true", help="skip the SHACL gate (for benchmarks)")
    p.add_argument("--jobs", type=int, default=1, metavar="N", help="prepare reports in N processes (default 1)")
    p.add_argument("--force", action="store_true", help="reload reports whose content is unchanged, too")
    p.add_argument("--batch", type=int, default=None, metavar="N",
                   help="reports written together (default 100; fewer: less memory, slower)")
    p.add_argument("--report", type=Path, metavar="FILE.json",
                   help="write what was loaded, skipped and failed (with the stage and the reason) as JSON")
    p.add_argument("--quiet", "-q", action="store_true", help="print only errors (no progress, no summary)")
    p.add_argument("--format", choices=("text", "json"), default="text")

    p = commands.add_parser("validate", help="validate reports without writing anything",
                            description="Read and validate each report; print the SHACL findings. Nothing is written.")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--format", choices=("text", "json"), default="text")

    p = commands.add_parser("query", help="run a SPARQL query or a named query",
                            description="Run SPARQL over the union of all graphs, or a named query of the catalogue "
                                        "(itukg queries lists them).")
    store_option(p)
    p.add_argument("sparql", nargs="?", help="the SPARQL query text (or - to read it from stdin)")
    p.add_argument("--name", help="the name of a catalogue query")
    p.add_argument("--param", action="append", default=[], metavar="KEY=VALUE",
                   help="bind a parameter of a named query")
    p.add_argument("--limit", metavar="N", help="a named query's first N rows (in its order)")
    p.add_argument("--offset", metavar="N", help="a named query's rows from row N (counted from 0)")
    p.add_argument("--format", choices=("table", "json", "csv", "tsv"), default="table")

    p = commands.add_parser("queries", help="list the named queries")
    p.add_argument("--format", choices=("text", "json"), default="text")

    p = commands.add_parser("refs", help="find resolution references in a text",
                            description="Print every resolution reference found in TEXT (or stdin with -).")
    p.add_argument("text", nargs="+")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--resolve", action="store_true",
                   help="look each reference up in the store (--store): revisions, citing documents and paragraphs")
    store_option(p)

    p = commands.add_parser("index", help="rebuild the search index of the store",
                            description="Rebuild the search index from the store and save it beside the store "
                                        "(DIR.search/). `itukg load` saves it too (the embeddings are then computed by "
                                        "the first search by meaning); `itukg search` uses it while it matches the "
                                        "store, else rebuilds and saves it once.")
    store_option(p)

    p = commands.add_parser("search", help="search paragraphs, documents, resolutions, topics and meetings",
                            description="Search the store: words (BM25), meaning (sentence embeddings, with the "
                                        "optional extra: pip install 'itukg[dense]'), resolution references matched "
                                        "to the paragraphs that cite them, acronyms and names expanded. Without the "
                                        "extra the search is lexical + graph and says so. QUERY - reads stdin.")
    store_option(p)
    p.add_argument("query", nargs="+", metavar="QUERY")
    p.add_argument("--limit", type=int, default=10, metavar="N", help="at most N hits (1-100, default 10)")
    p.add_argument("--kind", choices=SEARCH_KINDS, help="only hits of this kind")
    p.add_argument("--mode", choices=SEARCH_MODES, default="hybrid",
                   help="hybrid (default), lexical (words only) or dense (needs the embedding extra)")
    p.add_argument("--format", choices=("text", "json"), default="text")

    p = commands.add_parser("export", help="write the whole store as RDF to stdout")
    store_option(p)
    p.add_argument("--format", choices=("trig", "nquads", "turtle", "jsonld"), default="trig")
    p.add_argument("--graph", metavar="IRI", help="export one named graph only")

    p = commands.add_parser("serve", help="serve the store over HTTP (SPARQL)",
                            description="Serve the store over HTTP; with an empty store, load the bundled corpus "
                                        "first.")
    store_option(p)
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default: 127.0.0.1, this machine only; 0.0.0.0 for every interface)")
    p.add_argument("--port", type=int, default=8000, help="TCP port to listen on (default: 8000)")
    p.add_argument("--timeout", type=float, default=None, metavar="SECONDS",
                   help="wall-clock limit of one query (default: $ITUKG_QUERY_TIMEOUT or 30)")
    p.add_argument("--mirror", default=None, metavar="auto|on|off|SIZE",
                   help="keep an in-memory mirror of the store for queries: auto (the default, $ITUKG_MIRROR) when "
                        "it fits in a quarter of the memory, on, off, or at most SIZE (e.g. 4G)")
    return parser


def main(argv: list[str] | None = None) -> int:
    try:
        parser = build_parser()
    except ItukgError as exc:  # an ITUKG_* variable that cannot be used
        print(f"itukg: error: {exc}", file=sys.stderr)
        return exc.exit_code
    args = parser.parse_args(argv)
    try:
        return _COMMANDS[args.command](args)
    except ItukgError as exc:
        print(f"itukg: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("itukg: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # the edge: a bug must still not show a traceback to the user
        print(f"itukg: internal error: {type(exc).__name__}: {exc}. This is a bug in itukg; please report it "
              "with the command you ran.", file=sys.stderr)
        return EXIT_INTERNAL


# -------------------------------------------------------------------------------------------- commands


def _load(args) -> int:
    import time

    from .ingest.corrections import read_directory
    from .ingest.bulk import BulkLoad, LoadResult, expand_inputs, interruptible
    from .ingest.progress import Progress, summary_table
    from .store.locations import open_store

    if not args.files and not args.corrections:
        raise ItukgError("give the reports to load (files, directories or patterns), or --corrections DIR.")
    files = expand_inputs(args.files)
    given = read_directory(args.corrections) if args.corrections else {}
    if args.jobs < 1:
        raise ItukgError(f"--jobs {args.jobs}: give at least 1.")
    if args.batch is not None and args.batch < 1:
        raise ItukgError(f"--batch {args.batch}: give at least 1.")
    store = open_store(args.store)
    if store.recovered:
        print(f"itukg: note: removed {len(store.recovered)} graph(s) left by an interrupted load; their reports "
              "load again when given (reports already in the store are skipped).", file=sys.stderr)
    result = LoadResult()
    start = time.perf_counter()
    try:
        bulk = BulkLoad(store, files, validate=not args.no_validate, jobs=args.jobs, force=args.force,
                        corrections={report: (f.name, f.text) for report, f in given.items()},
                        **({"batch": args.batch} if args.batch else {}))
        progress = Progress(len(files), skipped=len(bulk.skipped), quiet=args.quiet or len(files) == 1)
        with interruptible() as stopped:
            for outcome in bulk.run(stop=stopped):
                result.outcomes.append(outcome)
                progress.advance(outcome.status)
                if outcome.status == "failed":
                    progress.echo(f"itukg: error: {outcome.error}", sys.stderr)
                elif args.format == "text" and not args.quiet:
                    progress.echo(_loaded_line(outcome))
        progress.finish()
        result.not_processed, result.interrupted = bulk.not_processed, stopped()
        if not result.interrupted:  # corrections of reports this load did not write; the saved search index
            for restated in bulk.finish(result.outcomes, given):
                result.corrections_exit = max(result.corrections_exit, restated.exit_code)
                if restated.exit_code or not args.quiet:
                    print(restated.line, file=sys.stderr if restated.exit_code else sys.stdout)
    finally:
        store.close()
    result.seconds = time.perf_counter() - start
    if args.report is not None:
        try:
            args.report.write_text(json.dumps(result.as_json(), indent=2, ensure_ascii=False) + "\n")
        except OSError as exc:
            raise ItukgError(f"{args.report}: cannot write the load report ({exc.strerror or exc}).") from None
    if args.format == "json":
        print(json.dumps([o.summary if o.status == "loaded" else
                          {"file": o.file, "skipped": True, "graph": o.graph} if o.status == "skipped" else
                          {"file": o.file, "error": o.error, "stage": o.stage} for o in result.outcomes],
                         indent=2, ensure_ascii=False))
    if len(files) > 1 and not args.quiet:
        table = summary_table(result.counts(), triples=result.triples, seconds=result.seconds,
                              interrupted=result.interrupted)
        print(table, file=sys.stdout if args.format == "text" else sys.stderr)
    if result.interrupted:
        print(f"itukg: interrupted: {len(result.not_processed)} report(s) not loaded; the store is consistent. Run "
              "the same command again to load them (unchanged reports are skipped).", file=sys.stderr)
        return 130
    return result.exit_code


def _loaded_line(outcome) -> str:
    if outcome.status == "skipped":
        return f"skipped {outcome.file}: unchanged since it was loaded → <{outcome.graph}>"
    summary = outcome.summary
    lines = [f"loaded {summary['file']}: {summary['meeting']}, {summary['triples']} triples, "
             f"{summary['documents']} documents, {summary['citations']} citations, "
             f"{len(summary['warnings'])} warning(s) → <{summary['graph']}>"]
    lines += [f"  corrected: {summary['corrections'][0]}", *(f"  {n}" for n in summary["corrections"][1:])] \
        if summary.get("corrections") else []
    if summary.get("not_found"):
        lines.append(f"  could not find: {'; '.join(summary['not_found'])}")
    return "\n".join(lines + [f"  {warning}" for warning in summary["warnings"]])


def _validate(args) -> int:
    from .ingest.bulk import prepare_report

    worst = EXIT_OK
    out = []
    for name in args.files:
        try:
            prepared = prepare_report(name)
        except ItukgError as exc:
            worst = max(worst, exc.exit_code)
            findings = [f.describe() for f in getattr(exc, "findings", [])]
            out.append({"file": name, "conforms": False, "error": str(exc).split("\n", 1)[0], "violations": findings})
            if args.format == "text":
                print(f"itukg: error: {exc}", file=sys.stderr)
            continue
        warnings = prepared.summary()["warnings"]  # what reading recovered from, then the shapes' warnings
        out.append({"file": name, "conforms": True, "meeting": prepared.label, "triples": len(prepared.triples),
                    "violations": [], "warnings": warnings})
        if args.format == "text":
            print(f"{name}: conforms ({prepared.label}, {len(prepared.triples)} triples, {len(warnings)} warning(s))")
            for warning in warnings:
                print(f"  {warning}")
    if args.format == "json":
        print(json.dumps(out, indent=2, ensure_ascii=False))
    return worst


def _query(args) -> int:
    from ..loader.catalogue import named_query
    from .results import print_results
    from .store.locations import open_store

    if bool(args.name) == bool(args.sparql):
        raise QueryError("give either a SPARQL query or --name NAME (not both, not neither).")
    if args.name:
        params = {}
        for item in args.param:
            key, sep, value = item.partition("=")
            if not sep:
                raise QueryError(f"--param {item!r}: expected KEY=VALUE.")
            params[key] = value
        sparql = named_query(args.name).bind(params, limit=args.limit, offset=args.offset)
    else:
        if args.param or args.limit is not None or args.offset is not None:
            raise QueryError("--param, --limit and --offset go with --name (write LIMIT and OFFSET in SPARQL).")
        sparql = sys.stdin.read() if args.sparql == "-" else args.sparql
    store = open_store(args.store, read_only=True)
    found = print_results(store.query(sparql), args.format, sys.stdout)
    return EXIT_OK if found else EXIT_FAILED


def _queries(args) -> int:
    from ..loader.catalogue import catalogue

    queries = catalogue()
    if args.format == "json":
        print(json.dumps([q.as_json() for q in queries.values()], indent=2))
        return EXIT_OK
    for q in queries.values():
        params = " ".join(f"--param {p.name}=…" for p in q.params)
        print(f"{q.name:12} {q.title}: {q.description}" + (f" [{params}]" if params else ""))
    return EXIT_OK


def _refs(args) -> int:
    from ..loader.refs import find_references

    text = sys.stdin.read() if args.text == ["-"] else " ".join(args.text)
    if args.resolve:
        from .web.resolve import print_resolutions

        return print_resolutions(args.store, text, args.format, sys.stdout)
    references = find_references(text)
    if args.format == "json":
        print(json.dumps([r.as_json() for r in references], indent=2, ensure_ascii=False))
    else:
        for r in references:
            parts = [r.body or "?", r.number]
            if r.qualifier or r.place or r.year:
                parts.append("(" + " ".join(str(x) for x in (r.qualifier, r.place, r.year) if x) + ")")
            print(f"{r.text}\t{' '.join(parts)}\t{r.revision or r.lineage or '(unresolved)'}")
    return EXIT_OK if references else EXIT_FAILED


def _export(args) -> int:
    from .store.locations import open_store

    store = open_store(args.store, read_only=True)
    sys.stdout.buffer.write(store.export(args.format, graph=args.graph))
    return EXIT_OK


def _index(args) -> int:
    from collections import Counter

    from .search.saved import save_index
    from .store.locations import open_store

    store = open_store(args.store, read_only=True)
    index, location = save_index(store)
    kinds = Counter(record.kind for record in index.records)
    print(f"indexed {len(index)} records ({', '.join(f'{n} {k}' for k, n in sorted(kinds.items()))}) → {location}")
    return EXIT_OK


def _search(args) -> int:
    from .search.saved import index_path, saved_index
    from .store.locations import open_store

    query = sys.stdin.read() if args.query == ["-"] else " ".join(args.query)
    store = open_store(args.store, read_only=True)
    bar = _EmbeddingBar()
    index, status = saved_index(store, dense=args.mode != "lexical", announce=_announce_index, progress=bar)
    bar.finish()
    if status == "memory" and store.path is not None:
        print(f"itukg: note: could not save the search index in {index_path(store.path)}; the next search "
              "builds it again.", file=sys.stderr)
    result = index.search(query, kind=args.kind, limit=args.limit, mode=args.mode)
    if result.note:
        print(f"itukg: note: {result.note}", file=sys.stderr)
    if args.format == "json":
        print(json.dumps(result.as_json(), indent=2, ensure_ascii=False))
    else:
        for rank, hit in enumerate(result.hits, start=1):
            where = f" [{hit.document}]" if hit.document and hit.kind != "document" else ""
            print(f"{rank}. {hit.label}{where} ({hit.kind}, {hit.score:.3f}) <{hit.iri}>")
            print(f"   {hit.snippet}")
    return EXIT_OK if result.hits else EXIT_FAILED


_INDEX_NOTES = {
    "none": "building the search index of this store, once: it is saved beside the store and later searches use it",
    "stale": "the store changed since the search index was saved: rebuilding it, once (it is saved again)",
    "embedded": "embedding the store's texts for search by meaning, once: they are saved with the search index",
    "memory": "building the search index in memory (a store with no directory: it is not saved)",
}


def _announce_index(status: str) -> None:
    """One line on stderr before `itukg search` builds an index, saying why this search takes time."""
    print(f"itukg: note: {_INDEX_NOTES[status]}.", file=sys.stderr, flush=True)


class _EmbeddingBar:
    """The embedding's progress as a bar redrawn in place on stderr, on a terminal only."""

    def __init__(self):
        self.live, self.drawn = sys.stderr.isatty(), False

    def __call__(self, done: int, total: int) -> None:
        if self.live and total:
            filled = 30 * done // total
            print(f"\r  [{'#' * filled}{'.' * (30 - filled)}] {done}/{total} texts", end="", file=sys.stderr,
                  flush=True)
            self.drawn = True

    def finish(self) -> None:
        if self.drawn:
            print(file=sys.stderr, flush=True)


def _serve(args) -> int:
    from importlib.resources import files

    import uvicorn

    from .engine.process import Engine
    from .ingest.bulk import load_reports
    from .web.app import create_server_app
    from .web.server import server_options
    from .store.locations import open_store

    settings = Settings.from_env(store=args.store, query_timeout_s=args.timeout, mirror=args.mirror)
    store = open_store(settings.store)
    if not [g for g in store.graphs() if "/graph/report/" in g]:
        corpus = sorted(str(p) for p in (files("itukg.data") / "corpus").iterdir() if p.name.endswith(".txt"))
        for outcome in load_reports(store, corpus):
            print(f"loaded the bundled report {outcome.file}" if outcome.error is None else outcome.error)
    store.close()
    # the engine process is handed its settings: a remote engine gets the same time limit
    remote = replace(RemoteSettings.from_env(), query_timeout_s=settings.query_timeout_s)
    engine = Engine(settings.store, timeout_s=settings.query_timeout_s, max_bytes=settings.max_result_bytes,
                    settings=EngineSettings.from_env(mirror=settings.mirror, remote=remote))
    mode = "read-write with a bearer token" if settings.update_token else "read-only (no ITUKG_UPDATE_TOKEN)"
    print(f"serving {settings.store} on http://{args.host}:{args.port}/sparql, {mode}", flush=True)
    try:
        # no access log (at this log level it was never shown, but each request still formatted its client)
        uvicorn.run(create_server_app(settings, engine), host=args.host, port=args.port, log_level="warning",
                    access_log=False, **server_options(settings))
    finally:
        engine.close()
    return EXIT_OK


_COMMANDS = {"load": _load, "validate": _validate, "query": _query, "queries": _queries, "refs": _refs,
             "index": _index, "search": _search, "export": _export, "serve": _serve}

if __name__ == "__main__":
    sys.exit(main())
