"""SPARQL terms as Python values, the same on both backends: an embedded store hands over pyoxigraph terms, a
service the terms of its application/sparql-results+json; both are read as (kind, lexical form, datatype,
language) and converted here, once.

    IRI                                   str (the IRI)
    blank node                            str ("_:" and its label, which differs between backends)
    xsd:integer and its subtypes, gYear   int
    xsd:decimal, xsd:double, xsd:float    float
    xsd:boolean                           bool
    xsd:date                              datetime.date
    xsd:dateTime                          datetime.datetime
    any other literal (strings, tagged)   str (the lexical form; a language tag is dropped)
    unbound                               None

A literal whose lexical form its datatype does not allow ("x"^^xsd:integer) stays a str.

>>> python_value("literal", "42", XSD + "integer")
42
>>> python_value("literal", "2023-10-18", XSD + "date")
datetime.date(2023, 10, 18)
>>> python_value("literal", "true", XSD + "boolean"), python_value("literal", "x", XSD + "integer")
(True, 'x')
>>> python_value("uri", "https://w3id.org/itukg/state/GBR", None)
'https://w3id.org/itukg/state/GBR'
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

XSD = "http://www.w3.org/2001/XMLSchema#"

Value = str | int | float | bool | datetime.date | datetime.datetime | None

_INTEGERS = ("integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger", "negativeInteger",
             "nonPositiveInteger", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte", "gYear")


def _boolean(text: str) -> bool:
    if text in ("true", "1"):
        return True
    if text in ("false", "0"):
        return False
    raise ValueError(text)


def _date(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def _date_time(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text)


_CONVERTERS: dict[str, Callable[[str], Any]] = {
    **{XSD + name: int for name in _INTEGERS},
    **{XSD + name: float for name in ("decimal", "double", "float")},
    XSD + "boolean": _boolean,
    XSD + "date": _date,
    XSD + "dateTime": _date_time,
}


def python_value(kind: str, lexical: str, datatype: str | None) -> Value:
    """The Python value of one term: `kind` is "uri", "bnode" or "literal" (SPARQL JSON's names), `datatype`
    the literal's datatype IRI (None for a plain or language-tagged string)."""
    if kind == "bnode":
        return "_:" + lexical
    if kind != "literal" and kind != "typed-literal":
        return lexical
    convert = _CONVERTERS.get(datatype or "")
    if convert is None:
        return lexical
    try:
        return convert(lexical.strip())
    except ValueError:
        return lexical


def json_value(term: dict[str, str] | None) -> Value:
    """The Python value of a term of application/sparql-results+json (None: unbound)."""
    if term is None:
        return None
    return python_value(term["type"], term["value"], term.get("datatype"))


__all__ = ["python_value", "json_value", "Value", "XSD"]
