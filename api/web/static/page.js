// The query page: examples from the catalogue, an editor with line numbers, running a query at /sparql,
// rendering its results, download links, and the query kept in the URL. Plain JavaScript, no build step.
"use strict";

(function () {
  const form = document.getElementById("query-form");
  const editor = document.getElementById("query");
  const gutter = document.querySelector(".gutter");
  const example = document.getElementById("example");
  const exampleHelp = document.getElementById("example-help");
  const runButton = document.getElementById("run");
  const status = document.getElementById("status");
  const errorBox = document.getElementById("error");
  const downloads = document.getElementById("downloads");
  const results = document.getElementById("results");
  const BASE = form.dataset.base;
  const DEFAULT_PREFIXES = JSON.parse(form.dataset.prefixes);
  const ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9";
  const XSD_STRING = "http://www.w3.org/2001/XMLSchema#string";
  const RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString";
  let catalogue = [];
  let running = null;
  let escaped = false;

  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attributes || {})) {
      if (value !== undefined && value !== null) node.setAttribute(key, value);
    }
    for (const child of children) node.append(child);
    return node;
  }

  // ------------------------------------------------------------------------------------------ editor

  function updateGutter() {
    const lines = editor.value.split("\n").length;
    if (gutter.dataset.lines !== String(lines)) {
      gutter.textContent = Array.from({ length: lines }, (_, i) => i + 1).join("\n");
      gutter.dataset.lines = String(lines);
    }
    gutter.scrollTop = editor.scrollTop;
  }

  // Tab indents the selected lines (or inserts two spaces), Shift+Tab outdents them.
  function indent(outdent) {
    const { selectionStart: start, selectionEnd: end, value } = editor;
    if (!outdent && start === end) {
      editor.setRangeText("  ", start, end, "end");
      return;
    }
    const lineStart = start === 0 ? 0 : value.lastIndexOf("\n", start - 1) + 1;
    const lines = value.slice(lineStart, end).split("\n");
    const changed = lines.map((line) => (outdent ? line.replace(/^ {1,2}/, "") : "  " + line));
    editor.setRangeText(changed.join("\n"), lineStart, end, start === end ? "end" : "select");
  }

  editor.addEventListener("input", updateGutter);
  editor.addEventListener("scroll", () => { gutter.scrollTop = editor.scrollTop; });
  editor.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      run(true);
    } else if (event.key === "Escape") {
      escaped = true;
    } else if (event.key === "Tab" && !escaped && !event.altKey && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      indent(event.shiftKey);
      updateGutter();
    } else if (event.key !== "Shift") {
      escaped = false;
    }
  });
  editor.addEventListener("blur", () => { escaped = false; });

  // ------------------------------------------------------------------------------------------ examples

  async function loadCatalogue() {
    try {
      const response = await fetch("/queries", { headers: { Accept: "application/json" } });
      if (!response.ok) throw new Error(`GET /queries answered ${response.status}`);
      catalogue = await response.json();
    } catch (error) {
      example.disabled = true;
      example.options[0].textContent = "Named queries unavailable";
      return;
    }
    for (const query of catalogue) {
      example.append(el("option", { value: query.name }, query.title || query.name));
    }
    example.dataset.ready = "1";
  }

  example.addEventListener("change", async () => {
    const query = catalogue.find((q) => q.name === example.value);
    exampleHelp.hidden = !query;
    if (!query) return;
    exampleHelp.textContent = query.description + (query.params.length
      ? ` Parameters (as query-string fields of ${query.url}): ${query.params.map((p) => p.name).join(", ")}.` : "");
    try {
      const response = await fetch(`/queries/${encodeURIComponent(query.name)}.rq`);
      if (!response.ok) throw new Error(`GET /queries/${query.name}.rq answered ${response.status}`);
      editor.value = await response.text();
      editor.scrollTop = 0;
      updateGutter();
      hideError();
    } catch (error) {
      showError(error.message);
    }
  });

  // ------------------------------------------------------------------------------------------ terms

  function queryPrefixes(text) {
    const prefixes = { ...DEFAULT_PREFIXES };
    const pattern = /^\s*PREFIX\s+([A-Za-z][\w.-]*)?:\s*<([^>\s]*)>/gim;
    for (const match of text.matchAll(pattern)) prefixes[match[1] || ""] = match[2];
    return prefixes;
  }

  function shorten(iri, prefixes) {
    let best = null;
    for (const [prefix, namespace] of Object.entries(prefixes)) {
      if (namespace && iri.startsWith(namespace) && iri.length > namespace.length
          && (!best || namespace.length > best[1].length)) best = [prefix, namespace];
    }
    return best ? `${best[0]}:${iri.slice(best[1].length)}` : `<${iri}>`;
  }

  function href(iri) {
    if (iri.startsWith(BASE)) return "/" + iri.slice(BASE.length);
    return "/describe?iri=" + encodeURIComponent(iri);
  }

  function renderTerm(term, prefixes) {
    if (!term) return "";
    if (term.type === "uri") {
      return el("a", { href: href(term.value), title: term.value, class: "iri" }, shorten(term.value, prefixes));
    }
    if (term.type === "bnode") return el("span", { class: "bnode" }, "_:" + term.value);
    if (term.type === "triple") {
      const t = term.value;
      return el("span", { class: "quoted" }, "<< ", renderTerm(t.subject, prefixes), " ",
                renderTerm(t.predicate, prefixes), " ", renderTerm(t.object, prefixes), " >>");
    }
    const span = el("span", { class: "literal" }, term.value);
    const lang = term["xml:lang"];
    if (lang) span.append(el("span", { class: "annotation" }, "@" + lang));
    else if (term.datatype && term.datatype !== XSD_STRING && term.datatype !== RDF_LANG_STRING) {
      span.append(el("span", { class: "annotation", title: term.datatype }, "^^" + shorten(term.datatype, prefixes)));
    }
    return span;
  }

  // N-Triples, as /sparql answers a CONSTRUCT or DESCRIBE, into terms shaped like SPARQL JSON results.
  const NT_TERM = /\s*(?:<([^>]*)>|_:(\S+)|"((?:[^"\\]|\\.)*)"(?:@([A-Za-z0-9-]+)|\^\^<([^>]*)>)?)/y;
  function unescapeNT(text) {
    return text.replace(/\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))/g, (_, u4, u8, c) => {
      if (u4 || u8) return String.fromCodePoint(parseInt(u4 || u8, 16));
      return { t: "\t", b: "\b", n: "\n", r: "\r", f: "\f" }[c] ?? c;
    });
  }
  function parseNTriples(text) {
    const triples = [];
    for (const line of text.split("\n")) {
      if (!line.trim() || line.trimStart().startsWith("#")) continue;
      const terms = [];
      NT_TERM.lastIndex = 0;
      let match;
      while (terms.length < 3 && (match = NT_TERM.exec(line))) {
        if (match[1] !== undefined) terms.push({ type: "uri", value: unescapeNT(match[1]) });
        else if (match[2] !== undefined) terms.push({ type: "bnode", value: match[2] });
        else {
          const term = { type: "literal", value: unescapeNT(match[3]) };
          if (match[4]) term["xml:lang"] = match[4];
          if (match[5]) term.datatype = match[5];
          terms.push(term);
        }
      }
      if (terms.length === 3) triples.push({ subject: terms[0], predicate: terms[1], object: terms[2] });
    }
    return triples;
  }

  // ------------------------------------------------------------------------------------------ results

  // Rows are added to the page SHOWN at a time: a bulk answer (tens of thousands of rows) stays usable, and
  // the download links above the table give all of it.
  const SHOWN = 500;

  function table(variables, rows, prefixes, caption) {
    const head = el("tr", {}, el("th", { scope: "col", class: "index" }, "#"),
                    ...variables.map((v) => el("th", { scope: "col" }, v)));
    const body = el("tbody");
    const label = el("caption", {}, caption);
    const more = el("button", { type: "button", id: "more-rows", class: "more" });
    let shown = 0;
    function showMore() {
      const upto = Math.min(rows.length, shown + SHOWN);
      for (let i = shown; i < upto; i++) {
        body.append(el("tr", {}, el("td", { class: "index" }, String(i + 1)),
                       ...variables.map((v) => el("td", {}, renderTerm(rows[i][v], prefixes)))));
      }
      shown = upto;
      label.textContent = shown < rows.length ? `${caption} (the first ${shown.toLocaleString("en")} shown)` : caption;
      more.textContent = `Show ${Math.min(SHOWN, rows.length - shown).toLocaleString("en")} more`;
      more.hidden = shown >= rows.length;
    }
    more.addEventListener("click", showMore);
    showMore();
    return el("div", { class: "table-wrap" },
              el("table", { id: "result-table" }, label, el("thead", {}, head), body), more);
  }

  function plural(n, word) { return `${n} ${word}${n === 1 ? "" : "s"}`; }

  function showResults(kind, data, prefixes) {
    results.replaceChildren();
    if (kind === "boolean") {
      results.append(el("p", { class: "boolean " + (data ? "yes" : "no"), id: "result-boolean" },
                        "ASK: ", el("strong", {}, data ? "true" : "false")));
      return "ASK answered " + data;
    }
    if (kind === "graph") {
      results.append(table(["subject", "predicate", "object"], data, prefixes, plural(data.length, "triple")));
      return plural(data.length, "triple");
    }
    results.append(table(data.head.vars, data.results.bindings, prefixes, plural(data.results.bindings.length, "row")));
    return plural(data.results.bindings.length, "row");
  }

  const FORMATS = {
    results: [["csv", "CSV"], ["tsv", "TSV"], ["json", "JSON"], ["xml", "XML"]],
    graph: [["turtle", "Turtle"], ["ntriples", "N-Triples"], ["jsonld", "JSON-LD"], ["rdfxml", "RDF/XML"]],
  };
  const EXTENSIONS = { csv: "csv", tsv: "tsv", json: "srj", xml: "srx", turtle: "ttl", ntriples: "nt",
                       jsonld: "jsonld", rdfxml: "rdf" };

  function showDownloads(query, kind) {
    const list = el("ul");
    for (const [format, label] of FORMATS[kind === "graph" ? "graph" : "results"]) {
      const url = "/sparql?" + new URLSearchParams({ query, format });
      list.append(el("li", {}, el("a", { href: url, download: "results." + EXTENSIONS[format] }, label)));
    }
    downloads.replaceChildren(el("span", {}, "Download: "), list);
    downloads.hidden = false;
  }

  function showError(message) {
    errorBox.replaceChildren(el("strong", {}, "Error"), el("pre", {}, message));
    errorBox.hidden = false;
  }
  function hideError() { errorBox.hidden = true; errorBox.replaceChildren(); }

  async function errorMessage(response) {
    const text = await response.text();
    let message = text.trim();
    try { message = JSON.parse(text).error || message; } catch (_) { /* plain text */ }
    const title = response.status === 503 ? "the query was stopped (time limit or service busy)"
      : response.status === 400 ? "the query was refused" : response.statusText;
    return `${response.status} ${title}:\n${message}`;
  }

  // ------------------------------------------------------------------------------------------ running

  function keepInUrl(query, push) {
    const url = "/?" + new URLSearchParams({ query });
    if (location.pathname + location.search === url) return;
    (push ? history.pushState : history.replaceState).call(history, { query }, "", url);
  }

  async function run(push) {
    const query = editor.value;
    if (!query.trim()) return;
    keepInUrl(query, push);
    if (running) running.abort();
    const controller = new AbortController();
    running = controller;
    hideError();
    form.setAttribute("aria-busy", "true");
    results.setAttribute("aria-busy", "true");
    status.textContent = "Running…";
    const started = performance.now();
    try {
      const response = await fetch("/sparql", {
        method: "POST", signal: controller.signal, body: new URLSearchParams({ query }),
        headers: { Accept: ACCEPT, "Content-Type": "application/x-www-form-urlencoded" },
      });
      if (!response.ok) {
        const message = await errorMessage(response);
        if (controller !== running) return;
        results.replaceChildren();
        downloads.hidden = true;
        status.textContent = "Failed.";
        showError(message);
        return;
      }
      const type = response.headers.get("Content-Type") || "";
      let kind, data;
      if (type.includes("n-triples")) {
        kind = "graph";
        data = parseNTriples(await response.text());
      } else {
        data = await response.json();
        kind = "boolean" in data ? "boolean" : "select";
        if (kind === "boolean") data = data.boolean;
      }
      if (controller !== running) return;
      const summary = showResults(kind, data, queryPrefixes(query));
      const seconds = ((performance.now() - started) / 1000).toFixed(2);
      status.textContent = `${summary} in ${seconds} s.`;
      showDownloads(query, kind);
    } catch (error) {
      if (error.name === "AbortError") return;
      status.textContent = "Failed.";
      showError("The service could not be reached: " + error.message);
    } finally {
      if (controller === running) {
        running = null;
        form.removeAttribute("aria-busy");
        results.removeAttribute("aria-busy");
      }
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run(true);
  });

  window.addEventListener("popstate", () => {
    const query = new URLSearchParams(location.search).get("query");
    if (query !== null) {
      editor.value = query;
      updateGutter();
      run(false);
    }
  });

  runButton.title = "Run the query (Ctrl+Enter)";
  updateGutter();
  loadCatalogue();
  if (new URLSearchParams(location.search).has("query")) run(false);
})();
