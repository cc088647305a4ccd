"""Turning the records of one report into RDF: one named graph, every fact traced to its paragraph.

No blank nodes: every node has an IRI derived from the report and the paragraph, so loading the same
report twice yields the same quads. A report makes at most `MAX_TRIPLES` distinct triples (the loader's
limits: `itukg.loader.read`); they are counted as they are made, and the making stops once over.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

from rdflib import Literal, URIRef

from . import inforce, iris
from .errors import TooLargeError
from .cover import Cover
from .extract import Extraction, Symbol
from .refs import Reference
from .submitters import Agent
from .vocab import BASE, DCTERMS, ELI, ELIDL, ITU, OA, PROV, RDF, RDFS, SDO, SKOS, XSD

Triple = tuple[URIRef, URIRef, URIRef | Literal]
Triples = dict[Triple, None]  # the triples made so far, each once, in the order first made

MAX_TRIPLES = 500_000

_CLASS_OF_KIND = {
    "contribution": ITU.Contribution,
    "secretariat-report": ITU.SecretariatReport,
    "agenda": ITU.Agenda,
    "meeting-report": ITU.MeetingReport,
    "chair-report": ITU.ChairReport,
    "document": ITU.Document,
}
_ISO639 = "http://id.loc.gov/vocabulary/iso639-1/"  # dcterms:language of a report, by its ISO 639-1 code
_BODY_SLUGS = {"PP": "pp", "Council": "council", "WTDC": "wtdc", "WTSA": "wtsa", "WRC": "wrc", "RA": "ra",
               "UNGA": "unga"}


def _en(text: str) -> Literal:
    return Literal(text, lang="en")


@lru_cache(maxsize=4096)
def _int(value: int) -> Literal:
    return Literal(value, datatype=XSD.integer)  # made once per number: rdflib's casting costs 10 µs


def graph_name(extraction: Extraction) -> URIRef:
    """The named graph that holds the report."""
    m = extraction.meeting
    return URIRef(iris.report_graph(m.body, m.number, session=m.session))


def report_triples(extraction: Extraction) -> list[Triple]:
    """Every triple the report states, for its named graph (`graph_name`). Raises `TooLargeError` once they are
    more than `MAX_TRIPLES`."""
    out: Triples = {}
    add = out.setdefault
    m = extraction.meeting
    meeting = URIRef(iris.meeting(m.body, m.number, session=m.session))
    report = URIRef(iris.report(m.body, m.number, session=m.session))

    def para(position: int) -> URIRef:
        return URIRef(iris.paragraph(str(report), position))

    def bounded(records: list, what: str) -> Iterator:
        """`records`, the triples counted before each one's are made (a few dozen at most) and after the last."""
        for record in [*records, None]:
            if len(out) > MAX_TRIPLES:
                raise TooLargeError.over(extraction.source.name, "triples", len(out), MAX_TRIPLES, unit="triples",
                                    exact=False, where=f", making those of its {what}")
            if record is not None:
                yield record

    # the report and its meeting
    add((report, RDF.type, ITU.MeetingReport))
    add((report, RDF.type, ITU.Document))
    add((report, ELI.work_type, URIRef(iris.concept("document-type", "meeting-report"))))
    add((report, ITU.reportOf, meeting))
    if m.session:
        add((report, DCTERMS.title, _en(f"Summary record of the {_ordinal(m.number)} plenary meeting of the "
                                        f"{m.body} {m.session}")))
    else:
        add((report, DCTERMS.title, _en(f"Report of the {_ordinal(m.number)} meeting of {m.body}")))
    add((report, RDFS.label, _en(f"Report of {_meeting_name(m.body, m.number, m.session)}")))
    add((report, ITU.sourceFile, Literal(_file_name(extraction.source.name))))
    add((report, ITU.contentHash, Literal(extraction.source.sha256)))
    _meeting(out, m.body, m.number, session=m.session)
    if m.start:
        add((meeting, SDO.startDate, _date(m.start)))
    if m.end:
        add((meeting, SDO.endDate, _date(m.end)))
    add((meeting, ITU.remoteParticipation, Literal(m.remote)))
    if m.place:
        add((meeting, SDO.location, Literal(m.place)))
    add((meeting, ELIDL.documented_by_a_realization_of, report))
    add((meeting, PROV.wasDerivedFrom, para(m.paragraph)))
    if extraction.cover:
        _cover(out, report, extraction.cover)
    if m.session:
        add((meeting, SDO.superEvent, _session(out, m.body, m.session, extraction.cover)))
    for note in extraction.completeness:
        add((report, ITU.completenessNote, _en(note)))

    # paragraphs
    item_iri = {item.number: URIRef(iris.agenda_item(m.body, m.number, item.number, session=m.session))
                for item in extraction.items}
    for p in bounded(extraction.paragraphs, "paragraphs"):
        node = para(p.position)
        add((node, RDF.type, ITU.Paragraph))
        add((node, DCTERMS.isPartOf, report))
        add((node, SDO.position, _int(p.position)))
        add((node, ITU.lineNumber, _int(p.line)))
        add((node, SDO.text, _en(p.text)))
        add((node, ITU.isHeading, Literal(p.is_heading)))
        if p.number:
            add((node, ITU.paragraphNumber, Literal(p.number)))
        if p.item in item_iri:
            add((node, ITU.inAgendaItem, item_iri[p.item]))
        if p.position in extraction.about:
            add((node, ITU.aboutDocument, _document(out, extraction.about[p.position])))
        for symbol in extraction.mentions.get(p.position, ()):
            add((node, ITU.mentions, _document(out, symbol)))

    # agenda items
    for position, item in enumerate(bounded(extraction.items, "agenda items"), start=1):
        node = item_iri[item.number]
        add((meeting, ELIDL.consists_of, node))
        add((node, RDF.type, ITU.AgendaItem))
        add((node, ITU.itemNumber, Literal(item.number)))
        add((node, RDFS.label, _en(item.title)))
        add((node, SDO.position, _int(position)))
        add((node, PROV.wasDerivedFrom, para(item.paragraph)))
        for symbol in item.documents:
            document = _document(out, symbol)
            add((node, ITU.examined, document))
            add((meeting, ITU.examined, document))

    # what paragraphs claim about documents
    for claim in bounded(extraction.claims, "claims about documents"):
        document = _document(out, claim.symbol)
        node = URIRef(f"{report}/claim/{claim.paragraph}-{iris.slug(str(claim.symbol))}")
        kind = URIRef(iris.concept("document-type", claim.kind))
        add((node, RDF.type, ITU.DocumentClaim))
        add((node, ITU.claimAbout, document))
        add((node, ITU.claimedType, kind))
        add((node, PROV.wasDerivedFrom, para(claim.paragraph)))
        add((document, RDF.type, _CLASS_OF_KIND[claim.kind]))
        add((document, ELI.work_type, kind))
        if claim.title:
            add((node, DCTERMS.title, _en(claim.title)))
        for iso3 in claim.submitters:
            add((node, DCTERMS.creator, URIRef(iris.state(iso3))))
            add((document, DCTERMS.creator, URIRef(iris.state(iso3))))
        for agent in claim.agents:
            submitter = _agent(out, agent)
            add((node, DCTERMS.creator, submitter))
            add((document, DCTERMS.creator, submitter))
        for leftover in claim.unresolved:
            add((node, ITU.unresolvedSubmitter, Literal(leftover)))
        if claim.reports_on:
            reported = _meeting(out, claim.symbol.body, claim.reports_on)
            add((document, ITU.reportOf, reported))

    # people in roles
    associations: dict[URIRef, URIRef] = {}
    for role in bounded(extraction.roles, "roles"):
        person = URIRef(iris.person(role.name, role.state))
        add((person, RDF.type, SDO.Person))
        add((person, RDF.type, PROV.Agent))
        add((person, SDO.name, Literal(role.name)))
        add((person, RDFS.label, Literal(role.name)))
        if role.honorific:
            add((person, SDO.honorificPrefix, Literal(_honorific(role.honorific))))
        if role.state:
            add((person, ITU.represents, URIRef(iris.state(role.state))))
        node = URIRef(f"{report}/role/{str(person).rsplit('/', 1)[1]}/{role.role}")
        associations[node] = person
        add((meeting, PROV.qualifiedAssociation, node))
        add((node, RDF.type, ITU.RoleInMeeting))
        add((node, PROV.agent, person))
        add((node, PROV.hadRole, URIRef(iris.concept("role", role.role))))
        add((node, PROV.wasDerivedFrom, para(role.paragraph)))
        if role.region:
            add((node, ITU.region, URIRef(iris.concept("region", role.region))))
        if role.remote:
            add((node, ITU.remoteParticipation, Literal(True)))

    # citations of resolutions
    for citation in bounded(extraction.citations, "citations"):
        reference = citation.reference
        node = URIRef(f"{report}/citation/{citation.paragraph}-{citation.index}")
        target, selector = URIRef(f"{node}/target"), URIRef(f"{node}/selector")
        source = para(citation.paragraph)
        add((node, RDF.type, ITU.Citation))
        add((node, OA.motivatedBy, OA.linking))
        add((node, OA.hasTarget, target))
        add((node, PROV.wasDerivedFrom, source))
        add((target, RDF.type, OA.SpecificResource))
        add((target, OA.hasSource, source))
        add((target, OA.hasSelector, selector))
        add((selector, RDF.type, OA.TextQuoteSelector))
        add((selector, OA.exact, Literal(reference.text)))
        paragraph_text = extraction.paragraphs[citation.paragraph - 1].text
        add((selector, OA.prefix, Literal(paragraph_text[max(0, reference.start - 32): reference.start])))
        add((selector, OA.suffix, Literal(paragraph_text[reference.end: reference.end + 32])))
        add((node, ITU.citedNumber, Literal(reference.number)))
        add((node, ITU.bodyBasis, Literal(citation.basis)))
        if reference.qualifier:
            add((node, ITU.qualifier, Literal(reference.qualifier)))
        if reference.place:
            add((node, ITU.citedPlace, Literal(reference.place)))
        if reference.year:
            add((node, ITU.citedYear, _int(reference.year)))
        if citation.body:
            add((node, ITU.citedBody, URIRef(iris.body(_BODY_SLUGS[citation.body]))))
            cited = _resolution(out, citation.body, reference)
            add((node, OA.hasBody, cited))
            add((source, ELI.cites, cited))
            if reference.year is None and m.start is not None:
                _revision_in_force(out, node, cited, meeting, m.start)

    # topics and their questions
    scheme = URIRef(iris.TOPIC_SCHEME)
    for topic in bounded(extraction.topics, "topics"):
        node = URIRef(iris.topic(topic.title))
        add((node, RDF.type, ITU.Topic))
        add((node, SKOS.inScheme, scheme))
        add((node, SKOS.prefLabel, _en(topic.title)))
        add((node, RDFS.label, _en(topic.title)))
        add((node, PROV.wasDerivedFrom, para(topic.paragraph)))
        if topic.symbol:
            add((node, ITU.proposedBy, _document(out, topic.symbol)))
        for number, text in enumerate(topic.questions, start=1):
            question = URIRef(f"{report}/question/{topic.paragraph}-{iris.slug(topic.title, limit=40)}-{number}")
            add((node, ITU.hasQuestion, question))
            add((question, RDF.type, ITU.Question))
            add((question, SDO.text, _en(text)))
            add((question, SDO.position, _int(number)))
            add((question, PROV.wasDerivedFrom, para(topic.paragraph)))

    # decisions
    for number, decision in enumerate(bounded(extraction.decisions, "decisions"), start=1):
        node = URIRef(f"{report}/decision/{decision.paragraph}-{number}")
        if decision.subject_kind == "document":
            subject = _document(out, decision.subject)
        elif decision.subject_kind == "report":
            subject = URIRef(iris.report(m.body, decision.subject, session=m.session))
            if decision.subject != m.number:
                add((subject, RDF.type, ITU.MeetingReport))
                add((subject, ITU.reportOf, _meeting(out, m.body, decision.subject)))
        else:  # an agenda item; a paragraph before any numbered item decides about the meeting
            subject = item_iri.get(decision.subject, meeting)
        add((node, RDF.type, ITU.Decision))
        add((node, ITU.decisionOn, subject))
        add((node, ITU.outcome, URIRef(iris.concept("outcome", decision.outcome))))
        add((node, ITU.decidedAt, meeting))
        add((node, PROV.wasDerivedFrom, para(decision.paragraph)))
    return list(out)


def _meeting(out: Triples, body: str, number: int, *, session: int | None = None) -> URIRef:
    node = URIRef(iris.meeting(body, number, session=session))
    out.setdefault((node, RDF.type, ITU.Meeting))
    out.setdefault((node, ITU.meetingOf, URIRef(iris.body(body))))
    out.setdefault((node, ITU.meetingNumber, _int(number)))
    out.setdefault((node, RDFS.label, Literal(_meeting_name(body, number, session))))
    return node


def _meeting_name(body: str, number: int, session: int | None) -> str:
    """"CWG-Internet 18"; "Council 2019 plenary 5" for a meeting numbered within its session."""
    return f"{body} {session} plenary {number}" if session else f"{body} {number}"


def _date(day) -> Literal:
    return Literal(day.isoformat(), datatype=XSD.date)


def _cover(out: Triples, report: URIRef, cover: Cover) -> None:
    """What the report's cover header says of the report: its own symbol, issue date and language line, for a
    Council document the session and agenda item, and the meeting as the cover gives it (kept beside the
    meeting's own facts, so that the gate can warn when the two disagree)."""
    wg = cover.session is None  # the meeting line of a working group's cover; a Council cover names a session
    facts = (
        (ITU.symbol, cover.symbol and Literal(cover.symbol)),
        (SKOS.altLabel, cover.symbol and cover.written and cover.written != cover.symbol and Literal(cover.written)),
        (DCTERMS.issued, cover.issued and _date(cover.issued)),
        (ITU.languageLine, cover.language and Literal(cover.language)),
        (DCTERMS.language, cover.language_code and URIRef(f"{_ISO639}{cover.language_code}")),
        (ITU.agendaItemCode, cover.agenda_item and Literal(cover.agenda_item)),
        (ITU.session, cover.session and _session(out, "Council", cover.session.year, cover)),
        (ITU.coverMeetingNumber, wg and cover.number and _int(cover.number)),
        (ITU.coverPlace, wg and cover.place and Literal(cover.place)),
        (ITU.coverStartDate, cover.start and _date(cover.start)),
        (ITU.coverEndDate, cover.end and _date(cover.end)),
    )
    for predicate, value in facts:
        if value:
            out.setdefault((report, predicate, value))


def _session(out: Triples, body: str, year: int, cover: Cover | None) -> URIRef:
    node = URIRef(iris.session(body, year))
    out.setdefault((node, RDF.type, ITU.Session))
    out.setdefault((node, RDFS.label, _en(f"{body} {year}")))
    out.setdefault((node, ITU.sessionOf, URIRef(iris.body(body))))
    if cover and cover.session and cover.session.year == year:
        if cover.session.start:
            out.setdefault((node, SDO.startDate, _date(cover.session.start)))
        if cover.session.end:
            out.setdefault((node, SDO.endDate, _date(cover.session.end)))
        if cover.session.place:
            out.setdefault((node, SDO.location, Literal(cover.session.place)))
    return node


def _document(out: Triples, symbol: Symbol) -> URIRef:
    """The document's node; each spelling the report uses for it is a skos:altLabel."""
    node = URIRef(iris.document(symbol.body, symbol.meeting, symbol.number, revision=symbol.revision,
                                part=symbol.part, series=symbol.series))
    if symbol.spelling:
        out.setdefault((node, SKOS.altLabel, Literal(symbol.spelling)))
    if (node, RDF.type, ITU.Document) in out:
        return node
    out.setdefault((node, RDF.type, ITU.Document))
    out.setdefault((node, ITU.symbol, Literal(str(symbol))))
    out.setdefault((node, RDFS.label, Literal(str(symbol))))
    if not symbol.is_council:  # a Council document belongs to a session, not to a meeting of a group
        out.setdefault((node, ITU.forMeeting, _meeting(out, symbol.body, symbol.meeting)))
    if symbol.parent is not None:
        out.setdefault((node, DCTERMS.isPartOf, _document(out, symbol.parent)))
    elif symbol.revision:
        out.setdefault((node, ITU.revisionNumber, _int(symbol.revision)))
        out.setdefault((node, DCTERMS.isVersionOf, _document(out, symbol.original)))
    return node


def _agent(out: Triples, agent: Agent) -> URIRef:
    """A submitter that is not a member state, with its name and kind (those of data/agents.ttl restated, so that
    the report's graph holds what the gate checks)."""
    node = URIRef(iris.agent(agent.key))
    out.setdefault((node, RDF.type, ITU.NonStateActor))
    out.setdefault((node, RDFS.label, Literal(agent.name)))
    out.setdefault((node, ITU.agentKind, URIRef(iris.concept("agent-kind", agent.kind))))
    return node


def _resolution(out: Triples, body: str, reference: Reference) -> URIRef:
    lineage = URIRef(iris.resolution(_BODY_SLUGS[body], reference.number))
    out.setdefault((lineage, RDF.type, ITU.Resolution))
    out.setdefault((lineage, ITU.issuedBy, URIRef(iris.body(_BODY_SLUGS[body]))))
    out.setdefault((lineage, ITU.resolutionNumber, Literal(reference.number)))
    out.setdefault((lineage, RDFS.label, _en(f"{body} Resolution {reference.number}")))
    if not reference.year or body == "UNGA":
        return lineage
    place = None if body == "Council" else reference.place
    revision = URIRef(iris.revision(_BODY_SLUGS[body], reference.number, place, reference.year))
    out.setdefault((lineage, ELI.has_member, revision))
    out.setdefault((revision, RDF.type, ITU.ResolutionRevision))
    out.setdefault((revision, ELI.is_member_of, lineage))
    out.setdefault((revision, ELI.passed_by, URIRef(iris.body(_BODY_SLUGS[body]))))
    out.setdefault((revision, ITU.year, _int(reference.year)))
    version = ", ".join(part for part in (place, str(reference.year)) if part)
    if reference.qualifier:
        version = f"{reference.qualifier} {version}"
    out.setdefault((revision, RDFS.label, _en(f"{body} Resolution {reference.number} ({version})")))
    return revision


_IN_FORCE_ACTIVITY = URIRef(BASE + "activity/revision-in-force")  # the one activity of loader/inforce.py


def _revision_in_force(out: Triples, citation: URIRef, lineage: URIRef, meeting: URIRef, on) -> None:
    """For a citation that names no revision, the revision in force on the meeting's first day
    (`itukg.loader.inforce`), as an inferred fact: itu:revisionInForce, never oa:hasBody (what the text states),
    with an inference node that says how it was reached and from what. The revision is restated from
    data/resolutions.ttl so that the report's graph holds what the gate checks."""
    found = inforce.revision_in_force(str(lineage), on)
    if found is None:
        return
    add = out.setdefault
    revision, inference = URIRef(found.revision), URIRef(f"{citation}/in-force")
    add((citation, ITU.revisionInForce, revision))
    add((citation, ITU.revisionInForceInference, inference))
    add((inference, RDF.type, ITU.RevisionInForceInference))
    add((inference, PROV.wasGeneratedBy, _IN_FORCE_ACTIVITY))
    add((inference, ITU.inForceOn, Literal(on.isoformat(), datatype=XSD.date)))
    add((inference, PROV.wasDerivedFrom, meeting))  # its first day
    add((inference, PROV.wasDerivedFrom, lineage))  # the revisions the catalogue lists
    if found.conference:
        add((inference, PROV.wasDerivedFrom, URIRef(found.conference)))  # its last day
        add((revision, ITU.adoptedAt, URIRef(found.conference)))
    add((_IN_FORCE_ACTIVITY, RDF.type, PROV.Activity))
    add((_IN_FORCE_ACTIVITY, RDFS.label, _en("Inferring the revision in force on a meeting's first day")))
    add((lineage, ELI.has_member, revision))
    add((revision, RDF.type, ITU.ResolutionRevision))
    add((revision, ELI.is_member_of, lineage))
    add((revision, ITU.year, _int(found.year)))
    add((revision, RDFS.label, _en(found.label)))


_HONORIFICS = {"mr": "Mr.", "mrs": "Mrs.", "ms": "Ms.", "miss": "Miss", "mx": "Mx.", "dr": "Dr.", "prof": "Prof.",
               "professor": "Prof.", "profdr": "Prof. Dr.", "professordr": "Prof. Dr.", "he": "H.E.",
               "ambassador": "Ambassador", "amb": "Amb.", "eng": "Eng.", "sir": "Sir", "dame": "Dame"}


def _honorific(text: str) -> str:
    """The usual written form of a title.

    >>> _honorific("H. E"), _honorific("Professor"), _honorific("Ms")
    ('H.E.', 'Prof.', 'Ms.')
    """
    key = "".join(ch for ch in text.lower() if ch.isalpha())
    return _HONORIFICS.get(key, text)


def _ordinal(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def _file_name(name: str) -> str:
    return name.replace("\\", "/").rsplit("/", 1)[-1]


def to_ntriples(triples: Iterable[tuple]) -> str:
    """N-Triples text of rdflib triples (one line each): what a store is given."""
    written: dict[int, str] = {}  # by the term object: a report repeats the same objects (classes, predicates)

    def n3(term) -> str:
        text = written.get(id(term))
        if text is None:
            text = written[id(term)] = _literal_nt(term) if isinstance(term, Literal) else term.n3()
        return text

    triples = list(triples)  # alive to the end: no object's id is reused while `written` holds it
    return "".join(f"{n3(s)} {n3(p)} {n3(o)} .\n" for s, p, o in triples)


_NT_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def _literal_nt(literal: Literal) -> str:
    """A literal in N-Triples: one line whatever its text (rdflib's `n3()` writes a text with a line break as a
    Turtle long string, which N-Triples does not have)."""
    text = f'"{str(literal).translate(_NT_ESCAPES)}"'
    if literal.language:
        return f"{text}@{literal.language}"
    if literal.datatype is not None:
        return f"{text}^^<{literal.datatype}>"
    return text


__all__ = ["Triple", "graph_name", "report_triples", "to_ntriples"]
