"""The notebook API's errors, under the project's root error (`itukg.loader.errors.ItukgError`); the same class
for the same mistake on both backends.

    ItukgError
    ├── QueryError                    a SPARQL query that cannot be run (syntax, …)        (itukg.loader.errors)
    │   ├── NamedQueryError           a named query that is not in the catalogue, a parameter it does not have,
    │   │                             or a value its parameter's type refuses
    │   └── SearchError               an empty search, an unknown kind or mode, a bad limit (itukg.api.search.errors)
    ├── StoreError                    no store in that directory, or one that cannot be read  (itukg.api.store.errors)
    ├── QueryTimeoutError             a query ran past its time limit and was stopped         (itukg.api.store.errors)
    └── ClientError                   a location `connect` cannot use; a DataFrame asked for without pandas
        └── ServiceError              the service cannot be reached, or answered an error the client cannot place
                                      (`status` holds its HTTP status, 0 when it was not reached)
"""

from __future__ import annotations

from .loader.errors import ItukgError, QueryError


class NamedQueryError(QueryError):
    """A named query that is not in the catalogue, a parameter it does not have, or a value its type refuses."""


class ClientError(ItukgError):
    """A location `connect` cannot use, or a result form that cannot be given (a DataFrame without pandas)."""


class ServiceError(ClientError):
    """The service cannot be reached (`status` 0) or answered an error (`status`) the client cannot place."""

    def __init__(self, message: str, *, status: int = 0):
        super().__init__(message)
        self.status = status


__all__ = ["NamedQueryError", "ClientError", "ServiceError"]
