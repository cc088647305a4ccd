"""What a view shows besides its picture: sections of rows (`Section`), each with the SELECT that gave them, and
their HTML (`section_html`): a table that scrolls sideways on a narrow screen (and stacks its cells under
40rem, as the resource pages' tables do) and a link to its query on the query page. A cell is text, a number or a
`Link` to a resource (its IRI, shown on this host) or to another view (a path)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape
from typing import NamedTuple
from urllib.parse import urlencode

from ...loader.vocab import BASE


class Link(NamedTuple):
    text: str
    target: str  # an IRI (a resource page of this host when under BASE) or a path of this host ("/views/…")


@dataclass
class Section:
    ident: str
    heading: str
    columns: Sequence[tuple[str, str]]  # (key in the rows, column heading)
    rows: list[dict] = field(default_factory=list)
    sparql: str = ""
    intro: str = ""
    empty: str = "None in the loaded reports."


def href(target: str, root: str = "") -> str:
    """Where a link goes on this host: a path under the service's root, an IRI of the graph as its page here.

    >>> href("https://w3id.org/itukg/state/RUS", "/kg"), href("/views/state/RUS"), href("http://example.org/x")
    ('/kg/state/RUS', '/views/state/RUS', 'http://example.org/x')
    """
    if target.startswith(BASE):
        return f"{root}/{target.removeprefix(BASE)}"
    if target.startswith("/"):
        return root + target
    return target


def query_href(sparql: str, root: str = "") -> str:
    """The query page with this query in its editor (GET /?query=…, which runs it)."""
    return f"{root}/?" + urlencode({"query": sparql})


def query_link(sparql: str, root: str, text: str = "the query behind this picture") -> str:
    return f'<a class="view-query" href="{escape(query_href(sparql, root))}">{escape(text)}</a>'


def cell(value: object, root: str) -> str:
    if isinstance(value, Link):
        return f'<a href="{escape(href(value.target, root))}">{escape(value.text)}</a>'
    if isinstance(value, (list, tuple)):
        return ", ".join(cell(v, root) for v in value)
    return escape("" if value is None else str(value))


def plain(value: object) -> object:
    """A cell as data (CSV, JSON): a link's IRI or path, a list joined by "; "."""
    if isinstance(value, Link):
        return value.target
    if isinstance(value, (list, tuple)):
        return "; ".join(str(plain(v)) for v in value)
    return value


def section_html(section: Section, root: str) -> str:
    parts = [f'<section aria-labelledby="{section.ident}"><h2 id="{section.ident}">{escape(section.heading)}</h2>']
    if section.intro:
        parts.append(f"<p>{escape(section.intro)}</p>")
    if section.rows:
        head = "".join(f'<th scope="col">{escape(name)}</th>' for _, name in section.columns)
        body = []
        for row in section.rows:
            cells = []
            for i, (key, name) in enumerate(section.columns):
                if i == 0:
                    cells.append(f'<th scope="row">{cell(row.get(key), root)}</th>')
                else:
                    cells.append(f'<td data-label="{escape(name)}">{cell(row.get(key), root)}</td>')
            body.append(f"<tr>{''.join(cells)}</tr>")
        parts.append(f'<div class="scroll"><table class="facts"><thead><tr>{head}</tr></thead>'
                     f'<tbody>{"".join(body)}</tbody></table></div>')
    else:
        parts.append(f'<p class="note">{escape(section.empty)}</p>')
    if section.sparql:
        parts.append(f'<p class="note">{query_link(section.sparql, root, "The query behind this table")}.</p>')
    parts.append("</section>")
    return "".join(parts)


__all__ = ["Link", "Section", "cell", "href", "plain", "query_href", "query_link", "section_html"]
