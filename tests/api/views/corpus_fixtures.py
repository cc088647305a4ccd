"""Fixtures of the views' tests (imported by them): the bundled report with the test corpus behind `itukg serve`
(the same in an in-memory store is conftest's `corpus_store`)."""

from __future__ import annotations

import pytest

from conftest import SEED, corpus_reports, run_cli
from live import live_server


@pytest.fixture(scope="session")
def corpus_server(tmp_path_factory):
    """`itukg serve` over a store holding the bundled report and the reports of tests/corpus."""
    store = tmp_path_factory.mktemp("views") / "store"
    loaded = run_cli("load", "--store", str(store), "--quiet", str(SEED), *map(str, corpus_reports()))
    assert loaded.returncode == 0, loaded.stdout + loaded.stderr
    with live_server(store) as url:
        yield url
