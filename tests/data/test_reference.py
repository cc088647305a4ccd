"""Checks on the reference data in data/*.ttl: every file parses, the Member States are complete and
their labels unambiguous, and the resolution catalogue is internally consistent and points at the
conferences of data/conferences.ttl."""

import re
import unicodedata
from collections import defaultdict
from functools import cache
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

DATA = Path(__file__).resolve().parents[2] / "data"
TTL_FILES = sorted(DATA.glob("*.ttl"))

BASE = "https://w3id.org/itukg/"
ITU = Namespace(BASE + "ontology#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")

REGIONS = {
    URIRef(BASE + f"region/{r}") for r in ("africa", "americas", "arab-states", "asia-pacific", "cis", "europe")
}
RESOLUTION_BODIES = {"pp", "council", "wtdc", "wtsa", "wrc", "ra", "unga"}


def normalise(label: str) -> str:
    """How a state's name is matched: lower-cased, curly apostrophes as ', no leading "the ",
    whitespace collapsed."""
    text = unicodedata.normalize("NFC", str(label))
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u02bc", "'")
    text = " ".join(text.split()).lower()
    if text.startswith("the "):
        text = text[4:]
    return text


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_text.lower()))


@cache
def graph(name: str) -> Graph:
    g = Graph()
    g.parse(DATA / name, format="turtle")
    return g


def states() -> list[URIRef]:
    return sorted(graph("states.ttl").subjects(RDF.type, ITU.MemberState))


@cache
def label_index() -> dict[str, set[URIRef]]:
    """Every normalised label (prefLabel, formalName, altLabel) → the states that carry it."""
    g = graph("states.ttl")
    index: dict[str, set[URIRef]] = defaultdict(set)
    for state in states():
        for prop in (SKOS.prefLabel, ITU.formalName, SKOS.altLabel):
            for label in g.objects(state, prop):
                index[normalise(label)].add(state)
    return index


# --- every file parses -------------------------------------------------------------------------


def test_reference_files_found():
    assert len(TTL_FILES) >= 5, [p.name for p in TTL_FILES]


@pytest.mark.parametrize("path", TTL_FILES, ids=lambda p: p.name)
def test_parses(path):
    g = Graph()
    g.parse(path, format="turtle")
    assert len(g) > 0


# --- Member States -----------------------------------------------------------------------------


def test_193_member_states():
    assert len(states()) == 193


def test_state_codes_unique_and_well_formed():
    g = graph("states.ttl")
    iso3s, iso2s = [], []
    for state in states():
        iso3 = list(g.objects(state, ITU.iso3))
        iso2 = list(g.objects(state, ITU.iso2))
        assert len(iso3) == 1 and len(iso2) == 1, state
        assert re.fullmatch(r"[A-Z]{3}", str(iso3[0])), (state, iso3)
        assert re.fullmatch(r"[A-Z]{2}", str(iso2[0])), (state, iso2)
        assert str(state) == f"{BASE}state/{iso3[0]}"
        iso3s.append(str(iso3[0]))
        iso2s.append(str(iso2[0]))
    assert len(set(iso3s)) == len(iso3s)
    assert len(set(iso2s)) == len(iso2s)


def test_state_labels_and_regions():
    g = graph("states.ttl")
    for state in states():
        pref = list(g.objects(state, SKOS.prefLabel))
        formal = list(g.objects(state, ITU.formalName))
        assert len(pref) == 1, (state, pref)
        assert len(formal) == 1, (state, formal)
        assert list(g.objects(state, RDFS.label)) == pref, state
        for label in [*pref, *formal, *g.objects(state, SKOS.altLabel)]:
            assert isinstance(label, Literal) and label.language == "en" and str(label).strip(), (state, label)
            assert "\u2019" not in str(label), (state, label)  # ASCII apostrophes in the data
        regions = set(g.objects(state, ITU.region))
        assert 1 <= len(regions) <= 2, (state, regions)
        assert regions <= REGIONS, (state, regions)


def test_regions_are_concepts():
    concepts = graph("concepts.ttl")
    for region in REGIONS:
        assert (region, RDF.type, ITU.Region) in concepts, region


def test_alt_labels_do_not_repeat_pref_or_formal_name():
    g = graph("states.ttl")
    for state in states():
        main = {normalise(x) for p in (SKOS.prefLabel, ITU.formalName) for x in g.objects(state, p)}
        alts = [normalise(x) for x in g.objects(state, SKOS.altLabel)]
        assert not main & set(alts), (state, main & set(alts))
        assert len(alts) == len(set(alts)), (state, alts)


def test_no_label_shared_by_two_states():
    shared = {label: sorted(s) for label, s in label_index().items() if len(s) > 1}
    assert not shared, shared


@pytest.mark.parametrize(
    ("variant", "iso3"),
    [
        ("the Islamic Republic of Iran", "IRN"),
        ("United States of America", "USA"),
        ("Türkiye", "TUR"),
        ("Côte d'Ivoire (Republic of)", "CIV"),
        ("Brazil (Federative Republic of)", "BRA"),
        ("China (People\u2019s Republic of)", "CHN"),
        ("Russian Federation", "RUS"),
        ("the United Kingdom", "GBR"),
    ],
)
def test_variant_resolves(variant, iso3):
    assert label_index().get(normalise(variant)) == {URIRef(f"{BASE}state/{iso3}")}


# --- resolutions -------------------------------------------------------------------------------


def revisions() -> list[URIRef]:
    return sorted(graph("resolutions.ttl").subjects(RDF.type, ITU.ResolutionRevision))


def lineages() -> list[URIRef]:
    return sorted(graph("resolutions.ttl").subjects(RDF.type, ITU.Resolution))


def test_resolution_catalogue_not_empty():
    assert len(lineages()) >= 30
    assert revisions()


def test_lineage_iris():
    g = graph("resolutions.ttl")
    for lineage in lineages():
        numbers = list(g.objects(lineage, ITU.resolutionNumber))
        bodies = list(g.objects(lineage, ITU.issuedBy))
        assert len(numbers) == 1 and len(bodies) == 1, lineage
        body = str(bodies[0]).removeprefix(BASE + "body/")
        assert body in RESOLUTION_BODIES, (lineage, body)
        assert str(lineage) == f"{BASE}resolution/{body}/{slug(str(numbers[0]))}", lineage
        assert len(list(g.objects(lineage, DCTERMS.title))) <= 1, lineage


def test_revisions_belong_to_their_lineage():
    g = graph("resolutions.ttl")
    for rev in revisions():
        parents = list(g.objects(rev, ELI.is_member_of))
        assert len(parents) == 1, (rev, parents)
        lineage = parents[0]
        assert (lineage, RDF.type, ITU.Resolution) in g, rev
        assert (lineage, ELI.has_member, rev) in g, rev
        assert str(rev).startswith(str(lineage) + "/"), rev
        assert len(list(g.objects(rev, ITU.year))) == 1, rev


def test_lineage_members_are_revisions():
    g = graph("resolutions.ttl")
    for lineage, member in g.subject_objects(ELI.has_member):
        assert (member, RDF.type, ITU.ResolutionRevision) in g, member
        assert (member, ELI.is_member_of, lineage) in g, member


def test_adopted_at_conferences_of_the_same_year():
    g, conferences = graph("resolutions.ttl"), graph("conferences.ttl")
    for rev in revisions():
        year = g.value(rev, ITU.year).toPython()
        for conference in g.objects(rev, ITU.adoptedAt):
            assert (conference, RDF.type, ITU.Conference) in conferences, (rev, conference)
            assert conferences.value(conference, ITU.year).toPython() == year, (rev, conference)
            lineage_body = g.value(g.value(rev, ELI.is_member_of), ITU.issuedBy)
            assert conferences.value(conference, ITU.conferenceOf) == lineage_body, (rev, conference)


def test_amends_an_earlier_revision_of_the_same_lineage():
    g = graph("resolutions.ttl")
    for rev, previous in g.subject_objects(ELI.amends):
        assert (previous, RDF.type, ITU.ResolutionRevision) in g, previous
        assert g.value(rev, ELI.is_member_of) == g.value(previous, ELI.is_member_of), rev
        assert g.value(previous, ITU.year).toPython() < g.value(rev, ITU.year).toPython(), rev


@pytest.mark.parametrize(
    ("iri", "title"),
    [
        ("pp/101/bucharest-2022", "Internet Protocol-based networks"),
        (
            "pp/102/bucharest-2022",
            "ITU's role with regard to international public policy issues pertaining to the Internet and the "
            "management of Internet resources, including domain names and addresses",
        ),
        (
            "pp/133/bucharest-2022",
            "Roles of administrations of Member States in the management of Internationalized (multilingual) "
            "domain names",
        ),
        ("pp/180/bucharest-2022", "Promoting deployment of Internet Protocol version 6"),
        ("pp/206/dubai-2018", "OTTs"),
        ("council/1305/2019", None),
        ("council/1336/2019", None),
    ],
)
def test_resolutions_cited_by_the_report(iri, title):
    g = graph("resolutions.ttl")
    rev = URIRef(f"{BASE}resolution/{iri}")
    assert (rev, RDF.type, ITU.ResolutionRevision) in g, rev
    if title is not None:
        assert str(g.value(rev, DCTERMS.title)) == title
