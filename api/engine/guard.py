"""What a SPARQL query or update may do on the public service, decided from its parse tree.

The service runs queries and updates with pyoxigraph; this module only analyses them, with rdflib's
SPARQL grammar, and refuses what the service must never do: SERVICE (a query that makes the server call
another endpoint), LOAD (an update that makes it fetch a document), and INSERT/DELETE templates whose
graph is a variable (the write gate must know every graph an update writes before it runs). Because the
decision is taken on the parse tree, the spelling of the text (case, whitespace, comments, prefixes,
escapes) cannot hide anything; whatever rdflib cannot parse is refused (fail closed).

>>> check_query("PREFIX ex: <http://example.org/> SELECT ?s FROM <http://g> WHERE { ?s ex:p ?o }")
QueryPlan(form='SELECT', dataset=True)
>>> check_query("select * { optional { service <http://x/> { ?s ?p ?o } } }")
Traceback (most recent call last):
...
itukg.loader.errors.QueryError: SERVICE is not allowed: this service answers from its own data and never ...
>>> plan = check_update("WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o } ; DROP GRAPH <http://h>")
>>> plan.operations, sorted(plan.graphs), plan.default_graph
(('Modify', 'Drop'), ['http://g', 'http://h'], False)

Two differences between rdflib's and pyoxigraph's reading of the same text are closed here before
rdflib sees it (both would otherwise let a SERVICE clause through unseen):

* rdflib's `parseQuery` expands `\\uXXXX` escapes in the whole text before parsing, pyoxigraph only
  inside strings and IRIs; an escaped line break in a comment, or an escaped quote inside a string,
  then splits the text differently. Here each escape pyoxigraph would decode becomes a private-use
  placeholder character, which is valid in strings and IRIs and a syntax error anywhere else, so the
  token boundaries are those pyoxigraph sees; IRIs are decoded afterwards.
* rdflib ends a comment only at a line feed, pyoxigraph (and the SPARQL grammar) at a carriage return
  too; carriage returns are turned into line feeds.

rdflib's grammar, when it matches a SERVICE clause, searches the whole text again for SERVICE clauses (to
keep the clause's text); with one SERVICE inside another that never ends (RecursionError), and with many
it costs one more parse each. The guard parses with its own copy of the grammar (rdflib's is left as
it is), in which a SERVICE clause stops the parse at once: the query is refused as soon as one is seen.
"""

from __future__ import annotations

import copy
import functools
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass

import pyoxigraph as ox
from pyparsing import ParseBaseException, ParserElement, ParseResults
from rdflib.plugins.sparql import parser as _rdflib_parser
from rdflib.plugins.sparql.parserutils import Comp, CompValue
from rdflib.term import URIRef, Variable

from ...loader.errors import QueryError
from ..store.syntax import describe_syntax_error
from .errors import TextTooLongError

CACHE_SIZE = 4096
CACHE_MAX_CHARS = 20_000  # longer texts are analysed every time rather than kept in the cache

SERVICE_REFUSED = ("SERVICE is not allowed: this service answers from its own data and never queries "
                   "other SPARQL endpoints, so the request is refused.")
LOAD_REFUSED = "LOAD is not allowed: this service never fetches documents from the web."
VARIABLE_GRAPH_REFUSED = ("GRAPH ?{var} in an INSERT or DELETE template is not allowed: updates must name "
                          "the graphs they write, as GRAPH <iri>.")
UPDATE_AT_QUERY = ("This is a SPARQL update, not a query: send it to the update endpoint, /update, "
                   "instead of the query endpoint.")
QUERY_AT_UPDATE = ("This is a SPARQL query, not an update: send it to the query endpoint, /sparql, "
                   "instead of the update endpoint.")


@dataclass(frozen=True)
class QueryPlan:
    """What a query that may run does."""

    form: str  # "SELECT", "ASK", "CONSTRUCT", "DESCRIBE"
    dataset: bool  # True if the query has FROM / FROM NAMED


@dataclass(frozen=True)
class UpdatePlan:
    """What an update that may run writes.

    `graphs` is every named graph it may write (INSERT/DELETE DATA GRAPH blocks, templates with
    GRAPH <iri>, WITH <iri>, DROP/CLEAR/CREATE GRAPH <iri>, ADD/MOVE/COPY targets and MOVE sources);
    `default_graph` is True if it may write the default graph (templates without GRAPH and without
    WITH, DROP/CLEAR DEFAULT or ALL, ADD/COPY/MOVE TO DEFAULT, MOVE DEFAULT); `all_graphs` is True for
    DROP/CLEAR ALL or NAMED; `uses_dataset` for USING / USING NAMED."""

    operations: tuple[str, ...]  # rdflib's names, in order: "InsertData", "Modify", "Drop", ...
    graphs: frozenset[str]
    default_graph: bool
    all_graphs: bool
    uses_dataset: bool


@dataclass(frozen=True)
class _Refusal:
    message: str


class _Refuse(Exception):
    """Raised inside the analysis; turned into a cached `_Refusal`."""


def check_query(sparql: str) -> QueryPlan:
    """The plan of a query the service may run, or `QueryError` saying why it may not. Always decided on
    the parse tree: no shortcut on the text, whatever its length (a regex scrub once read
    `FILTER(1<2)SERVICE?x#>` as an IRI and let the SERVICE through).

    >>> check_query("SELECT ?p ?o WHERE { <https://w3id.org/itukg/state/BRA> ?p ?o }").form
    'SELECT'
    """
    return _outcome(_analyse_query, sparql)


analyse_query = check_query  # the name the tests knew it by


MAX_TEXT_CHARS = 1_000_000  # the longest query or update text the guard parses (rdflib: about 4 s a million)


def check_update(sparql: str, *, base_iri: str | None = None) -> UpdatePlan:
    """The plan of an update the service may run, or `QueryError` saying why it may not.

    `base_iri` is the base IRI the update will run with (pyoxigraph's `base_iri`), used to resolve
    relative graph IRIs; without one, an update naming a graph by a relative IRI is refused."""
    if base_iri is not None and not isinstance(base_iri, str):
        raise QueryError("The base IRI must be text.")
    return _outcome(_analyse_update, sparql, base_iri)


def _outcome(analyse, sparql, *args):
    if not isinstance(sparql, str):
        raise QueryError("The SPARQL text must be a string.")
    if len(sparql) > MAX_TEXT_CHARS:
        raise TextTooLongError(f"The SPARQL text is {len(sparql):,} characters long; this service analyses texts of up "
                               f"to {MAX_TEXT_CHARS:,} characters before it runs them. Split it (a long VALUES "
                               "block into several queries, say).")
    result = analyse(sparql, *args) if len(sparql) <= CACHE_MAX_CHARS else analyse.__wrapped__(sparql, *args)
    if isinstance(result, _Refusal):
        raise QueryError(result.message)
    return result


# -- the analyses (cached by text) --

# pyparsing's grammar objects are not safe to use from several threads at once (packrat caches and
# first-use initialisation): concurrent first parses in a fresh server corrupted them for good.
_parse_lock = threading.RLock()


def _analysis(kind: str):
    """One analysis at a time (the parser is not thread-safe), failing closed: a SERVICE found, a reason to
    refuse, or anything unexpected from the parser becomes a `_Refusal` of the `kind` ("query", "update")."""
    def decorate(analyse):
        @functools.wraps(analyse)
        def run(*args):
            with _parse_lock:
                try:
                    return analyse(*args)
                except _ServiceFound:
                    return _Refusal(SERVICE_REFUSED)
                except _Refuse as refusal:
                    return _Refusal(str(refusal))
                except Exception as exc:  # noqa: BLE001 - anything unexpected from the parser: fail closed
                    return _Refusal(_unparsable(kind, exc))
        return run
    return decorate


@functools.lru_cache(maxsize=CACHE_SIZE)
@_analysis("query")
def _analyse_query(sparql: str) -> QueryPlan | _Refusal:
    text, _ = _prepare(sparql)
    try:
        tree = _grammars().query.parse_string(text, parse_all=True)
    except (ParseBaseException, RecursionError) as query_error:
        update = _try_parse(_grammars().update, text)
        if update is not None and _field(update[0], "request"):
            return _Refusal(UPDATE_AT_QUERY)
        if update is not None:
            return _Refusal("The query is empty: it has no SELECT, ASK, CONSTRUCT or DESCRIBE.")
        return _Refusal(_unparsable("query", query_error))
    query = next((t for t in tree if isinstance(t, CompValue) and t.name.endswith("Query")), None)
    if query is None or query.name not in _FORMS:
        raise _Refuse("The query could not be analysed: its form is not one this service knows, so it "
                      "is refused.")
    _refuse_remote_access(tree)
    return QueryPlan(form=_FORMS[query.name], dataset=bool(_field(query, "datasetClause")))


@functools.lru_cache(maxsize=CACHE_SIZE)
@_analysis("update")
def _analyse_update(sparql: str, base_iri: str | None) -> UpdatePlan | _Refusal:
    text, decoded = _prepare(sparql)
    try:
        tree = _grammars().update.parse_string(text, parse_all=True)[0]
    except (ParseBaseException, RecursionError) as update_error:
        if _try_parse(_grammars().query, text) is not None:
            return _Refusal(QUERY_AT_UPDATE)
        return _Refusal(_unparsable("update", update_error))
    _refuse_remote_access(tree)
    return _plan_update(tree, decoded, base_iri)


_FORMS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT",
          "DescribeQuery": "DESCRIBE"}


def _try_parse(grammar, text: str):
    try:
        return grammar.parse_string(text, parse_all=True)
    except _ServiceFound:
        raise
    except Exception:  # noqa: BLE001 - only asking whether it parses
        return None


# -- the guard's copy of rdflib's grammar --

class _ServiceFound(Exception):
    """Raised by the guard's grammar as soon as it matches a SERVICE clause (not a ParseException, so
    that no alternative of the grammar catches it)."""


def _service_found(instring, loc, tokens):
    raise _ServiceFound


@dataclass(frozen=True)
class _Grammars:
    query: ParserElement
    update: ParserElement


_grammar_lock = threading.Lock()
_grammar: list[_Grammars] = []


def _grammars() -> _Grammars:
    """rdflib's query and update grammars, copied once (in a fresh thread, whose stack is shallow: the
    copy recurses through the whole grammar), with SERVICE clauses stopping the parse."""
    if not _grammar:
        with _grammar_lock:
            if not _grammar:
                outcome: list = []
                builder = threading.Thread(target=lambda: outcome.append(_copy_grammars()),
                                           name="itukg-guard-grammar")
                builder.start()
                builder.join()
                if not outcome:
                    raise RuntimeError("the SPARQL grammar could not be prepared")
                _grammar.append(outcome[0])
    return _grammar[0]


def _copy_grammars() -> _Grammars:
    query, update = copy.deepcopy((_rdflib_parser.Query, _rdflib_parser.UpdateUnit))
    services = [element for element in _elements(query, update)
                if isinstance(element, Comp) and element.name == "ServiceGraphPattern"]
    if len(services) != 1:
        raise RuntimeError("rdflib's SPARQL grammar has changed: no single SERVICE rule")
    services[0].postParse = _service_found  # called on every match, before any parse action
    return _Grammars(query=query, update=update)


def _elements(*roots: ParserElement) -> list[ParserElement]:
    seen: dict[int, ParserElement] = {}
    stack = list(roots)
    while stack:
        element = stack.pop()
        if id(element) in seen:
            continue
        seen[id(element)] = element
        for value in vars(element).values():
            if isinstance(value, ParserElement):
                stack.append(value)
            elif isinstance(value, (list, tuple)):
                stack.extend(v for v in value if isinstance(v, ParserElement))
    return list(seen.values())


def _unparsable(kind: str, exc: BaseException) -> str:
    if isinstance(exc, ParseBaseException):
        where = f" (syntax error at {describe_syntax_error(exc.pstr, kind, exc.lineno, exc.col)})"
    elif isinstance(exc, RecursionError):
        where = " (it is nested too deeply)"
    else:
        where = ""
    return (f"The {kind} could not be analysed{where}, so it is refused: only SPARQL 1.1 {kind} syntax "
            f"that this service can check is accepted.")


# -- reading the text as pyoxigraph does --

_HEX = frozenset("0123456789abcdefABCDEF")


def _prepare(sparql: str) -> tuple[str, dict[str, str]]:
    r"""The text rdflib's grammar is given, and the placeholder -> character map of its escapes.

    Carriage returns end comments (as line feeds do). Each `\uXXXX` / `\UXXXXXXXX` pyoxigraph would
    decode becomes a private-use character absent from the text; a backslash followed by anything else
    is kept with the character it escapes (so `\\u0041` stays as it is, as in pyoxigraph).

    >>> _prepare('SELECT ("\\u0041" AS ?a) {} # x\r\n')[0] == 'SELECT ("\U000f0000" AS ?a) {} # x \n'
    True
    """
    text = sparql.replace("\r\n", " \n").replace("\r", "\n")
    if "\\" not in text:
        return text, {}
    out: list[str] = []
    placeholders: dict[str, str] = {}  # character -> placeholder
    free = _free_placeholders(text)
    i = 0
    while (j := text.find("\\", i)) >= 0:
        out.append(text[i:j])
        width = {"u": 4, "U": 8}.get(text[j + 1:j + 2], 0)
        digits = text[j + 2:j + 2 + width]
        if width and len(digits) == width and _HEX.issuperset(digits):
            code = int(digits, 16)
            if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF:
                char = chr(code)
                if char not in placeholders:
                    placeholders[char] = next(free)
                out.append(placeholders[char])
                i = j + 2 + width
                continue
        out.append(text[j:j + 2])
        i = j + 2
    out.append(text[i:])
    return "".join(out), {p: c for c, p in placeholders.items()}


def _free_placeholders(text: str) -> Iterator[str]:
    """Private-use characters (not name characters in SPARQL, allowed in strings and IRIs) not in `text`."""
    used = set(text)
    for start, stop in ((0xF0000, 0xFFFFE), (0x100000, 0x10FFFE), (0xE000, 0xF900)):
        for code in range(start, stop):
            if chr(code) not in used:
                yield chr(code)
    raise _Refuse("The text could not be analysed (too many escapes), so it is refused.")


# -- the parse tree --

def _field(node, key):
    """A field of a rdflib parse node, None if absent (CompValue.get returns the key itself)."""
    return dict.get(node, key) if isinstance(node, dict) else None


def _nodes(tree) -> Iterator[CompValue]:
    """Every CompValue in a parse tree, depth first, without recursion."""
    stack = [tree]
    while stack:
        item = stack.pop()
        if isinstance(item, CompValue):
            yield item
            stack.extend(dict.values(item))
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, (ParseResults, list, tuple)):
            stack.extend(item)


def _refuse_remote_access(tree) -> None:
    for node in _nodes(tree):
        if node.name == "ServiceGraphPattern":
            raise _Refuse(SERVICE_REFUSED)
        if node.name == "Load":
            raise _Refuse(LOAD_REFUSED)


# -- what an update writes --

_OPERATIONS = {"InsertData", "DeleteData", "DeleteWhere", "Modify", "Load", "Clear", "Drop", "Create",
               "Add", "Move", "Copy"}


class _Names:
    """Turns IRIs and prefixed names of the update into absolute IRIs as pyoxigraph does."""

    def __init__(self, decoded: dict[str, str], base: str | None):
        self.table = str.maketrans(decoded) if decoded else None
        self.base = base
        self.prefixes: dict[str, str | None] = {}

    def declare(self, prologue) -> None:
        for decl in prologue or ():
            if not isinstance(decl, CompValue):
                continue
            if decl.name == "Base":
                self.base = self.resolve(_field(decl, "iri"), strict=False)
            elif decl.name == "PrefixDecl":
                self.prefixes[_field(decl, "prefix") or ""] = self.resolve(_field(decl, "iri"), strict=False)

    def text(self, value: str) -> str:
        return value.translate(self.table) if self.table else str(value)

    def resolve(self, iri, *, strict: bool = True) -> str | None:
        iri = self.text(iri)
        if _SCHEME.match(iri):
            return iri
        if self.base is None:
            if strict:
                raise _Refuse(f"The update names the graph <{iri}> by a relative IRI and no base IRI is "
                              "set, so the graphs it writes cannot be known.")
            return None
        try:
            return resolve_iri(iri, self.base)
        except ValueError:
            if strict:
                raise _Refuse(f"The graph IRI <{iri}> cannot be resolved against the base IRI <{self.base}>, "
                              "so the graphs the update writes cannot be known.") from None
            return None

    def graph(self, term) -> str:
        """The IRI of a graph name in the parse tree."""
        if isinstance(term, Variable):
            raise _Refuse(VARIABLE_GRAPH_REFUSED.format(var=term))
        if isinstance(term, URIRef):
            return self.resolve(term)
        if isinstance(term, CompValue) and term.name == "pname":
            prefix = _field(term, "prefix") or ""
            local = re.sub(r"\\(.)", r"\1", self.text(_field(term, "localname") or ""))
            if prefix not in self.prefixes:
                raise _Refuse(f"The update names a graph with the undeclared prefix '{prefix}:', so the "
                              "graphs it writes cannot be known.")
            namespace = self.prefixes[prefix]
            if namespace is None:
                raise _Refuse(f"The prefix '{prefix}:' is a relative IRI and no base IRI is set, so the "
                              "graphs the update writes cannot be known.")
            return namespace + local
        raise _Refuse("The update could not be analysed (a graph name of an unknown kind), so it is refused.")


def _plan_update(tree: CompValue, decoded: dict[str, str], base_iri: str | None) -> UpdatePlan:
    names = _Names(decoded, base_iri)
    prologues = list(_field(tree, "prologue") or ())
    requests = list(_field(tree, "request") or ())
    operations: list[str] = []
    graphs: set[str] = set()
    default = every = using = False
    for index, op in enumerate(requests):
        names.declare(prologues[index] if index < len(prologues) else None)
        if not isinstance(op, CompValue) or op.name not in _OPERATIONS:
            raise _Refuse("The update could not be analysed (an operation of an unknown kind), so it is "
                          "refused.")
        operations.append(op.name)
        if op.name in ("InsertData", "DeleteData", "DeleteWhere"):
            written, to_default = _template(_field(op, "quads"), names)
            graphs |= written
            default |= to_default
        elif op.name == "Modify":
            with_graph = _field(op, "withClause")
            if with_graph is not None:
                graphs.add(names.graph(with_graph))
            for clause in (_field(op, "delete"), _field(op, "insert")):
                if clause is not None:
                    written, to_default = _template(_field(clause, "quads"), names)
                    graphs |= written
                    default |= to_default and with_graph is None
            using |= bool(_field(op, "using"))
        elif op.name in ("Clear", "Drop", "Create"):
            target = _field(op, "graphiri")
            if isinstance(target, (URIRef, CompValue)):
                graphs.add(names.graph(target))
            elif target == "DEFAULT":
                default = True
            elif target == "NAMED":
                every = True
            elif target == "ALL":
                every = default = True
            else:
                raise _Refuse(f"The update could not be analysed (a {op.name.upper()} of an unknown graph), "
                              "so it is refused.")
        elif op.name in ("Add", "Move", "Copy"):
            pair = list(_field(op, "graph") or ())
            if len(pair) != 2:
                raise _Refuse(f"The update could not be analysed (a {op.name.upper()} without source and "
                              "target), so it is refused.")
            for term in (pair[1], pair[0]) if op.name == "Move" else (pair[1],):
                if isinstance(term, (URIRef, CompValue)):
                    graphs.add(names.graph(term))
                elif term == "DEFAULT":
                    default = True
                else:
                    raise _Refuse(f"The update could not be analysed (a {op.name.upper()} of an unknown "
                                  "graph), so it is refused.")
        elif op.name == "Load":  # refused before; kept so that a change there cannot let it through here
            raise _Refuse(LOAD_REFUSED)
    return UpdatePlan(operations=tuple(operations), graphs=frozenset(graphs), default_graph=default,
                      all_graphs=every, uses_dataset=using)


_UNKNOWN_TEMPLATE = "The update could not be analysed (a template of an unknown shape), so it is refused."


def _template(quads, names: _Names) -> tuple[set[str], bool]:
    """(named graphs, default graph?) that a QuadData / QuadPattern writes."""
    if quads is None:
        return set(), False
    if (not isinstance(quads, CompValue) or quads.name != "Quads"
            or set(quads) - {"triples", "quadsNotTriples"}):
        raise _Refuse(_UNKNOWN_TEMPLATE)
    graphs = set()
    for block in _field(quads, "quadsNotTriples") or ():
        if not isinstance(block, CompValue) or block.name != "QuadsNotTriples":
            raise _Refuse(_UNKNOWN_TEMPLATE)
        graphs.add(names.graph(_field(block, "term")))
    return graphs, bool(_field(quads, "triples"))


# -- relative IRIs, resolved by pyoxigraph itself --

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_NOT_IN_IRIS = frozenset('<>"{}|^`\\')


def resolve_iri(reference: str, base: str) -> str:
    """Resolve an IRI reference against a base IRI exactly as pyoxigraph's SPARQL parser does (its IRI
    library departs from RFC 3986 in corner cases, so the resolution is its own, through its Turtle
    parser); an IRI with a scheme is returned unchanged. ValueError if it cannot be resolved.

    >>> resolve_iri("../g", "http://a/b/c/d;p?q")
    'http://a/b/g'
    >>> resolve_iri("g/../h", "urn:a:b")
    'urn:h'
    """
    if _SCHEME.match(reference):
        return reference
    if any(c in _NOT_IN_IRIS or c <= " " for c in reference):
        raise ValueError(f"<{reference}> is not an IRI")
    try:
        triple = next(iter(ox.parse(input=f"<{reference}> <urn:x:p> <urn:x:o> .", format=ox.RdfFormat.TURTLE,
                                    base_iri=base)))
    except (SyntaxError, ValueError, StopIteration) as exc:
        raise ValueError(f"<{reference}> cannot be resolved against <{base}>: {exc}") from None
    return triple.subject.value


__all__ = ["QueryPlan", "UpdatePlan", "MAX_TEXT_CHARS", "check_query", "check_update",
           "resolve_iri"]
