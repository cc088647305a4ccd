"""itukg: a knowledge graph of the records of ITU intergovernmental meetings.

The notebook API lives here (`from itukg import connect`); the folder client/ is the package root `itukg`,
and the service's layers are its subpackages `itukg.loader`, `itukg.api`, ... (pyproject.toml's package-dir).

    from itukg import connect
    kg = connect(".itukg/store")             # or connect("http://127.0.0.1:8000"): the same calls
    kg.query("submissions", iso3="GBR")      # a pandas DataFrame (a list of dicts without pandas)

docs/notebook.md describes every call.
"""

from .connection import connect
from .errors import ClientError, NamedQueryError, ServiceError
from .graph import KnowledgeGraph, Views

__all__ = ["connect", "KnowledgeGraph", "Views", "ClientError", "NamedQueryError", "ServiceError"]
