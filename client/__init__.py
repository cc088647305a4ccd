"""itukg: a knowledge graph of the records of ITU intergovernmental meetings.

The notebook API lives here (`from itukg import connect`); the folder client/ is the package root `itukg`,
and the service's layers are its subpackages `itukg.loader`, `itukg.api`, ... (pyproject.toml's package-dir).
"""
