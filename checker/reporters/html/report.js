// claimcheck HTML report. Every value shown comes from claims and sources written by others:
// it is inserted as text (text nodes, textContent), never parsed as HTML; links are our own
// "#/..." routes or http(s) URLs the report generator already vetted (and checked again here).
(() => {
  "use strict";
  const DATA = JSON.parse(document.getElementById("report-data").textContent);
  const PAGE_SIZE = 100;
  const main = document.getElementById("main");
  const popover = document.getElementById("popover");
  const claims = DATA.claims;
  const claimIndex = new Map(claims.map((c, i) => [c.id, i]));
  const sourceById = new Map(DATA.sources.map((s) => [s.id, s]));
  const STATUS_WORD = { pass: "passed", fail: "failed" };
  let lastClaimsHash = "#/claims";

  // ---- building DOM from data, as text only ----
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") el.className = value;
      else if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
      else el.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false) continue;
      el.append(child instanceof Node ? child : String(child));
    }
    return el;
  }
  const safeHref = (url) => (typeof url === "string" && /^https?:\/\/[^\s]+$/i.test(url) ? url : null);
  const route = (view, arg, params) =>
    "#/" + view + (arg !== undefined ? "/" + encodeURIComponent(arg) : "") + (params && String(params) ? "?" + params : "");
  const claimLink = (id) => h("a", { href: route("claim", id) }, id);
  const docLink = (sourceId, label, params) =>
    sourceById.has(sourceId) ? h("a", { href: route("doc", sourceId, params) }, label) : h("span", {}, label);
  const badge = (status) => h("span", { class: "badge " + status }, STATUS_WORD[status] || status);
  const number = (n) => Number(n).toLocaleString("en-GB");
  function dl(rows) {
    const list = h("dl", { class: "facts" });
    for (const [term, value] of rows) if (value !== null && value !== undefined && value !== "") list.append(h("dt", {}, term), h("dd", {}, value));
    return list;
  }
  function externalLink(url, label) {
    const href = safeHref(url);
    return href ? h("a", { href, rel: "noopener noreferrer external", target: "_blank" }, label) : null;
  }

  // ---- documents: each in its own gzipped block, inflated only when opened ----
  const CONTEXT = 240; // characters of the document shown on each side of a quote
  const docCache = new Map();
  function documentData(source) {
    // A promise of the document's {text, uncited, boilerplate}, or of null when its text is not in the report.
    if (source.doc == null) return Promise.resolve(null);
    if (!docCache.has(source.doc)) {
      const block = document.getElementById("doc-" + source.doc);
      if (!block) return Promise.resolve(null);
      const bytes = Uint8Array.from(atob(block.textContent), (ch) => ch.charCodeAt(0));
      const inflated = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
      docCache.set(source.doc, new Response(inflated).text().then(JSON.parse));
    }
    return docCache.get(source.doc);
  }
  function contextOf(text, start, end) {
    let lo = Math.max(0, start - CONTEXT), hi = Math.min(text.length, end + CONTEXT);
    const space = text.indexOf(" ", lo);
    if (lo > 0 && space !== -1 && space < start) lo = space + 1;
    const last = text.lastIndexOf(" ", hi);
    if (hi < text.length && last > end) hi = last;
    return [(lo > 0 ? "…" : "") + text.slice(lo, start), text.slice(start, end), text.slice(end, hi) + (hi < text.length ? "…" : "")];
  }
  // Document blocks follow the script: wait for the parser to reach them.
  const whenParsed = (fn) => (document.readyState === "loading" ? document.addEventListener("DOMContentLoaded", fn, { once: true }) : fn());
  let citationsBySource = null;
  function citations(sourceId) {
    if (!citationsBySource) {
      citationsBySource = new Map();
      claims.forEach((claim, ci) =>
        claim.evidence.forEach((ev, ei) => {
          if (!citationsBySource.has(ev.source)) citationsBySource.set(ev.source, []);
          citationsBySource.get(ev.source).push([ci, ei]);
        }),
      );
    }
    return citationsBySource.get(sourceId) || [];
  }

  // ---- views ----
  const VIEWS = { summary: viewSummary, claims: viewClaims, claim: viewClaim, documents: viewDocuments, doc: viewDocument, conflicts: viewConflicts };

  function currentRoute() {
    const raw = location.hash.slice(1) || "/summary";
    const cut = raw.indexOf("?");
    const path = cut === -1 ? raw : raw.slice(0, cut);
    const parts = path.split("/").filter(Boolean).map((p) => {
      try { return decodeURIComponent(p); } catch { return p; }
    });
    const view = Object.hasOwn(VIEWS, parts[0]) ? parts[0] : "summary";
    return { view, arg: parts[1], params: new URLSearchParams(cut === -1 ? "" : raw.slice(cut + 1)) };
  }

  let shownView = null;
  function render() {
    hidePopover();
    const { view, arg, params } = currentRoute();
    if (view === "claims") lastClaimsHash = location.hash || "#/claims";
    const section = view === "claim" ? "claims" : view === "doc" ? "documents" : view;
    for (const link of document.querySelectorAll("nav a[data-view]")) {
      if (link.dataset.view === section) link.setAttribute("aria-current", "page");
      else link.removeAttribute("aria-current");
    }
    main.replaceChildren();
    VIEWS[view](arg, params);
    const heading = main.querySelector("h1");
    document.title = (heading ? heading.textContent + " · " : "") + "claimcheck report";
    if (shownView !== null && !params.has("claim")) (heading || main).focus({ preventScroll: false });
    if (!params.has("claim")) window.scrollTo(0, 0);
    shownView = view;
    document.documentElement.dataset.ready = "1";
  }

  function heading(text, ...extra) {
    return h("h1", { tabindex: "-1" }, text, ...extra);
  }

  function viewSummary() {
    const s = DATA.summary;
    const failed = s.failed > 0 || s.conflicts > 0 || DATA.meta.exit_code !== 0;
    main.append(
      heading("Summary"),
      h("p", { class: "verdict " + (failed ? "fail" : "pass") },
        DATA.meta.exit_code === 2 ? "Some registry files are unusable: see the problems below. "
          : failed ? "The check fails. " : "Every claim passes. ",
        `${number(s.failed)} of ${number(s.claims)} claims failed; ${number(s.conflicts)} unreviewed conflicts.`),
      h("ul", { class: "stats", "aria-label": "Counts" },
        stat("Claims", s.claims, "#/claims"), stat("Passed", s.passed, "#/claims?status=pass"), stat("Failed", s.failed, "#/claims?status=fail"),
        stat("Quotes", s.evidence), stat("Open conflicts", s.conflicts, "#/conflicts?status=unreviewed"),
        stat("Acknowledged", s.acknowledged, "#/conflicts?status=acknowledged")),
      dl([
        ["Checked", `${DATA.meta.checked_at} (${DATA.meta.checked_at_from})`],
        ["Checker", `claimcheck ${DATA.meta.version}`],
        ["Exit code of the check", String(DATA.meta.exit_code)],
        ...DATA.meta.notes.map((note) => ["Note", note]),
      ]),
    );
    if (DATA.problems.length) {
      main.append(h("h2", {}, "Problems outside any claim"),
        h("ul", { class: "findings" }, DATA.problems.map((f) => h("li", { class: f.severity }, findingText(f)))));
    }
    const rows = DATA.sources.map((src) => {
      const cov = src.coverage;
      return h("tr", {},
        h("th", { scope: "row", "data-label": "Source" }, docLink(src.id, src.id)),
        h("td", { "data-label": "Title" }, src.title),
        h("td", { "data-label": "Cited", class: "num" }, cov ? `${number(cov.cited)} / ${number(cov.sentences)}` : "unreadable"),
        h("td", { "data-label": "Coverage", class: "num" }, cov ? meter(cov.percent) : src.problem || "—"),
        h("td", { "data-label": "Boilerplate", class: "num" }, cov ? number(cov.boilerplate) : "—"));
    });
    main.append(h("h2", { id: "coverage" }, "Coverage per source"),
      h("p", {}, "Sentences at least one claim's quote covers, of the sentences counted (catalogued boilerplate lines left out)."),
      pagedTable("Coverage per source", ["Source", "Title", "Sentences cited", "Coverage", "Boilerplate sentences"], rows));
  }
  function stat(label, value, href) {
    const body = [h("span", { class: "stat-value" }, number(value)), h("span", { class: "stat-label" }, label)];
    return h("li", { class: "stat" }, href ? h("a", { href }, body) : body);
  }
  function meter(percent) {
    const bar = h("span", { class: "meter", "aria-hidden": "true" }, h("span", {}));
    bar.firstChild.style.width = Math.max(0, Math.min(100, percent)) + "%";
    return [bar, ` ${percent}%`];
  }
  function findingText(f) {
    return [h("code", {}, `${f.file}:${f.line}:${f.col}`), " ", h("strong", {}, `[${f.rule}]`), " ", f.message];
  }
  function pagedTable(caption, headers, rows) {
    // Long lists (2,000 sources) render a page at a time.
    const wrap = h("div", { class: "paged" });
    let page = 0;
    const pages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
    const draw = () => {
      const table = h("table", {}, h("caption", {}, caption),
        h("thead", {}, h("tr", {}, headers.map((t) => h("th", { scope: "col" }, t)))),
        h("tbody", {}, rows.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE)));
      wrap.replaceChildren(table, pages > 1 ? pager(page, pages, (p) => { page = p; draw(); wrap.querySelector("caption").focus(); }) : "");
      wrap.querySelector("caption").setAttribute("tabindex", "-1");
    };
    draw();
    return wrap;
  }
  function pager(page, pages, go) {
    return h("nav", { class: "pager", "aria-label": "Pages" },
      h("button", { type: "button", disabled: page === 0, onclick: () => go(page - 1) }, "Previous"),
      h("span", {}, `Page ${page + 1} of ${pages}`),
      h("button", { type: "button", disabled: page >= pages - 1, onclick: () => go(page + 1) }, "Next"));
  }

  // ---- claims table: filters and sort in the URL ----
  const FILTERS = ["status", "source", "subject", "property"];
  const COLUMNS = [
    ["status", "Status", (c) => c.status],
    ["id", "Claim", (c) => c.id],
    ["subject", "Subject", (c) => c.subject || ""],
    ["property", "Property", (c) => c.property || ""],
    ["value", "Value", (c) => c.value || ""],
    ["source", "Sources", (c) => sourcesOf(c).join(" ")],
  ];
  const sourcesOf = (c) => (c._sources ||= [...new Set(c.evidence.map((e) => e.source))]);
  const searchText = (c) =>
    (c._search ||= [c.id, c.statement, c.value, c.subject, c.property, ...c.evidence.map((e) => e.quote)].join("\n").toLowerCase());
  let options = null;
  function filterOptions() {
    if (!options) {
      const sets = { source: new Set(), subject: new Set(), property: new Set() };
      for (const c of claims) {
        sourcesOf(c).forEach((s) => sets.source.add(s));
        if (c.subject) sets.subject.add(c.subject);
        if (c.property) sets.property.add(c.property);
      }
      options = { status: ["pass", "fail"] };
      for (const [k, set] of Object.entries(sets)) options[k] = [...set].sort();
    }
    return options;
  }
  function matching(params) {
    const want = Object.fromEntries(FILTERS.map((k) => [k, params.get(k) || ""]));
    const query = (params.get("q") || "").trim().toLowerCase();
    const out = [];
    for (let i = 0; i < claims.length; i++) {
      const c = claims[i];
      if (want.status && c.status !== want.status) continue;
      if (want.subject && c.subject !== want.subject) continue;
      if (want.property && c.property !== want.property) continue;
      if (want.source && !sourcesOf(c).includes(want.source)) continue;
      if (query && !searchText(c).includes(query)) continue;
      out.push(i);
    }
    const column = COLUMNS.find(([key]) => key === params.get("sort"));
    if (column) {
      const key = column[2];
      const sign = params.get("dir") === "desc" ? -1 : 1;
      out.sort((a, b) => sign * (key(claims[a]) < key(claims[b]) ? -1 : key(claims[a]) > key(claims[b]) ? 1 : a - b));
    }
    return out;
  }

  function viewClaims(_arg, params) {
    const opts = filterOptions();
    const status = h("p", { class: "count", role: "status", "aria-live": "polite" });
    const body = h("tbody");
    const head = h("thead");
    const pagerSlot = h("div");
    const update = (changes, keepPage) => {
      for (const [k, v] of Object.entries(changes)) v ? params.set(k, v) : params.delete(k);
      if (!keepPage) params.delete("page");
      history.replaceState(null, "", route("claims", undefined, params));
      lastClaimsHash = location.hash;
      draw();
    };
    const select = (key, label) =>
      h("label", {}, label,
        h("select", { name: key, onchange: (e) => update({ [key]: e.target.value }) },
          h("option", { value: "" }, "all"),
          opts[key].map((v) => h("option", { value: v, selected: params.get(key) === v }, key === "status" ? STATUS_WORD[v] : v))));
    const search = h("input", { type: "search", name: "q", value: params.get("q") || "", placeholder: "id, statement, quote…", autocomplete: "off" });
    let timer = 0;
    search.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(() => update({ q: search.value }), 120); });
    main.append(
      heading("Claims"),
      h("form", { class: "filters", role: "search", "aria-label": "Filter claims", onsubmit: (e) => e.preventDefault() },
        select("status", "Status"), select("source", "Source"), select("subject", "Subject"), select("property", "Property"),
        h("label", {}, "Search", search),
        h("a", { href: "#/claims", class: "reset" }, "Clear filters")),
      status,
      h("table", { class: "claims" }, h("caption", { class: "visually-hidden" }, "Claims, filtered and sorted as set above"), head, body),
      pagerSlot,
    );
    function draw() {
      const rows = matching(params);
      const pages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
      const page = Math.min(pages - 1, Math.max(0, (parseInt(params.get("page"), 10) || 1) - 1));
      const first = page * PAGE_SIZE;
      status.textContent = rows.length
        ? `Showing ${number(first + 1)}–${number(Math.min(rows.length, first + PAGE_SIZE))} of ${number(rows.length)} claims (${number(claims.length)} in all)`
        : `No claim matches these filters (${number(claims.length)} in all).`;
      head.replaceChildren(h("tr", {}, COLUMNS.map(([key, label]) => {
        const sorted = params.get("sort") === key;
        const dir = sorted && params.get("dir") === "desc" ? "descending" : sorted ? "ascending" : null;
        return h("th", { scope: "col", "aria-sort": dir },
          h("button", { type: "button", class: "sort", onclick: () => update({ sort: key, dir: sorted && dir === "ascending" ? "desc" : "" }) },
            label, h("span", { "aria-hidden": "true" }, sorted ? (dir === "ascending" ? " ▲" : " ▼") : " ↕")));
      })));
      body.replaceChildren(...rows.slice(first, first + PAGE_SIZE).map((i) => claimRow(claims[i])));
      pagerSlot.replaceChildren(pages > 1 ? pager(page, pages, (p) => { update({ page: String(p + 1) }, true); status.scrollIntoView(); }) : "");
    }
    draw();
  }
  function claimRow(c) {
    return h("tr", { class: c.status },
      h("td", { "data-label": "Status" }, badge(c.status)),
      h("th", { scope: "row", "data-label": "Claim" }, claimLink(c.id), h("span", { class: "statement" }, c.statement || "(unusable entry)")),
      h("td", { "data-label": "Subject" }, c.subject || ""),
      h("td", { "data-label": "Property" }, c.property || ""),
      h("td", { "data-label": "Value" }, c.value || ""),
      h("td", { "data-label": "Sources" }, sourcesOf(c).map((s, i) => [i ? ", " : "", docLink(s, s)])));
  }

  // ---- one claim ----
  function viewClaim(id) {
    const c = claims[claimIndex.get(id)];
    main.append(h("p", { class: "crumbs" }, h("a", { href: lastClaimsHash }, "← Back to the claims")));
    if (!c) {
      main.append(heading("No such claim"), h("p", {}, "No claim in this report has that id."));
      return;
    }
    const qualifiers = c.qualifiers.map(([k, v]) => `${k} = ${v}`).join(", ");
    main.append(
      heading(c.id, " ", badge(c.status)),
      h("p", { class: "statement-big" }, c.statement || "(this entry could not be read)"),
      dl([
        ["Subject", c.subject], ["Property", c.property && `${c.property}${c.type ? " (" + c.type + ")" : ""}`], ["Qualifiers", qualifiers],
        ["Value as written", c.value], ["Typed value", c.typed],
        ["As of", c.as_of], ["Time", c.time && (c.time + (c.time_assumed ? " (no as_of: the source's publication date)" : ""))],
        ["Time note", c.time_note], ["Defined at", `${c.file}:${c.line}`],
      ]),
    );
    if (c.findings.length) {
      main.append(h("h2", {}, "Findings"),
        h("ul", { class: "findings" }, c.findings.map((f) => h("li", { class: f.severity }, findingText(f)))));
    }
    c.evidence.forEach((ev, i) => main.append(evidenceSection(c, ev, i)));
  }
  function evidenceSection(c, ev, i) {
    const source = sourceById.get(ev.source);
    const params = new URLSearchParams({ claim: c.id, ev: String(i) });
    const section = h("section", { class: "evidence " + (ev.status === "ok" ? "ok" : "bad"), "aria-labelledby": `ev-${i}` },
      h("h2", { id: `ev-${i}` }, `Quote ${i + 1} from `, docLink(ev.source, ev.source), " ", h("span", { class: "badge " + (ev.status === "ok" ? "pass" : "fail") }, ev.status)),
      source ? h("p", { class: "source-title" }, source.title) : null,
      h("blockquote", { class: "quote" }, h("a", { href: route("doc", ev.source, params), class: "quote-link", title: "Show this quote in its document" }, ev.quote)),
    );
    const actions = h("p", { class: "actions" });
    if (ev.match || ev.near) actions.append(h("a", { href: route("doc", ev.source, params) }, ev.match ? "Show in the document" : "Show the nearest text in the document"));
    const live = externalLink(ev.link, "Open the live document");
    if (live) actions.append(actions.childNodes.length ? " · " : "", live);
    if (actions.childNodes.length) section.append(actions);
    if (ev.near) {
      section.append(h("h3", {}, `Drift: nearest text ${ev.near.score}% similar` + (ev.near.context_score == null ? "" : `, context ${ev.near.context_score}%`)),
        h("div", { class: "drift" },
          h("figure", {}, h("figcaption", {}, "Quote as pinned"), h("p", {}, diffRuns(ev.near.old))),
          h("figure", {}, h("figcaption", {}, `Text now at ${ev.near.where}`), h("p", {}, diffRuns(ev.near.new)))));
    } else if (ev.status === "missing") {
      section.append(h("p", { class: "drift-none" }, "No similar text remains in the document."));
    }
    const located = ev.match || ev.near;
    if (located && source) {
      const context = h("p", { class: "context" }, "Loading the document…");
      section.append(h("h3", {}, ev.match ? `In context (${ev.match.where})` : `Nearest text in context (${ev.near.where})`), context);
      whenParsed(() => documentData(source).then((doc) => {
        if (!doc) return context.replaceChildren("The document's text is not in the report.");
        const [before, quoted, after] = contextOf(doc.text, located.span[0], located.span[1]);
        context.replaceChildren(before, h("mark", { class: ev.match ? "hl exact" : "hl near" }, quoted), after);
      }));
    }
    if (ev.elsewhere) section.append(h("p", {}, `Found in the document's full text (${ev.elsewhere}), outside the text the report shows.`));
    if (ev.candidates) section.append(h("p", {}, "Occurs at lines: " + ev.candidates.map(([l, col]) => `${l}:${col}`).join(", ")));
    return section;
  }
  function diffRuns(runs) {
    return runs.map(([op, text], i) => [i ? " " : "", op === "del" ? h("del", {}, text) : op === "ins" ? h("ins", {}, text) : text]);
  }

  // ---- documents ----
  function viewDocuments() {
    main.append(heading("Documents"), h("p", {}, "Each document's text with every cited quote highlighted. Open one:"));
    const rows = DATA.sources.map((src) =>
      h("tr", {},
        h("th", { scope: "row", "data-label": "Source" }, docLink(src.id, src.id)),
        h("td", { "data-label": "Title" }, src.title),
        h("td", { "data-label": "Publisher" }, src.publisher),
        h("td", { "data-label": "Published" }, src.published),
        h("td", { "data-label": "Quotes", class: "num" }, number(citations(src.id).length)),
        h("td", { "data-label": "Coverage", class: "num" }, src.coverage ? `${src.coverage.percent}%` : src.problem || "unreadable")));
    main.append(pagedTable("Documents", ["Source", "Title", "Publisher", "Published", "Quotes citing it", "Coverage"], rows));
  }

  function viewDocument(id, params) {
    const src = sourceById.get(id);
    main.append(h("p", { class: "crumbs" }, h("a", { href: "#/documents" }, "← All documents")));
    if (!src) {
      main.append(heading("No such document"));
      return;
    }
    const cov = src.coverage;
    main.append(
      heading(src.title),
      dl([
        ["Source id", src.id], ["File", src.path], ["Publisher", src.publisher], ["Kind", src.kind], ["Author", src.author],
        ["Published", src.published + (src.date_note ? ` (${src.date_note})` : "")],
        ["Live document", externalLink(src.url, src.url)], ["Retrieved", src.retrieved], ["SHA-256", src.sha256 && h("code", {}, src.sha256)],
        ["Coverage", cov && `${number(cov.cited)} of ${number(cov.sentences)} sentences cited (${cov.percent}%), ${number(cov.boilerplate)} boilerplate left out`],
        ["Problem", src.problem],
      ]),
      h("ul", { class: "legend", "aria-label": "Legend" },
        h("li", {}, h("mark", { class: "hl exact" }, "quoted"), " a passing quote"),
        h("li", {}, h("mark", { class: "hl near" }, "near match"), " nearest text of a failing quote"),
        h("li", {}, h("span", { class: "uncited" }, "uncited sentence"), " no claim cites it"),
        h("li", {}, h("span", { class: "boiler" }, "boilerplate"), " not document content")),
    );
    const article = h("article", { class: "document", "aria-label": "Text of " + src.id }, h("p", {}, "Loading the text…"));
    main.append(h("h2", {}, "Text"), article);
    whenParsed(() => documentData(src).then((doc) => fillDocument(src, doc, article, params)));
  }

  function clusters(sourceId) {
    // Highlights: quotes' exact matches and failing quotes' near matches; overlapping ones share one mark.
    const spans = [];
    for (const [ci, ei] of citations(sourceId)) {
      const ev = claims[ci].evidence[ei];
      if (ev.match) spans.push([ev.match.span[0], ev.match.span[1], "exact", ci, ei]);
      else if (ev.near) spans.push([ev.near.span[0], ev.near.span[1], "near", ci, ei]);
    }
    spans.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const out = [];
    for (const [start, end, kind, ci, ei] of spans) {
      const last = out[out.length - 1];
      if (last && start < last.end) {
        last.end = Math.max(last.end, end);
        last.kinds.add(kind);
        last.cites.push([ci, ei]);
      } else out.push({ start, end, kinds: new Set([kind]), cites: [[ci, ei]] });
    }
    return out;
  }

  function fillDocument(src, doc, article, params) {
    if (!article.isConnected) return; // the reader moved on while the text was inflating
    if (!doc) {
      article.replaceChildren(h("p", {}, src.problem || "The text of this document is not in the report."));
      return;
    }
    const text = doc.text;
    const marks = clusters(src.id);
    const points = new Set([0, text.length]);
    for (const m of marks) points.add(m.start).add(m.end);
    for (const [s, e] of doc.uncited) points.add(s).add(e);
    for (const [s, e] of doc.boilerplate) points.add(s).add(e);
    const cuts = [...points].filter((p) => p >= 0 && p <= text.length).sort((a, b) => a - b);
    const frag = document.createDocumentFragment();
    let mi = 0, ui = 0, bi = 0, markEl = null, markOf = -1;
    const wanted = params.get("claim") !== null ? [claimIndex.get(params.get("claim")), parseInt(params.get("ev"), 10) || 0] : null;
    let target = null;
    for (let k = 0; k + 1 < cuts.length; k++) {
      const a = cuts[k], b = cuts[k + 1];
      while (mi < marks.length && marks[mi].end <= a) mi++;
      while (ui < doc.uncited.length && doc.uncited[ui][1] <= a) ui++;
      while (bi < doc.boilerplate.length && doc.boilerplate[bi][1] <= a) bi++;
      const inMark = mi < marks.length && marks[mi].start <= a;
      const classes = [];
      if (ui < doc.uncited.length && doc.uncited[ui][0] <= a) classes.push("uncited");
      if (bi < doc.boilerplate.length && doc.boilerplate[bi][0] <= a) classes.push("boiler");
      const piece = text.slice(a, b);
      const node = classes.length ? h("span", { class: classes.join(" ") }, piece) : document.createTextNode(piece);
      if (inMark) {
        if (markOf !== mi) {
          markOf = mi;
          markEl = highlight(marks[mi], mi);
          frag.append(markEl);
          if (wanted && marks[mi].cites.some(([ci, ei]) => ci === wanted[0] && ei === wanted[1])) target = markEl;
        }
        markEl.append(node);
      } else frag.append(node);
    }
    article.replaceChildren(frag);
    article.classList.add("loaded");
    if (target) {
      target.classList.add("current");
      target.scrollIntoView({ block: "center" });
      target.focus({ preventScroll: true });
    }
  }

  function highlight(mark, n) {
    const kind = mark.kinds.has("exact") ? (mark.kinds.has("near") ? "exact near" : "exact") : "near";
    const el = h("mark", { class: "hl " + kind, tabindex: "0", id: "hl-" + n, "data-cites": String(mark.cites.length), "aria-describedby": "popover" });
    const first = claims[mark.cites[0][0]].id;
    const show = () => showPopover(el, mark);
    el.addEventListener("mouseenter", show);
    el.addEventListener("focus", show);
    el.addEventListener("mouseleave", hidePopover);
    el.addEventListener("blur", hidePopover);
    el.addEventListener("click", () => { location.hash = route("claim", first); });
    el.addEventListener("keydown", (e) => {
      if (e.key === "Enter") location.hash = route("claim", first);
      if (e.key === "Escape") hidePopover();
    });
    return el;
  }
  function showPopover(el, mark) {
    const items = mark.cites.map(([ci, ei]) => {
      const c = claims[ci];
      return h("li", {}, badge(c.status), " ", c.id, c.evidence[ei].match ? "" : " (near match only)");
    });
    popover.replaceChildren(h("p", {}, `Cited by ${mark.cites.length} claim${mark.cites.length > 1 ? "s" : ""} (click or Enter opens the first):`), h("ul", {}, items));
    popover.hidden = false;
    const box = el.getBoundingClientRect();
    const margin = el.closest("article").getBoundingClientRect().right + 12;
    if (window.innerWidth - margin >= 280) {
      // Wide screen: beside the text, level with the highlight, covering nothing.
      popover.style.maxWidth = Math.min(420, window.innerWidth - margin - 8) + "px";
      popover.style.left = margin + "px";
      popover.style.top = Math.max(8, Math.min(box.top, window.innerHeight - popover.offsetHeight - 8)) + "px";
      return;
    }
    const width = Math.min(420, window.innerWidth - 16);
    popover.style.maxWidth = width + "px";
    popover.style.left = Math.max(8, Math.min(box.left, window.innerWidth - width - 8)) + "px";
    const below = box.bottom + 6;
    popover.style.top = (below + popover.offsetHeight > window.innerHeight ? Math.max(8, box.top - popover.offsetHeight - 6) : below) + "px";
  }
  function hidePopover() { popover.hidden = true; }

  // ---- conflicts ----
  function viewConflicts(_arg, params) {
    const want = params.get("status") || "";
    const shown = DATA.conflicts.filter((c) => !want || c.status === want);
    const filter = h("select", { name: "status", onchange: (e) => { location.hash = route("conflicts", undefined, e.target.value ? new URLSearchParams({ status: e.target.value }) : ""); } },
      [["", "all"], ["unreviewed", "open (unreviewed)"], ["acknowledged", "acknowledged"]].map(([v, label]) => h("option", { value: v, selected: want === v }, label)));
    main.append(heading("Conflicts"),
      h("form", { class: "filters", "aria-label": "Filter conflicts", onsubmit: (e) => e.preventDefault() }, h("label", {}, "Status", filter)),
      h("p", { role: "status" }, `${number(shown.length)} of ${number(DATA.conflicts.length)} conflicts`));
    if (DATA.stale.length) {
      main.append(h("section", { class: "stale", "aria-labelledby": "stale-h" }, h("h2", { id: "stale-h" }, "Stale acknowledgements"),
        h("p", {}, "These acknowledged: entries match no conflict any more; remove them."),
        h("ul", { class: "findings" }, DATA.stale.map((f) => h("li", { class: "warning" }, findingText(f))))));
    }
    const list = h("div", { class: "conflicts" });
    main.append(list);
    let drawn = 0;
    const more = h("button", { type: "button", class: "more", onclick: () => drawMore() }, "Show more conflicts");
    const drawMore = () => {
      shown.slice(drawn, drawn + PAGE_SIZE).forEach((c) => list.append(conflictCard(c)));
      drawn += PAGE_SIZE;
      if (drawn >= shown.length) more.remove();
    };
    drawMore();
    if (drawn < shown.length) main.append(more);
  }
  function conflictCard(c) {
    const card = h("article", { class: "conflict " + c.status },
      h("h2", {}, h("span", { class: "badge " + (c.status === "acknowledged" ? "ack" : "fail") }, c.status === "acknowledged" ? "acknowledged" : "open"), " ", c.key),
      h("p", { class: "kind" }, c.kind === "typed" ? "Same fact, overlapping times, different values." : "Declared contradictory by a claim's contradicts: list."),
      h("div", { class: "sides" }, c.sides.map((s) => conflictSide(s, c))));
    if (c.status === "acknowledged") {
      card.append(h("div", { class: "review" }, dl([
        ["Explanation", c.explanation], ["Prevails", c.prevails && (claimIndex.has(c.prevails) ? claimLink(c.prevails) : c.prevails)],
        ["Reviewed by", c.reviewed_by], ["Reviewed on", c.reviewed_on],
      ])));
    }
    return card;
  }
  function conflictSide(s, c) {
    const ci = claimIndex.get(s.claim);
    const ev = ci === undefined ? 0 : Math.max(0, claims[ci].evidence.findIndex((e) => e.source === s.source));
    return h("section", { class: "side" + (c.prevails === s.claim ? " prevails" : "") },
      h("h3", {}, claimLink(s.claim), c.prevails === s.claim ? h("span", { class: "badge pass" }, "prevails") : ""),
      dl([
        ["Defined at", `${s.file}:${s.line}`], ["Document", docLink(s.source, s.source)], ["Published", s.published],
        ["As of", s.time + (s.time_assumed ? " (publication date: no as_of)" : "")],
        ["Value", s.value], ["As written", s.raw_value],
      ]),
      h("blockquote", { class: "quote" }, h("a", { href: route("doc", s.source, new URLSearchParams({ claim: s.claim, ev: String(ev) })) }, s.quote)));
  }

  // ---- start ----
  document.addEventListener("keydown", (e) => { if (e.key === "Escape") hidePopover(); });
  window.addEventListener("hashchange", render);
  render();
  performance.mark("claimcheck-ready");
})();
