"""Settings read from the environment, in one place. Every variable is `ITUKG_*`."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_STORE = Path(".itukg") / "store"


@dataclass(frozen=True, slots=True)
class Settings:
    store: str  # ITUKG_STORE: directory of the embedded store
    update_token: str | None = None  # ITUKG_UPDATE_TOKEN: bearer token for writes; none = read-only
    query_timeout_s: float = 30.0  # ITUKG_QUERY_TIMEOUT: wall-clock limit of one query
    max_body_bytes: int = 16 * 1024 * 1024  # ITUKG_MAX_BODY: largest request body
    max_result_bytes: int = 64 * 1024 * 1024  # ITUKG_MAX_RESULT: largest serialised result

    @classmethod
    def from_env(cls, **overrides) -> "Settings":
        env = os.environ
        values = {
            "store": env.get("ITUKG_STORE") or str(DEFAULT_STORE),
            "update_token": env.get("ITUKG_UPDATE_TOKEN") or None,
            "query_timeout_s": float(env.get("ITUKG_QUERY_TIMEOUT", "30")),
            "max_body_bytes": int(env.get("ITUKG_MAX_BODY", str(16 * 1024 * 1024))),
            "max_result_bytes": int(env.get("ITUKG_MAX_RESULT", str(64 * 1024 * 1024))),
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)


__all__ = ["Settings", "DEFAULT_STORE"]
