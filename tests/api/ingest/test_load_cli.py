"""`itukg load` on many reports, as a user runs it: directories and patterns, the summary table, the JSON
report, quiet runs, the progress bar on a terminal, and Ctrl-C followed by a rerun."""

from __future__ import annotations

import json
import os
import pty
import select
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SEED, run_cli


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("generated")
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate_reports.py"), "--count", "120", "--seed", "11",
                    "--out", str(folder)], check=True, capture_output=True)
    files = sorted(folder.glob("*-report.txt"))
    assert len(files) == 120
    return files


def _export(store: Path) -> set[str]:
    result = run_cli("export", "--store", str(store), "--format", "nquads")
    assert result.returncode == 0, result.stderr
    return set(result.stdout.splitlines())


def _reports(stdout: str, status: str = "loaded") -> int:
    """Per-report lines ("loaded FILE: …", "skipped FILE: …"), not the summary table."""
    return sum(line.startswith(f"{status} ") for line in stdout.splitlines())


def test_directories_and_patterns_are_expanded(tmp_path, generated):
    tree = tmp_path / "archive"
    (tree / "2023" / "deep").mkdir(parents=True)
    for i, path in enumerate(generated[:6]):
        (tree / ("2023/deep" if i % 2 else "2023") / path.name).write_bytes(path.read_bytes())
    (tree / "2023" / "notes.md").write_text("not a report")
    result = run_cli("load", "--store", str(tmp_path / "s"), str(tree), str(tree / "2023" / "*.txt"))
    assert result.returncode == 0, result.stderr
    assert _reports(result.stdout) == 6  # the pattern names files the directory named already: each once
    assert "notes.md" not in result.stdout + result.stderr

    pattern = run_cli("load", "--store", str(tmp_path / "s"), str(tree / "**" / "*.txt"))
    assert pattern.returncode == 0, pattern.stderr
    assert _reports(pattern.stdout, "skipped") == 6


@pytest.mark.parametrize("what", ["pattern", "directory"])
def test_a_pattern_or_directory_naming_no_report_is_an_error(tmp_path, what):
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "readme.md").write_text("nothing here")
    argument = str(tmp_path / "nothing-*.docx") if what == "pattern" else str(tmp_path / "empty")
    result = run_cli("load", "--store", str(tmp_path / "s"), str(SEED), argument)
    assert result.returncode == 2
    assert f"{argument}: the {what} names no report file" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "s").exists()  # nothing was loaded, not even the files that exist


def test_summary_table_and_json_report(tmp_path, generated):
    backwards = tmp_path / "backwards.txt"
    backwards.write_text(SEED.read_text().replace("held on 18 October 2023", "held from 20 to 18 October 2023"))
    letter = tmp_path / "letter.txt"
    letter.write_text("Dear colleagues,\nPlease find attached the invitation to the workshop.\n")
    files = [str(p) for p in generated[:10]] + [str(backwards), str(letter)]
    report = tmp_path / "load.json"
    result = run_cli("load", "--store", str(tmp_path / "s"), "--jobs", "2", "--report", str(report), *files)
    assert result.returncode == 1, result.stderr  # validation failed (README: 1), the others loaded
    assert _reports(result.stdout) == 10
    table = {name.strip(): value.strip() for name, value in
             (line.rsplit("  ", 1) for line in result.stdout.splitlines()[-6:])}
    assert table | {"time": "", "rate": ""} == {
        "reports loaded": "10", "reports skipped (unchanged)": "0", "reports failed": "2", "time": "", "rate": "",
        "triples written": f"{json.loads(report.read_text())['triples']:,}"}
    assert table["rate"].endswith("reports/s")
    assert f"itukg: error: {backwards}: violates the shapes" in result.stderr

    data = json.loads(report.read_text())
    assert data["counts"] == {"loaded": 10, "skipped": 0, "failed": 2, "not processed": 0}
    assert data["interrupted"] is False and data["triples"] > 10_000
    failed = {Path(f["file"]).name: f for f in data["failed"]}
    assert failed["backwards.txt"]["stage"] == "validate"
    assert "schema:endDate is before its schema:startDate" in failed["backwards.txt"]["findings"][0]
    assert failed["letter.txt"]["stage"] == "extract"
    assert "does not look like an ITU meeting report" in failed["letter.txt"]["message"]
    assert [Path(x["file"]).name for x in data["loaded"]] == [p.name for p in generated[:10]]

    rerun = run_cli("load", "--store", str(tmp_path / "s"), "--report", str(report), *files)
    assert rerun.returncode == 1
    data = json.loads(report.read_text())
    assert data["counts"]["skipped"] == 10 and data["counts"]["loaded"] == 0
    assert all(x["graph"].startswith("https://w3id.org/itukg/graph/report/") for x in data["skipped"])


def test_quiet_prints_only_errors(tmp_path, generated):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    result = run_cli("load", "--quiet", "--store", str(tmp_path / "s"), str(empty), *map(str, generated[:3]))
    assert result.returncode == 2  # unreadable input (README: 2)
    assert result.stdout == ""
    assert result.stderr.strip() == (f"itukg: error: {empty}: is empty. "
                                     "A report must contain the text of a meeting report.")


def test_progress_bar_on_a_terminal(tmp_path, generated):
    """stderr a terminal (a pseudo-terminal here): the bar is redrawn in place with the rate and the ETA."""
    primary, secondary = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "itukg.api.cli", "load", "--store", str(tmp_path / "s"),
                                *map(str, generated[:30])], stdout=subprocess.DEVNULL, stderr=secondary)
    os.close(secondary)
    seen = b""
    while True:
        ready, _, _ = select.select([primary], [], [], 120)
        if not ready:
            break
        try:
            chunk = os.read(primary, 65536)
        except OSError:  # the terminal closes when the process ends
            break
        if not chunk:
            break
        seen += chunk
    assert process.wait(timeout=120) == 0
    os.close(primary)
    text = seen.decode()
    assert "\r\x1b[2K[" in text and "reports/s" in text and "ETA" in text
    assert "30/30 (100%)" in text and "loaded 30, skipped 0, failed 0" in text
    assert text.endswith("\r\x1b[2K")  # the bar is cleared at the end


def test_ctrl_c_stops_cleanly_and_a_rerun_completes_the_store(tmp_path, generated):
    files = [str(p) for p in generated]
    reference = tmp_path / "reference"
    assert run_cli("load", "--store", str(reference), "--jobs", "2", *files).returncode == 0

    store = tmp_path / "interrupted"
    # its own process group, as a shell runs a command: Ctrl-C reaches the workers too
    # small batches: most of the run is still ahead when Ctrl-C comes, whatever the default batch size
    process = subprocess.Popen([sys.executable, "-m", "itukg.api.cli", "load", "--store", str(store), "--jobs", "2",
                                "--batch", "10", *files], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    loaded = 0
    for line in process.stdout:
        loaded += line.startswith("loaded ")
        if loaded >= 30:
            break
    os.killpg(process.pid, signal.SIGINT)
    rest, errors = process.communicate(timeout=120)
    assert process.returncode == 130, errors
    assert "Traceback" not in errors
    assert "itukg: interrupted:" in errors and "the store is consistent" in errors
    assert "reports not processed (interrupted)" in rest

    def graphs(kind: str) -> int:
        check = run_cli("query", "--store", str(store), "--format", "json",
                        "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
                        f"FILTER (STRSTARTS(STR(?g), 'https://w3id.org/itukg/graph/{kind}')) }}")
        return int(json.loads(check.stdout)["results"]["bindings"][0]["n"]["value"])

    loaded = graphs("report/")
    assert 30 <= loaded < len(files)
    assert graphs("validation/") == loaded and graphs("journal") == 0  # whole reports only, nothing pending

    rerun = run_cli("load", "--store", str(store), "--jobs", "2", *files)
    assert rerun.returncode == 0, rerun.stderr
    assert _reports(rerun.stdout, "skipped") == loaded
    assert _export(store) == _export(reference)


@pytest.mark.parametrize("option", [["--batch", "0"], ["--jobs", "0"]])
def test_counts_below_one_are_refused_before_anything_is_written(tmp_path, option):
    store = tmp_path / "store"
    result = run_cli("load", "--store", str(store), *option, str(SEED))
    assert result.returncode == 2 and f"{option[0]} 0: give at least 1." in result.stderr
    assert "Traceback" not in result.stderr and not store.exists()
