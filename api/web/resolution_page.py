"""The resolver's HTML page (GET /resolve in a browser, `resolve.py`) and the links to the resolver that pages
carry (`resolve_link`)."""

from __future__ import annotations

from html import escape
from urllib.parse import urlencode

from fastapi import Request

from .resource_page import Html, document_page, table


def reference_text(reference: dict) -> str:
    """A reference written out in full from its fields, so that it resolves on its own even when it was
    found inside a list ("…, 102 and 206").

    >>> reference_text({"body": "PP", "number": "102", "qualifier": "Rev.", "place": "Bucharest",
    ...                 "year": 2022})
    'PP Resolution 102 (Rev. Bucharest, 2022)'
    >>> reference_text({"body": "UNGA", "number": "70/125", "qualifier": None, "place": None, "year": None})
    'A/RES/70/125'
    """
    if reference.get("body") == "UNGA":
        return f"A/RES/{reference['number']}"
    text = f"{reference.get('body') or ''} Resolution {reference['number']}".strip()
    revision = ", ".join(str(x) for x in (reference.get("place"), reference.get("year")) if x)
    if revision:
        text += f" ({reference['qualifier'] + ' ' if reference.get('qualifier') else ''}{revision})"
    return text


def resolve_link(reference: dict, root: str = "") -> str:
    """Where the resolver answers a reference (a `Reference.as_json()` dict).

    >>> resolve_link({"body": "Council", "number": "1305", "qualifier": None, "place": None, "year": None})
    '/resolve?ref=Council+Resolution+1305'
    """
    return f"{root}/resolve?" + urlencode({"ref": reference_text(reference)})


def resolution_page(request: Request, text: str, resolutions: list) -> bytes:
    """The HTML page of /resolve: each reference found in ``text``, its lineage and revisions, and the
    documents and paragraphs that cite it."""
    labels: dict[str, str] = {}
    for found in resolutions:
        for iri, label in ((found.reference.lineage, found.label),
                           *((r["iri"], r["label"]) for r in found.revisions),
                           *((r["conference"]["iri"], r["conference"]["label"]) for r in found.revisions
                             if r["conference"]),
                           *((c["iri"], c["label"]) for c in found.candidates)):
            if iri and label:
                labels[iri] = label
        for paragraph in found.paragraphs:
            if paragraph["meeting"] and paragraph["meeting"]["label"]:
                labels[paragraph["meeting"]["iri"]] = paragraph["meeting"]["label"]
            for doc in paragraph["documents"]:
                if doc["symbol"]:
                    labels[doc["iri"]] = doc["symbol"]
    html = Html(request, labels, {})
    title = resolutions[0].label or resolutions[0].reference.text if len(resolutions) == 1 else \
        f"{len(resolutions)} resolution references"
    parts = [f"<h1>{escape(title)}</h1>",
             f'<p>Resolved from <q>{escape(text)}</q>. '
             f'<a href="?{escape(urlencode({"ref": text, "format": "json"}))}">This page as JSON</a>.</p>']
    for n, found in enumerate(resolutions, 1):
        parts.append(_resolution_section(html, found, n, resolve_link(found.reference.as_json(), html.root)))
    return document_page(request, title, "\n".join(parts))


def _resolution_section(html: Html, found, n: int, link: str) -> str:
    ref = found.reference
    name = found.label or (ref.lineage and html.label(ref.lineage)) or ref.text
    parts = [f'<section aria-labelledby="resolution-{n}"><h2 id="resolution-{n}">'
             f'<a href="{escape(link)}">{escape(ref.text)}</a></h2>']
    rows = [("Body", ref.body or "unknown"), ("Number", ref.number)]
    rows += [(key, value) for key, value in (("Qualifier", ref.qualifier), ("Place", ref.place),
                                             ("Year", ref.year)) if value]
    parsed = " · ".join(f'<span class="muted">{key}</span> {escape(str(value))}' for key, value in rows)
    items = f"<dt>Read as</dt><dd>{parsed}</dd>"
    if ref.lineage:
        items += f"<dt>Resolution</dt><dd>{html.link(ref.lineage)} " \
                 f'<span class="iri muted">{escape(ref.lineage)}</span></dd>'
    if ref.revision:
        items += f"<dt>Revision cited</dt><dd>{html.link(ref.revision)} " \
                 f'<span class="iri muted">{escape(ref.revision)}</span></dd>'
    if found.title:
        items += f"<dt>Title</dt><dd>{escape(found.title)}</dd>"
    parts.append(f'<dl class="nested">{items}</dl>')
    if ref.lineage is None:
        parts.append("<p>The text does not say which body adopted this resolution.</p>")
        if found.candidates:
            listed = "".join(f"<li>{html.link(c['iri'])}" + (f" — {escape(c['title'])}" if c["title"] else "")
                             + "</li>" for c in found.candidates)
            parts.append(f"<p>Resolutions with this number:</p><ul>{listed}</ul>")
    elif not found.known:
        parts.append(f'<p class="note">The store knows nothing about {escape(name)}: no reference data, '
                     "and no report cites it.</p>")
    if found.revisions:
        rows = []
        for revision in found.revisions:
            conference = revision["conference"]
            where = html.link(conference["iri"]) if conference else escape(revision["place"] or "")
            mark = " <strong>(cited)</strong>" if revision["cited"] else ""
            rows.append(f'<tr><th scope="row">{html.link(revision["iri"])}{mark}</th>'
                        f'<td data-label="Conference">{where}</td>'
                        f'<td data-label="Year">{escape(str(revision["year"] or ""))}</td>'
                        f'<td data-label="Title">{escape(revision["title"] or "")}</td></tr>')
        columns = ("Revision", "Conference", "Year", "Title")
        parts.append(table(f"revisions-{n}", "Revisions known", columns, rows))
    documents = found.documents
    if documents:
        named = "this revision" if ref.revision else "this resolution"
        rows = [f'<tr><th scope="row">{html.link(d["iri"])}</th><td data-label="Meeting">'
                f'{html.link(d["meeting"]["iri"]) if d["meeting"] else ""}</td>'
                f'<td data-label="Cites">{named if d["exact"] else "another revision"}</td></tr>'
                for d in documents]
        columns = ("Document", "Meeting", "Cites")
        parts.append(table(f"documents-{n}", "Documents that cite it", columns, rows))
    if found.paragraphs:
        parts.append(f'<h3 id="paragraphs-{n}">Paragraphs that cite it ({found.paragraph_count})</h3>')
        if found.paragraph_count > len(found.paragraphs):
            more = urlencode({"ref": found.reference.text, "limit": 1000})
            parts.append(f'<p class="note">The first {len(found.paragraphs)} are shown, those citing what '
                         f'the reference names first: <a href="?{escape(more)}">show up to 1000</a>.</p>')
        for paragraph in found.paragraphs:
            where = f"§{paragraph['number']}" if paragraph["number"] else f"paragraph {paragraph['position']}"
            meeting = html.link(paragraph["meeting"]["iri"]) if paragraph["meeting"] else ""
            docs = ", ".join(html.link(d["iri"]) for d in paragraph["documents"])
            cites = ", ".join(html.link(c) for c in paragraph["cites"])
            note = "" if paragraph["exact"] else " (not the revision named)"
            parts.append(f'<article><h4><a href="{escape(html.href(paragraph["iri"]))}">{escape(where)}</a> '
                         f'<span class="muted">{meeting}{" — " + docs if docs else ""}</span></h4>'
                         f'<blockquote cite="{escape(paragraph["iri"])}">'
                         f'<p>{escape(paragraph["text"])}</p></blockquote>'
                         f'<p class="note">Cites {cites}{note}</p></article>')
    elif ref.lineage:
        parts.append("<p>No paragraph of the loaded reports cites it.</p>")
    parts.append("</section>")
    return "".join(parts)


__all__ = ["reference_text", "resolve_link", "resolution_page"]
