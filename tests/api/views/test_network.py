"""The co-sponsorship network: the facts of the bundled report, the same edges and weights as the named query
`cosponsors`, the scope (group, years), the same bytes for the same data, and its files."""

from __future__ import annotations

import io
import json
from itertools import combinations

import networkx as nx
import pytest

from conftest import SEED, corpus_reports, load_into, select
from itukg.api.views import formats, svg
from itukg.api.views.errors import BadParameterError, UnknownSubjectError
from itukg.api.views.network import cosponsor_network, layout

# Read in data/corpus/cwg-internet-18-report.txt, §5.1 and §6: who submitted each contribution.
SIGNED_18_3 = {"BRA", "CHN", "CUB", "RUS"}  # 5.1.1: Brazil, China, Cuba and the Russian Federation
SIGNED_18_8_AND_9 = {"SAU", "BHR", "EGY", "KWT", "MAR", "ZAF", "TUN", "ARE"}  # 5.1.4 and 5.1.5, the same eight
ALONE = {"GBR"}  # 18/4 (the United Kingdom); 18/5, 18/6 and 18/7 are the Russian Federation's alone



def _pairs(states: set[str], weight: int) -> dict[tuple[str, str], int]:
    return {tuple(sorted(pair)): weight for pair in combinations(sorted(states), 2)}


def test_the_network_of_the_bundled_report(seed_store):
    graph = cosponsor_network(seed_store)
    assert set(graph) == SIGNED_18_3 | SIGNED_18_8_AND_9 | ALONE and len(graph) == 13
    edges = {tuple(sorted((a, b))): d["weight"] for a, b, d in graph.edges(data=True)}
    assert edges == {**_pairs(SIGNED_18_3, 1), **_pairs(SIGNED_18_8_AND_9, 2)}
    assert graph.nodes["RUS"]["contributions"] == 4  # 18/3, 18/5, 18/6, 18/7
    assert graph.nodes["GBR"] == {"label": "United Kingdom", "region": "europe", "regions": "europe",
                                  "contributions": 1, "iri": "https://w3id.org/itukg/state/GBR"}
    assert graph.nodes["EGY"]["regions"] == "africa arab-states"


def test_the_graphml_has_the_edges_and_weights_of_the_named_query(corpus_store):
    graph = cosponsor_network(corpus_store)
    parsed = nx.read_graphml(io.BytesIO(formats.network_graphml(graph, layout(graph))))
    from_graphml = {tuple(sorted((a, b))): int(d["weight"]) for a, b, d in parsed.edges(data=True)}
    rows = select(corpus_store, "cosponsors")
    assert len(rows) > len(_pairs(SIGNED_18_8_AND_9, 2))  # the other reports add pairs
    assert from_graphml == {(r["iso3A"], r["iso3B"]): int(r["count"]) for r in rows}
    submitters = {r["iso3"] for r in select(corpus_store, "submissions")}
    assert set(parsed) == submitters
    assert {n: int(d["contributions"]) for n, d in parsed.nodes(data=True)} == {
        r["iso3"]: int(r["contributions"]) for r in select(corpus_store, "contributions")}
    assert all({"x", "y", "label", "region", "iri"} <= set(d) for _, d in parsed.nodes(data=True))


def test_a_group_and_a_span_of_years(corpus_store):
    everything = cosponsor_network(corpus_store)
    internet_2023 = cosponsor_network(corpus_store, group="cwg-internet", start=2023, end=2023)
    assert set(internet_2023) == SIGNED_18_3 | SIGNED_18_8_AND_9 | ALONE  # the 18th meeting alone (18 October 2023)
    assert set(cosponsor_network(corpus_store, group="cwg-internet")) < set(everything)
    assert len(cosponsor_network(corpus_store, start=2100)) == 0
    assert internet_2023.graph == {"group": "cwg-internet", "from": 2023, "to": 2023}


@pytest.mark.parametrize(("params", "parameter", "error"), [
    ({"group": "no-such-group"}, "group", UnknownSubjectError),
    ({"group": "cwg internet"}, "group", BadParameterError),
    ({"start": "2015a"}, "from", BadParameterError),
    ({"end": "15"}, "to", BadParameterError),
    ({"start": 2024, "end": 2015}, "from", BadParameterError),
])
def test_parameters_are_checked(seed_store, params, parameter, error):
    with pytest.raises(error) as raised:
        cosponsor_network(seed_store, **params)
    assert raised.value.parameter == parameter and str(raised.value).startswith(f"{parameter}: ")


def test_the_same_data_gives_the_same_bytes():
    """Two stores loaded with the same reports (in another order): the same picture and files, byte for byte."""
    from itukg.api.store.embedded import OxigraphStore

    outputs = []
    for order in (1, -1):
        store = OxigraphStore(None)
        load_into(store, *[SEED, *corpus_reports()][::order])
        graph = cosponsor_network(store)
        positions = layout(graph)
        outputs.append((svg.network_svg(graph, positions, ident="n", title="t", desc="d"),
                        formats.network_graphml(graph, positions), formats.network_json(graph),
                        formats.network_csv(graph)))
    assert outputs[0] == outputs[1]
    assert len(outputs[0][0]) > 5000 and outputs[0][0].count("<circle") == len(graph)


def test_a_copy_each_call(seed_store):
    graph = cosponsor_network(seed_store)
    graph.remove_node("RUS")
    assert "RUS" in cosponsor_network(seed_store)


def test_the_json_is_node_link_data(seed_store):
    graph = cosponsor_network(seed_store)
    data = json.loads(formats.network_json(graph))
    assert set(data) >= {"nodes", "edges"} and len(data["edges"]) == graph.number_of_edges()
    assert nx.utils.graphs_equal(nx.node_link_graph(data, edges="edges"), graph)
