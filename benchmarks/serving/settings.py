"""What every part of the service benchmark shares: paths, defaults, servers and workloads by name."""

from __future__ import annotations

import os
import sys
from pathlib import Path


HERE = Path(__file__).resolve().parent.parent  # benchmarks/
ROOT = HERE.parent
BIN = Path(sys.executable).parent
SCRIPT = HERE / "serve.py"  # its child modes (_inspect, _rdflib_endpoint) run through it
GENERATOR = HERE / "generate_reports.py"
DEFAULT_OUT = HERE / "results" / "serve.json"
SEED = 20240517
FULL_REPORTS = 800
MIN_TRIPLES = 1_000_000
ACCEPT = "application/sparql-results+json"
SERVERS = ("itukg", "oxigraph", "oxigraph-memory", "rdflib-endpoint")
BEFORE = "itukg-before"  # `itukg serve` at the revision of --before, measured right after itukg
BEFORE_BOUND = 0.9  # its requirement: lookups and aggregates at ≥ 0.90× the throughput of the old code
WORKLOADS = ("lookup", "aggregate", "catalogue")
MIN_REQUESTS = 20  # a run that completes fewer is run again for longer (up to LONGEST_S)
LONGEST_S = 60.0
# itukg serve without the search index's start-up build: on a freshly loaded store with the embedding extra it
# would embed every paragraph in the background (a process at the lowest priority, for many minutes), which
# this benchmark of SPARQL would measure too. The first search builds the index instead.
ITUKG_ENV = {**os.environ, "ITUKG_SEARCH_WARM": "0"}
CONNECTIONS = (1, 8)
RDFLIB_MAX_RSS = 8 * 1024 ** 3
RDFLIB_MAX_LOAD_S = 600.0
BASE = "https://w3id.org/itukg/"
ITU = BASE + "ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
