"""The engine layer: the engine process that owns the store (`worker.py`) and the web process's handle on it
(`process.Engine`), their query channel, the time limits, the undo journal, the network sandbox and the query
guard."""
