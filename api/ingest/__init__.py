"""The ingest layer: bulk loads of reports (`bulk.py`), their progress, and curators' corrections."""
