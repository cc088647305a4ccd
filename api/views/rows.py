"""Reading a view's rows from a `Reader` (the engine process or a store), kept until the next write.

A view runs a few SELECTs whose text depends only on its parameters; their rows are kept per reader while its
write count (`written`: `Engine.written`, `Store.written`) stays the same, so a warm view costs no query. A
reader without a write count is read every time.
"""

from __future__ import annotations

import re
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable
from typing import TypeVar

from ..store.protocol import Reader
from .errors import BadParameterError

PREFIXES = """PREFIX itu: <https://w3id.org/itukg/ontology#>
PREFIX schema: <https://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""

KEPT = 256  # answers kept per reader (the least recently used go first)
T = TypeVar("T")

_kept: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def remembered(reader: Reader, key: tuple, build: Callable[[], T]) -> T:
    """`build()`, or what it gave for the same `key` on this reader since its last write."""
    written = getattr(reader, "written", None)
    if not isinstance(written, int):
        return build()
    with _lock:
        try:
            answers = _kept.setdefault(reader, OrderedDict())
        except TypeError:  # a reader that cannot be weakly referenced
            return build()
        found = answers.get(key)
        if found is not None and found[0] == written:
            answers.move_to_end(key)
            return found[1]
    value = build()
    with _lock:
        answers[key] = (written, value)
        answers.move_to_end(key)
        while len(answers) > KEPT:
            answers.popitem(last=False)
    return value


def select(reader: Reader, sparql: str) -> list[dict[str, str]]:
    """The rows of a SELECT (kept until the reader's next write). Callers must not change them."""
    return remembered(reader, ("select", sparql), lambda: reader.select(sparql))


def count(row: dict[str, str], name: str) -> int:
    """A count column of a row as an int (0 when unbound)."""
    return int(row.get(name, "0"))


_SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,79}")


def checked_slug(parameter: str, value: str) -> str:
    """A path segment of an itukg IRI (lower-case letters, digits, hyphens), or a `BadParameterError`.

    >>> checked_slug("group", "CWG-Internet")
    'cwg-internet'
    >>> checked_slug("group", "cwg internet")
    Traceback (most recent call last):
    ...
    itukg.api.views.errors.BadParameterError: group: 'cwg internet' is not a name of the graph (letters, digits \
and hyphens, e.g. cwg-internet).
    """
    slug = value.strip().lower()
    if not _SLUG.fullmatch(slug):
        raise BadParameterError(parameter, f"{value[:40]!r} is not a name of the graph (letters, digits and hyphens, "
                                           "e.g. cwg-internet).")
    return slug


__all__ = ["PREFIXES", "remembered", "select", "count", "checked_slug"]
