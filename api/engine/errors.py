"""The engine layer's errors (under `itukg.loader.errors.ItukgError`; a query that runs past its time limit is
`itukg.api.store.errors.QueryTimeoutError`, which a remote engine raises too).

    ItukgError
    ├── QueryError
    │   └── TextTooLongError       a query or update text longer than the guard parses          (HTTP 413)
    ├── ResultTooLargeError        a result grew past the size limit
    ├── NotAcceptableError         no format the client accepts can hold this kind of result   (HTTP 406)
    ├── ProtectedGraphError        a write to a graph the service maintains itself              (HTTP 403)
    ├── EngineUnavailableError     the engine process stopped and could not be started again   (HTTP 503)
    ├── EngineCrashedError         the engine process crashed while running this request        (HTTP 503)
    └── CrashedQueryError          a query that crashed the engine lately, refused for a while  (HTTP 503)
"""

from __future__ import annotations

from ...loader.errors import ItukgError, QueryError


class TextTooLongError(QueryError):
    """A query or update text longer than the guard parses (`guard.MAX_TEXT_CHARS`)."""


class ResultTooLargeError(ItukgError):
    """A result grew past the size limit."""


class NotAcceptableError(ItukgError):
    """No format the client accepts can hold this kind of result."""


class ProtectedGraphError(ItukgError):
    """A write to a graph that the service maintains itself (reference data, ontology, journal)."""


class EngineUnavailableError(ItukgError):
    """The engine process stopped and could not be started again."""


class EngineCrashedError(ItukgError):
    """The engine process crashed (a panic of pyoxigraph) while running this request; it was restarted."""


class CrashedQueryError(ItukgError):
    """A query that crashed the engine lately, refused for `retry_after_s` more seconds."""

    def __init__(self, message: str, retry_after_s: float = 0.0):
        super().__init__(message)
        self.retry_after_s = retry_after_s


__all__ = ["TextTooLongError", "ResultTooLargeError", "NotAcceptableError", "ProtectedGraphError",
           "EngineUnavailableError", "EngineCrashedError", "CrashedQueryError"]
