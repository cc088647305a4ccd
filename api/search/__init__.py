"""The search layer: the index (`index.py`) and its parts (analyser, thesaurus, dense vectors and their encoder,
snippets), the records it is built from (`reading.py`), the index saved beside a store, and the service's index."""
