"""The architecture, enforced (docs/architecture.md, docs/decisions.md decision 50).

The layers, lowest first; a module may import its own layer and those below it, never one above:

    loader          report → RDF (no storage, no search, no web)
    api.config      the one reader of the environment
    api.store       the `Store` interface: embedded, mirror, remote engines
    api.search      the index, the encoder, the records read from a store, the service's index
    api.ingest      bulk load, progress, curators' corrections
    api.engine      the engine process, its channel, limits, journal, sandbox, guard
    api.views       the views' data and pictures: networks, timelines, profiles (SVG, GraphML, CSV, JSON)
    api.web         the app, routes, pages, media, static assets
    api.cli         the command line (and `api.results`, its table printer)
    itukg           the notebook API (`from itukg import connect`), folder client/: a client of the layers below

No module-level import cycles, and no import inside a function unless `LAZY` names it with its reason.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ("itukg.loader", "itukg.api.config", "itukg.api.store", "itukg.api.search", "itukg.api.ingest",
          "itukg.api.engine", "itukg.api.views", "itukg.api.web", "itukg.api.cli", "itukg")
TOP = {"itukg.api.results": "itukg.api.cli"}  # one layer: the command line and its table printer

# Imports inside functions that are there for laziness, not to dodge a circle: (module, imported) -> reason.
LAZY = {
    ("itukg.api.cli", "*"): "each command imports the layers it runs when it runs: `itukg --help` and `itukg "
                            "queries` answer without loading pyoxigraph, numpy or FastAPI",
    ("itukg.api.search.index", "bm25s"): "bm25s (and SciPy behind it) is loaded when an index is built or read",
    ("itukg.api.search.encoder", "onnxruntime"): "the optional embedding extra",
    ("itukg.api.search.encoder", "onnxruntime.quantization"): "the optional embedding extra",
    ("itukg.api.search.encoder", "importlib.metadata"): "read once, when the query model is derived",
    ("itukg.api.search.encoder", "importlib.util"): "read once, to find the optional extra",
    ("itukg.api.search.encoder", "importlib"): "the model package, an optional extra",
    ("itukg.api.search.encoder", "logging"): "only when the query model is derived (once per machine)",
    ("itukg.api.search.encoder", "tempfile"): "only when the query model is derived (once per machine)",
    ("itukg.api.search.thesaurus", "pyoxigraph"): "the reference data is parsed once, at the first query",
    ("itukg.api.store.remote", "rdflib.plugins.sparql"): "rdflib's SPARQL parser, only for a query with FROM",
    ("itukg.api.web.vocabulary_pages", "importlib.resources"): "the ontology and shapes files, read once",
}


def _modules() -> dict[str, Path]:
    """Every module of the loader and the service, by its full name."""
    found = {}
    for package, folder in (("itukg.loader", ROOT / "loader"), ("itukg.api", ROOT / "api"), ("itukg", ROOT / "client")):
        for path in sorted(folder.rglob("*.py")):
            parts = path.relative_to(folder).with_suffix("").parts
            name = ".".join((package, *parts))
            found[name.removesuffix(".__init__")] = path
    return found


MODULES = _modules()
CLIENT = {name for name, path in MODULES.items() if (ROOT / "client") in path.parents}  # the package root itukg


def _imports(name: str, path: Path) -> list[tuple[str, bool]]:
    """(full name of what the module imports, whether at module level) for every import of the module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    nested = {id(n) for f in ast.walk(tree) if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))
              for n in ast.walk(f) if isinstance(n, (ast.Import, ast.ImportFrom))}
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(alias.name, id(node) not in nested) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[:len(parts) - node.level + 1] + ([node.module] if node.module else []))
            for alias in node.names:  # `from . import x` imports the module x when there is one
                whole = f"{base}.{alias.name}"
                out.append((whole if whole in MODULES else base, id(node) not in nested))
    return out


def _layer(name: str) -> int | None:
    name = TOP.get(name, name)
    if name in CLIENT:
        return LAYERS.index("itukg")
    for rank, layer in enumerate(LAYERS[:-1]):
        if name == layer or name.startswith(layer + "."):
            return rank
    return None


def test_the_modules_are_found():
    assert len(MODULES) >= 60
    assert {_layer(name) for name in MODULES} >= set(range(len(LAYERS))), "every layer has modules"
    assert all(_layer(name) is not None for name in MODULES if name != "itukg.api"), "every module has a layer"
    assert "itukg" in CLIENT and "itukg.api.views" in MODULES


def test_no_module_imports_a_layer_above_its_own():
    above = []
    for name, path in MODULES.items():
        own = _layer(name)
        for imported, _ in _imports(name, path):
            theirs = _layer(imported) if imported.startswith("itukg.") else None
            if own is not None and theirs is not None and theirs > own:
                above.append(f"{name} imports {imported}")
    assert not above, "\n".join(above)


def test_the_loader_imports_no_web_framework():
    for name, path in MODULES.items():
        if name.startswith("itukg.loader"):
            for imported, _ in _imports(name, path):
                assert not imported.startswith(("fastapi", "starlette", "uvicorn", "httpx")), (name, imported)


def test_no_import_inside_a_function_unless_it_is_lazy_on_purpose():
    nested = []
    for name, path in MODULES.items():
        if not name.startswith("itukg.api"):  # the loader's own lazy imports (optional formats, pySHACL) aside
            continue
        for imported, top in _imports(name, path):
            if not top and (name, "*") not in LAZY and (name, imported) not in LAZY:
                nested.append(f"{name} imports {imported} inside a function")
    assert not nested, "\n".join(nested)


def test_every_lazy_import_is_still_there():
    """The allow-list holds no stale entry (each would let a new dodge through)."""
    actual = {(name, imported) for name, path in MODULES.items() for imported, top in _imports(name, path) if not top}
    for module, imported in LAZY:
        assert imported == "*" or (module, imported) in actual, (module, imported)


def test_no_import_cycles():
    graph = {name: {i for i, _ in _imports(name, path) if i in MODULES and i != name}
             for name, path in MODULES.items()}
    # a package's __init__ is imported before its modules: the edge module -> its own package is not a cycle
    state: dict[str, int] = {}
    stack: list[str] = []
    cycles = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append(" -> ".join(stack[stack.index(nxt):] + [nxt]))
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    assert not cycles, "\n".join(cycles)


# The modules that open a pyoxigraph store: the store layer's, and loader/shacl.py, which evaluates SPARQL-based
# constraints on a scratch in-memory store holding one report (a query engine, not the storage).
SCRATCH = {"itukg.loader.shacl"}


def test_only_the_store_layer_opens_a_store():
    checked = 0
    for name, path in MODULES.items():
        if name.startswith("itukg.api.store") or name in SCRATCH:
            continue
        checked += 1
        assert "Store(" not in path.read_text(encoding="utf-8").replace("OxigraphStore(", ""), path
    assert checked >= 50


def test_one_errors_module_per_layer_and_every_error_under_the_root():
    for layer in ("store", "engine", "search", "ingest", "web"):
        assert (ROOT / "api" / layer / "errors.py").exists(), layer
    for name, path in MODULES.items():
        if not name.startswith("itukg.api"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and node.name.endswith("Error"):
                bases = {getattr(b, "id", getattr(b, "attr", "")) for b in node.bases}
                assert bases and not bases & {"Exception", "RuntimeError", "ValueError"} or node.name == "ItukgError", \
                    f"{name}.{node.name} is not under ItukgError"


def test_no_confusable_module_names():
    stems = [path.stem for name, path in MODULES.items() if path.name != "__init__.py"]
    assert not {"utils", "helpers", "page", "pages", "service", "searchservice"} & set(stems)
    assert stems.count("search") == 0, "no module named search: the package is api/search/"
    shared = {stem for stem in stems if stems.count(stem) > 1} - {"errors"}  # one errors module per layer
    assert not shared, f"modules of different layers with the same name: {sorted(shared)}"


def test_no_two_test_files_share_a_name():
    """pytest imports test modules by their file name (rootdir import mode): a second test_pages.py in another
    folder is an import-file-mismatch error at collection, which stops the whole suite."""
    names = [path.name for path in (ROOT / "tests").rglob("test_*.py")]
    assert len(names) > 50
    assert not {n for n in names if names.count(n) > 1}


def test_no_utils_modules():
    assert not list(ROOT.glob("*/utils.py")) and not list(ROOT.glob("*/helpers.py"))
