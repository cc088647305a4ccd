"""The web layer: the FastAPI application (`app.py`), its routes, pages, media types, static assets, the
HTTP server protocol and the short road."""
