"""Settings read from the environment, in one place. Every variable is `ITUKG_*`."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ..loader.errors import ItukgError

DEFAULT_STORE = Path(".itukg") / "store"


class SettingsError(ItukgError):
    """An `ITUKG_*` variable whose value cannot be used (exit 2)."""


def _number(env: Mapping[str, str], name: str, default: float, kind: type = float, *, least: float = 0.0,
            above: bool = True) -> float:
    """The value of the variable `name` as a `kind` (int or float) above `least` (or at least it, when not
    `above`), or `default` when it is unset or empty; anything else is a `SettingsError` naming it."""
    text = env.get(name)
    if text is None or not text.strip():
        return default
    try:
        value = kind(text.strip())
    except ValueError:
        value = None
    if value is None or value != value or (value <= least if above else value < least):
        wanted = "a whole number" if kind is int else "a number"
        bound = f"above {least:g}" if above else f"of at least {least:g}"
        raise SettingsError(f"{name}={text!r}: expected {wanted} {bound}.")
    return value


def cpus() -> int:
    """The CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def cache_directory() -> Path:
    """Where derived models are kept: ``ITUKG_CACHE_DIR``, else ``$XDG_CACHE_HOME/itukg``, else
    ``~/.cache/itukg``."""
    chosen = os.environ.get("ITUKG_CACHE_DIR")
    if chosen:
        return Path(chosen)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "itukg"


_SIZES = {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40}


def mirror_budget(text: str | None, *, meminfo: str = "/proc/meminfo") -> int | None:
    """The bytes the engine's in-memory mirror of the store may take (`ITUKG_MIRROR`, decision 46): `auto`
    (the default) a quarter of the machine's memory, `on` no limit, `off` None (queries read the disk), or a
    size such as `2G` or `500M`. Anything else is a `SettingsError`."""
    choice = (text or "auto").strip().lower()
    if choice == "off":
        return None
    if choice == "on":
        return 1 << 62
    if choice == "auto":
        try:
            with open(meminfo, encoding="ascii") as lines:
                return next(int(line.split()[1]) * 1024 for line in lines if line.startswith("MemTotal:")) // 4
        except (OSError, StopIteration, ValueError, IndexError):
            return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 4
    number, unit = choice.rstrip("kmgtib"), choice[len(choice.rstrip("kmgtib")):].rstrip("ib")
    try:
        size = float(number) * _SIZES[unit]
    except (ValueError, KeyError):
        size = -1
    if not size >= 0:
        raise SettingsError(f"ITUKG_MIRROR (or --mirror) {text!r}: expected auto, on, off or a size such as 2G "
                            "or 500M.")
    return int(size)


def timeout_budget(text: str | None) -> tuple[int, float] | None:
    """(time-outs, seconds) of `ITUKG_TIMEOUT_BUDGET` ("3/600", the default: a client whose SPARQL queries ran
    into the time limit 3 times in 600 s waits), or None for `off`. Anything else is a `SettingsError`."""
    choice = (text or "3/600").strip().lower()
    if choice == "off":
        return None
    count, _, window = choice.partition("/")
    try:
        allowed, seconds = int(count), float(window)
    except ValueError:
        allowed, seconds = 0, 0.0
    if allowed < 1 or not seconds > 0 or seconds == float("inf"):
        raise SettingsError(f"ITUKG_TIMEOUT_BUDGET={text!r}: expected off or COUNT/SECONDS, such as 3/600.")
    return allowed, seconds


def query_slots(text: str | None) -> tuple[int, int]:
    """(per client, total) of `ITUKG_QUERY_SLOTS` ("4/6", the default)."""
    value = (text or "4/6").strip()
    per_client, _, total = value.partition("/")
    try:
        pair = int(per_client), int(total)
    except ValueError:
        pair = (0, 0)
    if not 1 <= pair[0] <= pair[1]:
        raise SettingsError(f"ITUKG_QUERY_SLOTS={value!r}: expected PER_CLIENT/TOTAL, two whole numbers with "
                            "1 <= PER_CLIENT <= TOTAL, such as 4/6.")
    return pair


@dataclass(frozen=True, slots=True)
class Settings:
    store: str  # ITUKG_STORE: directory of the embedded store, or sparql+http(s)://… of a remote engine
    update_token: str | None = None  # ITUKG_UPDATE_TOKEN: bearer token for writes; none = read-only
    query_timeout_s: float = 30.0  # ITUKG_QUERY_TIMEOUT: wall-clock limit of one query
    max_body_bytes: int = 16 * 1024 * 1024  # ITUKG_MAX_BODY: largest request body
    max_result_bytes: int = 64 * 1024 * 1024  # ITUKG_MAX_RESULT: largest serialised result
    search_threads: int = 0  # ITUKG_SEARCH_THREADS: searches run at once (0: one more than the CPUs, `cpus`)
    mirror: str = "auto"  # ITUKG_MIRROR: the engine's in-memory mirror of the store (`mirror_budget`)
    timeout_budget: str = "3/600"  # ITUKG_TIMEOUT_BUDGET: a client's queries past the time limit per window
    query_slots: str = "4/6"  # ITUKG_QUERY_SLOTS: SPARQL queries running at once, per client / in all
    parse_timeout_s: float = 10.0  # ITUKG_PARSE_TIMEOUT: the guard's limit for parsing one query or update text
    header_timeout_s: float = 10.0  # ITUKG_HEADER_TIMEOUT: a request's line and headers must arrive within it
    keepalive_timeout_s: float = 5.0  # ITUKG_KEEPALIVE_TIMEOUT: an idle kept-alive connection is closed after it
    max_connections: int = 1000  # ITUKG_MAX_CONNECTIONS: open connections; one more is answered 503 and closed
    search_warm: bool = True  # ITUKG_SEARCH_WARM (0: no): build the search index at startup, not at the first search

    @classmethod
    def from_env(cls, **overrides) -> "Settings":
        """The settings of the environment (`overrides` win); a value that cannot be used is a
        `SettingsError` naming its variable."""
        env = os.environ
        values = {
            "store": env.get("ITUKG_STORE") or str(DEFAULT_STORE),
            "update_token": env.get("ITUKG_UPDATE_TOKEN") or None,
            "query_timeout_s": _number(env, "ITUKG_QUERY_TIMEOUT", 30.0),
            "max_body_bytes": _number(env, "ITUKG_MAX_BODY", 16 * 1024 * 1024, int),
            "max_result_bytes": _number(env, "ITUKG_MAX_RESULT", 64 * 1024 * 1024, int),
            "search_threads": _number(env, "ITUKG_SEARCH_THREADS", 0, int, least=0, above=False),
            "mirror": (env.get("ITUKG_MIRROR") or "auto").strip(),
            "timeout_budget": (env.get("ITUKG_TIMEOUT_BUDGET") or "3/600").strip(),
            "query_slots": (env.get("ITUKG_QUERY_SLOTS") or "4/6").strip(),
            "parse_timeout_s": _number(env, "ITUKG_PARSE_TIMEOUT", 10.0),
            "header_timeout_s": _number(env, "ITUKG_HEADER_TIMEOUT", 10.0),
            "keepalive_timeout_s": _number(env, "ITUKG_KEEPALIVE_TIMEOUT", 5.0),
            "max_connections": _number(env, "ITUKG_MAX_CONNECTIONS", 1000, int),
            "search_warm": env.get("ITUKG_SEARCH_WARM", "1") != "0",
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        mirror_budget(values["mirror"])  # a value that cannot be used fails here, naming its variable
        timeout_budget(values["timeout_budget"])
        query_slots(values["query_slots"])
        return cls(**values)


@dataclass(frozen=True, slots=True)
class RemoteSettings:
    """How to reach a remote SPARQL engine (`--store sparql+http://…`, whose URL is the query endpoint)."""

    update_url: str | None = None  # ITUKG_REMOTE_UPDATE_URL: SPARQL Update endpoint (default: the engine's)
    gsp_url: str | None = None  # ITUKG_REMOTE_GSP_URL: Graph Store Protocol endpoint (default: the engine's)
    user: str | None = None  # ITUKG_REMOTE_USER, ITUKG_REMOTE_PASSWORD: Basic or Digest, as the engine asks
    password: str | None = None
    token: str | None = None  # ITUKG_REMOTE_TOKEN: a bearer token instead of a user and password
    engine: str | None = None  # ITUKG_REMOTE_ENGINE: generic | virtuoso | oxigraph (default: detected)
    query_timeout_s: float = 30.0  # ITUKG_QUERY_TIMEOUT: a query's request is cut (and the engine told) at this
    write_timeout_s: float = 300.0  # ITUKG_REMOTE_WRITE_TIMEOUT: limit of one write request
    cache: str | None = None  # ITUKG_REMOTE_CACHE: local directory for derived files (the search index)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> "RemoteSettings":
        env = os.environ if environ is None else environ
        return cls(update_url=env.get("ITUKG_REMOTE_UPDATE_URL") or None,
                   gsp_url=env.get("ITUKG_REMOTE_GSP_URL") or None,
                   user=env.get("ITUKG_REMOTE_USER") or None, password=env.get("ITUKG_REMOTE_PASSWORD") or None,
                   token=env.get("ITUKG_REMOTE_TOKEN") or None, engine=env.get("ITUKG_REMOTE_ENGINE") or None,
                   query_timeout_s=_number(env, "ITUKG_QUERY_TIMEOUT", 30.0),
                   write_timeout_s=_number(env, "ITUKG_REMOTE_WRITE_TIMEOUT", 300.0),
                   cache=env.get("ITUKG_REMOTE_CACHE") or None)


@dataclass(frozen=True, slots=True)
class EngineSettings:
    """What the engine process is started with (`itukg.api.engine`), handed to it as this object: the engine
    process reads no environment of its own."""

    mirror: str = "auto"  # ITUKG_MIRROR: the in-memory mirror of the store (`mirror_budget`)
    threads: int = 8  # ITUKG_ENGINE_THREADS: requests the engine process runs at once
    allocator: str = "jemalloc"  # ITUKG_ENGINE_ALLOCATOR: jemalloc (when installed), system, or a library's path
    remote: RemoteSettings | None = None  # how to reach a remote store (None: from the environment, once)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides) -> "EngineSettings":
        """The settings of the environment (`overrides` win, None values aside)."""
        env = os.environ if environ is None else environ
        values = {"mirror": (env.get("ITUKG_MIRROR") or "auto").strip(),
                  "threads": _number(env, "ITUKG_ENGINE_THREADS", 8, int, least=1, above=False),
                  "allocator": env.get("ITUKG_ENGINE_ALLOCATOR", "").strip() or "jemalloc",
                  "remote": RemoteSettings.from_env(env)}
        values.update({k: v for k, v in overrides.items() if v is not None})
        mirror_budget(values["mirror"])
        return cls(**values)


__all__ = ["Settings", "RemoteSettings", "EngineSettings", "cache_directory", "SettingsError", "DEFAULT_STORE", "cpus",
           "mirror_budget", "timeout_budget", "query_slots"]
