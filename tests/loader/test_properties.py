"""Properties: any text either yields a report graph or the project's own error; exports round-trip."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SEED
from itukg.loader.errors import ItukgError
from itukg.loader.extract import extract_report
from itukg.loader.read import read_text
from itukg.loader.triples import report_triples

SEED_LINES = SEED.read_text(encoding="utf-8").splitlines()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_any_text_loads_or_fails_cleanly(text):
    try:
        triples = report_triples(extract_report(read_text(text)))
    except ItukgError as exc:
        assert str(exc)
    else:
        assert triples


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(SEED_LINES), min_size=1, max_size=60), st.randoms(use_true_random=False))
def test_shuffled_report_lines_load_or_fail_cleanly(lines, rnd):
    rnd.shuffle(lines)
    try:
        report_triples(extract_report(read_text("\n".join(lines))))
    except ItukgError as exc:
        assert str(exc)


def test_export_load_round_trip_is_isomorphic(seed_store):
    from rdflib import Dataset
    from rdflib.compare import isomorphic

    from itukg.api.store import OxigraphStore

    exported = seed_store.export("trig")
    again = OxigraphStore(None)
    again.replace_graphs({})  # nothing
    import pyoxigraph as ox

    quads = list(ox.parse(exported, format=ox.RdfFormat.TRIG))
    assert len(quads) == seed_store.count()
    first, second = Dataset(), Dataset()
    first.parse(data=exported.decode(), format="trig")
    second.parse(data=ox.serialize(quads, format=ox.RdfFormat.N_QUADS).decode(), format="nquads")
    for graph in first.graphs():
        assert isomorphic(graph, second.graph(graph.identifier))
