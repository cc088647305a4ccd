"""What a bulk load shows while it runs and when it ends: a progress line on stderr and a summary table.

On a terminal the line is a bar redrawn in place (done/total, reports/s, ETA, loaded/skipped/failed);
otherwise it is a plain line every `every` seconds, so that logs stay readable; `quiet` shows nothing.
Lines printed through `echo` appear above the bar.
"""

from __future__ import annotations

import shutil
import sys
import time
from collections import Counter
from typing import TextIO

STATUSES = ("loaded", "skipped", "failed")


class Progress:
    """Progress of `total` reports, of which `skipped` are known to be skipped (they take no time)."""

    def __init__(self, total: int, *, skipped: int = 0, stream: TextIO | None = None, quiet: bool = False,
                 every: float = 10.0, redraw: float = 0.1):
        self.total, self.expected_skips = total, skipped
        self.stream = stream or sys.stderr
        self.quiet = quiet
        self.live = not quiet and self.stream.isatty()
        self.every = redraw if self.live else every
        self.counts: Counter[str] = Counter()
        self.start = time.monotonic()
        self._shown = self.start
        self._drawn = False

    @property
    def done(self) -> int:
        return sum(self.counts.values())

    def rate(self) -> float:
        """Reports prepared and written (or failed) per second; skipped reports are not counted."""
        elapsed = time.monotonic() - self.start
        return (self.done - self.counts["skipped"]) / elapsed if elapsed > 0 else 0.0

    def advance(self, status: str) -> None:
        self.counts[status] += 1
        now = time.monotonic()
        if not self.quiet and (now - self._shown >= self.every or (self.live and self.done == self.total)):
            self._shown = now
            self._show()

    def echo(self, text: str, stream: TextIO | None = None) -> None:
        """Print a line (to stdout unless told) without tearing the bar."""
        self._clear()
        print(text, file=stream or sys.stdout, flush=True)
        if self._drawn:
            self._show()

    def finish(self) -> None:
        self._clear()

    def line(self) -> str:
        rate = self.rate()
        remaining = self.total - self.done - max(0, self.expected_skips - self.counts["skipped"])
        eta = _duration(remaining / rate) if rate > 0 else "?"
        counts = ", ".join(f"{name} {self.counts[name]:,}" for name in STATUSES)
        share = self.done / self.total if self.total else 1.0
        return f"{self.done:,}/{self.total:,} ({share:.0%}), {rate:.1f} reports/s, ETA {eta}; {counts}"

    def _show(self) -> None:
        if not self.live:
            print(f"itukg: {self.line()}", file=self.stream, flush=True)
            return
        text = self.line()
        width = shutil.get_terminal_size((100, 20)).columns - len(text) - 4
        bar = ""
        if width >= 10:
            filled = int(width * self.done / self.total) if self.total else width
            bar = "[" + "#" * filled + "." * (width - filled) + "] "
        self.stream.write("\r\x1b[2K" + bar + text)
        self.stream.flush()
        self._drawn = True

    def _clear(self) -> None:
        if self.live and self._drawn:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()
            self._drawn = False


def summary_table(counts: dict[str, int], *, triples: int, seconds: float, interrupted: bool = False) -> str:
    """The table a bulk load ends with."""
    worked = counts.get("loaded", 0) + counts.get("failed", 0)
    rows = [("reports loaded", f"{counts.get('loaded', 0):,}"),
            ("reports skipped (unchanged)", f"{counts.get('skipped', 0):,}"),
            ("reports failed", f"{counts.get('failed', 0):,}")]
    if interrupted:
        rows.append(("reports not processed (interrupted)", f"{counts.get('not processed', 0):,}"))
    rows += [("triples written", f"{triples:,}"), ("time", _duration(seconds, precise=True)),
             ("rate", f"{worked / seconds:.1f} reports/s" if seconds > 0 else "-")]
    width = max(len(name) for name, _ in rows)
    value_width = max(len(value) for _, value in rows)
    return "\n".join(f"{name:<{width}}  {value:>{value_width}}" for name, value in rows)


def _duration(seconds: float, *, precise: bool = False) -> str:
    """A duration as people read it.

    >>> _duration(3725), _duration(59), _duration(2.345, precise=True)
    ('1h02m05s', '59s', '2.3 s')
    """
    if precise and seconds < 60:
        return f"{seconds:.1f} s"
    seconds = int(round(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}h{minutes:02d}m{secs:02d}s"
    return f"{minutes}m{secs:02d}s" if minutes else f"{secs}s"


__all__ = ["Progress", "summary_table", "STATUSES"]
