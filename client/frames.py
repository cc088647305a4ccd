"""Rows as a pandas DataFrame when pandas is installed (the `notebook` extra), else as a list of dicts.

>>> tabulate(["iso3", "n"], [{"iso3": "GBR", "n": 1}], as_frame=False)
[{'iso3': 'GBR', 'n': 1}]
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .errors import ClientError
from .values import Value

if TYPE_CHECKING:
    import pandas

Rows = list[dict[str, Any]]


@dataclass(slots=True)
class Table:
    """The answer to a SELECT: its variables, in order, and its rows (every variable a key, None if unbound)."""

    columns: list[str]
    rows: list[dict[str, Value]] = field(default_factory=list)


def pandas_installed() -> bool:
    return importlib.util.find_spec("pandas") is not None


def tabulate(columns: list[str], rows: Rows, as_frame: bool | None) -> "pandas.DataFrame | Rows":
    """`rows` as a DataFrame with `columns` in order (`as_frame` True, or None and pandas installed), else the
    list itself. A DataFrame asked for without pandas is a `ClientError`."""
    if as_frame is None:
        as_frame = pandas_installed()
    if not as_frame:
        return rows
    if not pandas_installed():
        raise ClientError("as_frame=True needs pandas, which is not installed: pip install 'itukg[notebook]', or "
                          "pass as_frame=False for a list of dicts.")
    import pandas

    return pandas.DataFrame(rows, columns=columns)


__all__ = ["Table", "Rows", "tabulate", "pandas_installed"]
