"""Properties: any text either yields a report graph or the project's own error; exports round-trip."""

from __future__ import annotations

import pytest
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


@pytest.mark.parametrize("fmt", ["trig", "nquads", "jsonld"])
def test_export_load_round_trip_is_isomorphic(seed_store, fmt):
    """Export the store, load the export into a new store, export again: the same dataset. itukg mints
    no blank nodes, so isomorphism is equality of the quad sets."""
    import pyoxigraph as ox

    from itukg.api.store import EXPORT_FORMATS

    exported = seed_store.export(fmt)
    again = ox.Store()
    again.load(exported, format=EXPORT_FORMATS[fmt])
    first = set(seed_store.export("nquads").decode().splitlines())
    second = set(ox.serialize(again, format=ox.RdfFormat.N_QUADS).decode().splitlines())
    assert len(first) > 1000
    assert first == second
