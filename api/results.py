"""Printing SPARQL results: aligned tables for people, SPARQL 1.1 JSON, CSV and TSV for programs."""

from __future__ import annotations

import pyoxigraph as ox

from ..loader.vocab import BASE, PREFIXES

_FORMATS = {"json": ox.QueryResultsFormat.JSON, "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}


def print_results(results, format: str, stream) -> bool:
    """Write query results to a text stream; returns whether there was anything (rows, true, triples)."""
    if isinstance(results, ox.QueryBoolean):
        if format == "json":
            stream.write(results.serialize(format=ox.QueryResultsFormat.JSON).decode() + "\n")
        else:
            stream.write(("true" if bool(results) else "false") + "\n")
        return bool(results)
    if isinstance(results, ox.QueryTriples):
        triples = list(results)
        stream.write(ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=dict(PREFIXES)).decode())
        return bool(triples)
    variables = [v.value for v in results.variables]
    if format in _FORMATS:
        data = results.serialize(format=_FORMATS[format]).decode()
        stream.write(data if data.endswith("\n") else data + "\n")
        return _has_rows(data, format)
    rows = [[_show(solution[v]) for v in variables] for solution in results]
    widths = [max([len(v) + 1] + [len(row[i]) for row in rows]) for i, v in enumerate(variables)]
    stream.write("  ".join(f"?{v}".ljust(w) for v, w in zip(variables, widths)).rstrip() + "\n")
    stream.write("  ".join("-" * w for w in widths) + "\n")
    for row in rows:
        stream.write("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() + "\n")
    stream.write(f"({len(rows)} row{'s' if len(rows) != 1 else ''})\n")
    return bool(rows)


def _has_rows(data: str, format: str) -> bool:
    if format == "json":
        return '"bindings":[]' not in data.replace(" ", "")
    return len(data.strip().splitlines()) > 1


def _show(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        iri = term.value
        for prefix, namespace in PREFIXES.items():
            if iri.startswith(namespace):
                return f"{prefix}:{iri[len(namespace):]}"
        return f"<{iri[len(BASE):]}>" if iri.startswith(BASE) else f"<{iri}>"
    if isinstance(term, ox.Literal):
        return term.value
    return str(term)


__all__ = ["print_results"]
