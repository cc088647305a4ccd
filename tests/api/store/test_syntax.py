"""How SPARQL syntax errors are worded (api/store/syntax.py), from pyoxigraph's own errors."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from itukg.api.store.syntax import describe_syntax_error, oxigraph_position


def _worded(text: str, kind: str) -> str:
    store = ox.Store()
    with pytest.raises(SyntaxError) as caught:
        store.query(text) if kind == "query" else store.update(text)
    return describe_syntax_error(text, kind, *oxigraph_position(str(caught.value)))


def test_a_misspelt_update_operation_is_named():
    assert _worded("INSRT DATA { <a:b> <a:c> <a:d> }", "update") == (
        "line 1, column 1: expected an update operation (INSERT, DELETE, LOAD, CLEAR, CREATE, DROP, COPY, MOVE or "
        "ADD), found 'INSRT'")


def test_the_parser_list_is_shortened_to_what_a_person_types():
    worded = _worded("SELECT ?s WHERE { ?s ?p ?o . FILTER( }", "query")
    assert worded == "line 1, column 39: expected NOT or an expression, found the end of the text"
    worded = _worded("SELECT ?s WHERE { ?s ?p ?o", "query")
    assert worded == "line 1, column 27: expected '}', found the end of the text"
    worded = _worded("SELECT ?s WHERE { ?s ?p ?o ?x }", "query")
    assert ("\\u{" not in worded and "..=" not in worded and worded.count(",") <= 8
            and worded.startswith("line 1, column "))


def test_a_parser_without_a_position_still_gets_a_sentence():
    assert describe_syntax_error("SELECT * {}", "query", None, None) == "a syntax error"
