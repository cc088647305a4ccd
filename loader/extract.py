"""Extracting typed records from a segmented report: the meeting, its agenda items, the people in
roles, the documents and what each paragraph claims about them, resolution citations, proposed
topics with their questions, and decisions. Records carry the position of the paragraph they were
read from; nothing here knows about RDF.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .cover import Cover, read_cover
from .documents import AgendaItem, Claim, find_agenda_items, read_documents, reports_on
from .meeting import Meeting, find_meeting, ordinal_value
from .outcomes import Decision, find_decisions
from .people import Role, find_roles
from .read import Source
from .refs import Reference, find_references
from .segment import Paragraph, segment
from .symbols import Symbol, find_symbols
from .topics import Topic, find_topics


@dataclass(slots=True)
class Citation:
    reference: Reference
    body: str | None
    basis: str
    paragraph: int
    index: int


@dataclass(slots=True)
class Extraction:
    source: Source
    paragraphs: list[Paragraph]
    meeting: Meeting
    items: list[AgendaItem]
    about: dict[int, Symbol]
    mentions: dict[int, list[Symbol]]
    claims: list[Claim]
    roles: list[Role]
    citations: list[Citation]
    topics: list[Topic]
    decisions: list[Decision]
    cover: Cover | None = None
    about_all: dict[int, list[Symbol]] = field(default_factory=dict)  # every document a paragraph's section names
    completeness: list[str] = field(default_factory=list)  # what could not be found ("no officers found")


# ---------------------------------------------------------------------------------------------- entry


def extract_report(source: Source) -> Extraction:
    """Read every record a report states. Raises `NotAReportError` when no meeting is named."""
    paragraphs = segment(source)
    cover = read_cover(source)
    meeting = find_meeting(paragraphs, source, cover)
    documents = read_documents(paragraphs, context=(meeting.body, meeting.number),
                               own=cover.symbol if cover else None)
    about, mentions, claims = documents.about, documents.mentions, documents.claims
    items = find_agenda_items(paragraphs, mentions, about)
    for claim in claims:
        if claim.kind == "meeting-report":
            text = claim.title or paragraphs[claim.paragraph - 1].text
            claim.reports_on = reports_on(text, claim.symbol.meeting)
    roles = find_roles(paragraphs)
    citations = find_citations(paragraphs)
    topics = find_topics(paragraphs, about)
    decisions = find_decisions(paragraphs, about, mentions, items, claims, meeting)
    extraction = Extraction(source, paragraphs, meeting, items, about, mentions, claims, roles, citations, topics,
                            decisions, cover, about_all=documents.about_all)
    extraction.completeness = completeness(extraction)
    return extraction


def completeness(x: Extraction) -> list[str]:
    """What a reader would expect of a meeting report and the loader could not find in this one, for a
    curator: "no meeting dates found", "no officers found", "3 documents without an outcome"…"""
    notes = list(x.cover.problems) if x.cover else []
    if x.meeting.start is None:
        notes.append("no meeting dates found")
    if not x.roles:
        notes.append("no officers found")
    elif not any(role.role in ("chair", "acting-chair") for role in x.roles):
        notes.append("no chair found")
    documents = {claim.symbol.original for claim in x.claims if claim.symbol and claim.kind != "agenda"}
    own = x.cover.symbol if x.cover else None
    if not documents and not any(str(s) != own for symbols in x.mentions.values() for s in symbols):
        notes.append("no documents found")
    decided = {d.subject.original for d in x.decisions if d.subject_kind == "document" and d.subject}
    undecided = len(documents - decided)
    if undecided:
        notes.append(f"{undecided} document{'s' if undecided > 1 else ''} without an outcome")
    if not x.decisions:
        notes.append("no decisions found")
    return notes


# ---------------------------------------------------------------------------------------------- citations


def find_citations(paragraphs: list[Paragraph]) -> list[Citation]:
    found: list[tuple[Paragraph, int, Reference]] = []
    for p in paragraphs:
        for index, reference in enumerate(find_references(p.text), start=1):
            found.append((p, index, reference))
    known: dict[str, set[str]] = {}
    for _, _, reference in found:
        if reference.body:
            known.setdefault(reference.number, set()).add(reference.body)
    citations = []
    for p, index, reference in found:
        body, basis = reference.body, reference.basis
        if body is None and len(known.get(reference.number, ())) == 1:
            body, basis = next(iter(known[reference.number])), "report-context"
        citations.append(Citation(reference, body, basis, p.position, index))
    return citations


__all__ = ["Symbol", "Meeting", "AgendaItem", "Claim", "Role", "Citation", "Topic", "Decision", "Extraction",
           "extract_report", "find_meeting", "find_symbols", "ordinal_value"]
