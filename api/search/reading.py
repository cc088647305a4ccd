"""The records to index, read from a store (or from the service's engine) with SPARQL: paragraphs, documents,
resolutions, topics and meetings (`records`). Anything with the store layer's `Reader` interface (`select`)
will do: an `OxigraphStore`, a `RemoteStore`, or the service's `Engine`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ...loader.refs import Reference, find_references
from ..store.protocol import Reader
from .records import Document

__all__ = ["records", "Select"]

Select = Callable[[str], list[dict[str, str]]]
_PREFIXES = """PREFIX itu: <https://w3id.org/itukg/ontology#>
PREFIX schema: <https://schema.org/>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
"""
_BODIES = {"pp": "PP", "council": "Council", "wtdc": "WTDC", "wtsa": "WTSA", "wrc": "WRC", "ra": "RA", "unga": "UNGA"}


# ------------------------------------------------------------------------------------------ reading the store


def _selector(source: Reader) -> Select:
    """Run a SELECT (with the prefixes of the queries below) on `source` and get its rows as {variable:
    lexical value} (unbound ones left out)."""
    return lambda sparql: source.select(_PREFIXES + sparql)


def records(source: Reader) -> list[Document]:
    """Every record to index, read from the store (or the engine): paragraphs, documents, resolutions,
    topics and meetings."""
    select = _selector(source)
    names = _labels(select)
    paragraphs, about = _paragraphs(select)
    out: list[Document] = list(paragraphs)
    out += _documents(select, names, paragraphs, about)
    out += _resolutions(select, names)
    out += _topics(select, names)
    out += _meetings(select, names)
    return out


# The queries below match within one named graph (GRAPH ?g) and take the names of what they point to (states,
# roles, bodies, document types) from `_labels`: joins over the union of a thousand report graphs made
# Oxigraph's plans take seconds each, where these take milliseconds. Everything itukg writes is in named graphs.

def _pairs(select: Select, pattern: str) -> dict[str, list[str]]:
    """{?d: [?x, …]} of a pattern matched within one graph."""
    return _grouped(select(f"SELECT DISTINCT ?d ?x WHERE {{ GRAPH ?g {{ {pattern} }} }}"))


def _labels(select: Select) -> dict[str, str]:
    """The skos:prefLabel of every node that has one: states, bodies, roles, document types, topics."""
    return {d: v[0] for d, v in _pairs(select, "?d skos:prefLabel ?x").items()}


def _named(names: dict[str, str], iris: list[str]) -> list[str]:
    return sorted({names[i] for i in iris if i in names})


def _paragraphs(select: Select) -> tuple[list[Document], dict[str, list[int]]]:
    """Paragraph records, one report graph at a time (bounded answers), and, per document IRI, the
    positions in that list of the paragraphs about it."""
    graphs = sorted(row["g"] for row in select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?p a itu:Paragraph } }"))
    out: list[Document] = []
    about: dict[str, list[int]] = {}
    for graph in graphs:
        rows = select(f"""SELECT ?p ?position ?number ?text ?doc ?symbol ?meeting WHERE {{ GRAPH <{graph}> {{
            ?p a itu:Paragraph ; schema:position ?position ; schema:text ?text ; dcterms:isPartOf ?report .
            OPTIONAL {{ ?p itu:paragraphNumber ?number }}
            OPTIONAL {{ ?p itu:aboutDocument ?doc . OPTIONAL {{ ?doc itu:symbol ?symbol }} }}
            OPTIONAL {{ ?report itu:reportOf/rdfs:label ?meeting }} }} }}""")
        cited = _citations(select, graph)
        seen: set[str] = set()
        for row in sorted(rows, key=lambda r: (int(r["position"]), r.get("doc", ""))):
            iri = row["p"]
            if iri in seen or not re.search(r"\w", row["text"]):
                continue
            seen.add(iri)
            meeting = row.get("meeting") or _report_name(iri)
            where = f"§{row['number']}" if row.get("number") else f"paragraph {row['position']}"
            references = tuple(r.as_json() for r in _references(row["text"], cited.get(iri, [])))
            if row.get("doc"):
                about.setdefault(row["doc"], []).append(len(out))
            out.append(Document(iri, "paragraph", f"{meeting}, {where}", row["text"], row.get("symbol"),
                                references, context=meeting))
    return out, about


def _report_name(paragraph: str) -> str:
    match = re.search(r"/report/([^/]+)/(\d+)/", paragraph)
    return f"{match.group(1)} {match.group(2)}" if match else "report"


def _citations(select: Select, graph: str) -> dict[str, list[dict[str, str]]]:
    rows = select(f"""SELECT ?c ?p ?exact ?prefix ?number ?body ?qualifier ?place ?year ?basis
        WHERE {{ GRAPH <{graph}> {{
        ?c a itu:Citation ; prov:wasDerivedFrom ?p ; itu:citedNumber ?number ;
           oa:hasTarget/oa:hasSelector ?selector .
        ?selector oa:exact ?exact . OPTIONAL {{ ?selector oa:prefix ?prefix }}
        OPTIONAL {{ ?c itu:citedBody ?body }} OPTIONAL {{ ?c itu:qualifier ?qualifier }}
        OPTIONAL {{ ?c itu:citedPlace ?place }} OPTIONAL {{ ?c itu:citedYear ?year }}
        OPTIONAL {{ ?c itu:bodyBasis ?basis }} }} }}""")
    out: dict[str, list[dict[str, str]]] = {}
    for row in sorted(rows, key=lambda r: _citation_order(r["c"])):
        out.setdefault(row["p"], []).append(row)
    return out


def _citation_order(iri: str) -> tuple[int, int]:
    match = re.search(r"/citation/(\d+)-(\d+)$", iri)
    return (int(match.group(1)), int(match.group(2))) if match else (0, 0)


def _references(text: str, cited: list[dict[str, str]]) -> list[Reference]:
    """The references the store records for a paragraph (its citations, with the body the loader settled,
    possibly from the report's context), as `Reference`s; positions found in the text."""
    out = []
    cursor = 0
    for row in cited:
        exact, prefix = row["exact"], row.get("prefix", "")
        start = text.find(prefix + exact, cursor) if prefix else -1
        start = start + len(prefix) if start >= 0 else text.find(exact, cursor)
        if start < 0:
            start = max(text.find(exact), 0)
        cursor = start + len(exact)
        body = _BODIES.get(row["body"].rsplit("/", 1)[-1]) if row.get("body") else None
        year = int(row["year"]) if row.get("year") else None
        out.append(Reference(exact, start, start + len(exact), body, row["number"], row.get("qualifier"),
                             row.get("place"), year, row.get("basis") or ("unknown" if body is None else "prefix")))
    return out


def _documents(select: Select, names: dict[str, str], paragraphs: list[Document],
               about: dict[str, list[int]]) -> list[Document]:
    symbols = _pairs(select, "?d itu:symbol ?x")
    titles = _pairs(select, "?claim itu:claimAbout ?d ; dcterms:title ?x")
    kinds = _pairs(select, "?d itu:symbol ?s ; eli:work_type ?x")
    states = _pairs(select, "?d itu:symbol ?s ; dcterms:creator ?x")
    meetings = _pairs(select, "?d itu:forMeeting ?m . ?m rdfs:label ?x")
    out = []
    for iri in sorted(symbols):
        symbol = symbols[iri][0]
        named = titles.get(iri, [])
        texts = [paragraphs[i].text for i in about.get(iri, [])]
        references: dict[tuple, dict] = {}
        for i in about.get(iri, []):
            for ref in paragraphs[i].references:
                references.setdefault((ref["text"], ref["lineage"], ref["revision"]), ref)
        label = f"{symbol}: {' / '.join(named)}" if named else symbol
        context = " ".join(_named(names, kinds.get(iri, [])) + _named(names, states.get(iri, []))
                           + meetings.get(iri, []))
        out.append(Document(iri, "document", label, "\n".join(named + texts) or symbol, symbol,
                            tuple(references.values()), context=context))
    return out


def _grouped(rows: list[dict[str, str]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for row in rows:
        values = out.setdefault(row["d"], [])
        if row["x"] not in values:
            values.append(row["x"])
    return {k: sorted(v) for k, v in out.items()}


def _resolutions(select: Select, names: dict[str, str]) -> list[Document]:
    kinds = _pairs(select, "?d a ?x . VALUES ?x { itu:Resolution itu:ResolutionRevision }")
    labels = _pairs(select, "?d a ?k ; rdfs:label ?x . VALUES ?k { itu:Resolution itu:ResolutionRevision }")
    titles = _pairs(select, "?d a ?k ; dcterms:title ?x . VALUES ?k { itu:Resolution itu:ResolutionRevision }")
    lineages = _pairs(select, "?d eli:is_member_of ?x")
    versions = _pairs(select, "?d eli:version ?x")
    bodies = _pairs(select, "?d itu:issuedBy|eli:passed_by ?x")
    out = []
    for iri in sorted(kinds):
        named = labels.get(iri, [])
        label = min(named, key=lambda x: (len(x), x)) if named else iri.rsplit("/", 1)[-1]
        refs = [r for r in find_references(label) if iri in (r.revision, r.lineage)]
        title = titles.get(iri) or sorted({t for lineage in lineages.get(iri, []) for t in titles.get(lineage, [])})
        text = label + (": " + " / ".join(title) if title else "")
        context = " ".join(versions.get(iri, []) + _named(names, bodies.get(iri, [])))
        out.append(Document(iri, "resolution", label, text, None, tuple(r.as_json() for r in refs[:1]), context))
    return out


def _topics(select: Select, names: dict[str, str]) -> list[Document]:
    labels = _pairs(select, "?d a itu:Topic ; skos:prefLabel ?x")
    asked = select("SELECT DISTINCT ?d ?x ?n WHERE { GRAPH ?g { ?d a itu:Topic ; itu:hasQuestion ?q . "
                   "?q schema:text ?x ; schema:position ?n } }")
    symbols = _pairs(select, "?d itu:proposedBy ?doc . ?doc itu:symbol ?x")
    proposers = _pairs(select, "?d itu:proposedBy ?doc . ?doc dcterms:creator ?x")
    questions: dict[str, list[str]] = {}
    for row in sorted(asked, key=lambda r: (r["d"], int(r["n"]), r["x"])):
        if row["x"] not in questions.setdefault(row["d"], []):
            questions[row["d"]].append(row["x"])
    out = []
    for iri, label in sorted(labels.items()):
        text = "\n".join([label[0]] + questions.get(iri, []))
        proposed = symbols.get(iri, [])
        refs = tuple(r.as_json() for r in find_references(text))
        out.append(Document(iri, "topic", label[0], text, proposed[0] if proposed else None, refs,
                            context=" ".join(proposed + _named(names, proposers.get(iri, [])))))
    return out


def _meetings(select: Select, names: dict[str, str]) -> list[Document]:
    labels = _pairs(select, "?d a itu:Meeting ; rdfs:label ?x")
    numbers = _pairs(select, "?d a itu:Meeting ; itu:meetingNumber ?x")
    bodies = _pairs(select, "?d a itu:Meeting ; itu:meetingOf ?x")
    acronyms = _pairs(select, "?d itu:acronym ?x")
    starts = _pairs(select, "?d a itu:Meeting ; schema:startDate ?x")
    ends = _pairs(select, "?d a itu:Meeting ; schema:endDate ?x")
    places = _pairs(select, "?d a itu:Meeting ; schema:location ?x")
    intros = _pairs(select, "?d a itu:Meeting ; prov:wasDerivedFrom ?p . ?p schema:text ?x")
    officers = select("SELECT DISTINCT ?m ?name ?role WHERE { GRAPH ?g { ?m prov:qualifiedAssociation ?a . "
                      "?a prov:agent ?person ; prov:hadRole ?role . ?person schema:name ?name } }")
    roles: dict[str, list[str]] = {}
    for row in sorted(officers, key=lambda r: (r["m"], names.get(r["role"], r["role"]), r["name"])):
        roles.setdefault(row["m"], []).append(f"{names.get(row['role'], row['role'].rsplit('/', 1)[-1])}: "
                                              f"{row['name']}")
    out = []
    for iri in sorted(labels):
        parts = []
        number = (numbers.get(iri) or [""])[0]
        if number.isdigit():
            parts.append(f"{_ordinal(int(number))} meeting ({number}{_suffix(int(number))})")
        for body in bodies.get(iri, [])[:1]:
            acronym = (acronyms.get(body) or [""])[0]
            parts.append(f"of the {names.get(body, acronym)}" + (f" ({acronym})" if acronym else ""))
        dates = " to ".join(dict.fromkeys(_date(d) for d in starts.get(iri, [])[:1] + ends.get(iri, [])[:1]))
        if dates:
            parts.append(f"held {dates}")
        for place in places.get(iri, [])[:1]:
            parts.append(f"in {place}")
        label = labels[iri][0]
        text = " ".join(parts) + "." if parts else label
        details = roles.get(iri, []) + intros.get(iri, [])
        if details:
            text += "\n" + "\n".join(details)
        out.append(Document(iri, "meeting", label, text, None, ()))
    return out


_UNITS = ("", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
          "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth",
          "nineteenth")
_TENS = ("", "", "twent", "thirt", "fort", "fift", "sixt", "sevent", "eight", "ninet")


def _ordinal(number: int) -> str:
    """The ordinal in words, as reports write it ("forty-first").

    >>> _ordinal(18), _ordinal(20), _ordinal(41)
    ('eighteenth', 'twentieth', 'forty-first')
    """
    if not 0 < number < 100:
        return f"{number}{_suffix(number)}"
    if number < 20:
        return _UNITS[number]
    tens, unit = divmod(number, 10)
    if unit == 0:
        return _TENS[tens] + "ieth"
    return f"{_TENS[tens]}y-{_UNITS[unit]}"


def _date(iso: str) -> str:
    """A date as reports write it, and as stored.

    >>> _date("2024-02-12")
    '12 February 2024 (2024-02-12)'
    """
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", iso)
    if not match or not 1 <= int(match.group(2)) <= 12:
        return iso
    month = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December")[int(match.group(2)) - 1]
    return f"{int(match.group(3))} {month} {match.group(1)} ({iso})"


def _suffix(number: int) -> str:
    return "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")


# ------------------------------------------------------------------------------------------ the saved index
