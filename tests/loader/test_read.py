"""Reading .docx and .pdf reports gives the same knowledge as the text they were made from."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from conftest import SEED, load_into, select


def _write_docx(text: str, path) -> None:
    import docx

    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    document.save(path)


def _write_pdf(text: str, path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    font = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
    import os

    if os.path.exists(font):
        pdf.add_font("dejavu", fname=font)
        pdf.set_font("dejavu", size=9)
    else:  # core font: replace what Latin-1 cannot hold
        pdf.set_font("helvetica", size=9)
        text = text.translate(str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "·": "-", "\t": " "}))
    for line in text.splitlines():
        if line.strip():
            pdf.multi_cell(0, 5, line.replace("\t", "    ").strip(), new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
    pdf.output(str(path))


@pytest.mark.parametrize("suffix", [".docx", ".pdf"])
def test_formats_yield_the_same_facts(tmp_path, memory_store, suffix):
    text = SEED.read_text(encoding="utf-8")
    path = tmp_path / f"seed{suffix}"
    (_write_docx if suffix == ".docx" else _write_pdf)(text, path)
    load_into(memory_store, path)
    assert [(r["body"], r["number"]) for r in select(memory_store, "meetings")] == [("CWG-Internet", "18")]
    submissions = {(r["symbol"], r["iso3"]) for r in select(memory_store, "submissions")}
    assert len(submissions) == 24
    topics = {r["symbol"] for r in select(memory_store, "topics")}
    assert topics == {"CWG-Internet-18/3", "CWG-Internet-18/4", "CWG-Internet-18/6"}
    citations = {(r["body"], r["number"]) for r in select(memory_store, "citations")}
    assert {("PP", "102"), ("Council", "1305"), ("PP", "206")} <= citations


def test_docx_automatic_numbering_is_restored(tmp_path):
    import docx

    from itukg.loader.read import read_report

    document = docx.Document()
    document.add_paragraph("Introduction", style="List Number")
    document.add_paragraph("Agenda", style="List Number")
    path = tmp_path / "numbered.docx"
    document.save(path)
    lines = [line.text for line in read_report(path).lines]
    assert lines == ["1\tIntroduction", "2\tAgenda"]


# ------------------------------------------------------------------------------------------ fixture formats

FORMATS = Path(__file__).resolve().parent.parent / "corpus"
sys.path.insert(0, str(FORMATS))
import make_formats  # noqa: E402  (tests/corpus/make_formats.py, the fixtures' generator)


def _rows(store) -> dict[str, list[str]]:
    from itukg.loader.catalogue import catalogue

    return {name: sorted(json.dumps(row, sort_keys=True, ensure_ascii=False) for row in select(store, name))
            for name in catalogue()}


@pytest.mark.parametrize("suffix", [".pdf", ".docx"])
def test_the_bundled_report_as_a_pdf_with_running_headers_gives_the_same_graph(suffix):
    """Every named query returns the same rows for the bundled report as text and as a .pdf (running headers,
    wrapped and hyphenated lines) or a .docx (headers kept out of the body)."""
    from itukg.api.store.embedded import OxigraphStore

    version = SEED.with_suffix(suffix)
    if suffix == ".pdf":
        pages = len(__import__("pypdf").PdfReader(version).pages)
        assert pages >= 3 and b"- 2 -" in _pdf_text(version)
    text, other = OxigraphStore(None), OxigraphStore(None)
    load_into(text, SEED)
    load_into(other, version)
    want, got = _rows(text), _rows(other)
    assert sum(map(len, want.values())) > 100
    assert got == want


def _pdf_text(path) -> bytes:
    import pypdf

    return "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages).encode()


def test_every_fixture_has_its_docx_and_pdf():
    for text in make_formats.sources():
        assert text.with_suffix(".docx").is_file() and text.with_suffix(".pdf").is_file(), text


@pytest.mark.skipif(not make_formats.FONT.exists(), reason=f"the PDF fixtures are set in {make_formats.FONT}")
@pytest.mark.parametrize("text", make_formats.sources(), ids=lambda p: p.stem)
def test_the_committed_formats_read_as_freshly_generated_ones(text, tmp_path):
    """The committed .docx and .pdf of a fixture still read, line for line, as the generator makes them now
    (they cannot drift from their .txt silently), and as the .txt itself reads."""
    from itukg.loader.read import read_report

    def lines(path):
        return [(" ".join(line.text.split())) for line in read_report(path).lines]

    fresh = make_formats.make(text, tmp_path)
    for committed, made in zip((text.with_suffix(".docx"), text.with_suffix(".pdf")), fresh, strict=True):
        assert lines(committed) == lines(made), committed.name
        assert lines(committed) == lines(text), committed.name
