"""How a SPARQL syntax error is told to a person: where (line and column) and what, in words —
"line 1, column 1: expected SELECT, CONSTRUCT, ASK or DESCRIBE, found 'SELEC'". The command line (pyoxigraph's
parser) and the service (the guard's parser) both word their errors here, so that the same text gets the same
words whichever parser found the fault.
"""

from __future__ import annotations

import re

__all__ = ["describe_syntax_error", "oxigraph_position"]

# the prologue (BASE and PREFIX declarations) and comments before a query's form or an update's operation
_PROLOGUE = re.compile(
    r"(?:\s+|#[^\n]*|(?:BASE\s*<[^<>\s]*>)|(?:PREFIX\s+[^\s:]*:\s*<[^<>\s]*>))*", re.IGNORECASE)
_QUERY_FORMS = ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE")
_UPDATE_OPERATIONS = ("INSERT", "DELETE", "WITH", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD")
_TOKEN = re.compile(r"[A-Za-z_][\w-]*|\?\w*|\$\w*|<[^<>\s]*>?|\"[^\"\n]*\"?|'[^'\n]*'?|\d[\w.]*|\S")
_ORACLE_POSITION = re.compile(r"error at (\d+):(\d+)")
_ORACLE_EXPECTED = re.compile(r"expected (?:one of )?(.*)", re.DOTALL)
_QUOTED = re.compile(r"\"([^\"]+)\"|(?<![\w'])([A-Z][A-Z_0-9]*)(?![\w'])")
_BLANK = re.compile(r"(?:\s+|#[^\n]*)*")
_MAX_SHOWN = 8


def describe_syntax_error(text: str, kind: str, line: int | None, column: int | None,
                          expected: str | None = None) -> str:
    """"line L, column C: expected X, found 'T'" for a syntax error that a parser placed at (`line`,
    `column`), 1-based, in `text`, a SPARQL `kind` ("query" or "update"). A query whose form is missing or
    misspelt, or an update without an operation, is told by what should stand first (whatever position the
    parser gave); otherwise `expected` (the parser's own list, as pyoxigraph words it) is shortened to the
    words and signs a person types, or left out when there is none."""
    start = _PROLOGUE.match(text).end()
    first = _TOKEN.match(text, start)
    forms = _QUERY_FORMS if kind == "query" else _UPDATE_OPERATIONS
    if first is None or first.group().upper() not in forms:
        if kind == "query" or first is not None:
            line, column = _line_column(text, start)
            wanted = ", ".join(forms[:-1]) + " or " + forms[-1] if kind == "query" else \
                "an update operation (INSERT, DELETE, LOAD, CLEAR, CREATE, DROP, COPY, MOVE or ADD)"
            return f"line {line}, column {column}: expected {wanted}, found {_found(text, start)}"
    if first is not None and first.group().upper() == "SELECT":
        after = _TOKEN.match(text, _skip_blank(text, first.end()))
        if after is None or not (after.group()[0] in "?$*(" or after.group().upper() in ("DISTINCT", "REDUCED")):
            line, column = _line_column(text, _skip_blank(text, first.end()))
            return (f"line {line}, column {column}: expected a variable, '*', DISTINCT or REDUCED after SELECT, "
                    f"found {_found(text, _skip_blank(text, first.end()))}")
    if line is None or column is None:
        return "a syntax error"
    offset = _offset(text, line, column)
    words = _expected_words(expected) if expected else ""
    if _skip_blank(text, offset) == len(text) and text.count("{") > text.count("}"):
        words = "'}'"  # an unclosed group: whatever else might have come, the brace is what is missing
    return f"line {line}, column {column}: " + (f"expected {words}, " if words else "") + \
        f"found {_found(text, offset)}"


def oxigraph_position(message: str) -> tuple[int | None, int | None, str | None]:
    """(line, column, expected list) of a pyoxigraph `SyntaxError` message ("error at 1:10: expected …")."""
    position = _ORACLE_POSITION.search(message)
    expected = _ORACLE_EXPECTED.search(message)
    if position is None:
        return None, None, expected.group(1) if expected else None
    return int(position.group(1)), int(position.group(2)), expected.group(1) if expected else None


def _expected_words(expected: str) -> str:
    """The keywords and signs of a parser's list of what it expected, at most `_MAX_SHOWN` of them; a
    character class (the letters a name may start with) becomes "a name"."""
    shown: list[str] = []
    for quoted, keyword in _QUOTED.findall(expected.split("[", 1)[0] if "[" in expected else expected):
        word = quoted or keyword
        if word not in shown:
            shown.append(word)
    if "ABS" in shown:  # the built-in functions: an expression may start here
        shown = [w for w in shown if not w.isupper() or w in ("NOT", "EXISTS")]
        shown.append("an expression")
    elif "[" in expected:
        shown.append("a name")
    if not shown:
        return ""
    if len(shown) > _MAX_SHOWN:
        shown = shown[:_MAX_SHOWN - 1] + ["…"]
    quoted = [w if w in ("a name", "an expression", "…") or w.isupper() else f"'{w}'" for w in shown]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


def _found(text: str, offset: int) -> str:
    token = _TOKEN.match(text, offset)
    while token is None and offset < len(text) and text[offset].isspace():
        offset += 1
        token = _TOKEN.match(text, offset)
    if token is None:
        return "the end of the text"
    word = token.group()
    return repr(word if len(word) <= 30 else word[:29] + "…")


def _skip_blank(text: str, offset: int) -> int:
    """The offset of the first character at or after `offset` that is neither white space nor a comment."""
    return _BLANK.match(text, offset).end()


def _line_column(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _offset(text: str, line: int, column: int) -> int:
    at = 0
    for _ in range(line - 1):
        newline = text.find("\n", at)
        if newline < 0:
            return len(text)
        at = newline + 1
    return min(at + max(column - 1, 0), len(text))
