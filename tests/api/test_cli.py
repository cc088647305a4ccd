"""The `itukg` command as a user runs it: exit codes, one-paragraph errors, nothing partially written."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from conftest import SEED, run_cli


def _count(store_dir) -> int:
    from itukg.api.store.embedded import OxigraphStore

    store = OxigraphStore(store_dir, read_only=True)
    return store.count()


@pytest.fixture
def loaded(tmp_path):
    store = tmp_path / "store"
    result = run_cli("load", "--store", str(store), str(SEED))
    assert result.returncode == 0, result.stderr
    return store


def test_load_prints_a_summary_line(tmp_path):
    result = run_cli("load", "--store", str(tmp_path / "s"), str(SEED))
    assert result.returncode == 0
    assert result.stdout.startswith(f"loaded {SEED}: CWG-Internet 18 (2023-10-18)")
    assert "warning" in result.stdout


def test_load_twice_leaves_the_store_identical(loaded):
    first = run_cli("export", "--store", str(loaded), "--format", "nquads").stdout
    assert run_cli("load", "--store", str(loaded), str(SEED)).returncode == 0
    second = run_cli("export", "--store", str(loaded), "--format", "nquads").stdout
    assert sorted(first.splitlines()) == sorted(second.splitlines())
    assert len(first.splitlines()) > 1000


def _corrupt_docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document><not-closed>")
        archive.writestr("[Content_Types].xml", "garbage")
    return buffer.getvalue()


BAD_INPUTS = {
    "empty.txt": (b"", 2, "is empty"),
    "noise.txt": (bytes(range(256)) * 40, 2, "binary"),
    "corrupt.docx": (_corrupt_docx(), 2, "not a readable DOCX"),
    "truncated.docx": (b"PK\x03\x04" + b"\x00" * 50, 2, "not a readable DOCX"),
    "broken.pdf": (b"%PDF-1.7\n%%garbage with no objects\n", 2, "PDF"),
    "letter.txt": ("Dear colleagues,\nPlease find attached the invitation to the workshop.\n".encode(), 1,
                   "does not look like an ITU meeting report"),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_is_refused_and_the_store_is_unchanged(loaded, tmp_path, name):
    data, code, phrase = BAD_INPUTS[name]
    path = tmp_path / name
    path.write_bytes(data)
    before = _count(loaded)
    result = run_cli("load", "--store", str(loaded), str(path))
    assert result.returncode == code, result.stderr
    assert phrase in result.stderr
    assert str(path) in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert len(result.stderr.strip().split("\n\n")) == 1
    assert _count(loaded) == before


def test_missing_file(loaded, tmp_path):
    before = _count(loaded)
    result = run_cli("load", "--store", str(loaded), str(tmp_path / "nope.txt"))
    assert result.returncode == 2
    assert "nope.txt: no such file" in result.stderr
    assert "Traceback" not in result.stderr
    assert _count(loaded) == before


def test_one_bad_file_does_not_block_the_others(tmp_path):
    bad = tmp_path / "empty.txt"
    bad.write_text("")
    result = run_cli("load", "--store", str(tmp_path / "s"), str(bad), str(SEED), "--format", "json")
    assert result.returncode == 2
    report = json.loads(result.stdout)
    assert "error" in report[0] and report[1]["meeting"].startswith("CWG-Internet 18")


def test_validate_writes_nothing_and_reports_the_conflict(tmp_path):
    result = run_cli("validate", str(SEED), "--format", "json")
    assert result.returncode == 0, result.stderr
    [report] = json.loads(result.stdout)
    assert report["conforms"] is True
    assert any("CWG-Internet-18/4" in w for w in report["warnings"])


def test_query_json_is_standard_sparql_results(loaded):
    result = run_cli("query", "--store", str(loaded), "--name", "meetings", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["head"]["vars"] == ["meeting", "body", "number", "startDate", "endDate"]
    binding = data["results"]["bindings"][0]
    assert binding["number"] == {"type": "literal", "datatype": "http://www.w3.org/2001/XMLSchema#integer",
                                 "value": "18"}


@pytest.mark.parametrize("fmt,first", [("csv", "document,symbol,state,iso3"),
                                       ("tsv", "?document\t?symbol\t?state\t?iso3"), ("table", "?document")])
def test_query_formats(loaded, fmt, first):
    result = run_cli("query", "--store", str(loaded), "--name", "submissions", "--format", fmt)
    assert result.returncode == 0
    assert result.stdout.splitlines()[0].startswith(first)


def test_query_nothing_found_exits_1(loaded):
    result = run_cli("query", "--store", str(loaded), "SELECT ?s WHERE { ?s a <urn:nothing> }")
    assert result.returncode == 1


def test_query_syntax_error_exits_2(loaded):
    result = run_cli("query", "--store", str(loaded), "SELECT WHERE {")
    assert result.returncode == 2
    assert "not valid" in result.stderr and "Traceback" not in result.stderr


def test_unknown_named_query_and_parameter(loaded):
    result = run_cli("query", "--store", str(loaded), "--name", "nope")
    assert result.returncode == 2 and "meetings" in result.stderr
    result = run_cli("query", "--store", str(loaded), "--name", "meetings", "--param", "colour=red")
    assert result.returncode == 2 and "no parameter 'colour'" in result.stderr


def test_query_limit_and_offset(loaded):
    seed_store_dir = str(loaded)
    whole = run_cli("query", "--store", seed_store_dir, "--name", "submissions", "--format", "csv")
    page = run_cli("query", "--store", seed_store_dir, "--name", "submissions", "--format", "csv",
                   "--limit", "3", "--offset", "2")
    assert whole.returncode == 0 and page.returncode == 0, page.stderr
    lines = whole.stdout.splitlines()
    assert page.stdout.splitlines() == [lines[0], *lines[3:6]]
    wrong = run_cli("query", "--store", seed_store_dir, "--name", "submissions", "--limit", "many")
    assert wrong.returncode == 2 and "limit must be a whole number" in wrong.stderr and "Traceback" not in wrong.stderr
    sparql = run_cli("query", "--store", seed_store_dir, "SELECT * WHERE { ?s ?p ?o }", "--limit", "3")
    assert sparql.returncode == 2 and "go with --name" in sparql.stderr


def test_query_on_a_missing_store(tmp_path):
    result = run_cli("query", "--store", str(tmp_path / "none"), "--name", "meetings")
    assert result.returncode == 2 and "no store here yet" in result.stderr


@pytest.mark.parametrize("name, value", [("ITUKG_QUERY_TIMEOUT", "abc"), ("ITUKG_QUERY_TIMEOUT", "0"),
                                         ("ITUKG_MAX_BODY", "1.5"), ("ITUKG_MAX_RESULT", "-3"),
                                         ("ITUKG_SEARCH_THREADS", "-1"), ("ITUKG_SEARCH_THREADS", "two"),
                                         ("ITUKG_REMOTE_WRITE_TIMEOUT", "nan")])
def test_a_bad_setting_is_named_in_one_line(tmp_path, name, value):
    env = {**os.environ, name: value}
    command = ("queries",) if name != "ITUKG_REMOTE_WRITE_TIMEOUT" else \
        ("query", "--store", "sparql+http://127.0.0.1:9/sparql", "--name", "meetings")
    result = run_cli(*command, env=env)
    assert result.returncode == 2, result.stderr
    assert f"{name}={value!r}" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_store_from_environment(tmp_path):
    env = {**os.environ, "ITUKG_STORE": str(tmp_path / "env-store")}
    assert run_cli("load", str(SEED), env=env).returncode == 0
    assert (tmp_path / "env-store").is_dir()


def test_refs_json():
    result = run_cli("refs", "--format", "json", "Resolutions 133 and 102 (Rev. Bucharest, 2022)")
    assert result.returncode == 0
    refs = json.loads(result.stdout)
    assert [(r["body"], r["number"], r["year"]) for r in refs] == [("PP", "133", 2022), ("PP", "102", 2022)]
    assert set(refs[0]) == {"text", "body", "number", "qualifier", "place", "year", "lineage", "revision"}


def test_refs_nothing_found():
    assert run_cli("refs", "no references here").returncode == 1


@pytest.mark.parametrize("fmt", ["trig", "nquads", "turtle", "jsonld"])
def test_export_formats_parse_back(loaded, fmt):
    import pyoxigraph as ox

    result = run_cli("export", "--store", str(loaded), "--format", fmt)
    assert result.returncode == 0
    rdf_format = {"trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS, "turtle": ox.RdfFormat.TURTLE,
                  "jsonld": ox.RdfFormat.JSON_LD}[fmt]
    assert len(list(ox.parse(result.stdout.encode(), format=rdf_format))) > 1000


@pytest.mark.parametrize("command", ["load", "validate", "query", "queries", "refs", "export"])
def test_every_command_has_help(command):
    result = run_cli(command, "--help")
    assert result.returncode == 0 and "usage: itukg" in result.stdout


def test_serve_documents_its_host_and_port_and_make_serve_passes_them():
    shown = run_cli("serve", "--help")
    assert shown.returncode == 0
    text = " ".join(shown.stdout.split())  # argparse wraps the help at the terminal's width
    assert "--host HOST address to listen on (default: 127.0.0.1" in text
    assert "--port PORT TCP port to listen on (default: 8000)" in text
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    root = Path(__file__).resolve().parents[2]
    planned = subprocess.run(["make", "-n", "-C", str(root), "serve", "PORT=8080"], capture_output=True, text=True)
    assert planned.returncode == 0, planned.stderr
    assert "itukg serve --host 127.0.0.1 --port 8080" in planned.stdout
    planned = subprocess.run(["make", "-n", "-C", str(root), "serve"], capture_output=True, text=True)
    assert "itukg serve --host 127.0.0.1 --port 8000" in planned.stdout


def test_bad_usage_exits_2():
    result = run_cli("frobnicate")
    assert result.returncode == 2
