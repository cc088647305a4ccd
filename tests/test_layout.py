"""The architecture, enforced: the loader never imports the service, and only api/store.py opens a store."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            names.add(("." * node.level) + (node.module or ""))
    return names


def test_loader_does_not_import_the_service():
    files = sorted((ROOT / "loader").glob("*.py"))
    assert len(files) >= 8
    for path in files:
        for name in _imports(path):
            assert not name.startswith(("fastapi", "starlette", "uvicorn", "itukg.api", "..api")), (path, name)


# The store modules: api/store.py, and api/remote.py, the remote store it delegates to (which holds a graph
# answer in a scratch in-memory store to hand it on as pyoxigraph's QueryTriples). loader/shacl.py evaluates
# SPARQL-based constraints on a scratch in-memory store holding one report: a query engine, not the storage.
SCRATCH = {"store.py", "remote.py", "shacl.py"}


def test_only_the_store_module_opens_a_store():
    files = sorted((ROOT / "loader").glob("*.py")) + sorted((ROOT / "api").glob("*.py"))
    assert files
    for path in files:
        if path.name in SCRATCH:
            continue
        assert "Store(" not in path.read_text(encoding="utf-8").replace("OxigraphStore(", ""), path


def test_no_utils_modules():
    assert not list(ROOT.glob("*/utils.py")) and not list(ROOT.glob("*/helpers.py"))
