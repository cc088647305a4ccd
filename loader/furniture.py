"""Clean report text as archives hold it: page furniture, PDF line wrapping and the damage PDF extraction does.

A report read from a PDF (or a .txt someone extracted from one) is not a list of paragraphs: pages carry
running headers and footers ("- 2 -", "2/3", the report's own symbol), paragraphs are broken into lines,
words are hyphenated at line ends, ligatures and soft hyphens stand for letters, and spaces are lost
("and180", "ninthmeeting", "1.1.On behalf"). The functions here are pure, on lines of text; each line
carries the number of the line it came from, and a paragraph joined from several lines keeps the number
of its first.

>>> [text for _, text in clean_text([(1, "2."), (2, "Adoption of the agenda"), (3, "The draft agenda (WG-"),
...                                 (4, "COP/1) was adopted by all par-"), (5, "ticipants and180 others.")])]
['2.\\tAdoption of the agenda', 'The draft agenda (WG-COP/1) was adopted by all participants and 180 others.']

Where each step applies: `fold` and `unglue` on every line of every format (they leave typed text as it
is); `drop_page_marks` and `join_lines` on .txt and .docx (a typed report has one paragraph a line, so
only joins that a line's own end asks for are made, unless the text is hard-wrapped as a PDF extraction
is); `clean_pages` on a PDF, whose page breaks and line positions say where furniture and paragraphs are.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

Numbered = tuple[int, str]  # (line number, text)

# ------------------------------------------------------------------------------------------ characters

_FOLD = str.maketrans({
    "\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb05": "st", "\ufb06": "st",
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ",
    "\u00ad": None, "\u200b": None, "\u200c": None, "\u200d": None, "\u2060": None, "\ufeff": None,
})
SOFT_HYPHEN = "\u00ad"
_NEEDS_FOLD = re.compile("[\ufb00-\ufb06\u00a0\u2007\u202f\u2009\u00ad\u200b-\u200d\u2060\ufeff]")
_SPACES = re.compile(r"(?<=\S) {2,}(?=\S)")


def fold(line: str) -> str:
    """Ligatures as their letters, soft hyphens (but one ending the line) and zero-width marks dropped, odd
    spaces and runs of spaces as one space (tabs kept: they separate paragraph numbers).

    >>> fold("speci\\ufb01c  needs,\\u00a0par\\u00adticipants")
    'specific needs, participants'
    """
    if _NEEDS_FOLD.search(line):
        soft = line.endswith(SOFT_HYPHEN)  # kept at the line's end: where a word was hyphenated
        line = line.translate(_FOLD) + (SOFT_HYPHEN if soft else "")
    return _SPACES.sub(" ", line) if "  " in line else line


# ------------------------------------------------------------------------------------------ glued words

_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_ORDINAL_WORDS = ("first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|"
                  "fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth|fortieth|"
                  "fiftieth")
# lowercase words a PDF glues to digits; not "ipv6" and its kind, nor a word inside a path or symbol
_TECH = {"ipv", "covid", "sha", "utf", "mp", "wg", "md", "rev", "add", "corr"}
_UNGLUE = re.compile(
    # 1: a paragraph number glued to its text ("1.1.On behalf", "5.Open", "1.1The", "6.1.CWG-Internet-9/5")
    r"^(?P<num>\s*\d{1,2}(?:\.\d{1,3}){0,4}\.(?=[A-Z(“\"‘'])|\s*\d{1,2}(?:\.\d{1,3}){1,4}(?=[A-Z][a-z]|[A-Z]{2}))"
    # 2: a lowercase word, or a word that announces a number, glued to digits ("and180", "Resolution179")
    r"|(?<![\w/.:@#&-])(?P<word>[a-z]{2,}|Resolutions?|Decisions?|Recommendations?|Documents?|Annex|Article|"
    r"Addendum|Corrigendum|"
    + _MONTHS + r")(?=\d)"
    # 3: a number glued to a month, an ordinal glued to a word ("5February", "29thMEETING", "24thand")
    r"|(?<![\w/-])(?P<day>\d{1,2})(?=(?:" + _MONTHS + r")\b)"
    r"|(?<![\w/-])(?P<ord>\d{1,3}(?:st|nd|rd|th))(?=[A-Za-z]{2})"
    # 4: a few function words a PDF glued to the next word ("ninthmeeting", "hispresence", "allITU")
    r"|\b(?P<fn>(?:" + _ORDINAL_WORDS + r"|this|that|his|her|its|their|next|previous|all|the))"
    r"(?=(?:meeting|meetings|session|presence|ITU|Group|Council|Member|Members|Sector)\b)"
    # 5: the group acronym with its hyphen lost ("CWGInternet")
    r"|\b(?P<wg>C?WG)(?=Internet\b|[A-Z][a-z]{3,}\b)"
)
_GLUED_SECOND = ("meeting", "presence", "session", "ITU", "Group", "Council", "Member", "Sector")
_GLUED_FUNCTION = re.compile(r"[a-z](?:" + "|".join(_GLUED_SECOND) + r")\b")
_GLUED_WG = re.compile(r"WG(?=Internet\b|[A-Z][a-z]{3,}\b)")
_GLUED_NUMBER = re.compile(r"\s*\d[\d.]*[A-Z(“\"‘']")


# ASCII letters and digits to one letter each, so that a digit beside a letter is a substring test
_KINDS = bytes.maketrans(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
                         b"a" * 26 + b"A" * 26 + b"0" * 10)


def _glued_function(line: str) -> bool:
    """A lowercase letter right before one of `_GLUED_SECOND` ("ninthmeeting"), found without a regex scan."""
    for word in _GLUED_SECOND:
        at = line.find(word, 1)
        while at > 0:
            if line[at - 1].islower() and line[at - 1].isascii() and _GLUED_FUNCTION.match(line, at - 1):
                return True
            at = line.find(word, at + 1)
    return False


def _glue_cue(line: str) -> bool:
    """A cheap look for what `_UNGLUE` may change (the whole expression costs more on every line; so do
    character-class scans, hence the substring tests)."""
    kinds = line.encode("ascii", "replace").translate(_KINDS)
    return bool(_GLUED_NUMBER.match(line) or b"0a" in kinds or b"0A" in kinds or b"a0" in kinds
                or ("WG" in line and _GLUED_WG.search(line)) or _glued_function(line))


def unglue(line: str) -> str:
    """Words a PDF glued together apart again, never breaking a symbol ("CWG-Internet-18/1", "C19/12",
    "A/RES/70/125", "IPv6").

    >>> unglue("1.1.On behalf of all ITU, the ninthmeeting on 5February and180 and the 24thand 25thJanuary")
    '1.1. On behalf of all ITU, the ninth meeting on 5 February and 180 and the 24th and 25th January'
    >>> unglue("CWG-Internet-18/1, C19/12, A/RES/70/125, IPv6, WG-COP/8 and Res. 102")
    'CWG-Internet-18/1, C19/12, A/RES/70/125, IPv6, WG-COP/8 and Res. 102'
    """
    if not _glue_cue(line):
        return line
    return _UNGLUE.sub(_spaced, line)


def _spaced(match: re.Match) -> str:
    kind, text = match.lastgroup, match[0]
    if kind == "word" and text in _TECH:
        return text
    if kind == "wg":
        return text + "-"
    return text + " "


# ------------------------------------------------------------------------------------------ page furniture

_PAGE_MARK = re.compile(r"^\s*(?:[-–]\s*\d{1,4}(?:\s*/\s*\d{1,4})?\s*[-–]|\d{1,4}\s*/\s*\d{1,4}"
                        r"|Page\s+\d{1,4}(?:\s+of\s+\d{1,4})?)\s*$",
                        re.IGNORECASE)
_BARE_NUMBER = re.compile(r"^\s*\d{1,4}\s*$")
# a line that is only a document symbol, as a running header writes the report's own ("WG-COP/12-E",
# "CWG-Internet-18/10-E", "WG-Internet 9/11", "C16/41-E", "C11/45(Rev.1)-E", "PP-14/20(Add.1)-E")
_SYMBOL_LINE = re.compile(
    r"^\s*(?:[A-Z][A-Za-z]{0,5}(?:-[A-Za-z&]+)*(?:[- ]\d{1,3})?/|C\d{2}/)[A-Za-z0-9/]*\d"
    r"(?:\((?:Rev|Add|Corr)\.\d{1,2}\))*(?:-[EFSACR])?\s*$")


_PAGE_OF = re.compile(r"(\d+)\s*/\s*(\d+)")


def is_page_mark(line: str) -> bool:
    """A page number as running headers and footers write it ("- 2 -", "2/3", "- 2/3 -", "Page 2 of 3"); not
    "20/5", a page past the last (the end of a symbol broken across lines: "CWG-Internet-" / "20/5").

    >>> [is_page_mark(text) for text in ("- 2 -", "2/3", "Page 2 of 3", "20/5", "18 October")]
    [True, True, True, False, False]
    """
    if not _PAGE_MARK.match(line):
        return False
    page_of = _PAGE_OF.search(line)
    return page_of is None or int(page_of[1]) <= int(page_of[2])


def drop_page_marks(lines: list[Numbered]) -> list[Numbered]:
    """Page numbers dropped from a text whose page breaks are lost, and a symbol-only line beside one (the
    running header of the next page, or the footer of the last); not a symbol that ends the paragraph above
    it ("... UNGA Resolution" / "A/RES/70/1" / "- 2 -")."""
    if not any(is_page_mark(text) for _, text in lines):
        return lines
    dropped: set[int] = set()
    for i, (_, text) in enumerate(lines):
        if is_page_mark(text):
            dropped.add(i)
            if i + 1 < len(lines) and _SYMBOL_LINE.match(lines[i + 1][1]):
                dropped.add(i + 1)
            if i > 0 and _SYMBOL_LINE.match(lines[i - 1][1]) and not (i > 1 and _asks_more(lines[i - 2][1])):
                dropped.add(i - 1)
    return [line for i, line in enumerate(lines) if i not in dropped]


@dataclass(frozen=True, slots=True)
class PdfLine:
    """A line of a PDF page as extracted: its number in the whole text, its text and, where the PDF says, the
    height on the page of its baseline (None when unknown)."""

    number: int
    text: str
    height: float | None = None


PARAGRAPH_GAP = 1.3  # a gap above a line this many times the usual line spacing sets a paragraph apart
PAGE_BREAK = -1.0  # the gap above a page's first line: unknown, but the PDF sets paragraphs apart by gaps
TEXT_PAGE_BREAK = -2.0  # page furniture set apart by blank lines on both sides in a text: a page break there
_EDGE = 3  # lines at the top and bottom of a page where running headers and footers are looked for


def strip_furniture(pages: list[list[PdfLine]]) -> list[list[PdfLine]]:
    """Running headers and footers dropped from each page of a PDF: page numbers and bare numbers at a page's
    top or bottom, the report's own symbol at the top of later pages, and any line repeated at the top or
    bottom of several pages (numbers in it aside)."""
    def shape(text: str) -> str:
        return re.sub(r"\d+", "#", text.strip())

    repeated: Counter[str] = Counter()
    for page in pages:
        edges = {shape(line.text) for line in page[:_EDGE] + page[-_EDGE:]}
        repeated.update(edges)
    often = {text for text, count in repeated.items() if count >= 2 and count >= len(pages) // 2}
    kept = []
    for index, page in enumerate(pages):
        top, bottom = 0, len(page)
        while top < min(_EDGE, bottom) and _furniture(page[top].text, often, later=index > 0):
            top += 1
        while bottom > max(top, len(page) - _EDGE) and _furniture(page[bottom - 1].text, often, later=index > 0):
            bottom -= 1
        kept.append(page[top:bottom])
    return kept


def _furniture(text: str, often: set[str], *, later: bool) -> bool:
    if is_page_mark(text) or _BARE_NUMBER.match(text):
        return True
    if later and _SYMBOL_LINE.match(text):
        return True
    return re.sub(r"\d+", "#", text.strip()) in often


# ------------------------------------------------------------------------------------------ paragraphs

_NUMBER_ALONE = re.compile(r"^\s*\d{1,2}(?:\.\d{1,3}){0,4}\.?\s*$")
_BULLET_ALONE = re.compile(r"^\s*[-–—·•▪◦●■]\s*$")
_STARTS_BLOCK = re.compile(
    r"^\s*(?:\d{1,2}(?:\.\d{1,3}){0,4}\.(?:\s|$|[A-Z(“\"])"  # 1. / 1.1. (also glued: 1.1.On)
    r"|\d{1,2}(?:\.\d{1,3}){1,4}(?:\s|[A-Z])"  # 1.1 / 1.1The
    r"|\d{1,2}\t"  # 1<tab>
    r"|\d{1,2} +(?!(?:" + _MONTHS + r")\b)[A-Z]"  # 1 Introduction
    r"|\d{1,2}(?:\.\d{1,3}){0,4}\.?\s*$"  # a heading number alone
    r"|[-–—·•▪◦‣∙●○■□➢►*](?:\s|$)"  # bullets
    r"|\(?[a-z]\)\s|\(?[ivx]{1,4}\)\s"  # (a) / i)
    r"|Topic \d)"
)
_ENDS_SENTENCE = re.compile(r"[.!?:;]['\"”’)]*\s*$")
_ENDS_PARAGRAPH = re.compile(r"[.!?]['\"”’)]*\s*$")  # not a colon: "the following topic:" / "“Young ...”"
_WORD_HYPHEN = re.compile(r"(?<=[A-Za-z0-9)])-\s*$")
_LAST_WORD = re.compile(r"([A-Za-z]+)-\s*$")
# words after which a paragraph cannot end: the line goes on
_GOES_ON = re.compile(r"(?:\b(?:Resolutions?|Res\.|Decisions?|Recommendations?|Documents?|and|or|of|the|a|an|to|in|"
                      r"on|by|for|with|from|under|at|as|that|which|(?:Mr|Ms|Mrs|Dr|Prof|Rev|Mod|No|Nos|Add|Corr|"
                      r"para|paras|Art|cf|e\.g|i\.e|Vol)\.)|[,&])\s*$")
# words that start a sentence, not the middle of one, and cover fields ("Document C16/41-E", "Chairman: ..."):
# after a line with no full stop, a new paragraph
_STARTS_SENTENCE = re.compile(r"(?:The|This|These|It|He|She|They|We|In|As|After|Following|Some|One|Several)\b"
                              r"|Documents?\b:?\s*\S+\s*$|[A-Z][A-Za-z-]+(?: [a-z]+)?:\s|English only")
# a heading line of the house style: "5.2 WG-COP/7: Contribution by ...", "- WG-Internet 9/1: Agenda"
_SYMBOL_HEADING = re.compile(r"^\s*(?:\d{1,2}(?:\.\d{1,3}){0,4}\.?\s+)?(?:[-–]\s+)?[A-Z][A-Za-z&-]*"
                             r"(?:[ /-]?\d{1,3})?/\d{1,3}"
                             r"(?:\([A-Za-z]+\.\d+\))?:\s")
# a line that opens with a document's symbol and a colon or dash ("CWG-X-38/8 – Contribution from …")
_SYMBOL_LEADS = re.compile(r"^(?:Documents?\s+)?[A-Z][A-Za-z&-]*[ -]?\d{1,4}/\d{1,3}\S*\s*[:–—-]\s")
# prefixes whose hyphen stays when a line breaks after it ("non-" / "members" is "non-members")
_KEEP_HYPHEN = {"non", "multi", "self", "cross", "co", "ex", "well", "anti", "post", "pre", "sub", "inter", "intra"}


def looks_wrapped(lines: list[Numbered]) -> bool:
    """Whether a text is hard-wrapped (as extracted from a PDF): no line much longer than a printed line, and
    many lines close to the longest. A typed report has one paragraph a line, most of them longer."""
    lengths = [len(text.rstrip()) for _, text in lines]
    if len(lengths) < 8:
        return False
    width = max(lengths)
    return width <= 130 and sum(length >= 0.75 * width for length in lengths) >= max(5, len(lengths) // 4)


def join_lines(lines: Iterable[tuple[int, str, float | None]], *, wrapped: bool) -> list[Numbered]:
    """Lines joined into paragraphs, each with the number of its first line.

    Whatever the text, a line is joined to the next when its end asks for it: a heading number or a bullet
    alone, a word hyphen (rejoined: "par-" / "ticipants" is "participants", "CWG-" / "Internet-9/10" keeps
    its hyphen), a word after which no paragraph ends ("Resolution" / "179 (Rev. Busan, 2014)"), or a next
    line that starts in lowercase. In a `wrapped` text (a PDF), lines are joined unless the next starts a
    numbered paragraph or a bullet, or is set apart by a gap, or the next line's first word would have fit
    on the line (it ended short: a heading, a paragraph's last line), or the line ends a sentence and the next
    starts like a new paragraph.
    """
    items = list(lines)
    if not items:
        return []
    width = max(len(text.rstrip()) for _, text, _ in items) if wrapped else 0
    out: list[list] = []  # [number, text, last line]
    for number, text, gap in items:
        if out and _continues(out[-1][1], out[-1][2], text, gap, wrapped=wrapped, width=width):
            out[-1][1] = _join(out[-1][1], out[-1][2], text)
            out[-1][2] = text
        else:
            out.append([number, text, text])
    return [(number, text) for number, text, _ in out]


def _continues(paragraph: str, previous: str, line: str, gap: float | None, *, wrapped: bool, width: int) -> bool:
    before, after = previous.rstrip(), line.strip()
    end = before[-60:]  # what the end-anchored rules read (searching the whole line costs more than all else)
    if not after:
        return False
    if (_NUMBER_ALONE.match(before) or _BULLET_ALONE.match(before)) and paragraph == previous:
        return not _STARTS_BLOCK.match(line)
    if _STARTS_BLOCK.match(line):  # unless a wrap inside a paragraph put a dash or number first on the line
        return gap is not None and 0 <= gap <= PARAGRAPH_GAP and _filled(before, after, width) \
            and not _ENDS_SENTENCE.search(end)
    if (_WORD_HYPHEN.search(end) or end.endswith(SOFT_HYPHEN)) and after[0].isalnum():
        return True
    if _GOES_ON.search(end):
        return True
    if after[0].islower() and not _ENDS_SENTENCE.search(end):
        return True
    # a symbol heading ends its line, unless the line broke inside brackets or before the heading's short tail
    heading = paragraph == previous and after[0].isupper() and bool(_SYMBOL_HEADING.match(before)) \
        and end.rfind("(") <= end.rfind(")") and not (wrapped and _filled(before, after, width)
                                                     and len(after) < 0.6 * width and not _ENDS_SENTENCE.search(after))
    if gap in (PAGE_BREAK, TEXT_PAGE_BREAK):  # a paragraph goes on to the next page if it filled this one's last line
        # ... unless the page ended a sentence and the next opens with a heading (or, in a text, with a capital:
        # a text's fill says less than a PDF's, and a paragraph cut at a sentence's end keeps its facts)
        return _filled(before, after, width) and not heading and not (_ENDS_SENTENCE.search(end) and (
            _SYMBOL_LEADS.match(after) or (gap == TEXT_PAGE_BREAK and after[0].isupper())))
    if gap is not None:  # the PDF shows where paragraphs are set apart
        return gap <= PARAGRAPH_GAP
    if not wrapped or (_ENDS_PARAGRAPH.search(end) and not after[0].islower()) or _STARTS_SENTENCE.match(after) \
            or _capitals(before) != _capitals(after) or heading:
        return False
    return _filled(before, after, width)


def _asks_more(line: str) -> bool:
    """Whether a line's end says the paragraph goes on (a word hyphen, a word after which no paragraph ends)."""
    end = line.rstrip()[-60:]
    return bool(_WORD_HYPHEN.search(end) or _GOES_ON.search(end))


def _capitals(line: str) -> bool:
    """Whether a line is set in capitals (a title, a cover line): a paragraph does not change case midway."""
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 4 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def _filled(before: str, after: str, width: int) -> bool:
    """Whether a line was broken because the next line's first word did not fit on it."""
    return len(before) + 1 + len(after.split(maxsplit=1)[0]) > 0.85 * width


def _join(paragraph: str, previous: str, line: str) -> str:
    before, after = paragraph.rstrip(), line.strip()
    if _NUMBER_ALONE.match(previous):
        return f"{before}\t{after}"
    if before.endswith(SOFT_HYPHEN):
        return before[:-1] + after
    if _WORD_HYPHEN.search(before):
        word = _LAST_WORD.search(before)
        if word and word[1].islower() and word[1].lower() not in _KEEP_HYPHEN and after[0].islower():
            return before[:-1].rstrip() + after  # a word hyphenated at the line's end
        return before.rstrip(" ") + after  # a real hyphen: "CWG-" / "Internet-9/10", "WG-" / "COP/8"
    return f"{before} {after}"


# ------------------------------------------------------------------------------------------ entry points


def clean_text(lines: list[Numbered]) -> list[Numbered]:
    """A .txt report's non-blank lines (or a .docx report's paragraphs: a Word file converted from a PDF has
    the same damage) cleaned: characters folded, page numbers (and the symbol beside them)
    dropped, lines joined as `join_lines` says (hard-wrapped texts as a PDF's, blank lines in them as a PDF's
    paragraph gaps), glued words apart."""
    # blank lines above a line (its number more than one past the previous), before page marks are dropped
    gaps = {b: 1.0 if b - a == 1 else 2.0 for (a, _), (b, _) in zip(lines, lines[1:])}
    raw = {number for number, _ in lines}
    lines = drop_page_marks([(number, fold(text)) for number, text in lines])
    wrapped = looks_wrapped(lines)
    if not wrapped or all(gap == 1.0 for gap in gaps.values()):  # no blank lines set paragraphs apart
        gaps = {}
    elif len(lines) < len(raw):
        for (above, _), (below, _) in zip(lines, lines[1:]):
            dropped = [number for number in range(above + 1, below) if number in raw]
            if dropped:
                gaps[below] = _gap_around(above, dropped, below)
    joined = join_lines(((number, text, gaps.get(number)) for number, text in lines), wrapped=wrapped)
    return [(number, unglue(text.rstrip(SOFT_HYPHEN))) for number, text in joined]


def _gap_around(above: int, dropped: list[int], below: int) -> float:
    """The gap above line `below` once the page furniture between it and line `above` is dropped, in a text
    whose paragraphs are set apart by blank lines: none if no blank line is there (the furniture sat inside a
    paragraph), a paragraph gap if a blank line sets the furniture apart on one side only (it belongs to the
    paragraph on its other side), `TEXT_PAGE_BREAK` if on both (a page break, and the text does not say more)."""
    blank_above, blank_below = dropped[0] - above > 1, below - dropped[-1] > 1
    if blank_above and blank_below:
        return TEXT_PAGE_BREAK
    return 2.0 if blank_above or blank_below else 1.0


def clean_pages(pages: list[list[PdfLine]]) -> list[Numbered]:
    """A PDF's pages cleaned: running headers and footers dropped, characters folded, wrapped lines joined
    into paragraphs (gaps between lines used where the PDF sets paragraphs apart), glued words apart."""
    pages = [[PdfLine(line.number, fold(line.text), line.height) for line in page if line.text.strip()]
             for page in pages]
    kept = [[line for line in page if line.number in marked] for page in strip_furniture(pages)
            if (marked := {number for number, _ in drop_page_marks([(line.number, line.text) for line in page])})
            or not page]
    gaps = line_gaps(pages, {line.number for page in kept for line in page})
    joined = join_lines(((line.number, line.text, gaps.get(line.number)) for page in kept for line in page),
                        wrapped=True)
    return [(number, unglue(text.rstrip(SOFT_HYPHEN))) for number, text in joined]


def line_gaps(pages: list[list[PdfLine]], kept: set[int]) -> dict[int, float]:
    """The gap above each `kept` line relative to the usual line spacing (1.0 within a paragraph, more above a
    new one), by line number: measured from the line above, if that one is kept too; `PAGE_BREAK` for the
    first kept line of a later page. No gaps at all where the PDF does not set its paragraphs apart by gaps
    (then only the text says where paragraphs are)."""
    steps: dict[int, float] = {}
    for page in pages:
        for above, line in zip(page, page[1:]):
            if above.number in kept and line.number in kept and above.height is not None \
                    and line.height is not None and above.height > line.height:
                steps[line.number] = above.height - line.height
    if len(steps) < 3:
        return {}
    median = sorted(steps.values())[len(steps) // 2]
    usual = min(step for step in steps.values() if step >= median / 2)  # within a paragraph (not a superscript)
    if not any(step > PARAGRAPH_GAP * usual for step in steps.values()):
        return {}
    gaps = {number: step / usual for number, step in steps.items()}
    for page in pages[1:]:
        first = next((line.number for line in page if line.number in kept), None)
        if first is not None:
            gaps[first] = PAGE_BREAK
    return gaps


__all__ = ["PdfLine", "fold", "unglue", "is_page_mark", "drop_page_marks", "strip_furniture", "looks_wrapped",
           "join_lines", "line_gaps", "clean_text", "clean_pages"]
