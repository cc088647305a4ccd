"""Write the .docx and .pdf versions of the fixture reports, as the archive holds its reports.

    .venv/bin/python tests/corpus/make_formats.py            # writes <stem>.docx and <stem>.pdf beside each .txt

Sources: `tests/corpus/styles/*.txt`, `tests/corpus/*-report.txt` and the bundled report
`data/corpus/cwg-internet-18-report.txt`. Each version is written beside its .txt, with the same stem.

- .docx (python-docx): one Word paragraph per line of the text, numbered headings as in the text (the number
  typed, styled Heading 1 or 2), the report's own symbol in the page header and "- N -" in the footer of
  later pages (Word keeps both out of the body, as the reader does).
- .pdf (fpdf2, DejaVu Sans 10 pt on A4): paragraphs wrapped into lines and set apart by a small gap, words
  sometimes hyphenated at a line's end, symbols sometimes broken after a hyphen ("CWG-" / "Internet-18/3"),
  and on every page after the first a running header: "- N -" and the report's own symbol. A text that is
  hard-wrapped already (one extracted from a PDF) keeps its lines, evenly spaced.

The report's own symbol is the oracle's `cover.symbol` where it has one, else the meeting's next document
number after those the oracle lists (`CWG-Internet-18/10` for the bundled report), with `-E`.

Output is deterministic: fixed dates in the metadata and the archive, hyphenation drawn from a generator
seeded with the stem. `tests/loader/test_formats.py` checks that the committed files still read as freshly
generated ones do.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import random
import re
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
FIXED = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)
WIDTH_MM = 170  # A4 less 20 mm margins
# prefixes whose hyphen the reader keeps at a line's end (loader/furniture.py): never hyphenate after them
KEEP_HYPHEN = {"non", "multi", "self", "cross", "co", "ex", "well", "anti", "post", "pre", "sub", "inter", "intra"}


def sources() -> list[Path]:
    """Every text that gets a .docx and a .pdf version."""
    found = (sorted((HERE / "styles").glob("*.txt")) + sorted(HERE.glob("*-report.txt"))
             + [ROOT / "data" / "corpus" / "cwg-internet-18-report.txt"])
    assert len(found) >= 15, f"expected the fixture reports in {HERE}"
    return found


def own_symbol(text_path: Path) -> str:
    """The report's own symbol, as its running header writes it."""
    oracle = text_path.with_name(text_path.stem + ".expected.json")
    expected = json.loads(oracle.read_text(encoding="utf-8")) if oracle.exists() else {}
    if "symbol" in expected.get("cover", {}):
        return expected["cover"]["symbol"] + "-E"
    if not expected:  # the bundled report
        return "CWG-Internet-18/10-E"
    meeting = expected["meeting"]
    numbers = [int(m[1]) for s in expected.get("documents", {}) if (m := re.search(r"/(\d+)", s))]
    return f"{meeting['body']}-{meeting['number']}/{max(numbers, default=0) + 1}-E"


def hard_wrapped(lines: list[str]) -> bool:
    """A text extracted from a PDF already: no line longer than a printed one."""
    return bool(lines) and max(map(len, lines)) <= 130


# ------------------------------------------------------------------------------------------ wrapping


def wrap(paragraph: str, width: float, measure: Callable[[str], float], rng: random.Random, *,
         hyphenate: float = 0.5) -> list[str]:
    """A paragraph broken into lines no wider than `width` (as `measure` says), greedily. A word that does not
    fit is hyphenated with probability `hyphenate` (a lowercase word of 8 letters or more, split leaving 3
    letters or more on each side, never after a prefix whose hyphen would be read as a real one), and a
    symbol or name with a hyphen may break after it ("CWG-" / "Internet-18/3")."""
    lines: list[str] = []
    line = ""
    for word in paragraph.split(" "):
        candidate = f"{line} {word}" if line else word
        if measure(candidate) <= width or not line:
            line = candidate
            continue
        head, tail = _break_word(line, word, width, measure, rng, hyphenate)
        if head:
            lines.append(f"{line} {head}")
            line = tail
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


def _break_word(line: str, word: str, width: float, measure, rng: random.Random, hyphenate: float) -> tuple[str, str]:
    """Where `word` breaks at the end of `line`: (part on this line, with its hyphen; rest), or ("", "")."""
    if rng.random() >= hyphenate:
        return "", ""
    if word.isalpha() and word.islower() and len(word) >= 8:
        for cut in range(len(word) - 3, 2, -1):
            if word[:cut] not in KEEP_HYPHEN and measure(f"{line} {word[:cut]}-") <= width:
                return word[:cut] + "-", word[cut:]
    for match in reversed(list(re.finditer(r"(?<=[A-Za-z0-9])-(?=[A-Za-z0-9])", word))):
        before = word[:match.start()]
        last = re.search(r"[A-Za-z]+$", before)
        if (last is None or not last[0].islower() or last[0] in KEEP_HYPHEN) and \
                measure(f"{line} {word[:match.end()]}") <= width:
            return word[:match.end()], word[match.end():]
    return "", ""


# ------------------------------------------------------------------------------------------ PDF


def _pdf_class():
    from fpdf import FPDF

    class Report(FPDF):
        """An A4 report whose later pages carry "- N -" and the report's own symbol at the top."""

        symbol = ""

        def header(self) -> None:
            if self.page_no() > 1:
                self.set_font("dejavu", size=9)
                self.cell(0, 5, f"- {self.page_no()} -", align="C", new_x="LMARGIN", new_y="NEXT")
                self.cell(0, 5, self.symbol, align="C", new_x="LMARGIN", new_y="NEXT")
                self.ln(4)
                self.set_font("dejavu", size=10)

    return Report


def write_pdf(text: str, symbol: str, path: Path, seed: str) -> None:
    if not FONT.exists():
        raise SystemExit(f"{FONT}: not found. The PDF fixtures are set in DejaVu Sans "
                         "(apt-get install fonts-dejavu-core).")
    pdf = _pdf_class()(format="A4")
    pdf.symbol = symbol
    pdf.set_margins(20, 20, 20)
    pdf.set_auto_page_break(True, margin=20)
    pdf.set_creation_date(FIXED)
    pdf.set_creator("tests/corpus/make_formats.py")
    pdf.add_font("dejavu", fname=str(FONT))
    pdf.set_font("dejavu", size=10)
    pdf.add_page()
    lines = [line.rstrip() for line in text.splitlines() if line.strip()]
    rng = random.Random(seed)
    if hard_wrapped(lines):
        for line in lines:
            pdf.cell(0, 5, _printable(line), new_x="LMARGIN", new_y="NEXT")
        pdf.output(str(path))
        return
    for paragraph in lines:
        for line in wrap(_printable(paragraph), WIDTH_MM - 1, pdf.get_string_width, rng):
            pdf.cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2.5)
    pdf.output(str(path))


def _printable(line: str) -> str:
    """A line as set in the PDF: a tab (after a paragraph number) as spaces, runs of spaces as one."""
    return re.sub(r"(?<=\S) {2,}(?=\S)", " ", line.strip()).replace("\t", "   ")


# ------------------------------------------------------------------------------------------ DOCX

_HEADING = re.compile(r"^\s*(\d{1,2}(?:\.\d{1,3}){0,3})\.?(?:\t|\s+)(\S.*)$")


def write_docx(text: str, symbol: str, path: Path) -> None:
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    section = document.sections[0]
    section.different_first_page_header_footer = True
    section.header.paragraphs[0].text = symbol
    footer = section.footer.paragraphs[0]
    footer.add_run("- ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    footer._p.append(field)
    footer.add_run(" -")
    for line in text.splitlines():
        if not line.strip():
            continue
        heading = _HEADING.match(line)
        level = heading[1].count(".") + 1 if heading else 0
        if heading and level <= 2 and not re.search(r"[.;:!?]['\"”’)]*$", heading[2]) and len(heading[2]) < 200:
            document.add_paragraph(line.strip(), style=f"Heading {level}")
        else:
            document.add_paragraph(line.rstrip())
    for prop in ("created", "modified", "last_printed"):
        setattr(document.core_properties, prop, FIXED.replace(tzinfo=None))
    buffer = io.BytesIO()
    document.save(buffer)
    path.write_bytes(_fixed_zip(buffer.getvalue()))


def _fixed_zip(data: bytes) -> bytes:
    """The same archive with fixed entry dates, so that the file is the same on every run."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


# ------------------------------------------------------------------------------------------ entry


def make(text_path: Path, folder: Path | None = None) -> tuple[Path, Path]:
    """Write the .docx and .pdf versions of one text (into `folder`, else beside it)."""
    folder = folder or text_path.parent
    text = text_path.read_text(encoding="utf-8")
    symbol = own_symbol(text_path)
    docx_path, pdf_path = folder / f"{text_path.stem}.docx", folder / f"{text_path.stem}.pdf"
    write_docx(text, symbol, docx_path)
    write_pdf(text, symbol, pdf_path, text_path.stem)
    return docx_path, pdf_path


def main(argv: list[str]) -> int:
    for text_path in sources():
        for written in make(text_path):
            print(written.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
