"""`itukg load` on reports that are too large, broken PDFs and empty files, as a user runs it (issue #14): one
paragraph naming the file and the reason, exit 2, and nothing written to the store."""

from __future__ import annotations

import json

from conftest import SEED, run_cli


def _export(store) -> str:
    result = run_cli("export", "--store", str(store), "--format", "nquads")
    assert result.returncode == 0, result.stderr
    return result.stdout


def _big_report(path, size: int) -> None:
    """A report whose first lines are valid (the seed report), padded with its paragraphs to `size` bytes."""
    seed = SEED.read_text(encoding="utf-8")
    body = "".join(seed.splitlines(keepends=True)[6:])
    copies = size // len(body.encode()) + 1
    path.write_text(seed + body * copies, encoding="utf-8")


def test_a_50_mb_report_is_refused_and_the_store_untouched(tmp_path):
    store, big = tmp_path / "store", tmp_path / "big.txt"
    assert run_cli("load", "--store", str(store), str(SEED)).returncode == 0
    before = _export(store)
    _big_report(big, 50_000_000)
    result = run_cli("load", "--store", str(store), str(big))
    assert result.returncode == 2, result.stderr
    size = big.stat().st_size
    assert result.stderr == (f"itukg: error: {big}: has {size:,} bytes, more than the 20,000,000 a .txt report may "
                             f"have ({size - 20_000_000:,} over; a report may have at most 5,000,000 characters of "
                             "text), so nothing was loaded. The limits are far above any meeting report: check that "
                             "the file is one report.\n")
    assert _export(store) == before


def test_over_the_text_limit_among_other_reports(tmp_path):
    """In a bulk load the report over the limit fails at the read stage; the others load."""
    store, big, report = tmp_path / "store", tmp_path / "big.txt", tmp_path / "load.json"
    _big_report(big, 6_000_000)
    result = run_cli("load", "--jobs", "2", "--store", str(store), "--report", str(report), str(big), str(SEED))
    assert result.returncode == 2, result.stderr
    data = json.loads(report.read_text())
    assert data["counts"]["loaded"] == 1 and data["counts"]["failed"] == 1
    [failed] = data["failed"]
    assert failed["file"] == str(big) and failed["stage"] == "read" and failed["exit_code"] == 2
    assert "characters of text, more than the 5,000,000 a report may have" in failed["message"]
    assert [line for line in result.stderr.splitlines() if line.startswith("itukg: error:")] == [
        f"itukg: error: {failed['message']}"]


def test_validate_refuses_too_many_paragraphs(tmp_path):
    path = tmp_path / "many.txt"
    path.write_text(SEED.read_text(encoding="utf-8") + "· The Group noted the document.\n" * 60_000, encoding="utf-8")
    result = run_cli("validate", str(path))
    assert result.returncode == 2
    assert result.stderr.startswith(f"itukg: error: {path}: has 60,078 paragraphs, more than the 50,000 a report "
                                    "may have (10,078 over")
    assert result.stderr.count("\n") == 1


def _broken_pdfs(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=9)
    pdf.multi_cell(0, 5, SEED.read_text(encoding="utf-8").splitlines()[1])
    good = bytes(pdf.output())
    truncated, damaged = tmp_path / "truncated.pdf", tmp_path / "damaged.pdf"
    truncated.write_bytes(good[: len(good) * 2 // 3])  # no xref, no %%EOF
    damaged.write_bytes(good.replace(b"startxref\n", b"startxref\n9"))  # a wrong xref offset pypdf recovers from
    return truncated, damaged


def test_a_broken_pdf_gives_one_paragraph_without_pypdf_warnings(tmp_path):
    truncated, damaged = _broken_pdfs(tmp_path)
    result = run_cli("load", "--store", str(tmp_path / "store"), str(truncated))
    assert result.returncode == 2
    assert result.stderr.startswith(f"itukg: error: {truncated}: is not a readable PDF file")
    assert result.stderr.count("\n") == 1, result.stderr
    warning = "\n  Warning: the PDF is damaged; its text was read anyway (pypdf: incorrect startxref pointer"
    for command in (["validate"], ["load", "--store", str(tmp_path / "store")]):  # what pypdf said: a warning
        result = run_cli(*command, str(damaged))
        assert result.returncode == 0 and result.stderr == "", result.stderr
        assert warning in result.stdout


def test_empty_files_are_reported_as_empty_not_as_duplicates(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    names = [folder / f"r{n:04}.txt" for n in range(1_000)]
    for n, path in enumerate(names):
        path.write_text("" if n % 2 == 0 else " \n\t\n" if n % 4 == 1 else "\n")
    result = run_cli("load", "--quiet", "--store", str(tmp_path / "store"), "--report", str(tmp_path / "r.json"),
                     str(folder))
    assert result.returncode == 2
    errors = result.stderr.splitlines()
    assert errors == [f"itukg: error: {path}: is empty. A report must contain the text of a meeting report."
                      for path in names]
    data = json.loads((tmp_path / "r.json").read_text())
    assert {f["stage"] for f in data["failed"]} == {"read"} and data["counts"]["failed"] == 1_000
