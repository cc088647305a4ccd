"""The views a resource appears in, for the links of its page: a member state's view, a resolution's timeline
(from its lineage or any revision), a group's view (from the body or one of its meetings)."""

from __future__ import annotations

from collections.abc import Iterable

from ...loader.vocab import BASE, ITU

_STATE, _RESOLUTION, _REVISION, _MEETING = (str(ITU.MemberState), str(ITU.Resolution), str(ITU.ResolutionRevision),
                                            str(ITU.Meeting))
_GROUPS = {str(ITU.CouncilWorkingGroup), str(ITU.Council), str(ITU.Body)}  # bodies that meet (not conference series)


def views_of(iri: str, types: Iterable[str]) -> list[tuple[str, str]]:
    """(label, path) of each view the resource `iri` of these rdf:types appears in.

    >>> views_of("https://w3id.org/itukg/state/RUS", ["https://w3id.org/itukg/ontology#MemberState"])
    [('RUS across the groups', '/views/state/RUS')]
    >>> views_of("https://w3id.org/itukg/resolution/pp/102/busan-2014",
    ...          ["https://w3id.org/itukg/ontology#ResolutionRevision"])
    [('Resolution pp/102 over time', '/views/resolution/pp/102')]
    >>> views_of("https://w3id.org/itukg/meeting/cwg-internet/18", ["https://w3id.org/itukg/ontology#Meeting"])
    [('cwg-internet over its meetings', '/views/group/cwg-internet'), \
('Co-sponsorship network of cwg-internet', '/views/cosponsors?group=cwg-internet')]
    """
    if not iri.startswith(BASE):
        return []
    types = set(types)
    parts = iri.removeprefix(BASE).split("/")
    if _STATE in types and parts[0] == "state" and len(parts) == 2:
        return [(f"{parts[1]} across the groups", f"/views/state/{parts[1]}")]
    if types & {_RESOLUTION, _REVISION} and parts[0] == "resolution" and len(parts) in (3, 4):
        return [(f"Resolution {parts[1]}/{parts[2]} over time", f"/views/resolution/{parts[1]}/{parts[2]}")]
    group = None
    if parts[0] == "body" and len(parts) == 2 and types & _GROUPS:
        group = parts[1]
    elif _MEETING in types and parts[0] == "meeting" and len(parts) == 3:
        group = parts[1]
    if group:
        return [(f"{group} over its meetings", f"/views/group/{group}"),
                (f"Co-sponsorship network of {group}", f"/views/cosponsors?group={group}")]
    return []


__all__ = ["views_of"]
