"""The errors itukg raises, all rooted in one class so that callers can catch them together.

    ItukgError                 every error the project raises on purpose; `str()` is a one-paragraph message
    ├── InputError             a file that cannot be read as a report (missing, empty, binary, corrupt)  → exit 2
    │   └── TooLargeError      a report over one of the loader's limits (`itukg.loader.read`)            → exit 2
    ├── NotAReportError        a readable text that is not a meeting report in the house style            → exit 1
    ├── ValidationError        data that violates the SHACL shapes; `.report` holds the findings          → exit 1
    ├── QueryError             a SPARQL query or named query that cannot be run (syntax, unknown name)    → exit 2
    └── …                      each layer of the service adds its own, in its `errors` module: `itukg.api.store.errors`,
                               `itukg.api.engine.errors`, `itukg.api.search.errors`, `itukg.api.ingest.errors`,
                               `itukg.api.web.errors` and `itukg.api.config.SettingsError`
"""

from __future__ import annotations


class ItukgError(Exception):
    """Root of the project's errors. `exit_code` is what the CLI exits with (2 unless a subclass says)."""

    exit_code = 2


class InputError(ItukgError):
    """A file that cannot be read as a report."""


class TooLargeError(InputError):
    """A report over one of the loader's limits (`itukg.loader.read`). `limit` names it ("text", "paragraphs", …),
    `maximum` is its value and `found` how much the report has: all of it when `exact`, else what was counted when
    reading stopped. `over` makes one with its message."""

    def __init__(self, message: str, *, limit: str = "", found: int = 0, maximum: int = 0, exact: bool = True):
        super().__init__(message)
        self.limit, self.found, self.maximum, self.exact = limit, found, maximum, exact

    @classmethod
    def over(cls, name: str, limit: str, found: int, maximum: int, *, unit: str, exact: bool = True, where: str = "",
             whose: str = "a report", note: str = "") -> TooLargeError:
        """`whose` is what the limit is for ("a report"); `where` where counting stopped (", after 99 pages of
        201"); `note` more on the limit.

        >>> print(TooLargeError.over("r.txt", "paragraphs", 60_078, 50_000, unit="paragraphs"))
        r.txt: has 60,078 paragraphs, more than the 50,000 a report may have (10,078 over), so nothing was loaded. \
The limits are far above any meeting report: check that the file is one report.
        """
        if exact:
            detail = (f"has {found:,} {unit}, more than the {maximum:,} {whose} may have "
                      f"({found - maximum:,} over{note})")
        else:
            detail = f"has more than the {maximum:,} {unit} {whose} may have (stopped at {found:,}{where})"
        return cls(f"{name}: {detail}, so nothing was loaded. The limits are far above any meeting report: check "
                   "that the file is one report.", limit=limit, found=found, maximum=maximum, exact=exact)


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


__all__ = ["ItukgError", "InputError", "TooLargeError", "NotAReportError", "ValidationError", "QueryError"]
