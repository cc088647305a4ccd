"""Counters for /metrics, in the Prometheus text format."""

from __future__ import annotations

import threading
from collections import Counter


class Metrics:
    def __init__(self):
        self._lock = threading.Lock()
        self._counts: Counter = Counter()

    def count(self, name: str, **labels: str) -> None:
        key = (name, tuple(sorted(labels.items())))
        with self._lock:
            self._counts[key] += 1

    def render(self, gauges: dict[str, float]) -> str:
        lines = []
        with self._lock:
            items = sorted(self._counts.items())
        seen = set()
        for (name, labels), value in items:
            if name not in seen:
                lines.append(f"# TYPE itukg_{name}_total counter")
                seen.add(name)
            label = ",".join(f'{k}="{v}"' for k, v in labels)
            lines.append(f"itukg_{name}_total{{{label}}} {value}" if label else f"itukg_{name}_total {value}")
        for name, value in sorted(gauges.items()):
            lines += [f"# TYPE itukg_{name} gauge", f"itukg_{name} {value}"]
        return "\n".join(lines) + "\n"


__all__ = ["Metrics"]
