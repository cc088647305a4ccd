"""A resolution's timeline: the revisions of its lineage (conference and year) and, per meeting, the documents
whose paragraphs cite it (any revision, or the lineage alone), by group. Two SELECTs, `revisions_query` and
`citing_query`, whose texts are the view's "queries behind this picture"."""

from __future__ import annotations

from dataclasses import dataclass

from ...loader.vocab import BASE
from ..store.protocol import Reader
from .errors import UnknownSubjectError
from .reading import PREFIXES, checked_slug, count, remembered, select
from .svg import Bar

REPORT_TEXT = "(the report's own text)"  # what cites it when the paragraph is about no document


def lineage_iri(body: str, number: str) -> str:
    """The IRI of a resolution lineage from the two segments of its path (`pp`, `102`; `unga`, `70-125`).

    >>> lineage_iri("PP", "102")
    'https://w3id.org/itukg/resolution/pp/102'
    """
    return f"{BASE}resolution/{checked_slug('body', body)}/{checked_slug('number', number.replace('/', '-'))}"


def revisions_query(lineage: str) -> str:
    return f"""{PREFIXES}SELECT ?label ?title ?revision ?version ?year ?conference ?conferenceLabel WHERE {{
  <{lineage}> a itu:Resolution .
  OPTIONAL {{ <{lineage}> rdfs:label ?l }}
  OPTIONAL {{ <{lineage}> dcterms:title ?t }}
  OPTIONAL {{
    ?revision eli:is_member_of <{lineage}> .
    OPTIONAL {{ ?revision itu:year ?year }}
    OPTIONAL {{ ?revision eli:version ?version }}
    OPTIONAL {{ ?revision itu:adoptedAt ?conference . ?conference rdfs:label ?c }}
  }}
  BIND(STR(?l) AS ?label)
  BIND(STR(?t) AS ?title)
  BIND(STR(?c) AS ?conferenceLabel)
}}
ORDER BY ?year ?revision
"""


def citing_query(lineage: str) -> str:
    return f"""{PREFIXES}SELECT ?meeting ?group ?number ?startDate ?symbol ?revision ?inferred
       (COUNT(DISTINCT ?source) AS ?paragraphs) WHERE {{
  {{ ?citation oa:hasBody <{lineage}> }} UNION {{ ?citation oa:hasBody/eli:is_member_of <{lineage}> }}
  ?citation a itu:Citation ; oa:hasTarget/oa:hasSource ?source .
  ?source dcterms:isPartOf/itu:reportOf ?meeting .
  ?meeting itu:meetingOf/itu:acronym ?group ; itu:meetingNumber ?number .
  OPTIONAL {{ ?meeting schema:startDate ?startDate }}
  OPTIONAL {{ ?source itu:aboutDocument/itu:symbol ?symbol }}
  OPTIONAL {{ ?citation oa:hasBody ?stated . ?stated eli:is_member_of <{lineage}> }}
  OPTIONAL {{ ?citation itu:revisionInForce ?inForce }}
  BIND(COALESCE(?stated, ?inForce) AS ?revision)
  BIND(IF(BOUND(?stated), "false", IF(BOUND(?inForce), "true", ?none)) AS ?inferred)
}}
GROUP BY ?meeting ?group ?number ?startDate ?symbol ?revision ?inferred
ORDER BY ?startDate ?group ?number ?symbol ?revision
"""


@dataclass(frozen=True)
class Timeline:
    lineage: str
    label: str
    title: str
    revisions: list[dict]  # revision, version, year, conference, conferenceLabel
    citations: list[dict]  # meeting, group, number, startDate, year, symbol, revision, inferred, paragraphs

    def bars(self) -> tuple[list[Bar], list[str]]:
        """A bar per year from the first revision or citation to the last: the documents citing it that year, by
        group, the revisions adopted that year as its marker; and the groups, sorted."""
        years = [int(r["year"]) for r in self.revisions if r.get("year")]
        years += [c["year"] for c in self.citations if c["year"]]
        if not years:
            return [], []
        bars = {year: Bar(str(year)) for year in range(min(years), max(years) + 1)}
        for revision in self.revisions:
            if revision.get("year"):
                bar = bars[int(revision["year"])]
                bar.marker = "; ".join(filter(None, (bar.marker, revision.get("version") or revision["revision"])))
        documents: dict[tuple[int, str], set] = {}
        for citation in self.citations:
            if citation["year"]:
                documents.setdefault((citation["year"], citation["group"]), set()).add(
                    (citation["meeting"], citation["symbol"]))
        for (year, group), found in documents.items():
            bars[year].counts[group] = len(found)
        return list(bars.values()), sorted({c["group"] for c in self.citations})


def resolution_timeline(reader: Reader, body: str, number: str) -> Timeline:
    """The timeline of the lineage at /resolution/{body}/{number}, or an `UnknownSubjectError`."""
    lineage = lineage_iri(body, number)
    return remembered(reader, ("timeline", lineage), lambda: _timeline(reader, lineage))


def _timeline(reader: Reader, lineage: str) -> Timeline:
    rows = select(reader, revisions_query(lineage))
    if not rows:
        raise UnknownSubjectError("resolution", f"the graph has no resolution {lineage.removeprefix(BASE)!r} "
                                                "(/resolve?ref=… finds one from a reference such as PP Res. 102).")
    revisions = {r["revision"]: {k: r.get(k, "") for k in ("revision", "version", "year", "conference",
                                                            "conferenceLabel")} for r in rows if "revision" in r}
    citations = [{"meeting": r["meeting"], "group": r["group"], "number": count(r, "number"),
                  "startDate": r.get("startDate", ""), "year": int(r["startDate"][:4]) if r.get("startDate") else None,
                  "symbol": r.get("symbol", REPORT_TEXT), "revision": r.get("revision", ""),
                  "inferred": r.get("inferred", ""), "paragraphs": count(r, "paragraphs")}
                 for r in select(reader, citing_query(lineage))]
    citations.sort(key=lambda c: (c["startDate"], c["group"], c["number"], c["symbol"], c["revision"]))
    first = rows[0]
    return Timeline(lineage, first.get("label", lineage.removeprefix(BASE)), first.get("title", ""),
                    sorted(revisions.values(), key=lambda r: (r["year"], r["revision"])), citations)


__all__ = ["REPORT_TEXT", "Timeline", "citing_query", "lineage_iri", "resolution_timeline", "revisions_query"]
