"""The store layer: one `Store` interface (`protocol.py`), the embedded store with its in-memory mirror, the
store on a remote SPARQL engine with its adapters, and `locations.open_store`."""
