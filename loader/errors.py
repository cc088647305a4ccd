"""The errors itukg raises, all rooted in one class so that callers can catch them together.

    ItukgError                 every error the project raises on purpose; `str()` is a one-paragraph message
    ├── InputError             a file that cannot be read as a report (missing, empty, binary, corrupt)  → exit 2
    ├── NotAReportError        a readable text that is not a meeting report in the house style            → exit 1
    ├── ValidationError        data that violates the SHACL shapes; `.report` holds the findings          → exit 1
    ├── QueryError             a SPARQL query or named query that cannot be run (syntax, unknown name)    → exit 2
    └── StoreError             the store cannot be opened or written                                       → exit 2
"""


class ItukgError(Exception):
    """Root of the project's errors. `exit_code` is what the CLI exits with (2 unless a subclass says)."""

    exit_code = 2


class InputError(ItukgError):
    """A file that cannot be read as a report."""


class NotAReportError(ItukgError):
    """A readable text that is not a meeting report in the house style."""

    exit_code = 1


class ValidationError(ItukgError):
    """Data that violates the shapes. `findings` lists what failed."""

    exit_code = 1

    def __init__(self, message: str, findings: list | None = None):
        super().__init__(message)
        self.findings = findings or []


class QueryError(ItukgError):
    """A query that cannot be run."""


class StoreError(ItukgError):
    """The store cannot be opened or written."""


__all__ = ["ItukgError", "InputError", "NotAReportError", "ValidationError", "QueryError", "StoreError"]
