// The search box of every page: asks GET /search and shows the hits under the box (label, kind, snippet
// with the matched words marked, document, resolution references linking to /resolve); a resolution
// reference typed in the box is offered its /resolve page. Plain JavaScript, nothing from another origin.
"use strict";

(function () {
  const form = document.querySelector("form.search");
  const box = document.getElementById("search-results");
  if (!form || !box) return;
  const input = form.querySelector("input[name=q]");
  const kind = form.querySelector("select[name=kind]");
  const ROOT = form.dataset.root || "";
  const BASE = form.dataset.base;
  let pending = null;

  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attributes || {})) {
      if (value !== undefined && value !== null) node.setAttribute(key, value);
    }
    for (const child of children) if (child !== null && child !== undefined) node.append(child);
    return node;
  }

  function href(iri) {
    if (iri.startsWith(BASE)) return ROOT + "/" + iri.slice(BASE.length);
    return ROOT + "/describe?iri=" + encodeURIComponent(iri);
  }

  // A reference written out in full from its fields (as api/resolve.py reference_text does), so that one
  // found inside a list ("Resolutions 101, 102 and 206") still resolves on its own.
  function referenceText(ref) {
    if (ref.body === "UNGA") return "A/RES/" + ref.number;
    let text = `${ref.body || ""} Resolution ${ref.number}`.trim();
    const revision = [ref.place, ref.year].filter((x) => x).join(", ");
    if (revision) text += ` (${ref.qualifier ? ref.qualifier + " " : ""}${revision})`;
    return text;
  }

  function resolveHref(ref) {
    return ROOT + "/resolve?ref=" + encodeURIComponent(referenceText(ref));
  }

  // «matched» words become <mark> elements; the text is never parsed as HTML.
  function marked(snippet) {
    return (snippet || "").split(/«([^»]*)»/).map((part, i) => (i % 2 ? el("mark", {}, part) : part));
  }

  function joined(nodes, separator) {
    return nodes.flatMap((node, i) => (i ? [separator, node] : [node]));
  }

  function show(...children) {
    box.hidden = false;
    box.replaceChildren(...children);
  }

  function render(body) {
    const parts = [];
    for (const ref of body.references || []) {
      if (!ref.lineage && !ref.number) continue;
      parts.push(el("p", { class: "search-resolve" }, "Resolution reference: ",
        el("a", { href: resolveHref(ref), class: "resolve-link" }, referenceText(ref)),
        " — its revisions and everything that cites it"));
    }
    if (body.note) parts.push(el("p", { class: "search-note" }, body.note));
    const hits = body.hits || [];
    if (!hits.length) parts.push(el("p", { class: "search-note" }, "No hits."));
    const list = el("ol", { class: "search-hits" });
    for (const hit of hits) {
      const refs = (hit.references || []).map((ref) => el("a", { href: resolveHref(ref), class: "search-ref" }, ref.text));
      list.append(el("li", { class: "search-hit" },
        el("a", { href: href(hit.iri), class: "search-label" }, hit.label), " ",
        el("span", { class: "search-kind" }, hit.kind),
        hit.document && hit.kind !== "document" ? el("span", { class: "search-doc" }, hit.document) : null,
        el("p", { class: "search-snippet" }, ...marked(hit.snippet)),
        refs.length ? el("p", { class: "search-refs" }, "References: ", ...joined(refs, ", ")) : null));
    }
    const close = el("button", { type: "button", class: "search-close" }, "Close");
    close.addEventListener("click", () => { box.hidden = true; input.focus(); });
    show(...parts, list, close);
  }

  async function search(event) {
    event.preventDefault();
    const q = input.value.trim();
    if (!q) return;
    const params = new URLSearchParams({ q, limit: "10" });
    if (kind && kind.value) params.set("kind", kind.value);
    if (pending) pending.abort();
    const controller = new AbortController();
    pending = controller;
    box.setAttribute("aria-busy", "true");
    show(el("p", { class: "search-note" }, "Searching…"));
    try {
      const response = await fetch(`${ROOT}/search?${params}`, { headers: { Accept: "application/json" },
                                                                 signal: controller.signal });
      const body = await response.json().catch(() => ({}));
      if (!response.ok) throw new Error(body.error || `the search answered ${response.status}`);
      render(body);
    } catch (error) {
      if (error.name !== "AbortError") show(el("p", { class: "search-error", role: "alert" }, error.message));
    } finally {
      if (pending === controller) {
        pending = null;
        box.removeAttribute("aria-busy");
      }
    }
  }

  form.addEventListener("submit", search);
})();
