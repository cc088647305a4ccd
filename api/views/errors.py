"""The views layer's errors (under `itukg.loader.errors.ItukgError`): each names the parameter at fault.

    QueryError                        (itukg.loader.errors)
    └── ViewError                     a view asked for with a parameter it cannot use
        ├── BadParameterError         a malformed value (a year that is not one, an ISO3 of 2 letters)       (HTTP 400)
        └── UnknownSubjectError       a well-formed value the graph does not know (a group, a state)          (HTTP 404)
"""

from __future__ import annotations

from ...loader.errors import QueryError


class ViewError(QueryError):
    """A view asked for with a parameter it cannot use; `parameter` names it, `status` is its HTTP status."""

    status = 400

    def __init__(self, parameter: str, message: str):
        super().__init__(f"{parameter}: {message}")
        self.parameter = parameter


class BadParameterError(ViewError):
    """A parameter whose value is malformed."""


class UnknownSubjectError(ViewError):
    """A well-formed parameter that names nothing the graph knows."""

    status = 404


__all__ = ["ViewError", "BadParameterError", "UnknownSubjectError"]
