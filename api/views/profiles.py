"""One member state across the groups (`state_profile`) and one group over its meetings (`group_profile`): the
sections of rows each view shows, each with the SELECT that gave them, and the bars of its picture."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ...loader.vocab import BASE
from ..store.protocol import Reader
from .errors import BadParameterError, UnknownSubjectError
from .network import group_acronym
from .rows import PREFIXES, checked_slug, count, remembered, select
from .svg import Bar
from .tables import Link, Section

NO_DATE = "undated"
NO_MEETING = "no meeting"  # a document the graph assigns to no meeting (a Council document)


@dataclass
class Profile:
    title: str
    summary: str
    subject: str  # the IRI the view is about
    charts: list[tuple[str, list[Bar], list[str], str]] = field(default_factory=list)  # (heading, bars, series, sparql)
    sections: list[Section] = field(default_factory=list)


def checked_iso3(value: str) -> str:
    """An ISO 3166-1 alpha-3 code, upper-cased, or a `BadParameterError` naming the parameter.

    >>> checked_iso3("rus")
    'RUS'
    """
    code = value.strip().upper()
    if not re.fullmatch(r"[A-Z]{3}", code):
        raise BadParameterError("ISO3", f"{value[:40]!r} is not an ISO 3166-1 alpha-3 code (three letters, e.g. RUS).")
    return code


def _path_of(iri: str) -> str:
    return iri.removeprefix(BASE)


# ------------------------------------------------------------------------------------------------ a state

def state_queries(state: str) -> dict[str, str]:
    """The SELECTs of a state's view, by section. Facts that reports restate (a lineage's label, a topic's) are
    joined inside one report's graph (GRAPH ?report) or read after the counting, never joined across the union,
    where they multiply; nested SELECTs fix the order of evaluation where Oxigraph's own order was slow."""
    s = f"<{state}>"
    return {
        "state": f"""{PREFIXES}SELECT ?label ?regions WHERE {{
  {{ SELECT (SAMPLE(STR(?l)) AS ?label) (GROUP_CONCAT(DISTINCT ?r; separator=" ") AS ?regions) WHERE {{
    {s} a itu:MemberState ; skos:prefLabel ?l .
    OPTIONAL {{ {s} itu:region/skos:notation ?r }}
  }} }}
  FILTER(BOUND(?label))
}}""",
        "documents": f"""{PREFIXES}SELECT DISTINCT ?document ?symbol ?meeting ?body ?group ?number ?startDate WHERE {{
  {{ SELECT DISTINCT ?document ?symbol ?key WHERE {{
    ?document dcterms:creator {s} ; itu:symbol ?symbol .
    OPTIONAL {{ ?document itu:forMeeting ?m }}
    BIND(COALESCE(?m, "none") AS ?key)  # always bound: a join on a key that may be unbound is a nested loop
  }} }}
  OPTIONAL {{ SELECT DISTINCT ?key ?meeting ?body ?group ?number ?startDate WHERE {{
    ?key itu:meetingOf ?body ; itu:meetingNumber ?number .
    ?body itu:acronym ?group .
    OPTIONAL {{ ?key schema:startDate ?startDate }}
    BIND(?key AS ?meeting)
  }} }}
}}
ORDER BY ?startDate ?symbol""",
        "cosponsors": f"""{PREFIXES}SELECT ?other ?iso3 ?label (COUNT(DISTINCT ?document) AS ?count) WHERE {{
  ?document itu:symbol ?symbol ; dcterms:creator {s} , ?other .
  ?other itu:iso3 ?iso3 ; skos:prefLabel ?l .
  FILTER(?other != {s})
  BIND(STR(?l) AS ?label)
}}
GROUP BY ?other ?iso3 ?label
ORDER BY DESC(?count) ?iso3""",
        "resolutions": f"""{PREFIXES}SELECT ?resolution (SAMPLE(STR(?l)) AS ?label) (SAMPLE(?d) AS ?documents)
       (SAMPLE(?p) AS ?paragraphs) WHERE {{
  {{ SELECT ?resolution (COUNT(DISTINCT ?document) AS ?d) (COUNT(DISTINCT ?source) AS ?p) WHERE {{
    GRAPH ?report {{
      ?document dcterms:creator {s} .
      ?source itu:aboutDocument ?document .
      ?citation a itu:Citation ; oa:hasTarget/oa:hasSource ?source ; oa:hasBody ?cited .
      OPTIONAL {{ ?cited eli:is_member_of ?lineage }}
    }}
    BIND(COALESCE(?lineage, ?cited) AS ?resolution)
  }}
  GROUP BY ?resolution }}
  OPTIONAL {{ ?resolution rdfs:label ?l }}
}}
GROUP BY ?resolution
ORDER BY DESC(?documents) ?resolution""",
        "topics": f"""{PREFIXES}SELECT DISTINCT ?topic ?title ?document ?symbol WHERE {{
  ?document dcterms:creator {s} ; itu:symbol ?symbol .
  ?topic itu:proposedBy ?document .
  GRAPH ?report {{ ?topic itu:proposedBy ?document ; skos:prefLabel ?t }}
  BIND(STR(?t) AS ?title)
}}
ORDER BY ?title ?symbol""",
        "officers": f"""{PREFIXES}SELECT DISTINCT ?meeting ?person ?name ?role WHERE {{
  GRAPH ?report {{
    ?meeting prov:qualifiedAssociation ?association .
    ?association prov:agent ?person ; prov:hadRole ?r .
    ?person schema:name ?name ; itu:represents {s} .
  }}
  ?r skos:prefLabel ?l .
  BIND(STR(?l) AS ?role)
}}
ORDER BY ?meeting ?name ?role""",
    }


def state_profile(reader: Reader, iso3: str) -> Profile:
    """A member state across the groups: its contributions per group per year, its documents, co-sponsors,
    the resolutions its documents cite, the topics they proposed and the officers from it."""
    code = checked_iso3(iso3)
    return remembered(reader, ("state", code), lambda: _state(reader, code))


def _state(reader: Reader, code: str) -> Profile:
    state = f"{BASE}state/{code}"
    queries = state_queries(state)
    found = select(reader, queries["state"])
    if not found:
        raise UnknownSubjectError("ISO3", f"{code} is not a member state the graph knows (data/states.ttl lists "
                                          "the 193).")
    label = found[0]["label"]
    documents = [dict(r) for r in select(reader, queries["documents"])]
    series = sorted({r.get("group", NO_MEETING) for r in documents})
    per_year: dict[str, Counter] = {}
    for r in documents:
        year = r["startDate"][:4] if r.get("startDate") else NO_DATE
        per_year.setdefault(year, Counter())[r.get("group", NO_MEETING)] += 1
    bars = [Bar(year, dict(per_year[year])) for year in sorted(per_year, key=lambda y: (y == NO_DATE, y))]
    profile = Profile(f"{label}: a member state across the groups",
                      f"{label} ({code}) submitted {len({r['document'] for r in documents})} documents, alone or "
                      "with others, in the loaded reports.", state)
    profile.charts.append(("Contributions per year, by group", bars, series, queries["documents"]))
    rows = [{"symbol": Link(r["symbol"], r["document"]),
             "meeting": Link(f"{r['group']} {r['number']}", r["meeting"]) if "meeting" in r else "",
             "group": Link(r["group"], f"/views/group/{_path_of(r['body']).removeprefix('body/')}")
             if "body" in r else "", "date": r.get("startDate", "")} for r in documents]
    profile.sections.append(Section("documents", "Documents it submitted", (("symbol", "Document"),
                                    ("meeting", "Meeting"), ("group", "Group"), ("date", "Date")),
                                    rows, queries["documents"]))
    rows = [{"state": Link(f"{r['label']} ({r['iso3']})", f"/views/state/{r['iso3']}"), "count": count(r, "count")}
            for r in select(reader, queries["cosponsors"])]
    profile.sections.append(Section("cosponsors", "Its co-sponsors", (("state", "Member state"),
                                    ("count", "Documents co-signed")), rows, queries["cosponsors"]))
    rows = [{"resolution": Link(r.get("label") or _path_of(r["resolution"]), _resolution_view(r["resolution"])),
             "documents": count(r, "documents"), "paragraphs": count(r, "paragraphs")}
            for r in select(reader, queries["resolutions"])]
    profile.sections.append(Section("resolutions", "Resolutions its documents cite", (
        ("resolution", "Resolution"), ("documents", "Documents"), ("paragraphs", "Paragraphs")), rows,
        queries["resolutions"], "Counted in the paragraphs of the reports that are about its documents."))
    rows = [{"topic": Link(r["title"], r["topic"]), "document": Link(r["symbol"], r["document"])}
            for r in select(reader, queries["topics"])]
    profile.sections.append(Section("topics", "Topics it proposed", (("topic", "Topic"), ("document", "Proposed in")),
                                    rows, queries["topics"]))
    rows = [{"name": Link(r["name"], r["person"]), "role": r["role"],
             "meeting": Link(_path_of(r["meeting"]).removeprefix("meeting/"), r["meeting"])}
            for r in select(reader, queries["officers"])]
    profile.sections.append(Section("officers", "Officers from it", (("name", "Name"), ("role", "Role"),
                                    ("meeting", "Meeting")), rows, queries["officers"]))
    return profile


def _resolution_view(iri: str) -> str:
    """The timeline view of a resolution (lineage) IRI, else its page."""
    parts = _path_of(iri).split("/")
    if len(parts) == 3 and parts[0] == "resolution":
        return f"/views/resolution/{parts[1]}/{parts[2]}"
    return iri


# ------------------------------------------------------------------------------------------------ a group

def group_queries(body: str) -> dict[str, str]:
    b = f"<{body}>"
    return {
        "meetings": f"""{PREFIXES}SELECT ?meeting ?number ?startDate ?endDate
       (COUNT(DISTINCT ?document) AS ?contributions) WHERE {{
  ?meeting itu:meetingOf {b} ; itu:meetingNumber ?number .
  OPTIONAL {{ ?meeting schema:startDate ?startDate }}
  OPTIONAL {{ ?meeting schema:endDate ?endDate }}
  OPTIONAL {{ ?document itu:forMeeting ?meeting ; dcterms:creator ?submitter }}
}}
GROUP BY ?meeting ?number ?startDate ?endDate
ORDER BY ?number""",
        "officers": f"""{PREFIXES}SELECT DISTINCT ?meeting ?person ?name ?role ?iso3 WHERE {{
  ?meeting itu:meetingOf {b} .
  GRAPH ?report {{
    ?meeting prov:qualifiedAssociation ?association .
    ?association prov:agent ?person ; prov:hadRole ?r .
    ?person schema:name ?name .
    OPTIONAL {{ ?person itu:represents ?state }}
  }}
  ?r skos:prefLabel ?l .
  BIND(STR(?l) AS ?role)
  BIND(STRAFTER(STR(?state), "/state/") AS ?iso3)  # unbound when the report gives no state
}}
ORDER BY ?meeting ?role ?name""",
        "outcomes": f"""{PREFIXES}SELECT ?meeting ?outcome (COUNT(DISTINCT ?decision) AS ?count) WHERE {{
  ?meeting itu:meetingOf {b} .
  ?decision itu:decidedAt ?meeting ; itu:outcome/skos:notation ?outcome .
}}
GROUP BY ?meeting ?outcome
ORDER BY ?meeting ?outcome""",
    }


def group_profile(reader: Reader, group: str) -> Profile:
    """One group over its meetings: their dates and officers, the contributions to each, the outcomes by kind."""
    slug = checked_slug("group", group)
    acronym = group_acronym(reader, slug)
    return remembered(reader, ("group", slug), lambda: _group(reader, slug, acronym))


def _meeting_label(number: int, date: str) -> str:
    return f"{number} ({date[:4]})" if date else str(number)


def _group(reader: Reader, slug: str, acronym: str) -> Profile:
    body = f"{BASE}body/{slug}"
    queries = group_queries(body)
    meetings = sorted(select(reader, queries["meetings"]), key=lambda r: (count(r, "number"), r["meeting"]))
    officers: dict[str, list] = {}
    for r in select(reader, queries["officers"]):
        who = f"{r['name']} ({r['iso3']})" if r.get("iso3") else r["name"]
        officers.setdefault(r["meeting"], []).append(Link(f"{r['role']}: {who}", r["person"]))
    outcomes: dict[str, Counter] = {}
    for r in select(reader, queries["outcomes"]):
        outcomes.setdefault(r["meeting"], Counter())[r["outcome"]] += count(r, "count")
    kinds = sorted({kind for found in outcomes.values() for kind in found})
    labels = {m["meeting"]: _meeting_label(count(m, "number"), m.get("startDate", "")) for m in meetings}
    profile = Profile(f"{acronym}: the group over its meetings",
                      f"{acronym} in the loaded reports: {len(meetings)} meeting{'s' if len(meetings) != 1 else ''}, "
                      f"{sum(count(m, 'contributions') for m in meetings)} contributions.", body)
    profile.charts.append(("Contributions per meeting", [Bar(labels[m["meeting"]],
                                                             {"contributions": count(m, "contributions")})
                                                         for m in meetings], ["contributions"], queries["meetings"]))
    profile.charts.append(("Outcomes per meeting, by kind", [Bar(labels[m["meeting"]], dict(outcomes.get(m["meeting"],
                                                                                                     {})))
                                                           for m in meetings], kinds, queries["outcomes"]))
    rows = [{"meeting": Link(f"{acronym} {m['number']}", m["meeting"]),
             "dates": " to ".join(dict.fromkeys(filter(None, (m.get("startDate"), m.get("endDate"))))),
             "officers": officers.get(m["meeting"], []), "contributions": count(m, "contributions"),
             "outcomes": ", ".join(f"{kind} {n}" for kind, n in sorted(outcomes.get(m["meeting"], {}).items()))}
            for m in meetings]
    profile.sections.append(Section("meetings", "Meetings", (("meeting", "Meeting"), ("dates", "Dates"),
                                    ("officers", "Officers"), ("contributions", "Contributions"),
                                    ("outcomes", "Outcomes")), rows, queries["meetings"]))
    return profile


__all__ = ["Profile", "checked_iso3", "group_profile", "group_queries", "state_profile", "state_queries"]
