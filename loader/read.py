"""Reading report files (.txt, .docx, .pdf) into numbered lines of text.

Every format ends as the same thing: a `Source` whose lines are the report's paragraphs in order,
each with the line (or Word paragraph) it came from, so that errors and provenance can point back
to the file.

>>> source = read_text("1.1\\tThe first meeting of CWG-Internet was held on 1 May 2020.\\n", name="x.txt")
>>> [(line.number, line.text) for line in source.lines]
[(1, '1.1\\tThe first meeting of CWG-Internet was held on 1 May 2020.')]

Limits (security issue #14): a report over one of them raises `TooLargeError` (an `InputError`, exit 2), one
paragraph naming the file, the limit and how far over, and nothing is written. A file is read no further
than needed to know: its size is checked before it is read, a .docx is parsed one paragraph or table at a
time and a .pdf one page at a time, each stopping once over the text limit. The limits are far above any
meeting report (the largest reports of the Council working groups run to some 200 pages, a few MB of PDF,
well under 1 MB of text and some 100,000 triples) and bound what one report costs to load, whatever the file
holds: at most about a minute and 2 GB of memory (measured: 5M characters of report text, 350,000 triples,
41 s and 1.5 GB; 500,000 triples of citations, 57 s and 2.0 GB; before the limits, a 50 MB .txt took 11
minutes and 14 GB).

    file, .txt          20,000,000 bytes (the most 5,000,000 characters take in UTF-8)   `MAX_TXT_BYTES`
    file, .docx / .pdf  50 MiB                                                            `MAX_BYTES`
    text                5,000,000 characters                                              `MAX_TEXT`
    paragraphs          50,000 (non-blank lines, each a paragraph)                        `MAX_PARAGRAPHS`
    triples             500,000 (counted as they are made)            `itukg.loader.triples.MAX_TRIPLES`
    .docx               64 MiB of document XML, unpacked; 1,000,000 XML elements in one paragraph or table
    .pdf                10,000 pages                                                      `MAX_PAGES`

What pypdf says of a damaged PDF it reads anyway is kept in `Source.notes` (the load shows it as a
warning of the report), not printed.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import re
import stat
import warnings
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError, TooLargeError
from .furniture import PdfLine, clean_pages, clean_text

MAX_TEXT = 5_000_000
MAX_TXT_BYTES = 4 * MAX_TEXT
MAX_BYTES = 50 * 1024 * 1024
MAX_PARAGRAPHS = 50_000
MAX_PAGES = 10_000
MAX_DOCX_XML = 64 * 1024 * 1024
MAX_BLOCK_ELEMENTS = 1_000_000


@dataclass(frozen=True, slots=True)
class Line:
    number: int
    text: str


@dataclass(frozen=True, slots=True)
class Source:
    name: str
    lines: tuple[Line, ...]
    sha256: str
    notes: tuple[str, ...] = ()  # what the reader recovered from (a damaged PDF), for the report's warnings


def read_report(path: str | Path) -> Source:
    """Read a report file of any supported format, or raise `InputError` naming the file."""
    path = Path(path)
    limit = max_bytes(path.name)
    try:
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > limit:  # refused before reading
                raise _file_too_large(str(path), size, limit)
            data = handle.read(limit + 1)  # a file that grew, or no regular file (a pipe): no further
    except FileNotFoundError:
        raise InputError(f"{path}: no such file. Give the path of a report (.txt, .docx or .pdf).") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, not a report file.") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc}).") from None
    if len(data) > limit:
        raise TooLargeError.over(str(path), "file", len(data), limit, unit="bytes", exact=False, whose=_whose(limit),
                            where=", in a file that grew while read or is no regular file")
    return read_bytes(data, name=str(path))


def max_bytes(name: str) -> int:
    """The largest file read as a report called `name`: a .txt file holds text only, so it is refused from
    its size once the size says the text is over `MAX_TEXT`; a .docx or .pdf holds pictures and fonts too."""
    return MAX_TXT_BYTES if Path(name).suffix.lower() == ".txt" else MAX_BYTES


def regular_file_within_limit(path: str | Path) -> bool:
    """Whether `path` is a regular file no larger than a report may be (to hash before reading it)."""
    try:
        status = os.stat(path)
    except OSError:
        return False
    return stat.S_ISREG(status.st_mode) and status.st_size <= max_bytes(str(path))


def _whose(limit: int) -> str:
    return "a .txt report" if limit == MAX_TXT_BYTES else "a report"


def _file_too_large(name: str, size: int, limit: int) -> TooLargeError:
    note = f"; a report may have at most {MAX_TEXT:,} characters of text" if limit == MAX_TXT_BYTES else ""
    return TooLargeError.over(name, "file", size, limit, unit="bytes", whose=_whose(limit), note=note)


def _too_much_text(name: str, found: int, *, where: str = "") -> TooLargeError:
    return TooLargeError.over(name, "text", found, MAX_TEXT, unit="characters of text", exact=not where, where=where)


def read_bytes(data: bytes, *, name: str) -> Source:
    """Read a report given as bytes; the format comes from the name's suffix, else from the content."""
    if not data or data.isspace():
        raise InputError(f"{name}: is empty. A report must contain the text of a meeting report.")
    if len(data) > MAX_BYTES:
        raise _file_too_large(name, len(data), MAX_BYTES)
    suffix = Path(name).suffix.lower()
    digest = hashlib.sha256(data).hexdigest()
    if suffix == ".docx" or (suffix not in (".txt", ".pdf") and data[:4] == b"PK\x03\x04"):
        return _source(name, clean_text(_numbered(name, _docx_lines(data, name))), digest)
    if suffix == ".pdf" or (suffix != ".txt" and data[:5] == b"%PDF-"):
        with _pypdf_notes() as notes:
            pages = _pdf_pages(data, name, notes)
        return _source(name, clean_pages(pages), digest, notes=tuple(dict.fromkeys(notes)))
    if len(data) > MAX_TXT_BYTES:
        raise _file_too_large(name, len(data), MAX_TXT_BYTES)
    return read_text(_decode(data, name), name=name, sha256=digest)


def read_text(text: str, *, name: str = "<text>", sha256: str | None = None) -> Source:
    """Split a report's text into lines (numbered from 1), dropping blank ones."""
    if len(text) > MAX_TEXT:
        raise _too_much_text(name, len(text))
    digest = sha256 or hashlib.sha256(text.encode("utf-8")).hexdigest()
    return _source(name, clean_text(_numbered(name, _split_lines(text))), digest)


# str.splitlines' line boundaries, one line at a time
_LINE = re.compile(r"([^\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]*)(?:\r\n|[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]|\Z)")


def _split_lines(text: str) -> Iterator[str]:
    """The lines of `text` as `str.splitlines` has them (and a last empty one), without a list of them all.

    >>> text = "a\\r\\nb\\x0cc\\u2028\\n\\rd"
    >>> [line for line in _split_lines(text) if line] == [line for line in text.splitlines() if line]
    True
    """
    return (match[1] for match in _LINE.finditer(text))


def _source(name: str, lines: list[tuple[int, str]], sha256: str, *, notes: tuple[str, ...] = ()) -> Source:
    if not lines:
        raise InputError(f"{name}: contains no text. A report must contain the text of a meeting report.")
    return Source(name=name, lines=tuple(Line(number, text) for number, text in lines), sha256=sha256, notes=notes)


def _numbered(name: str, raw_lines: Iterable[str]) -> list[tuple[int, str]]:
    """The non-blank lines, numbered from 1 as the file has them, control characters dropped; more than
    `MAX_PARAGRAPHS` of them raise `TooLargeError` (counted to the end, held no further)."""
    lines: list[tuple[int, str]] = []
    count = 0
    for number, raw in enumerate(raw_lines, start=1):
        cleaned = _clean(raw)
        if cleaned.strip():
            count += 1
            if count <= MAX_PARAGRAPHS:
                lines.append((number, cleaned))
    if count > MAX_PARAGRAPHS:
        raise TooLargeError.over(name, "paragraphs", count, MAX_PARAGRAPHS, unit="paragraphs")
    return lines


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _clean(line: str) -> str:
    return _CONTROL.sub("", line).rstrip()


def _decode(data: bytes, name: str) -> str:
    if b"\x00" in data[:8192]:
        raise InputError(f"{name}: looks like binary data, not text (it contains NUL bytes). "
                         "Give a report as .txt (UTF-8), .docx or .pdf.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: is not UTF-8 text (invalid byte at offset {exc.start}). "
                         "Save the report as UTF-8, or give the .docx or .pdf.") from None
    controls = _CONTROL.subn("", text)[1]
    if controls > max(8, len(text) // 200):
        raise InputError(f"{name}: looks like binary data, not text ({controls} control characters). "
                         "Give a report as .txt (UTF-8), .docx or .pdf.")
    return text


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"


def qn(tag: str) -> str:
    """The Clark name of a WordprocessingML tag ("w:p"), as python-docx's `qn` gives it."""
    return _W + tag.split(":", 1)[1]


def _docx_lines(data: bytes, name: str) -> Iterator[str]:
    """Word paragraphs (and table cells) in order, with automatic list numbers restored: the document's XML is
    parsed one paragraph or table at a time, each dropped once read, stopping once over `MAX_TEXT`."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            main = _docx_part(archive, "_rels/.rels", "/officeDocument", "word/document.xml")
            if main not in archive.namelist():
                raise InputError(f"{name}: is a ZIP archive but not a Word document (no {main}).")
            xml_size = archive.getinfo(main).file_size
            if xml_size > MAX_DOCX_XML:
                raise TooLargeError.over(name, "document XML", xml_size, MAX_DOCX_XML,
                                    unit="bytes of document XML once unpacked")
            folder = main.rpartition("/")[0]
            rels = f"{folder}/_rels/{main.rpartition('/')[2]}.rels".lstrip("/")
            styles = _docx_part(archive, rels, "/styles", f"{folder}/styles.xml", base=folder)
            style_numbering = _style_numbering(archive, styles) if styles in archive.namelist() else {}
            counters: dict[str, list[int]] = {}
            characters = 0
            for blocks, block in enumerate(_body_blocks(archive, main, name), start=1):
                if block.tag == qn("w:tbl"):
                    texts = [text for text in block.itertext() if text.strip()]
                else:
                    text = _paragraph_text(block)
                    number = _list_number(block, counters, style_numbering)
                    texts = [f"{number}\t{text}" if number and text.strip() else text]
                for text in texts:
                    characters += len(text)
                    if characters > MAX_TEXT:
                        raise _too_much_text(name, characters, where=f", after {blocks:,} paragraphs of the document")
                    yield text
    except InputError:
        raise
    except Exception as exc:  # zipfile and lxml raise many unrelated types for a corrupt file
        raise InputError(f"{name}: is not a readable DOCX file ({type(exc).__name__}: {exc}).") from None


def _xml_events(archive: zipfile.ZipFile, part: str, events: tuple[str, ...] = ("end",), tag=None):
    """Parse a part of a .docx as it is unpacked, as python-docx does: no entities, no network."""
    from lxml import etree

    with archive.open(part) as stream:
        yield from etree.iterparse(stream, events=events, tag=tag, remove_blank_text=True, resolve_entities=False,
                                   no_network=True, load_dtd=False, huge_tree=False)


def _docx_part(archive: zipfile.ZipFile, rels: str, kind: str, default: str, *, base: str = "") -> str:
    """The part a relationship of type ...`kind` points to, as a name in the archive; `default` without one."""
    if rels not in archive.namelist():
        return default
    for _, relation in _xml_events(archive, rels, tag=_RELS):
        if relation.get("Type", "").endswith(kind) and relation.get("TargetMode") != "External":
            target = relation.get("Target", "")
            return target.lstrip("/") if target.startswith("/") else f"{base}/{target}".lstrip("/")
        relation.clear()
    return default


def _body_blocks(archive: zipfile.ZipFile, part: str, name: str) -> Iterator:
    """The paragraphs and tables of the document's body, each whole, then dropped from memory with what came
    before it. At most `MAX_BLOCK_ELEMENTS` elements are held at a time (one paragraph or table, or what else
    the body holds between two)."""
    blocks, body = (qn("w:p"), qn("w:tbl")), qn("w:body")
    held = 0
    for _, element in _xml_events(archive, part):
        held += 1
        if held > MAX_BLOCK_ELEMENTS:
            raise TooLargeError.over(name, "XML elements", held, MAX_BLOCK_ELEMENTS, exact=False, unit="XML elements",
                                whose="one paragraph or table of a report")
        if element.tag in blocks and (parent := element.getparent()) is not None and parent.tag == body:
            yield element
            held = 0
            element.clear()
            while element.getprevious() is not None:
                del parent[0]


def _paragraph_text(paragraph) -> str:
    parts = []
    for node in paragraph.iter(qn("w:t"), qn("w:tab"), qn("w:br")):
        if node.tag == qn("w:t"):
            parts.append(node.text or "")
        elif node.tag == qn("w:tab"):
            parts.append("\t")
        else:
            parts.append(" ")
    return "".join(parts)


def _style_numbering(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, int]]:
    """Paragraph styles that number their paragraphs ("List Number", numbered headings): style → (numId, level)."""
    numbering: dict[str, tuple[str, int]] = {}
    based_on: dict[str, str] = {}
    for _, style in _xml_events(archive, part, tag=qn("w:style")):
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
        style.clear()
    for style_id, parent in based_on.items():
        if style_id not in numbering and parent in numbering:
            numbering[style_id] = numbering[parent]
    return numbering


def _list_number(paragraph, counters: dict[str, list[int]], styles: dict[str, tuple[str, int]]) -> str | None:
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


def _pdf_pages(data: bytes, name: str, notes: list[str]) -> list[list[PdfLine]]:
    """The text layer of a PDF, page by page up to `MAX_TEXT`: each page's non-blank lines, numbered through
    the whole text, with their height on the page. `notes` gathers what pypdf says of a damaged file; a file it
    cannot read raises `InputError` with the first."""
    pages: list[list[tuple[str, float | None]]] = []
    try:
        import pypdf

        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise InputError(f"{name}: is an encrypted PDF; give an unencrypted copy.")
        count = len(reader.pages)
        if count > MAX_PAGES:
            raise TooLargeError.over(name, "pages", count, MAX_PAGES, unit="pages", whose="a PDF report")
        characters = 0
        for number, page in enumerate(reader.pages, start=1):
            pages.append(_page_lines(page))
            characters += sum(len(text) for text, _ in pages[-1])
            if characters > MAX_TEXT:
                raise _too_much_text(name, characters, where=f", after {number:,} pages of {count:,}")
    except InputError:
        raise
    except Exception as exc:  # pypdf raises many unrelated types for a corrupt file
        noted = f"; pypdf noted: {notes[0]}" if notes else ""
        raise InputError(f"{name}: is not a readable PDF file ({type(exc).__name__}: {exc}{noted}).") from None
    numbered = dict(_numbered(name, (text for page in pages for text, _ in page)))
    if not numbered:
        raise InputError(f"{name}: has no text layer (a scanned PDF?). Give a PDF with text, or the .docx.")
    lines: list[list[PdfLine]] = []
    number = 0
    for page in pages:
        lines.append([])
        for _, height in page:
            number += 1
            if number in numbered:
                lines[-1].append(PdfLine(number, numbered[number], height))
    return lines


def _page_lines(page) -> list[tuple[str, float | None]]:
    """A page's lines as pypdf extracts them, each with the height on the page of its first text (None
    where the PDF does not say)."""
    texts: list[str] = [""]
    heights: list[float | None] = [None]

    def visit(text: str, cm, tm, font, size) -> None:
        for index, part in enumerate(text.split("\n")):
            if index:
                texts.append("")
                heights.append(None)
            texts[-1] += part
            if part.strip() and heights[-1] is None and cm and tm:
                heights[-1] = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]

    page.extract_text(visitor_text=visit)
    return list(zip(texts, heights, strict=True))


class _Notes(logging.Handler):
    def __init__(self, notes: list[str]):
        super().__init__(logging.WARNING)
        self.notes = notes

    def emit(self, record: logging.LogRecord) -> None:
        self.notes.append(record.getMessage().strip())


@contextmanager
def _pypdf_notes() -> Iterator[list[str]]:
    """While reading a PDF: pypdf's log messages and warnings gathered into a list, not printed on stderr (by
    logging's last-resort handler, or the application's)."""
    notes: list[str] = []
    logger = logging.getLogger("pypdf")
    handler, propagate = _Notes(notes), logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            yield notes
        notes.extend(str(warning.message) for warning in caught)
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


__all__ = ["Line", "Source", "read_report", "read_bytes", "read_text", "max_bytes", "regular_file_within_limit",
           "MAX_TEXT", "MAX_TXT_BYTES", "MAX_BYTES", "MAX_PARAGRAPHS", "MAX_PAGES"]
