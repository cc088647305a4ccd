"""Reading .docx and .pdf reports gives the same knowledge as the text they were made from."""

from __future__ import annotations

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
