"""The ingest layer's errors (under `itukg.loader.errors.ItukgError`): curators' corrections that cannot be used.

    InputError                       (itukg.loader.errors)
    └── CorrectionError              a correction file that cannot be read or used               → exit 2
        └── UnknownReportError       one naming a report that is not loaded                      → exit 2
    ValidationError                  (itukg.loader.errors)
    └── CorrectionRefusedError       a correction the SHACL gate refuses                         → exit 1
"""

from __future__ import annotations

from ...loader.errors import InputError, ValidationError


class CorrectionError(InputError):
    """A correction that cannot be read or used: its file, what is wrong, and that nothing was written."""


class UnknownReportError(CorrectionError):
    """A correction naming a report that is neither in the store nor among the reports being loaded."""


class CorrectionRefusedError(ValidationError):
    """A correction the SHACL gate refuses (its record, or the report graph it would leave). `report` is the
    IRI of the report it was for."""

    def __init__(self, message: str, findings: list | None = None, *, report: str | None = None):
        super().__init__(message, findings)
        self.report = report


__all__ = ["CorrectionError", "UnknownReportError", "CorrectionRefusedError"]
