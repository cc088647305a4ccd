"""Reading report files (.txt, .docx, .pdf) into numbered lines of text.

Every format ends as the same thing: a `Source` whose lines are the report's paragraphs in order,
each with the line (or Word paragraph) it came from, so that errors and provenance can point back
to the file.

>>> source = read_text("1.1\\tThe first meeting of CWG-Internet was held on 1 May 2020.\\n", name="x.txt")
>>> [(line.number, line.text) for line in source.lines]
[(1, '1.1\\tThe first meeting of CWG-Internet was held on 1 May 2020.')]
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError

MAX_BYTES = 50 * 1024 * 1024
MAX_DOCX_UNPACKED = 200 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Line:
    number: int
    text: str


@dataclass(frozen=True, slots=True)
class Source:
    name: str
    lines: tuple[Line, ...]
    sha256: str


def read_report(path: str | Path) -> Source:
    """Read a report file of any supported format, or raise `InputError` naming the file."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file. Give the path of a report (.txt, .docx or .pdf).") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, not a report file.") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc}).") from None
    return read_bytes(data, name=str(path))


def read_bytes(data: bytes, *, name: str) -> Source:
    """Read a report given as bytes; the format comes from the name's suffix, else from the content."""
    if len(data) > MAX_BYTES:
        raise InputError(f"{name}: is {len(data)} bytes, more than the {MAX_BYTES} a report may have.")
    if not data.strip():
        raise InputError(f"{name}: is empty. A report must contain the text of a meeting report.")
    suffix = Path(name).suffix.lower()
    if suffix == ".docx" or (suffix not in (".txt", ".pdf") and data[:4] == b"PK\x03\x04"):
        lines = _docx_lines(data, name)
    elif suffix == ".pdf" or (suffix != ".txt" and data[:5] == b"%PDF-"):
        lines = _pdf_lines(data, name)
    else:
        return read_text(_decode(data, name), name=name, sha256=hashlib.sha256(data).hexdigest())
    return _source(name, lines, hashlib.sha256(data).hexdigest())


def read_text(text: str, *, name: str = "<text>", sha256: str | None = None) -> Source:
    """Split a report's text into lines (numbered from 1), dropping blank ones."""
    digest = sha256 or hashlib.sha256(text.encode("utf-8")).hexdigest()
    return _source(name, text.splitlines(), digest)


def _source(name: str, raw_lines: list[str], sha256: str) -> Source:
    lines = tuple(
        Line(number, cleaned)
        for number, raw in enumerate(raw_lines, start=1)
        if (cleaned := _clean(raw)).strip()
    )
    if not lines:
        raise InputError(f"{name}: contains no text. A report must contain the text of a meeting report.")
    return Source(name=name, lines=lines, sha256=sha256)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _clean(line: str) -> str:
    return _CONTROL.sub("", line.replace("\u00a0", " ").replace("\ufeff", "")).rstrip()


def _decode(data: bytes, name: str) -> str:
    if b"\x00" in data[:8192]:
        raise InputError(f"{name}: looks like binary data, not text (it contains NUL bytes). "
                         "Give a report as .txt (UTF-8), .docx or .pdf.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: is not UTF-8 text (invalid byte at offset {exc.start}). "
                         "Save the report as UTF-8, or give the .docx or .pdf.") from None
    controls = len(_CONTROL.findall(text))
    if controls > max(8, len(text) // 200):
        raise InputError(f"{name}: looks like binary data, not text ({controls} control characters). "
                         "Give a report as .txt (UTF-8), .docx or .pdf.")
    return text


def _docx_lines(data: bytes, name: str) -> list[str]:
    """Word paragraphs (and table cells) in order, with automatic list numbers restored."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
            if unpacked > MAX_DOCX_UNPACKED:
                raise InputError(f"{name}: unpacks to {unpacked} bytes, more than a report may have.")
            if "word/document.xml" not in archive.namelist():
                raise InputError(f"{name}: is a ZIP archive but not a Word document (no word/document.xml).")
        import docx  # python-docx parses with resolve_entities=False
        from docx.oxml.ns import qn

        document = docx.Document(io.BytesIO(data))
    except InputError:
        raise
    except Exception as exc:  # python-docx and zipfile raise many unrelated types for a corrupt file
        raise InputError(f"{name}: is not a readable DOCX file ({type(exc).__name__}: {exc}).") from None

    counters: dict[str, list[int]] = {}
    style_numbering = _style_numbering(document, qn)
    lines: list[str] = []
    body = document.element.body
    for block in body.iterchildren():
        if block.tag == qn("w:tbl"):
            for cell_text in block.itertext():
                if cell_text.strip():
                    lines.append(cell_text)
            continue
        if block.tag != qn("w:p"):
            continue
        text = _paragraph_text(block, qn)
        number = _list_number(block, qn, counters, style_numbering)
        if number and text.strip():
            text = f"{number}\t{text}"
        lines.append(text)
    return lines


def _paragraph_text(paragraph, qn) -> str:
    parts = []
    for node in paragraph.iter(qn("w:t"), qn("w:tab"), qn("w:br")):
        if node.tag == qn("w:t"):
            parts.append(node.text or "")
        elif node.tag == qn("w:tab"):
            parts.append("\t")
        else:
            parts.append(" ")
    return "".join(parts)


def _style_numbering(document, qn) -> dict[str, tuple[str, int]]:
    """Paragraph styles that number their paragraphs ("List Number", numbered headings): style → (numId, level)."""
    numbering: dict[str, tuple[str, int]] = {}
    based_on: dict[str, str] = {}
    for style in document.styles.element.iter(qn("w:style")):
        style_id = style.get(qn("w:styleId"))
        parent = style.find(qn("w:basedOn"))
        if parent is not None:
            based_on[style_id] = parent.get(qn("w:val"))
        num_pr = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        if num_pr is not None:
            num_id = num_pr.find(qn("w:numId"))
            ilvl = num_pr.find(qn("w:ilvl"))
            if num_id is not None:
                numbering[style_id] = (num_id.get(qn("w:val")), int(ilvl.get(qn("w:val"))) if ilvl is not None else 0)
    for style_id, parent in based_on.items():
        if style_id not in numbering and parent in numbering:
            numbering[style_id] = numbering[parent]
    return numbering


def _list_number(paragraph, qn, counters: dict[str, list[int]], styles: dict[str, tuple[str, int]]) -> str | None:
    """The number Word would print before an automatically numbered paragraph ("5.1.2")."""
    key, level = None, 0
    style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    if style is not None and style.get(qn("w:val")) in styles:
        key, level = styles[style.get(qn("w:val"))]
    num_pr = paragraph.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
    if num_pr is not None:
        num_id = num_pr.find(qn("w:numId"))
        ilvl = num_pr.find(qn("w:ilvl"))
        key = num_id.get(qn("w:val")) if num_id is not None else key
        level = int(ilvl.get(qn("w:val"))) if ilvl is not None else level
    if key is None or key == "0":
        return None
    levels = counters.setdefault(key, [0] * 9)
    levels[level] += 1
    for deeper in range(level + 1, 9):
        levels[deeper] = 0
    return ".".join(str(max(n, 1)) for n in levels[: level + 1])


_PAGE_FURNITURE = re.compile(r"^\s*(?:-\s*\d+\s*-|\d+|Page \d+( of \d+)?)\s*$")
_STARTS_BLOCK = re.compile(r"^\s*(?:\d{1,3}(?:\.\d{1,3})*\.?\s|[·•\-–]\s|Topic \d)")


def _pdf_lines(data: bytes, name: str) -> list[str]:
    """The text layer of a PDF, with wrapped lines joined back into paragraphs."""
    try:
        import pypdf

        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise InputError(f"{name}: is an encrypted PDF; give an unencrypted copy.")
        page_texts = [page.extract_text() or "" for page in reader.pages]
    except InputError:
        raise
    except Exception as exc:  # pypdf raises many unrelated types for a corrupt file
        raise InputError(f"{name}: is not a readable PDF file ({type(exc).__name__}: {exc}).") from None
    raw = [line.rstrip() for text in page_texts for line in text.splitlines()]
    raw = [line for line in raw if line.strip() and not _PAGE_FURNITURE.match(line)]
    if not raw:
        raise InputError(f"{name}: has no text layer (a scanned PDF?). Give a PDF with text, or the .docx.")
    width = max(len(line) for line in raw)
    paragraphs: list[str] = []
    for line in raw:
        if paragraphs and not _STARTS_BLOCK.match(line):
            previous = paragraphs[-1]
            last_line = previous.rsplit("\n", 1)[-1]
            if len(last_line) >= 0.75 * width and not previous.rstrip().endswith((".", "?", "!", ":")):
                paragraphs[-1] = previous + "\n" + line
                continue
        paragraphs.append(line)
    return [paragraph.replace("-\n", "-").replace("\n", " ") for paragraph in paragraphs]


__all__ = ["Line", "Source", "read_report", "read_bytes", "read_text"]
