"""Every IRI itukg mints, built from the domain's own identifiers so that reloading a report yields
the same IRIs.

>>> meeting("CWG-Internet", 18)
'https://w3id.org/itukg/meeting/cwg-internet/18'
>>> document("CWG-Internet", 18, 3)
'https://w3id.org/itukg/document/cwg-internet-18-3'
>>> document("CWG-Internet", 18, 1, revision=1)
'https://w3id.org/itukg/document/cwg-internet-18-1-rev-1'
>>> document("Council", 19, 4, series="DT"), document("Council", 19, 12, part="Add.1")
('https://w3id.org/itukg/document/c19-dt-4', 'https://w3id.org/itukg/document/c19-12-add-1')
>>> resolution("PP", "102"), revision("PP", "102", "Bucharest", 2022)
('https://w3id.org/itukg/resolution/pp/102', 'https://w3id.org/itukg/resolution/pp/102/bucharest-2022')
>>> revision("Council", "1305", None, 2019), resolution("UNGA", "70/125")
('https://w3id.org/itukg/resolution/council/1305/2019', 'https://w3id.org/itukg/resolution/unga/70-125')
>>> slug("Florianópolis & Sharm el-Sheikh")
'florianopolis-sharm-el-sheikh'
"""

import re
import unicodedata
from functools import lru_cache

from .vocab import BASE


@lru_cache(maxsize=65536)  # a report slugs the same names again and again
def slug(text: str, *, limit: int = 80) -> str:
    """Lower-case ASCII words joined by hyphens ("CWG-WSIS&SDG" → "cwg-wsis-sdg")."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    out = "-".join(words)
    if len(out) > limit:
        out = out[:limit].rsplit("-", 1)[0]
    return out


def body(acronym: str) -> str:
    return f"{BASE}body/{slug(acronym)}"


def conference(acronym: str, year: int) -> str:
    return f"{BASE}conference/{slug(acronym)}-{year}"


def state(iso3: str) -> str:
    return f"{BASE}state/{iso3.upper()}"


def _numbered(body_acronym: str, number: int, session: int | None) -> str:
    """`<body>/<number>`, or `<body>/<session>/<number>` for a meeting numbered within a session (a Council plenary
    meeting): the fifth plenary meetings of 2018 and 2019 are two meetings."""
    return f"{slug(body_acronym)}/{session}/{number}" if session else f"{slug(body_acronym)}/{number}"


def meeting(body_acronym: str, number: int, *, session: int | None = None) -> str:
    """A numbered meeting of a body.

    >>> meeting("Council", 5, session=2019)
    'https://w3id.org/itukg/meeting/council/2019/5'
    """
    return f"{BASE}meeting/{_numbered(body_acronym, number, session)}"


def session(body_acronym: str, year: int) -> str:
    """A session of the Council (`session/council/2016`), whose plenary meetings are numbered within it."""
    return f"{BASE}session/{slug(body_acronym)}/{year}"


def agenda_item(body_acronym: str, number: int, item: str, *, session: int | None = None) -> str:
    return f"{meeting(body_acronym, number, session=session)}/item/{slug(item)}"


def document(body_acronym: str, meeting_number: int, number: int, *, revision: int | None = None,
             part: str | None = None, series: str | None = None) -> str:
    """A meeting document by its symbol's parts; Council documents by session (`meeting_number`, two digits)
    and series ("C19/DT/4" → `document/c19-dt-4`); an addendum or corrigendum (`part` "Add.1") of its own."""
    tail = (f"-rev-{revision}" if revision else "") + (f"-{slug(part)}" if part else "")
    if body_acronym == "Council":
        head = f"c{meeting_number:02d}" + (f"-{slug(series)}" if series else "")
        return f"{BASE}document/{head}-{number}{tail}"
    return f"{BASE}document/{slug(body_acronym)}-{meeting_number}-{number}{tail}"


def report(body_acronym: str, number: int, *, session: int | None = None) -> str:
    """The meeting report itself, named by its meeting (its own symbol, when the cover gives one, is a fact of it)."""
    return f"{BASE}report/{_numbered(body_acronym, number, session)}"


def report_graph(body_acronym: str, number: int, *, session: int | None = None) -> str:
    """The named graph that holds everything one report says."""
    return f"{BASE}graph/report/{_numbered(body_acronym, number, session)}"


def validation_graph(body_acronym: str, number: int, *, session: int | None = None) -> str:
    """The named graph that holds the SHACL warnings of one report."""
    return f"{BASE}graph/validation/{_numbered(body_acronym, number, session)}"


def paragraph(report_iri: str, position: int) -> str:
    return f"{report_iri}/paragraph/{position}"


def agent(key: str) -> str:
    """A submitter that is not a member state (`agent/cept`, `agent/orbital-links-ltd`, `agent/cwg-wsis-sdg-chair`)."""
    return f"{BASE}agent/{slug(key)}"


def person(name: str, state: str | None = None) -> str:
    """A person, known by name and, when the report gives one, member state: two people of one name from two
    states are two people.

    >>> person("Nigel Hickson"), person("Nigel Hickson", "GBR")
    ('https://w3id.org/itukg/person/nigel-hickson', 'https://w3id.org/itukg/person/nigel-hickson-gbr')
    """
    return f"{BASE}person/{slug(name)}" + (f"-{state.lower()}" if state else "")


def topic(title: str) -> str:
    return f"{BASE}topic/{slug(title)}"


def resolution(body_acronym: str, number: str) -> str:
    """The lineage of a resolution, all its revisions together."""
    return f"{BASE}resolution/{slug(body_acronym)}/{slug(number)}"


def revision(body_acronym: str, number: str, place: str | None, year: int) -> str:
    """One revision of a resolution: `place-year` for conferences, `year` for the Council."""
    key = f"{slug(place)}-{year}" if place else str(year)
    return f"{resolution(body_acronym, number)}/{key}"


def concept(scheme: str, notation: str) -> str:
    """A concept of one of the project's SKOS schemes (role, outcome, document-type, region)."""
    return f"{BASE}{scheme}/{slug(notation)}"


REFERENCE_GRAPH = f"{BASE}graph/reference"
ONTOLOGY_GRAPH = f"{BASE}graph/ontology"
TOPIC_SCHEME = f"{BASE}topic"
