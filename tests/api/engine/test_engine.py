"""The engine process: the allocator it runs on."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from itukg.api.engine.process import Engine, engine_allocator
from itukg.api.engine.errors import EngineUnavailableError


def _mapped(engine: Engine) -> str:
    return Path(f"/proc/{engine._process.pid}/maps").read_text()


def _lookup(engine: Engine) -> bytes:
    answer = engine.query("SELECT (1 AS ?x) WHERE {}", results=("application/sparql-results+json",
                                                                "application/sparql-results+json"), rdf=None)
    return answer.body


@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="needs /proc to see what a process maps")
def test_the_engine_runs_on_jemalloc_when_installed_and_the_web_process_is_untouched(monkeypatch):
    monkeypatch.delenv("ITUKG_ENGINE_ALLOCATOR", raising=False)
    library = engine_allocator()
    if library is None:
        pytest.skip("jemalloc is not installed here (Debian: libjemalloc2; `make test` installs it as root)")
    before = os.environ.get("LD_PRELOAD")
    engine = Engine(None)
    try:
        assert "libjemalloc" in _mapped(engine)
        assert b'"x"' in _lookup(engine)
        assert os.environ.get("LD_PRELOAD") == before
        assert "libjemalloc" not in Path("/proc/self/maps").read_text()
    finally:
        engine.close()


@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="needs /proc to see what a process maps")
def test_the_system_allocator_on_request(monkeypatch):
    monkeypatch.setenv("ITUKG_ENGINE_ALLOCATOR", "system")
    assert engine_allocator() is None
    engine = Engine(None)
    try:
        assert "libjemalloc" not in _mapped(engine)
        assert b'"x"' in _lookup(engine)
    finally:
        engine.close()


def test_an_allocator_that_is_not_there_is_refused_naming_the_variable(monkeypatch, tmp_path):
    monkeypatch.setenv("ITUKG_ENGINE_ALLOCATOR", str(tmp_path / "libnothing.so"))
    with pytest.raises(EngineUnavailableError, match="ITUKG_ENGINE_ALLOCATOR=.*libnothing.so: no such file"):
        Engine(None)
