"""Settings read from the environment, in one place. Every variable is `ITUKG_*`."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_STORE = Path(".itukg") / "store"


@dataclass(frozen=True, slots=True)
class Settings:
    store: str  # directory of the embedded store

    @classmethod
    def from_env(cls) -> "Settings":
        return cls(store=os.environ.get("ITUKG_STORE") or str(DEFAULT_STORE))


__all__ = ["Settings", "DEFAULT_STORE"]
