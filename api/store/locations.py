"""Where a store is: `open_store` turns what a `--store` option names into a `Store` (`protocol.py`), the
embedded one for a directory (or memory), the remote one for a SPARQL engine's URL.
"""

from __future__ import annotations

from pathlib import Path

from ..config import RemoteSettings
from .embedded import OxigraphStore
from .protocol import Store
from .remote import RemoteStore

REMOTE_SCHEMES = ("sparql+http://", "sparql+https://")


def open_store(location: str | Path | None, *, read_only: bool = False, mirror_bytes: int | None = None,
               remote: RemoteSettings | None = None) -> Store:
    """Open the store a `--store` option names: a directory for the embedded store, or
    `sparql+http(s)://host:port/path` for a remote SPARQL engine (`remote.RemoteStore`, never mirrored; reached
    as `remote` says, else as the environment says)."""
    if isinstance(location, str) and location.startswith(REMOTE_SCHEMES):
        return RemoteStore(location, read_only=read_only, settings=remote)
    return OxigraphStore(location, read_only=read_only, mirror_bytes=None if read_only else mirror_bytes)


def is_remote(location: str | Path | None) -> bool:
    """Whether `location` names a remote SPARQL engine rather than a directory."""
    return location is not None and str(location).startswith(REMOTE_SCHEMES)


__all__ = ["open_store", "is_remote", "REMOTE_SCHEMES"]
