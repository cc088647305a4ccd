"""`kg.views.cosponsors()` on both backends: the views layer's network on a store directory, GET
/views/cosponsors?format=json rebuilt with networkx over HTTP; the same nodes, attributes and weighted edges as
the named query `cosponsors`, and the same errors for a bad year or an unknown group."""

from __future__ import annotations

import networkx as nx
import pytest

from bundled import bundled_store
from itukg import connect
from itukg.api.views.errors import BadParameterError, UnknownSubjectError
from live import live_server


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    store = bundled_store(tmp_path_factory.mktemp("views"))
    with live_server(store) as url:
        with connect(store) as embedded, connect(url) as http:
            yield embedded, http


def weights(graph: nx.Graph) -> dict[frozenset[str], int]:
    return {frozenset((a, b)): weight for a, b, weight in graph.edges(data="weight")}


SCOPES = [{}, {"group": "cwg-internet"}, {"group": "cwg-internet", "start": 2015, "end": 2024}]


@pytest.mark.parametrize("scope", SCOPES)
def test_the_cosponsor_network_is_the_same_on_both(both, scope):
    embedded, http = both
    here, there = embedded.views.cosponsors(**scope), http.views.cosponsors(**scope)
    assert isinstance(here, nx.Graph) and isinstance(there, nx.Graph)
    assert here.number_of_nodes() == 13, "the 13 states that submitted documents to the bundled report's meeting"
    assert dict(here.nodes(data=True)) == dict(there.nodes(data=True))
    assert weights(here) == weights(there)
    pairs = {frozenset((r["iso3A"], r["iso3B"])): r["count"] for r in embedded.query("cosponsors", as_frame=False)}
    assert weights(here) == pairs and pairs
    assert {"label", "region", "contributions", "iri"} <= set(here.nodes["RUS"])
    assert here.nodes["RUS"]["contributions"] == 4


def test_a_span_without_meetings_is_empty_on_both(both):
    for kg in both:
        assert kg.views.cosponsors(start=1990, end=1999).number_of_nodes() == 0


@pytest.mark.parametrize("backend", [0, 1])
def test_a_bad_scope_names_its_parameter_on_both(both, backend):
    kg = both[backend]
    with pytest.raises(UnknownSubjectError, match="^group: .*no group 'no-such-group'") as caught:
        kg.views.cosponsors(group="no-such-group")
    assert caught.value.parameter == "group"
    with pytest.raises(BadParameterError, match="^from: ") as caught:
        kg.views.cosponsors(start=2024, end=2015)
    assert caught.value.parameter == "from"
