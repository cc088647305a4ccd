"""Links from the reference data out to the rest of linked data: `links.ttl`, made from two checked tables.

`links-states.tsv` gives each Member State of `states.ttl` its UN M49 code and its Wikidata item;
`links-bodies.tsv` gives a few bodies of `bodies.ttl` their Wikidata item. From them this module writes
`links.ttl`: for a state ``itu:m49`` and two ``skos:exactMatch`` links (the EU Publications Office country
authority, whose code is the ISO 3166-1 alpha-3 code, and Wikidata); for a body one ``skos:exactMatch`` to
Wikidata. Nothing is fetched: the tables are the source, and `data/README.md` says where they come from.

Run after editing a table (``--check`` only says whether `links.ttl` is up to date, exit 1 if not)::

    .venv/bin/python -m itukg.data.links [--check]

>>> print(state_links(Row("x.tsv", 9, {"iso3": "BRA", "iso2": "BR", "m49": "076", "wikidata": "Q155"})))
<state/BRA> itu:m49 "076" ;
    skos:exactMatch eu:BRA , wd:Q155 .
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

from itukg.loader.errors import ItukgError

HERE = Path(__file__).resolve().parent
STATES_TABLE = HERE / "links-states.tsv"
BODIES_TABLE = HERE / "links-bodies.tsv"
STATES = HERE / "states.ttl"
BODIES = HERE / "bodies.ttl"
OUTPUT = HERE / "links.ttl"

EU_COUNTRY = "http://publications.europa.eu/resource/authority/country/"
WIKIDATA = "http://www.wikidata.org/entity/"

# What each column must look like, and what it is (for the error message).
_COLUMNS = {
    "iso3": (re.compile(r"[A-Z]{3}"), "three upper-case letters (ISO 3166-1 alpha-3)"),
    "iso2": (re.compile(r"[A-Z]{2}"), "two upper-case letters (ISO 3166-1 alpha-2)"),
    "m49": (re.compile(r"[0-9]{3}"), "three digits, leading zeros kept (UN M49)"),
    "wikidata": (re.compile(r"Q[1-9][0-9]*"), "a Wikidata item identifier such as Q155"),
    "body": (re.compile(r"[a-z][a-z0-9-]*"), "the last segment of a body IRI of bodies.ttl (\"itu\")"),
    "checked": (re.compile(r"agree|by-hand"), "\"agree\" or \"by-hand\""),
}
BASE = "https://w3id.org/itukg/"
ITU = BASE + "ontology#"

HEADER = """\
# Links from the reference data out to other linked data: each ITU Member State's UN M49 code and its
# skos:exactMatch in the EU Publications Office country authority and in Wikidata; a few bodies' Wikidata items.
# GENERATED from links-states.tsv and links-bodies.tsv by `python -m itukg.data.links`: edit those, not this.
# Sources and the checks made: data/README.md, "links.ttl".
@prefix itu: <https://w3id.org/itukg/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix eu: <{eu}> .
@prefix wd: <{wd}> .
@base <https://w3id.org/itukg/> .
""".format(eu=EU_COUNTRY, wd=WIKIDATA)


class LinksTableError(ItukgError):
    """A links table that cannot be made into `links.ttl`: a missing or malformed column, a duplicate, or a row
    that does not match `states.ttl`/`bodies.ttl`."""


@dataclass(frozen=True, slots=True)
class Row:
    """One line of a links table: where it is (for messages) and its cells by column name."""

    path: str
    line: int
    cells: dict[str, str]

    def __getitem__(self, column: str) -> str:
        return self.cells[column]

    def fail(self, column: str, problem: str) -> LinksTableError:
        value = self.cells.get(column, "")
        return LinksTableError(f"{self.path}, line {self.line}, column {column} ({value!r}): {problem}. Correct the "
                               "table (data/README.md says where its values come from), then run "
                               "`python -m itukg.data.links` again.")


def read_table(path: Path, columns: tuple[str, ...]) -> list[Row]:
    """The rows of a tab-separated table with a header line; lines starting with '#' are comments. Every cell
    of a known column is checked against its pattern."""
    rows: list[Row] = []
    header: list[str] | None = None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header = cells
            missing = [c for c in columns if c not in header]
            if missing:
                raise LinksTableError(f"{path.name}, line {number}: the header lacks the column(s) "
                                      f"{', '.join(missing)}; it must name {', '.join(columns)}, tab-separated.")
            continue
        row = Row(path.name, number, dict(zip(header, cells)))
        if len(cells) != len(header):
            raise row.fail(header[0], f"has {len(cells)} tab-separated cells where the header has {len(header)}")
        for column in columns:
            pattern, what = _COLUMNS.get(column, (None, ""))
            if pattern is not None and not pattern.fullmatch(row[column]):
                raise row.fail(column, f"must be {what}")
        rows.append(row)
    if not rows:
        raise LinksTableError(f"{path.name}: holds no rows; it must list at least one, under a header line.")
    return rows


def _unique(rows: list[Row], column: str) -> None:
    seen: dict[str, Row] = {}
    for row in rows:
        if row[column] in seen:
            raise row.fail(column, f"is also on line {seen[row[column]].line}; each value may appear once")
        seen[row[column]] = row


def _graph(path: Path):
    from rdflib import Graph

    return Graph().parse(path, format="turtle")


def state_links(row: Row) -> str:
    """The Turtle of one state's links."""
    return (f'<state/{row["iso3"]}> itu:m49 "{row["m49"]}" ;\n'
            f'    skos:exactMatch eu:{row["iso3"]} , wd:{row["wikidata"]} .')


def body_links(row: Row) -> str:
    """The Turtle of one body's link."""
    return f'<body/{row["body"]}> skos:exactMatch wd:{row["wikidata"]} .'


def render(states_table: Path = STATES_TABLE, bodies_table: Path = BODIES_TABLE, *,
           states: Path = STATES, bodies: Path = BODIES) -> str:
    """`links.ttl` as text, after checking both tables against each other and against the reference data:
    one row per Member State of `states.ttl` with its alpha-2 code, bodies that exist, no item used twice."""
    state_rows = read_table(states_table, ("iso3", "iso2", "m49", "wikidata", "name", "checked"))
    body_rows = read_table(bodies_table, ("body", "wikidata", "name", "checked"))
    for column in ("iso3", "iso2", "m49", "wikidata"):
        _unique(state_rows, column)
    _unique(body_rows, "body")
    _unique(state_rows + body_rows, "wikidata")
    known = {str(iso3): str(iso2) for iso3, iso2 in _graph(states).query(
        f"SELECT ?iso3 ?iso2 {{ ?s a <{ITU}MemberState> ; <{ITU}iso3> ?iso3 ; <{ITU}iso2> ?iso2 }}")}
    for row in state_rows:
        if row["iso3"] not in known:
            raise row.fail("iso3", f"is not a Member State of {states.name}")
        if known[row["iso3"]] != row["iso2"]:
            raise row.fail("iso2", f"differs from the itu:iso2 \"{known[row['iso3']]}\" of {states.name}")
    missing = sorted(set(known) - {row["iso3"] for row in state_rows})
    if missing:
        raise LinksTableError(f"{states_table.name}: has no row for the Member State(s) {', '.join(missing)} of "
                              f"{states.name}; every state needs its M49 code and Wikidata item.")
    existing = {str(s)[len(BASE + "body/"):] for s in _graph(bodies).subjects() if str(s).startswith(BASE + "body/")}
    for row in body_rows:
        if row["body"] not in existing:
            raise row.fail("body", f"is not a body of {bodies.name}")
    parts = [HEADER, *(state_links(r) for r in sorted(state_rows, key=lambda r: r["iso3"])), "",
             *(body_links(r) for r in sorted(body_rows, key=lambda r: r["body"]))]
    return "\n".join(parts) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write `links.ttl` (or, with --check, only compare it); 0 when done or up to date, 1 when out of date,
    2 on a bad table."""
    check = "--check" in (sys.argv[1:] if argv is None else argv)
    try:
        text = render()
    except LinksTableError as error:
        print(error, file=sys.stderr)
        return 2
    current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
    if check:
        if current != text:
            print(f"{OUTPUT.name} is out of date with its tables: run `python -m itukg.data.links`.", file=sys.stderr)
            return 1
        return 0
    OUTPUT.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
