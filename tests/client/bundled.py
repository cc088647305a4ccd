"""A store holding the bundled report, written by `itukg load` as a user would (for tests/client/)."""

from __future__ import annotations

from pathlib import Path

from conftest import SEED, run_cli


def bundled_store(folder: Path) -> Path:
    """`folder`/store with the bundled report loaded (and its search index saved beside it)."""
    store = folder / "store"
    loaded = run_cli("load", "--store", str(store), str(SEED))
    assert loaded.returncode == 0, loaded.stderr
    return store
