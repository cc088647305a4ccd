"""The revision in force: which text of a resolution a citation that names no revision ("Resolution
102", "PP Res. 102") meant, read as the revision in force on the day the meeting began.

A revision comes into force when the conference that adopted it ends (its ``schema:endDate`` in
data/conferences.ttl); a Council modification ("Mod. 2019") is dated by its year only, so it is taken
to be in force from the next 1 January, and a meeting in the same year gets no answer. Only the
revisions data/resolutions.ttl lists are used, and an answer is given only when no revision the
catalogue does not list can have come between: a conference of the body that ended between the
revision's adoption and the meeting could have revised the text unseen (a PP resolution is not
revised at every PP), and the Council can modify one in any year; nor can one after the last day up to
which the conference table is complete (`conferences.LISTED_UNTIL`). The catalogue may state that it
lists every revision of a lineage up to a day (``itu:revisionsListedUntil``); gaps up to that day are
then known to be none.

>>> from itukg.loader import iris
>>> found = revision_in_force(iris.resolution("PP", "102"), date(2018, 9, 24))
>>> found.revision.rsplit("/", 1)[-1], found.conference.rsplit("/", 1)[-1]
('busan-2014', 'pp-2014')
>>> revision_in_force(iris.resolution("PP", "102"), date(2023, 10, 18)).revision.rsplit("/", 1)[-1]
'bucharest-2022'
>>> revision_in_force(iris.resolution("PP", "123"), date(2023, 10, 18)) is None  # Dubai and Bucharest unseen
True

The reference data is read once per process from the package (``itukg.data``); `Catalogue.parse`
reads another catalogue, for tests and for curators trying a change.
"""

from __future__ import annotations

import functools
import importlib.resources
from dataclasses import dataclass
from datetime import date

import pyoxigraph as ox

from .conferences import LISTED_UNTIL, Conference, conferences
from .vocab import BASE

__all__ = ["Catalogue", "InForce", "KnownRevision", "Lineage", "catalogue", "revision_in_force"]

_ITU = BASE + "ontology#"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_ELI = "http://data.europa.eu/eli/ontology#"
_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


@dataclass(frozen=True, slots=True)
class KnownRevision:
    """A revision the catalogue lists: its IRI, label, year and, for a conference's text, the conference."""

    iri: str
    label: str
    year: int
    conference: Conference | None

    @property
    def in_force_from(self) -> date:
        """The first day it is surely in force: the adopting conference's last day, else 1 January after its year."""
        if self.conference is not None and self.conference.end is not None:
            return self.conference.end
        return date(self.year + 1, 1, 1)

    @property
    def dated(self) -> bool:
        """Whether the day it came into force is known (a conference with an end date), not only its year."""
        return self.conference is not None and self.conference.end is not None


@dataclass(frozen=True, slots=True)
class Lineage:
    """A resolution across its revisions, as the catalogue knows it."""

    iri: str
    body: str  # acronym: "PP", "Council", "WTSA", ...
    revisions: tuple[KnownRevision, ...]  # in the order they came into force
    listed_until: date | None  # every revision adopted up to this day is listed, when the catalogue says so


@dataclass(frozen=True, slots=True)
class InForce:
    """The answer: the revision in force on `on`, and what it rests on (for the PROV of the inferred fact)."""

    lineage: str
    revision: str
    label: str
    year: int
    conference: str | None  # the adopting conference's IRI; None for a Council modification
    on: date


class Catalogue:
    """The lineages of a resolutions catalogue (Turtle as data/resolutions.ttl), by lineage IRI."""

    def __init__(self, lineages: dict[str, Lineage]):
        self.lineages = lineages

    @classmethod
    def parse(cls, turtle: bytes) -> Catalogue:
        """Read a catalogue in the form of data/resolutions.ttl (conferences from data/conferences.ttl)."""
        props: dict[str, dict[str, list]] = {}
        for triple in ox.parse(turtle, ox.RdfFormat.TURTLE):
            if isinstance(triple.subject, ox.NamedNode):
                props.setdefault(triple.subject.value, {}).setdefault(triple.predicate.value, []).append(triple.object)
        by_iri = {c.iri: c for c in conferences()}
        lineages: dict[str, Lineage] = {}
        for iri, p in props.items():
            if ox.NamedNode(_ITU + "Resolution") not in p.get(_RDF_TYPE, ()):
                continue
            body = iri[len(BASE + "resolution/"):].split("/", 1)[0]
            body = {"council": "Council", "unga": "UNGA"}.get(body, body.upper())
            revisions = []
            for member in p.get(_ELI + "has_member", ()):
                q = props.get(member.value, {})
                if _ITU + "year" not in q:
                    continue
                adopted = q.get(_ITU + "adoptedAt")
                labels = q.get(_LABEL, ())
                revisions.append(KnownRevision(member.value, labels[0].value if labels else member.value,
                                               int(q[_ITU + "year"][0].value),
                                               by_iri.get(adopted[0].value) if adopted else None))
            revisions.sort(key=lambda r: r.in_force_from)
            until = p.get(_ITU + "revisionsListedUntil")
            lineages[iri] = Lineage(iri, body, tuple(revisions), date.fromisoformat(until[0].value) if until else None)
        return cls(lineages)

    def revision_in_force(self, lineage: str, on: date) -> InForce | None:
        """The revision of `lineage` in force on `on`, or None when the catalogue cannot tell."""
        known = self.lineages.get(lineage)
        if known is None or known.body == "UNGA":
            return None
        if any(not r.dated and r.year == on.year for r in known.revisions):
            return None  # a text dated by its year only, in the meeting's year: before or after the meeting?
        before = [r for r in known.revisions if r.in_force_from <= on]
        if not before:
            return None
        latest = before[-1]
        if not _nothing_unseen_between(known, latest, on):
            return None
        conference = latest.conference.iri if latest.conference is not None else None
        return InForce(lineage, latest.iri, latest.label, latest.year, conference, on)


def _nothing_unseen_between(lineage: Lineage, latest: KnownRevision, on: date) -> bool:
    """Whether no revision the catalogue does not list can have been adopted after `latest` and by `on`."""
    listed_until = lineage.listed_until or date.min
    if on <= listed_until:
        return True
    if lineage.body == "Council" or not latest.dated:
        return False  # the Council may modify a resolution at any session; no table of sessions here
    if on > LISTED_UNTIL:
        return False  # a conference the table does not list yet may have revised it
    since = max(latest.in_force_from, listed_until)
    for conference in conferences():
        if conference.body != lineage.body:
            continue
        if conference.end is None:
            if since.year <= conference.year <= on.year:
                return False
        elif since < conference.end <= on:
            return False
    return True


@functools.cache
def catalogue() -> Catalogue:
    """The catalogue of the package's data/resolutions.ttl, read once."""
    return Catalogue.parse((importlib.resources.files("itukg.data") / "resolutions.ttl").read_bytes())


def revision_in_force(lineage: str, on: date) -> InForce | None:
    """The revision of `lineage` (its IRI) in force on `on` by the bundled catalogue; None when it cannot tell."""
    return catalogue().revision_in_force(lineage, on)
