"""Shared fixtures: the seed report, the test corpus, stores, and running the real `itukg` command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

# The fixtures of tests/backends.py (`backend`, `oxigraph_backend`, `virtuoso_backend`), found by name by the
# tests that run on every backend, so that no test module imports a fixture it then takes as an argument.
pytest_plugins = ["backends"]

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "corpus" / "cwg-internet-18-report.txt"
CORPUS = ROOT / "tests" / "corpus"
SHARED = ROOT.parent / "shared"


def corpus_reports(*, styles: bool = False) -> list[Path]:
    """The hand-written test reports of tests/corpus (.txt, 2023- style); with `styles`, also those of
    tests/corpus/styles, which imitate the archive's other house styles (issue 15)."""
    reports = sorted(CORPUS.glob("*-report.txt"))
    assert len(reports) >= 5, f"expected the test corpus in {CORPUS}"
    if styles:
        more = sorted((CORPUS / "styles").glob("*-report.txt"))
        assert len(more) >= 8, f"expected the house-style fixtures in {CORPUS / 'styles'}"
        reports += more
    return reports


def load_into(store, *paths):
    """Load reports into a store through the same path `itukg load` takes."""
    from itukg.api.ingest.bulk import prepare_report

    prepared = [prepare_report(p) for p in paths]
    for p in prepared:
        store.replace_graphs(p.graphs())
    return prepared


def select(store, name: str, **params) -> list[dict[str, str]]:
    """Run a named query; rows as {variable: lexical value}, unbound variables left out."""
    from itukg.loader.catalogue import named_query

    results = store.query(named_query(name).bind(params))
    variables = [v.value for v in results.variables]
    return [{v: row[v].value for v in variables if row[v] is not None} for row in results]


@pytest.fixture
def memory_store():
    from itukg.api.store.embedded import OxigraphStore

    return OxigraphStore(None)


@pytest.fixture(scope="session")
def seed_store():
    from itukg.api.store.embedded import OxigraphStore

    store = OxigraphStore(None)
    load_into(store, SEED)
    return store


@pytest.fixture(scope="session")
def corpus_store():
    """The bundled report and the reports of tests/corpus in an in-memory store (read, never written)."""
    from itukg.api.store.embedded import OxigraphStore

    store = OxigraphStore(None)
    load_into(store, SEED, *corpus_reports())
    return store


def run_cli(*args: str, stdin: str | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the installed `itukg` command as a user would."""
    full_env = {**os.environ, **(env or {})}
    full_env.pop("ITUKG_STORE", None) if env is None or "ITUKG_STORE" not in env else None
    return subprocess.run([sys.executable, "-m", "itukg.api.cli", *args], capture_output=True, text=True,
                          input=stdin, env=full_env, timeout=300)
