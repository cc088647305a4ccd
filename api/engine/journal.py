"""The undo journal of the engine's gated writes: what the written graphs held before the write.

A gated write (an update, a Graph Store request) is applied, validated against the shapes, and undone on
a violation, all while readers wait. A kill of the engine process in the middle (a time-out elsewhere, a
crash, SIGKILL of the service) would leave the unvalidated write in the store. So before the write, the
graphs it may touch are written here, flushed to the disk, and the file is removed only once the write
has passed the gate (or has been undone). When the engine starts and finds the file, it puts those graphs
back before it answers anything: the store is as before the write, or after it, never in between.

The file sits beside the store's directory (`<store>.undo.json`), written whole to a temporary name and
renamed, so that it is either complete or absent.

>>> import tempfile, pathlib
>>> journal = UndoJournal(pathlib.Path(tempfile.mkdtemp()) / "store")
>>> journal.record({"urn:g": ("<urn:a> <urn:b> <urn:c> .\\n", True), None: ("", True)})
>>> journal.pending()
{'urn:g': ('<urn:a> <urn:b> <urn:c> .\\n', True), None: ('', True)}
>>> journal.clear(); journal.pending() is None
True
"""

from __future__ import annotations

import json
import os
from pathlib import Path

Snapshot = dict[str | None, tuple[str, bool]]  # graph (None: the default graph) -> (N-Triples, existed)


class UndoJournal:
    def __init__(self, store_dir: str | os.PathLike):
        store_dir = Path(store_dir)
        self.path = store_dir.with_name(store_dir.name + ".undo.json")

    def record(self, before: Snapshot) -> None:
        """Keep `before` on the disk (flushed) until `clear`."""
        rows = [{"graph": graph, "ntriples": text, "existed": existed} for graph, (text, existed) in before.items()]
        temporary = self.path.with_name(self.path.name + ".tmp")
        with open(temporary, "w", encoding="utf-8") as out:
            json.dump(rows, out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, self.path)

    def pending(self) -> Snapshot | None:
        """The snapshot of a write that never finished, or None."""
        try:
            rows = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        return {row["graph"]: (row["ntriples"], row["existed"]) for row in rows}

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)


__all__ = ["UndoJournal", "Snapshot"]
