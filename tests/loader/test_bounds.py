"""The loader's limits (issue #14): a report's file, text, paragraphs and triples are bounded, and a report
over a limit is refused with one paragraph naming the file, the limit and how far over, read no further than
needed to know. Real files in a temporary directory; the limits are the documented ones (`itukg.loader.read`).
"""

from __future__ import annotations

import zipfile
from xml.sax.saxutils import escape

import pytest
from conftest import SEED
from itukg.loader.errors import InputError
from itukg.loader.read import read_report

TEXT = 5_000_000  # characters of text
TXT_BYTES = 20_000_000  # bytes of a .txt file
PARAGRAPHS = 50_000
TRIPLES = 500_000


def report_text(characters: int) -> str:
    """The seed report, then its body paragraphs again and again, up to `characters` (more or less a line)."""
    seed = SEED.read_text(encoding="utf-8")
    body = seed.splitlines(keepends=True)[6:]
    parts, total = [seed], len(seed)
    while total < characters:
        parts += body
        total += sum(map(len, body))
    return "".join(parts)


def refused(path, read=read_report) -> str:
    """The one-paragraph message `read` refuses the file with."""
    with pytest.raises(InputError) as caught:
        read(path)
    message = str(caught.value)
    assert "\n" not in message.strip() and "Traceback" not in message
    return message


def test_a_txt_over_the_text_limit_is_refused(tmp_path):
    path = tmp_path / "long.txt"
    text = report_text(TEXT + 200_000)
    path.write_text(text, encoding="utf-8")
    message = refused(path)
    assert message.startswith(f"{path}: has {len(text):,} characters of text, more than the {TEXT:,}")
    assert f"{len(text) - TEXT:,} over" in message


def test_a_txt_larger_than_the_text_can_be_is_refused_from_its_size(tmp_path):
    path = tmp_path / "huge.txt"
    path.write_text(report_text(TXT_BYTES + 1_000_000), encoding="utf-8")
    size = path.stat().st_size
    message = refused(path)
    assert message.startswith(f"{path}: has {size:,} bytes, more than the {TXT_BYTES:,} a .txt report may have")
    assert f"{size - TXT_BYTES:,} over" in message


def test_too_many_paragraphs_are_refused(tmp_path):
    path = tmp_path / "many.txt"
    lines = PARAGRAPHS + 5_000
    path.write_text(report_text(0) + "· The Group noted the document.\n" * (lines - 78), encoding="utf-8")
    message = refused(path)
    assert message.startswith(f"{path}: has {lines:,} paragraphs, more than the {PARAGRAPHS:,}")
    assert f"{lines - PARAGRAPHS:,} over" in message


def test_the_text_limit_counts_characters_not_bytes(tmp_path):
    """A report in a script of several bytes a character is under the limit while its file is not."""
    path = tmp_path / "cyrillic.txt"
    text = report_text(0) + ("Группа приняла к сведению документ. " * 10 + "\n") * 12_000  # 4.3M characters
    path.write_text(text, encoding="utf-8")
    assert path.stat().st_size > TEXT and len(text) < TEXT
    assert len(read_report(path).lines) == 78 + 12_000


def _docx(path, paragraphs: list[str]) -> None:
    """A Word document whose body is `paragraphs`, written as XML (python-docx is slow at this many)."""
    import io

    import docx

    blank = io.BytesIO()
    docx.Document().save(blank)
    with zipfile.ZipFile(blank) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    xml = parts["word/document.xml"].decode()
    head, tail = xml.split("<w:body>")[0] + "<w:body>", "<w:sectPr" + xml.split("<w:sectPr", 1)[1]
    body = "".join(f'<w:p><w:r><w:t xml:space="preserve">{escape(p)}</w:t></w:r></w:p>' for p in paragraphs)
    parts["word/document.xml"] = (head + body + tail).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


def test_a_docx_over_the_text_limit_is_refused_once_read_that_far(tmp_path):
    path = tmp_path / "long.docx"
    _docx(path, report_text(2 * TEXT).splitlines())
    message = refused(path)
    assert message.startswith(f"{path}: has more than the {TEXT:,} characters of text a report may have")
    assert "paragraphs of the document" in message  # it stopped there


def test_a_docx_read_block_by_block_keeps_its_paragraphs_tables_and_numbers(tmp_path):
    """Paragraphs with tabs and breaks, numbering from styles, and a table's text nodes, one line each (python-docx's
    element classes made `itertext` give each cell's text three times: paragraph, run and text)."""
    import docx

    document = docx.Document()
    document.add_paragraph("Introduction", style="List Number")
    paragraph = document.add_paragraph("1.1")
    paragraph.add_run().add_tab()
    paragraph.add_run("The meeting was held.")
    paragraph.add_run().add_break()
    paragraph.add_run("It ended.")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Chair", "Mr. A"
    document.add_paragraph("Agenda", style="List Number")
    path = tmp_path / "blocks.docx"
    document.save(path)
    lines = [line.text for line in read_report(path).lines]
    assert lines == ["1\tIntroduction", "1.1\tThe meeting was held. It ended.", "Chair", "Mr. A", "2\tAgenda"]


def _pdf(path, pages: list[str]) -> None:
    """A PDF of one line of text a page, its content streams written directly (fpdf is slow at this)."""
    from pypdf import PdfWriter
    from pypdf.generic import DictionaryObject, NameObject, StreamObject

    writer = PdfWriter()
    font = writer._add_object(DictionaryObject({
        NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica")}))
    for text in pages:
        page = writer.add_blank_page(612, 792)
        page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): DictionaryObject(
            {NameObject("/F1"): font})})
        stream = StreamObject()
        escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        stream.set_data(f"BT /F1 9 Tf 20 700 Td ({escaped}) Tj ET".encode("latin-1", "replace"))
        page[NameObject("/Contents")] = writer._add_object(stream)
    with open(path, "wb") as out:
        writer.write(out)


def test_a_pdf_is_read_page_by_page_and_refused_once_over_the_text_limit(tmp_path):
    path = tmp_path / "long.pdf"
    first = "This is the report of the eighteenth meeting of CWG-Internet, held on 18 October 2023."
    _pdf(path, [first] + ["The Group noted the document. " * 1_700] * 200)  # 51,000 characters a page
    message = refused(path)
    assert message.startswith(f"{path}: has more than the {TEXT:,} characters of text a report may have")
    assert "pages of 201" in message  # it stopped before the last page


def test_too_many_triples_are_refused(tmp_path):
    """A citation makes some eighteen triples: 500,000 of them fit in 1.2M characters and 800 paragraphs."""
    from itukg.api.ingest.bulk import prepare_report

    citations = "; ".join(f"Council Resolution {n} (Mod. 2019)" for n in range(1000, 1040))
    path = tmp_path / "citations.txt"
    path.write_text(report_text(0) + f"The Group noted {citations}.\n" * 800, encoding="utf-8")
    message = refused(path, prepare_report)
    assert message.startswith(f"{path}: has more than the {TRIPLES:,} triples a report may have")
