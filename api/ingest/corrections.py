"""Curators' corrections: facts to add to, and to retract from, what the loader extracted from one report
(docs/corrections.md; docs/decisions.md, decision 49).

A correction file is Turtle. It names one report and holds one or more `itu:Correction` nodes, each with
its curator (`prov:wasAttributedTo`), its date (`dcterms:created`), a note (`rdfs:comment`), and the facts
it adds (`itu:adds`) and retracts (`itu:retracts`), each an `rdf:Statement` (reified, so that a retracted
fact is never asserted anywhere, not even in the union of the graphs). The file's corrections are kept
in the report's correction graph (`graph/correction/<body>/<n>` beside `graph/report/<body>/<n>`) as the
record, and are applied to the report graph itself when it is written: a SPARQL user reads the corrected
facts without knowing that corrections exist. Each load of the report (again, with --force, or by a newer
loader) applies the record again to the fresh extraction; on a report that is only in the store (the
service, `itukg load --corrections` without the report file), `restate` first undoes the previous record
with the `itukg:extracted` flags it keeps (which of its facts the extraction itself states).

    read_correction(data, name)      → CorrectionFile  the file read (CorrectionError: Turtle syntax with its
                                                        line, no report or two, triples of no correction)
    CorrectionFile.bound(graph)      → Corrections     its nodes named after the report graph and the facts
    Corrections.apply(extracted)     → Applied         the corrected report, the record with flags, notes
    Corrections.extraction_of(graph) →                 the report as extracted, from the stored graph
    restate(store, graph, file)      → Applied         new corrections (or none) on a stored report

Errors: `CorrectionError` (an InputError, exit 2) for a file that cannot be a correction, and its
`UnknownReportError` for one naming a report that is not loaded; the gate's refusals are
`CorrectionRefusedError` (a ValidationError, exit 1). Nothing is written in any of these cases.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from ...loader.errors import ValidationError
from ...loader.shacl import rdflib_term
from ...loader.triples import to_ntriples
from ...loader.validate import findings_triples, validate_report
from ...loader.vocab import BASE
from .errors import CorrectionError, CorrectionRefusedError, UnknownReportError

_ITU, _RDF, _RDFS = "https://w3id.org/itukg/ontology#", "http://www.w3.org/1999/02/22-rdf-syntax-ns#", \
    "http://www.w3.org/2000/01/rdf-schema#"
TYPE, SUBJECT, PREDICATE, OBJECT, STATEMENT = (ox.NamedNode(_RDF + n) for n in
                                               ("type", "subject", "predicate", "object", "Statement"))
CORRECTION, CORRECTS, ADDS, RETRACTS, EXTRACTED, CONTENT_HASH = (ox.NamedNode(_ITU + n) for n in (
    "Correction", "corrects", "adds", "retracts", "extracted", "contentHash"))
ATTRIBUTED_TO = ox.NamedNode("http://www.w3.org/ns/prov#wasAttributedTo")
_AGENT_FACTS = {TYPE, ox.NamedNode(_RDFS + "label"), ox.NamedNode("http://xmlns.com/foaf/0.1/name")}
_BOOLEAN = ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")
_FLAG = {True: ox.Literal("true", datatype=_BOOLEAN), False: ox.Literal("false", datatype=_BOOLEAN)}
REPORT_GRAPHS = BASE + "graph/report/"
CORRECTION_GRAPHS = BASE + "graph/correction/"
VALIDATION_GRAPHS = BASE + "graph/validation/"
SUFFIX = ".ttl"


# ------------------------------------------------------------------------------------------ graphs


def correction_graph(report_graph: str) -> str:
    """The graph of a report's corrections, beside the report's own.

    >>> correction_graph("https://w3id.org/itukg/graph/report/cwg-internet/18")
    'https://w3id.org/itukg/graph/correction/cwg-internet/18'
    """
    return CORRECTION_GRAPHS + _tail(report_graph)


def is_correction_graph(graph: str | None) -> bool:
    return graph is not None and graph.startswith(CORRECTION_GRAPHS)


def _tail(report_graph: str) -> str:
    if not report_graph.startswith(REPORT_GRAPHS) or report_graph == REPORT_GRAPHS:
        raise CorrectionError(f"<{report_graph}> is not a report graph (those start with {REPORT_GRAPHS}).")
    return report_graph[len(REPORT_GRAPHS):]


def ntriples(triples: Iterable[ox.Triple]) -> str:
    return "".join(f"{t} .\n" for t in triples)


def _parse_ntriples(text: str) -> list[ox.Triple]:
    return [q.triple for q in ox.parse(text, format=ox.RdfFormat.N_TRIPLES)] if text else []


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


# ------------------------------------------------------------------------------------------ a file


@dataclass(frozen=True)
class CorrectionFile:
    """A correction as written (blank nodes and all): `name` says where it came from, `report` is the IRI of
    the report it corrects, `flags` the loader's `itu:extracted` flags of a stored record (none in a file a
    curator wrote: they are the loader's, and set again whenever the corrections are applied)."""

    name: str
    report: str
    triples: tuple[ox.Triple, ...]
    flags: Mapping[ox.Term, bool] = field(default_factory=dict)

    @property
    def text(self) -> str:
        """N-Triples (blank nodes labelled), to send to a worker or the engine and `read_correction` there."""
        return ntriples(self.triples)

    def bound(self, report_graph: str) -> Corrections:
        """The corrections ready for `report_graph`: each fact's statement named after the fact
        (`…/statement/<hash>`), so that the same fact is one node wherever it is added or retracted, and each
        blank correction after what it says; typed rdf:Statement; sorted, so that the record is the same
        quads however often it is written."""
        graph = correction_graph(report_graph)
        base = BASE + "correction/" + _tail(report_graph)
        by_subject: dict[ox.Term, list[ox.Triple]] = {}
        for t in self.triples:
            by_subject.setdefault(t.subject, []).append(t)
        statements = {t.object for t in self.triples if t.predicate in (ADDS, RETRACTS)}
        names: dict[ox.Term, ox.Term] = {}
        facts: dict[ox.Term, ox.Triple] = {}
        for node in statements:
            fact = _fact(by_subject.get(node, []))
            if fact is not None:
                facts[node] = fact
            described = str(fact) if fact is not None else ";".join(sorted(f"{t.predicate} {t.object}"
                                                                           for t in by_subject.get(node, [])))
            names[node] = ox.NamedNode(f"{base}/statement/{_digest(described)}")
        for node in {t.subject for t in self.triples if t.predicate == TYPE and t.object == CORRECTION}:
            if isinstance(node, ox.BlankNode):
                said = sorted(f"{t.predicate} {names.get(t.object, t.object)}" for t in by_subject[node])
                names[node] = ox.NamedNode(f"{base}/{_digest(';'.join(said))}")

        def rename(term):
            return names.get(term, term)

        record = {ox.Triple(rename(t.subject), t.predicate, rename(t.object)) for t in self.triples}
        record |= {ox.Triple(names[node], TYPE, STATEMENT) for node in statements}
        adds: dict[ox.Triple, ox.NamedNode] = {}
        retracts: dict[ox.Triple, ox.NamedNode] = {}
        for t in self.triples:
            if t.predicate in (ADDS, RETRACTS) and t.object in facts:
                (adds if t.predicate == ADDS else retracts)[facts[t.object]] = names[t.object]
        flags = {names.get(node, node): value for node, value in self.flags.items()}
        return Corrections(self.name, self.report, report_graph, graph, sorted(record, key=str), adds, retracts, flags)


def _fact(described: list[ox.Triple]) -> ox.Triple | None:
    """The fact a statement node stands for, when it has exactly one subject, predicate and object that
    can make a triple (the shapes say what is wrong with the others)."""
    parts = {}
    for part in (SUBJECT, PREDICATE, OBJECT):
        values = [t.object for t in described if t.predicate == part]
        if len(values) != 1:
            return None
        parts[part] = values[0]
    subject, predicate, value = parts[SUBJECT], parts[PREDICATE], parts[OBJECT]
    if not isinstance(subject, (ox.NamedNode, ox.BlankNode)) or not isinstance(predicate, ox.NamedNode):
        return None
    return ox.Triple(subject, predicate, value)


def read_correction(data: bytes | str, name: str, *, format: ox.RdfFormat = ox.RdfFormat.TURTLE) -> CorrectionFile:
    """A correction file's content, checked for what the shapes cannot see: Turtle syntax (with the line),
    one report named, and nothing but corrections, their facts and their curators' names."""
    try:
        triples = [q.triple for q in ox.parse(data, format=format, base_iri=BASE)]
    except SyntaxError as exc:
        where = f"line {exc.lineno}, column {exc.offset}" if exc.lineno else "somewhere"
        detail = exc.msg.split(": ", 1)[-1] if exc.msg.startswith("Parser error") else exc.msg
        raise CorrectionError(f"{name}: is not valid Turtle at {where} ({detail}), so nothing was written. "
                              "Fix the file and load it again.") from None
    except (ValueError, OSError) as exc:
        raise CorrectionError(f"{name}: cannot be read as Turtle ({exc}), so nothing was written.") from None
    flags = {t.subject: t.object.value == "true" for t in triples if t.predicate == EXTRACTED}
    triples = [t for t in triples if t.predicate != EXTRACTED]
    corrections = {t.subject for t in triples if t.predicate == TYPE and t.object == CORRECTION}
    if not corrections:
        raise CorrectionError(f"{name}: holds no correction (a node `a itu:Correction`), so nothing was written. "
                              "See docs/corrections.md for the form of a correction file.")
    reports = sorted({str(t.object) for t in triples if t.predicate == CORRECTS and t.subject in corrections})
    named = {t.subject for t in triples if t.predicate == CORRECTS}
    if len(reports) != 1 or corrections - named:
        what = (f"names {len(reports)} reports ({', '.join(reports)}); a file corrects one report" if len(reports) > 1
                else "has a correction that names no report (itu:corrects <https://w3id.org/itukg/report/…>)")
        raise CorrectionError(f"{name}: {what}, so nothing was written.")
    report = next(t.object for t in triples if t.predicate == CORRECTS)
    if not isinstance(report, ox.NamedNode):
        raise CorrectionError(f"{name}: itu:corrects {reports[0]} is not the IRI of a report, so nothing was written.")
    statements = {t.object for t in triples if t.predicate in (ADDS, RETRACTS) and t.subject in corrections}
    agents = {t.object for t in triples if t.predicate == ATTRIBUTED_TO and t.subject in corrections}
    for t in triples:
        if not (t.subject in corrections or t.subject in statements
                or (t.subject in agents and t.predicate in _AGENT_FACTS)):
            raise CorrectionError(
                f"{name}: holds a triple that belongs to no correction ({t} .), so nothing was written. A correction "
                "file holds itu:Correction nodes, the facts they add or retract (itu:adds / itu:retracts [ rdf:subject "
                "…; rdf:predicate …; rdf:object … ]) and the curators' names; a fact to add goes under itu:adds, and "
                "the object of a fact is an IRI or a literal.")
    return CorrectionFile(name, report.value, tuple(triples), flags)


def read_directory(folder: str | Path) -> dict[str, CorrectionFile]:
    """The correction files (*.ttl) of a folder by the report each corrects (`itukg load --corrections DIR`);
    `CorrectionError` for a folder with none, an unreadable file, or two files correcting one report."""
    path = Path(folder)
    if not path.is_dir():
        raise CorrectionError(f"--corrections {folder}: is not a directory; give the folder that holds the "
                              f"correction files (<report>{SUFFIX}).")
    files = sorted(p for p in path.iterdir() if p.suffix == SUFFIX and p.is_file())
    if not files:
        raise CorrectionError(f"--corrections {folder}: holds no correction file (*{SUFFIX}).")
    found: dict[str, CorrectionFile] = {}
    for file in files:
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CorrectionError(f"{file}: cannot be read ({exc.strerror or exc}).") from None
        correction = read_correction(data, str(file))
        earlier = found.setdefault(correction.report, correction)
        if earlier is not correction:
            raise CorrectionError(f"{file} and {earlier.name} both correct <{correction.report}>; keep one file per "
                                  "report (it may hold several corrections), so nothing was written.")
    return found


# ------------------------------------------------------------------------------------------ applying


@dataclass(frozen=True)
class Corrections:
    """A report's corrections, bound to its graph: the record to keep (`record`, without the flags), the facts
    added and retracted (fact → its statement node), and the flags of a stored record."""

    name: str
    report: str
    report_graph: str
    graph: str
    record: list[ox.Triple]
    adds: dict[ox.Triple, ox.NamedNode]
    retracts: dict[ox.Triple, ox.NamedNode]
    flags: Mapping[ox.Term, bool]

    def apply(self, extracted: list[ox.Triple]) -> Applied:
        """The report graph `extracted` with the retracted facts taken out and the added ones put in (sorted), the
        record with each fact flagged `itu:extracted` (whether `extracted` states it), and notes on the facts that
        change nothing: a retraction of a fact the report does not state (any more), an addition of one it does."""
        present = set(extracted)
        kept = [t for t in extracted if t not in self.retracts]
        added = [fact for fact in sorted(self.adds, key=str) if fact not in present]
        flags = [ox.Triple(node, EXTRACTED, _FLAG[fact in present])
                 for fact, node in sorted([*self.adds.items(), *self.retracts.items()], key=str)]
        notes = [f"note: {self.name} retracts a fact the report does not state (any more), so it retracts nothing: "
                 f"{fact} ." for fact in sorted(self.retracts, key=str) if fact not in present]
        notes += [f"note: {self.name} adds a fact the report states itself: {fact} ."
                  for fact in sorted(self.adds, key=str) if fact in present]
        # sorted: a report corrected at its load and one corrected in the store (whose order is the store's) are
        # then the same list, and so are their validations (which name the first paragraph of a finding)
        return Applied(self, sorted(kept + added, key=str), sorted(self.record + flags, key=str), notes,
                       added=len(added), retracted=len(extracted) - len(kept))

    def extraction_of(self, stored: list[ox.Triple]) -> list[ox.Triple]:
        """The report as extracted, from its stored graph (to which these corrections were applied): the facts
        added that the extraction did not state taken out, the retracted ones it did state put back."""
        out = [t for t in stored if t not in self.adds or self.flags.get(self.adds[t], False)]
        present = set(out)
        return out + [fact for fact, node in sorted(self.retracts.items(), key=str)
                      if self.flags.get(node, False) and fact not in present]


@dataclass(frozen=True)
class Applied:
    """Corrections applied to a report: the corrected report graph, the record to keep, notes, counts."""

    corrections: Corrections
    report: list[ox.Triple]
    record: list[ox.Triple]
    notes: list[str]
    added: int = 0
    retracted: int = 0

    def graphs(self) -> dict[str, str]:
        """The report graph and the correction graph, as N-Triples text (the record empty: no corrections)."""
        c = self.corrections
        return {c.report_graph: ntriples(self.report), c.graph: ntriples(self.record)}

    def rdflib_report(self) -> list[tuple]:
        with _quiet_rdflib():
            return [(_rdflib(t.subject), _rdflib(t.predicate), _rdflib(t.object)) for t in self.report]

    def describe(self) -> str:
        c = self.corrections
        return f"{self.added} fact(s) added and {self.retracted} retracted by {c.name} → <{c.report_graph}>"


@contextmanager
def _quiet_rdflib():
    log = logging.getLogger("rdflib.term")
    level = log.level
    log.setLevel(logging.ERROR)
    try:
        yield
    finally:
        log.setLevel(level)


def _rdflib(term: ox.Term):
    return rdflib_term(term, plain_strings=True)


def report_of(triples: Iterable[tuple]) -> str | None:
    """The IRI of the report whose graph holds `triples` (rdflib or pyoxigraph): the node with a content hash."""
    hashed = str(CONTENT_HASH.value)
    return next((str(getattr(s, "value", s)) for s, p, _ in triples if str(getattr(p, "value", p)) == hashed), None)


def apply_to_extraction(triples: list[tuple], text: str, report_graph: str,
                        corrections: Mapping[str, tuple[str, str]]) -> Applied | None:
    """The corrections for this report (`corrections`: report IRI → (where from, N-Triples)) applied to what
    the loader just extracted (`triples`, as N-Triples `text`), None when it has none."""
    found = corrections.get(report_of(triples) or "")
    if found is None:
        return None
    name, record = found
    bound = read_correction(record, name, format=ox.RdfFormat.N_TRIPLES).bound(report_graph)
    return bound.apply(_parse_ntriples(text))


def check(applied: Applied, *, report: bool = True):
    """The gate on corrections: the record must meet the correction shapes and (with `report`) the corrected
    report graph the report shapes; `CorrectionRefusedError` names every violation. Returns the corrected
    report's validation (its warnings), None without `report`."""
    c = applied.corrections
    graphs = [("the correction", applied.record)] + ([("the corrected report", applied.report)] if report else [])
    validation = None
    for what, triples in graphs:
        with _quiet_rdflib():  # an ill-typed literal ("2024-13-45"^^xsd:date) is the shapes' to name, not a log's
            data = [tuple(map(_rdflib, (t.subject, t.predicate, t.object))) for t in triples]
        validation = validate_report(data, ntriples=ntriples(triples))
        if validation.violations:
            details = "\n".join("  " + f.describe() for f in validation.violations)
            raise CorrectionRefusedError(
                f"{c.name}: {what} violates the shapes in {len(validation.violations)} place(s), so nothing was "
                f"written (report <{c.report}>):\n{details}", list(validation.violations),
                report=c.report)
    return validation if report else None


# ------------------------------------------------------------------------------------------ the store


def stored_reports(store) -> dict[str, str]:
    """Report IRI → report graph, for every report in the store."""
    rows = store.query(f"SELECT ?graph ?report WHERE {{ GRAPH ?graph {{ ?report <{CONTENT_HASH.value}> ?hash }} }}")
    return {row["report"].value: row["graph"].value for row in rows if row["graph"].value.startswith(REPORT_GRAPHS)}


def stored_corrections(store) -> dict[str, tuple[str, str]]:
    """Report IRI → (its correction graph, the record as N-Triples) for every report with corrections in the
    store: what a load applies again to a report it (re)extracts."""
    out = {}
    for graph in store.graphs():
        if is_correction_graph(graph):
            text = store.graph_ntriples(graph)
            report = next((t.object.value for t in _parse_ntriples(text) if t.predicate == CORRECTS), None)
            if report is not None:
                out[report] = (f"<{graph}>", text)
    return out


def _stored(store, report_graph: str) -> Corrections | None:
    graph = correction_graph(report_graph)
    if not store.has_graph(graph):
        return None
    text = store.graph_ntriples(graph)
    return read_correction(text, f"<{graph}>", format=ox.RdfFormat.N_TRIPLES).bound(report_graph) if text else None


def restate(store, report_graph: str, given: CorrectionFile | None) -> Applied:
    """`given` (None: no corrections at all) in place of the stored corrections of a report in the store: the
    previous ones undone, the new ones applied. Nothing is written. `UnknownReportError` when the store does
    not hold the report; `CorrectionError` when `given` corrects another report."""
    name = given.name if given is not None else "the removal of the corrections"
    if not store.has_graph(report_graph):
        raise UnknownReportError(f"{name}: corrects <{given.report if given else report_graph}>, which is not loaded "
                                 f"(no graph <{report_graph}> in the store), so nothing was written. Load the report "
                                 "first, or give its file in the same `itukg load`.")
    stored = _parse_ntriples(store.graph_ntriples(report_graph))
    report = report_of(stored)
    if given is not None and given.report != report:
        raise CorrectionError(f"{given.name}: corrects <{given.report}>, but <{report_graph}> is the graph of "
                              f"<{report}>, so nothing was written.")
    previous = _stored(store, report_graph)
    extracted = previous.extraction_of(stored) if previous is not None else stored
    if given is None:
        empty = CorrectionFile(name, report or "", ())
        return empty.bound(report_graph).apply(extracted)
    return given.bound(report_graph).apply(extracted)


def write_restated(store, applied: Applied) -> None:
    """Check `applied` at the gate, then write the report graph, its correction graph and its validation graph
    (the corrected report's warnings) in one transaction."""
    validation = check(applied)
    warnings_graph = VALIDATION_GRAPHS + _tail(applied.corrections.report_graph)
    store.replace_graphs({**applied.graphs(),
                          warnings_graph: to_ntriples(findings_triples(validation, warnings_graph))})


@dataclass(frozen=True)
class Restated:
    """What `apply_left` did with one correction file: a line to print, and the exit code (0: applied or
    unchanged)."""

    line: str
    exit_code: int = 0


def apply_left(store, given: Mapping[str, CorrectionFile], done: set[str]) -> Iterator[Restated]:
    """After a load: the correction files whose report the load did not apply them to (`done`: report IRIs)
    applied to the stored report, each on its own (a refused one changes nothing); a file whose record equals
    the stored one is left as it is."""
    reports = stored_reports(store)
    for report, file in sorted(given.items()):
        graph = reports.get(report)
        if report in done:
            continue
        try:
            if graph is None:
                raise UnknownReportError(f"{file.name}: corrects <{report}>, which is not loaded (neither in the store "
                                         "nor among the reports of this load), so nothing was written.")
            previous = _stored(store, graph)
            if previous is not None and previous.record == file.bound(graph).record:
                yield Restated(f"unchanged {file.name}: its corrections are in the store already → <{graph}>")
                continue
            applied = restate(store, graph, file)
            write_restated(store, applied)
        except (CorrectionError, ValidationError) as exc:
            yield Restated(f"itukg: error: {exc}", exc.exit_code)
        else:
            yield Restated("\n".join([f"corrected {applied.describe()}", *(f"  {n}" for n in applied.notes)]))


__all__ = ["CorrectionFile", "Corrections", "Applied", "Restated",
           "read_correction", "read_directory", "apply_to_extraction", "check", "restate",
           "write_restated", "apply_left", "stored_reports", "stored_corrections", "correction_graph",
           "is_correction_graph", "report_of"]
