"""Search from SPARQL: a SERVICE clause naming ``https://w3id.org/itukg/search`` is evaluated here, in the
web process, and replaced by a VALUES block of its hits before the query reaches the guard and the engine.

>>> text = '''PREFIX itukgs: <https://w3id.org/itukg/ontology/search#>
... SELECT * WHERE { SERVICE <https://w3id.org/itukg/search> {
...     ?hit itukgs:query "IPv6 \\\\"deployment\\\\"" ; itukgs:score ?score ; itukgs:kind "paragraph" . } }'''
>>> [(call.query, call.kind, call.limit, call.outputs) for call in find_calls(text)]
[('IPv6 "deployment"', 'paragraph', 10, {'hit': 'hit', 'score': 'score'})]
>>> find_calls('SELECT * { ?s ?p "SERVICE <https://w3id.org/itukg/search> {" } # SERVICE')
[]

The clause's graph pattern is one subject, the hit variable, with the vocabulary of
``ontology/search.ttl`` (prefix ``itukgs:``): inputs ``itukgs:query`` (a string, required),
``itukgs:kind`` (a string: paragraph, document, resolution, topic, meeting), ``itukgs:limit`` (an integer,
1-100, default 10) and ``itukgs:mode`` (hybrid, lexical, dense); outputs, each a variable,
``itukgs:score``, ``itukgs:label``, ``itukgs:snippet`` (matched words marked «like this»),
``itukgs:document`` (the symbol of the document the hit is or belongs to), ``itukgs:rank`` (1 for the
best hit) and ``itukgs:kind`` (when given a variable). Anything else in the clause is a 400 naming it.

The text is read by a tokenizer that follows SPARQL's lexical rules as pyoxigraph applies them (strings
with their escapes, long strings, IRIs, comments, prefixed names), so a "SERVICE" inside a string, an IRI
or a comment is not a clause, and the braces of the clause are counted on tokens. The service IRI may be
written in full, as a prefixed name, or with escapes, as long as it is exactly that IRI once resolved;
every other SERVICE is left in the text, where the guard refuses it. The guard checks the query with each
search clause replaced by an empty VALUES block (`skeleton`); the hits then only add rows of terms to those
blocks, so nothing this module writes can make the query reach another endpoint.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from ...loader.errors import QueryError
from ...loader.vocab import BASE
from starlette.concurrency import run_in_threadpool

from ..engine.guard import resolve_iri
from .search_endpoint import state_of

__all__ = ["SEARCH_SERVICE", "SEARCH_NS", "SearchCall", "find_calls", "rewrite", "skeleton", "values_block",
           "expand", "MAX_CALLS"]

SEARCH_SERVICE = BASE + "search"
SEARCH_NS = BASE + "ontology/search#"
MAX_CALLS = 8  # search clauses in one query
INPUTS = ("query", "kind", "limit", "mode")
OUTPUTS = ("score", "label", "snippet", "document", "rank", "kind")
_XSD = "http://www.w3.org/2001/XMLSchema#"

# ------------------------------------------------------------------------------------------ tokens

_HEX4, _HEX8 = r"\\u[0-9A-Fa-f]{4}", r"\\U[0-9A-Fa-f]{8}"
_PN_START = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c\u200d" \
            "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
_PN_CHAR = _PN_START + r"_\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_TOKENS = re.compile(rf"""
    (?P<space>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
              |"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
  | (?P<iri><(?:[^<>"{{}}|^`\\\x00-\x20]|{_HEX4}|{_HEX8})*>)
  | (?P<var>[?$][{_PN_CHAR}]+)
  | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<pname>(?:[{_PN_START}](?:[{_PN_CHAR}.]*[{_PN_CHAR}])?)?:
               (?:(?:[{_PN_CHAR}:]|%[0-9A-Fa-f]{{2}}|\\[_~.\-!$&'()*+,;=/?\#@%])
                  (?:[{_PN_CHAR}.:]|%[0-9A-Fa-f]{{2}}|\\[_~.\-!$&'()*+,;=/?\#@%])*)?)
  | (?P<number>[+-]?(?:[0-9]+\.[0-9]*[eE][+-]?[0-9]+|\.?[0-9]+[eE][+-]?[0-9]+|[0-9]*\.[0-9]+|[0-9]+))
  | (?P<name>[{_PN_START}_][{_PN_CHAR}]*)
  | (?P<punct>\^\^|.)
""", re.X | re.S)


@dataclass(frozen=True)
class _Token:
    kind: str
    text: str
    start: int
    end: int


def _tokens(text: str) -> list[_Token]:
    """The tokens of a SPARQL text, without whitespace and comments."""
    out = []
    for match in _TOKENS.finditer(text):
        kind = match.lastgroup
        if kind in ("space", "comment"):
            continue
        token = match.group(0)
        if kind == "pname" and token.endswith("."):  # a local name never ends with "."
            stripped = token.rstrip(".")
            out.append(_Token(kind, stripped, match.start(), match.start() + len(stripped)))
            for i in range(len(stripped), len(token)):
                out.append(_Token("punct", ".", match.start() + i, match.start() + i + 1))
            continue
        out.append(_Token(kind, token, match.start(), match.end()))
    return out


_ESCAPES = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def _unescape(text: str, *, echar: bool) -> str:
    r"""Decode \uXXXX and \UXXXXXXXX (and, in strings, \n, \" …) as pyoxigraph does.

    >>> _unescape(r"a\u0042\"c", echar=True)
    'aB"c'
    """
    def decode(match: re.Match) -> str:
        escape = match.group(0)
        if escape[1] in "uU":
            return chr(int(escape[2:], 16))
        if echar and escape[1] in _ESCAPES:
            return _ESCAPES[escape[1]]
        raise QueryError(f"the search clause has an invalid escape {escape!r}.")
    return re.sub(r"\\(?:u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", decode, text)


class _Names:
    """PREFIX and BASE declarations, in order, and the IRIs they make."""

    def __init__(self, base: str | None):
        self.base = base
        self.prefixes: dict[str, str] = {}

    def iri(self, token: _Token) -> str | None:
        """The absolute IRI an IRI or prefixed-name token stands for, None if it cannot be told."""
        if token.kind == "iri":
            value = _unescape(token.text[1:-1], echar=False)
            if re.match(r"[A-Za-z][A-Za-z0-9+.\-]*:", value):
                return value
            if self.base is None:
                return None
            try:
                return resolve_iri(value, self.base)
            except ValueError:
                return None
        if token.kind == "pname":
            prefix, _, local = token.text.partition(":")
            namespace = self.prefixes.get(prefix)
            if namespace is None:
                return None
            return namespace + re.sub(r"\\(.)", r"\1", local)
        return None

    def declare(self, tokens: list[_Token], i: int) -> int:
        """Read a PREFIX or BASE declaration at tokens[i]; the index after it."""
        word = tokens[i].text.upper()
        if word == "BASE" and i + 1 < len(tokens) and tokens[i + 1].kind == "iri":
            self.base = self.iri(tokens[i + 1]) or self.base
            return i + 2
        if (word == "PREFIX" and i + 2 < len(tokens) and tokens[i + 1].kind == "pname"
                and tokens[i + 1].text.endswith(":") and tokens[i + 2].kind == "iri"):
            value = self.iri(tokens[i + 2])
            if value is not None:
                self.prefixes[tokens[i + 1].text[:-1]] = value
            return i + 3
        return i + 1


# ------------------------------------------------------------------------------------------ clauses


@dataclass
class SearchCall:
    """One search SERVICE clause: where it is in the text, what it asks and which variables it binds."""

    start: int
    end: int
    query: str = ""
    kind: str | None = None
    limit: int = 10
    mode: str = "hybrid"
    outputs: dict[str, str] = field(default_factory=dict)  # "hit", "score", … -> variable name
    silent: bool = False


def find_calls(text: str, *, base_iri: str | None = None) -> list[SearchCall]:
    """Every search SERVICE clause of a query, in order; `QueryError` for a malformed one."""
    if "service" not in text.lower():
        return []
    tokens = _tokens(text)
    names = _Names(base_iri)
    calls: list[SearchCall] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.kind == "name" and token.text.upper() in ("PREFIX", "BASE"):
            i = names.declare(tokens, i)
            continue
        if token.kind == "name" and token.text.upper() == "SERVICE":
            j = i + 1
            silent = j < len(tokens) and tokens[j].kind == "name" and tokens[j].text.upper() == "SILENT"
            j += silent
            if (j + 1 < len(tokens) and names.iri(tokens[j]) == SEARCH_SERVICE
                    and tokens[j + 1].text == "{"):
                end = _closing(tokens, j + 1)
                call = SearchCall(token.start, tokens[end].end, silent=silent)
                _read_pattern(call, tokens[j + 2:end], names)
                calls.append(call)
                if len(calls) > MAX_CALLS:
                    raise QueryError(f"a query may call the search service at most {MAX_CALLS} times.")
                i = end + 1
                continue
        i += 1
    return calls


def _closing(tokens: list[_Token], open_at: int) -> int:
    depth = 0
    for k in range(open_at, len(tokens)):
        if tokens[k].text == "{" and tokens[k].kind == "punct":
            depth += 1
        elif tokens[k].text == "}" and tokens[k].kind == "punct":
            depth -= 1
            if depth == 0:
                return k
    raise QueryError(f"the search clause SERVICE <{SEARCH_SERVICE}> {{ … has no closing brace.")


_SHAPE = (f"write it as SERVICE <{SEARCH_SERVICE}> {{ ?hit itukgs:query \"words\" ; itukgs:score ?score . }} "
          f"with PREFIX itukgs: <{SEARCH_NS}>")


def _read_pattern(call: SearchCall, tokens: list[_Token], names: _Names) -> None:
    """One subject (the hit variable) and its predicate-object list, from the search vocabulary."""
    if not tokens or tokens[0].kind != "var":
        raise QueryError(f"the search clause must start with the variable of the hits: {_SHAPE}.")
    call.outputs["hit"] = tokens[0].text[1:]
    seen: set[str] = set()
    i = 1
    while i < len(tokens):
        predicate = tokens[i]
        iri = names.iri(predicate)
        if iri is None or not iri.startswith(SEARCH_NS) or iri[len(SEARCH_NS):] not in INPUTS + OUTPUTS:
            allowed = ", ".join(f"itukgs:{t}" for t in dict.fromkeys(INPUTS + OUTPUTS))
            raise QueryError(f"the search clause cannot use {predicate.text!r}: its properties are {allowed} "
                             f"(itukgs: is <{SEARCH_NS}>).")
        term = iri[len(SEARCH_NS):]
        if term in seen:
            raise QueryError(f"the search clause gives itukgs:{term} twice.")
        seen.add(term)
        value, i = _object(tokens, i + 1)
        _assign(call, term, value)
        if i < len(tokens) and tokens[i].text == ",":
            raise QueryError(f"the search clause gives itukgs:{term} several values; give one.")
        while i < len(tokens) and tokens[i].text in (";", "."):
            i += 1
    if "query" not in seen:
        raise QueryError(f"the search clause has no itukgs:query: {_SHAPE}.")
    bound = [v for k, v in call.outputs.items()]
    if len(set(bound)) != len(bound):
        raise QueryError("the search clause binds the same variable to two of its outputs.")


def _object(tokens: list[_Token], i: int) -> tuple[object, int]:
    """A variable (returned as ("var", name)), a string or an integer; and the index after it."""
    if i >= len(tokens):
        raise QueryError("the search clause ends in the middle of a triple.")
    token = tokens[i]
    if token.kind == "var":
        return ("var", token.text[1:]), i + 1
    if token.kind == "string":
        quote = 3 if token.text[:3] in ('"""', "'''") else 1
        value = _unescape(token.text[quote:-quote], echar=True)
        i += 1
        if i < len(tokens) and tokens[i].kind == "lang":
            i += 1
        elif i + 1 < len(tokens) and tokens[i].text == "^^":
            datatype = tokens[i + 1]
            if datatype.text not in ("xsd:string", f"<{_XSD}string>"):
                raise QueryError(f"the search clause expects plain strings, not ^^{datatype.text}.")
            i += 2
        return value, i
    if token.kind == "number" and re.fullmatch(r"\+?[0-9]+", token.text):
        return int(token.text), i + 1
    raise QueryError(f"the search clause cannot take {token.text!r} as a value: give a string, a whole "
                     "number or a variable.")


def _assign(call: SearchCall, term: str, value) -> None:
    is_var = isinstance(value, tuple)
    if term in OUTPUTS and is_var:
        call.outputs[term] = value[1]
        return
    if term == "query" and isinstance(value, str):
        call.query = value
    elif term == "kind" and isinstance(value, str):
        call.kind = value
    elif term == "mode" and isinstance(value, str):
        call.mode = value
    elif term == "limit" and isinstance(value, int):
        call.limit = value
    else:
        wanted = {"query": "a string", "kind": "a string or a variable", "mode": "a string",
                  "limit": "a whole number"}.get(term, "a variable")
        raise QueryError(f"itukgs:{term} in the search clause takes {wanted}.")


# ------------------------------------------------------------------------------------------ rewriting


_SURROGATE = re.compile("[\ud800-\udfff]")


def _literal(value: str) -> str:
    """A SPARQL string literal of `value` (lone surrogates, which no RDF term can hold, become U+FFFD)."""
    value = _SURROGATE.sub("\ufffd", value)
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


def _double(value: float) -> str:
    """An xsd:double literal (NaN and the infinities in their XSD spelling)."""
    if math.isnan(value):
        lexical = "NaN"
    elif math.isinf(value):
        lexical = "INF" if value > 0 else "-INF"
    else:
        lexical = repr(float(value))
    return f'"{lexical}"^^<{_XSD}double>'


_IRIREF = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^\x00-\x20<>\"{}|^`\\]*")


def values_block(call: SearchCall, hits: list) -> str:
    """The VALUES block that stands for a search clause: one row per hit, one column per output."""
    columns = [name for name in ("hit",) + OUTPUTS if name in call.outputs]
    head = " ".join(f"?{call.outputs[name]}" for name in columns)
    rows = []
    for rank, hit in enumerate(hits, start=1):
        if not _IRIREF.fullmatch(hit.iri):
            continue
        cells = {"hit": f"<{hit.iri}>", "score": _double(hit.score),
                 "label": _literal(hit.label), "snippet": _literal(hit.snippet),
                 "document": _literal(hit.document) if hit.document else "UNDEF",
                 "rank": str(rank), "kind": _literal(hit.kind)}
        rows.append("(" + " ".join(cells[name] for name in columns) + ")")
    return f"VALUES ({head}) {{ {' '.join(rows)} }}"


def _splice(text: str, calls: list[SearchCall], blocks: list[str]) -> str:
    out, last = [], 0
    for call, block in zip(calls, blocks):
        out.append(text[last:call.start])
        out.append(block)
        last = call.end
    out.append(text[last:])
    return "".join(out)


def _hits(call: SearchCall, search) -> list:
    try:
        return search(call)
    except QueryError:
        if not call.silent:
            raise
        return []  # SERVICE SILENT: a failed search gives no hits


def skeleton(text: str, calls: list[SearchCall]) -> str:
    """`text` with every search clause replaced by an empty VALUES block of its variables: what the guard
    checks. The hits only add rows of terms to those blocks (IRIs checked against IRIREF, strings escaped),
    which cannot change what the query does, and a text of a few hundred bytes is checked from the guard's
    cache, where the text with a hundred snippets took the guard 0.4 s to parse."""
    return _splice(text, calls, [values_block(call, []) for call in calls])


def rewrite(text: str, search, *, base_iri: str | None = None) -> str:
    """`text` with every search clause replaced by the VALUES block of its hits; `search(call)` runs one."""
    calls = find_calls(text, base_iri=base_iri)
    return _splice(text, calls, [values_block(call, _hits(call, search)) for call in calls])


def _runner(app):
    def run(call: SearchCall) -> list:
        try:
            return state_of(app).search(call.query, kind=call.kind, limit=call.limit, mode=call.mode).hits
        except QueryError as exc:
            raise QueryError(f"the search clause SERVICE <{SEARCH_SERVICE}> cannot run: {exc}") from None
    return run


async def expand(request, sparql: str, *, base_iri: str | None = None) -> tuple[str, str]:
    """The hook of the SPARQL endpoint: (the query to run, the query to check). With no search clause both
    are the text, at once. Otherwise the skeleton is checked by the guard first (a refused query runs no
    search), then the searches run in the thread pool (they may (re)build the index)."""
    if not isinstance(sparql, str) or "service" not in sparql.lower():
        return sparql, sparql
    calls = find_calls(sparql, base_iri=base_iri)
    if not calls:
        return sparql, sparql
    checked = skeleton(sparql, calls)
    await request.app.state.checker.acheck_query(checked)
    search = _runner(request.app)
    blocks = await run_in_threadpool(lambda: [values_block(call, _hits(call, search)) for call in calls])
    for _ in calls:
        request.app.state.metrics.count("sparql_searches")
    return _splice(sparql, calls, blocks), checked
