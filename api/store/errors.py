"""The store layer's errors (under `itukg.loader.errors.ItukgError`, the root of all of itukg's errors).

    ItukgError
    ├── StoreError          the store cannot be opened, reached or written                    → exit 2
    └── QueryTimeoutError   a query ran past its time limit and was stopped (by a remote engine, or by
                            the service's engine process: `itukg.api.engine`)                 → exit 2
"""

from __future__ import annotations

from ...loader.errors import ItukgError


class StoreError(ItukgError):
    """The store cannot be opened, reached or written."""


class QueryTimeoutError(ItukgError):
    """A query ran past its time limit and was stopped."""


__all__ = ["StoreError", "QueryTimeoutError"]
