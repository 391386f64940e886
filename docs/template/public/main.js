// The workshop's additions to DocFX's modern template, in the browser. The template imports this module and reads
// its default export (configureHljs, mermaid, start). Plain modern JavaScript; nothing is fetched from outside the site.

const siteName = "HttpOnly cookie sessions in ASP.NET Core";

// The one reading path, in order: home, the steps, the concepts, then what the tutorial leaves out. The steps and
// the concepts come from their own tables of contents, so a new step joins the path by joining steps/toc.yml.
const readingPath = ["index.html", "steps/toc.json", "concepts/toc.json", "leaves-out.html"];

// ---- Search -------------------------------------------------------------------------------------------------------
// The template hands the typed words to lunr, whose query syntax turns "Session:Password" into a field name (and an
// error), and whose index splits "document.cookie" at the dot. Each word is made into what the index holds: split
// where the index splits, stripped of edge punctuation as the index strips it, and, when it still holds punctuation
// (api/session/store, localhost:5080), searched as a part of a longer word with lunr's special characters escaped.
// The index holds such a word stemmed as a whole ("api/session/stor"), so only the first letters of its last part
// are kept: stemming only ever changes the end of a word.
export function searchQuery(typed) {
  const terms = [];
  for (const word of typed.split(/\s+/)) {
    for (const piece of word.replace(/^\++/, "").split(/[\s\-.()]+/)) {
      const term = piece.replace(/^\W+/, "").replace(/\W+$/, "").toLowerCase();
      if (term === "") {
        continue;
      }

      if (/^\w+$/.test(term)) {
        terms.push("+" + term);
      } else {
        const start = term.replace(/([a-z]{3})[a-z]+$/, "$1");
        terms.push("+*" + start.replace(/[:*~^+\-\\]/g, "\\$&") + "*");
      }
    }
  }

  return terms.join(" ");
}

// Each diagram's source waits in an attribute, out of the search index (template/conceptual.extension.js); it goes
// back as text here, when this module loads: the template reads the blocks to draw only after it has loaded it.
document.querySelectorAll("code.lang-mermaid[data-diagram]").forEach(code => {
  code.textContent = code.dataset.diagram;
  code.removeAttribute("data-diagram");
});

const postMessage = Worker.prototype.postMessage;
Worker.prototype.postMessage = function (message, ...rest) {
  if (message && typeof message.q === "string") {
    // Only punctuation ("?", "--") leaves no word to search: lunr would throw a QueryParseError on it and show nothing,
    // so it searches a word no page has instead, and the reader sees "no results".
    const query = searchQuery(message.q);
    return postMessage.call(this, { ...message, q: query === "" ? "+nopagehasthisword" : query }, ...rest);
  }

  return postMessage.call(this, message, ...rest);
};

// ---- Page furniture -----------------------------------------------------------------------------------------------

/** The site's name in the browser tab (it is kept out of the indexed titles, so search ranks pages by their own). */
function nameTheTab() {
  const title = document.title.trim();
  if (!title.endsWith(siteName)) {
    document.title = title === "" ? siteName : `${title} | ${siteName}`;
  }
}

/** On a phone, tables stack into cards; each cell then carries its column's name. */
function labelTableCells() {
  document.querySelectorAll("article table").forEach(table => {
    const heads = [...table.querySelectorAll("thead th")].map(th => th.textContent.trim());
    table.querySelectorAll("tbody tr").forEach(row => {
      [...row.children].forEach((cell, i) => {
        if (heads[i]) {
          cell.setAttribute("data-label", heads[i]);
        }
      });
    });
  });
}

function siteRoot() {
  const rel = document.querySelector("meta[name='docfx:rel']")?.getAttribute("content") ?? "";
  return new URL(rel || "./", window.location.href);
}

async function readingPathPages(root) {
  const pages = [];
  for (const entry of readingPath) {
    if (!entry.endsWith(".json")) {
      pages.push({ href: new URL(entry, root).href, name: null });
      continue;
    }

    const toc = new URL(entry, root);
    const response = await fetch(toc);
    if (!response.ok) {
      continue;
    }

    const flatten = items => items.flatMap(item => [
      ...(item.href ? [{ href: new URL(item.href, toc).href, name: item.name }] : []),
      ...flatten(item.items ?? []),
    ]);
    pages.push(...flatten((await response.json()).items ?? []));
  }

  return pages;
}

/** "Step 3 of 8": the step's number is on the page; the count is the steps' table of contents. */
function countSteps(pages, root) {
  const steps = pages.filter(p => p.href.startsWith(new URL("steps/", root).href) && stepOf(p.href) !== null);
  document.querySelectorAll("[data-step-count]").forEach(span => {
    span.textContent = ` of ${steps.length}`;
  });
}

/** Previous and Next along the one reading path, on every page of it. */
function addPager(pages) {
  const here = window.location.href.split(/[?#]/)[0].replace(/\/$/, "/index.html");
  const at = pages.findIndex(p => p.href === here);
  const article = document.querySelector("article");
  if (at < 0 || !article) {
    return;
  }

  const nameOf = page => page.name ?? (page.href.endsWith("/index.html") ? "Home" : "What the tutorial leaves out");
  const link = (page, rel, label) => {
    const a = document.createElement("a");
    a.href = page.href;
    a.rel = rel;
    const span = document.createElement("span");
    span.textContent = label;
    a.append(span, document.createTextNode(nameOf(page)));
    return a;
  };

  const nav = document.createElement("nav");
  nav.className = "reading-path";
  nav.setAttribute("aria-label", "Reading path");
  if (at > 0) {
    nav.append(link(pages[at - 1], "prev", "Previous"));
  }

  if (at + 1 < pages.length) {
    nav.append(link(pages[at + 1], "next", "Next"));
  }

  article.append(nav);
}

/**
 * The template draws its theme picker as a link without an address that opens a menu; screen readers need to hear
 * that it is a button. The top bar is drawn after this module runs, so this watches for it.
 */
function nameMenuButtons() {
  const fix = () => document.querySelectorAll(".dropdown-toggle:not([role])").forEach(toggle => toggle.setAttribute("role", "button"));
  fix();
  const navbar = document.getElementById("navbar");
  if (navbar) {
    new MutationObserver(fix).observe(navbar, { childList: true, subtree: true });
  }
}

/**
 * A link to a collapsed section (a task's hint or solution, "Tests that check this") opens it, and so does arriving
 * at one from another page: otherwise the reader lands on a closed summary line and wonders where the text is.
 */
function openLinkedDetails() {
  const open = () => {
    const id = decodeURIComponent(window.location.hash.slice(1));
    const target = id ? document.getElementById(id) : null;
    const details = target?.closest("details");
    if (details) {
      details.open = true;
      target.scrollIntoView();
    }
  };
  window.addEventListener("hashchange", open);
  open();
}

// ---- What the browser remembers (localStorage only: nothing leaves the reader's machine) ------------------------

function remembered(key, fallback) {
  try {
    return JSON.parse(window.localStorage.getItem(key)) ?? fallback;
  } catch {
    return fallback;
  }
}

function remember(key, value) {
  try {
    window.localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Private windows may refuse storage: the choice then lasts for this page only.
  }
}

/**
 * The shell tabs (bash, PowerShell): the reader's last choice is shown on every page, not bash again on each one.
 * DocFX's tabs switch within a page; this records the reader's click and makes it again when a page opens.
 */
function keepShellChoice() {
  const key = "workshop-shell";
  document.addEventListener("click", event => {
    const tab = event.target.closest?.('.tabGroup a[role="tab"]');
    if (tab?.dataset.tab && event.isTrusted) {
      remember(key, tab.dataset.tab);
    }
  }, true);
  const chosen = remembered(key, null);
  if (typeof chosen !== "string" || !/^[a-z0-9-]+$/.test(chosen)) {
    return () => {};
  }

  // The template sets up its tabs (and keeps its own record of the selected one) on its own schedule: once the page
  // has settled, a click on the chosen tab goes through the template's handler, which selects it in every group.
  return () => {
    const tab = document.querySelector(`.tabGroup a[role="tab"][data-tab="${chosen}"]:not([aria-selected="true"])`);
    tab?.click();
  };
}

// ---- Steps done -------------------------------------------------------------------------------------------------

const doneKey = "workshop-steps-done";

/** The step folder a link or page points to: "03-store" for steps/03-store.html. */
function stepOf(href) {
  return /steps\/(\d\d-[a-z0-9-]+)\.html(?:[?#].*)?$/.exec(href)?.[1] ?? null;
}

/** A done mark (✓, and "done" for screen readers) on every link to a step the reader marked done. */
function markDoneLinks() {
  const done = new Set(remembered(doneKey, []));
  document.querySelectorAll("#toc a[href], article td a[href]").forEach(a => {
    const step = stepOf(a.href);
    const isDone = step !== null && done.has(step);
    a.classList.toggle("step-done", isDone);
    let mark = a.querySelector(".done-mark");
    if (isDone && !mark) {
      mark = document.createElement("span");
      mark.className = "done-mark";
      mark.innerHTML = '<span aria-hidden="true"> ✓</span><span class="visually-hidden"> (done)</span>';
      a.append(mark);
    } else if (!isDone && mark) {
      mark.remove();
    }
  });
  document.querySelectorAll("[data-step-done]").forEach(cell => {
    cell.textContent = done.has(cell.dataset.stepDone) ? "✓ done" : "";
  });
}

/** On a step page, a button at its end that marks the step done (or not); the sidebar and the overview show it. */
function addDoneButton() {
  const step = stepOf(window.location.pathname);
  const next = [...document.querySelectorAll("article h2")].find(h => h.textContent.trim() === "Next");
  if (!step || !next) {
    return;
  }

  const button = document.createElement("button");
  button.type = "button";
  button.className = "btn btn-outline-success step-done-button";
  const label = () => {
    const done = remembered(doneKey, []).includes(step);
    button.textContent = done ? "✓ Done: click to unmark" : "Mark this step done";
    button.setAttribute("aria-pressed", String(done));
  };
  button.addEventListener("click", () => {
    const done = new Set(remembered(doneKey, []));
    if (done.has(step)) {
      done.delete(step);
    } else {
      done.add(step);
    }

    remember(doneKey, [...done].sort());
    label();
    markDoneLinks();
  });
  label();
  next.before(button);
}

function watchSidebar() {
  markDoneLinks();
  const toc = document.getElementById("toc");
  if (toc) {
    new MutationObserver(() => {
      if (toc.querySelector("a[href]:not([data-done-checked])")) {
        toc.querySelectorAll("a[href]").forEach(a => a.setAttribute("data-done-checked", ""));
        markDoneLinks();
      }
    }).observe(toc, { childList: true, subtree: true });
  }
}

// ---- Long pages and diagrams ------------------------------------------------------------------------------------

/**
 * Below 1400 px the template's "In this article" column is hidden, to give the text the room; long pages get the
 * same list at their top instead, collapsed.
 */
function addOnThisPage() {
  const article = document.querySelector("article");
  const heading = article?.querySelector("h1");
  const sections = [...(article?.querySelectorAll("h2[id]") ?? [])].filter(h => h.textContent.trim() !== "");
  if (!heading || sections.length < 4) {
    return;
  }

  const details = document.createElement("details");
  details.className = "on-this-page";
  const summary = document.createElement("summary");
  summary.textContent = "On this page";
  const list = document.createElement("ol");
  for (const section of sections) {
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = `#${section.id}`;
    link.textContent = section.textContent.trim();
    item.append(link);
    list.append(item);
  }

  details.append(summary, list);
  const facts = heading.nextElementSibling?.matches("p.step-progress") ? heading.nextElementSibling : heading;
  facts.after(details);
}

/**
 * Diagrams shrink to the column; on a phone that made their labels 4 to 7 px. A diagram is never drawn below 70 %
 * of its own size (labels of 16 px stay at 11 px or more): a wider one scrolls sideways inside its frame instead.
 */
function keepDiagramsReadable() {
  const fit = svg => {
    const natural = parseFloat(svg.style.maxWidth) || svg.viewBox?.baseVal?.width || 0;
    if (natural > 0) {
      svg.style.minWidth = `${Math.round(natural * 0.7)}px`;
    }

    // A frame that may scroll takes the keyboard's focus, so it scrolls with the arrow keys too.
    const frame = svg.closest("pre.mermaid");
    frame.tabIndex = 0;
    frame.setAttribute("role", "region");
    frame.setAttribute("aria-label", "Diagram (scrolls sideways when wider than the page)");
  };
  document.querySelectorAll("pre.mermaid svg").forEach(fit);
  new MutationObserver(records => {
    for (const record of records) {
      record.addedNodes.forEach(node => {
        if (node instanceof SVGSVGElement && node.closest("pre.mermaid")) {
          fit(node);
        }
      });
    }
  }).observe(document.querySelector("article") ?? document.body, { childList: true, subtree: true });
}

/**
 * The template builds the breadcrumb as the page, then the top bar's group it sits in: "Troubleshooting / Help",
 * with "Help" a link to nowhere. It reads "Help / Troubleshooting" instead, and "Help" is plain text (no page).
 */
function fixBreadcrumb() {
  const breadcrumb = document.getElementById("breadcrumb");
  if (!breadcrumb) {
    return;
  }

  const fix = () => {
    const list = breadcrumb.querySelector("ol.breadcrumb");
    const groups = [...(list?.querySelectorAll("li.breadcrumb-item") ?? [])].filter(li => li.querySelector("a")?.getAttribute("href") === "");
    for (const group of groups) {
      const name = document.createElement("span");
      name.textContent = group.textContent.trim();
      group.replaceChildren(name);
      list.prepend(group);
    }
  };
  fix();
  new MutationObserver(fix).observe(breadcrumb, { childList: true, subtree: true });
}

async function start() {
  fixBreadcrumb();
  openLinkedDetails();
  const applyShellChoice = keepShellChoice();
  keepDiagramsReadable();
  addOnThisPage();
  addDoneButton();
  watchSidebar();
  nameMenuButtons();
  nameTheTab();
  labelTableCells();
  const root = siteRoot();
  const pages = await readingPathPages(root);
  countSteps(pages, root);
  addPager(pages);
  applyShellChoice();
}

/**
 * Browsers wrap code after a hyphen or a slash, so `--project` could end one line and start the next. Each word with
 * a hyphen or slash, up to 30 characters, goes in a span that does not wrap (main.css); longer ones may still break.
 */
function keepWordsWhole(code) {
  if (code.classList.contains("lang-mermaid")) {
    return; // the template draws a diagram from this block's innerHTML: it must stay plain text
  }

  const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
  const texts = [];
  while (walker.nextNode()) {
    texts.push(walker.currentNode);
  }

  for (const text of texts) {
    const parts = text.data.split(/(\S+)/);
    if (!parts.some(part => /^\S{2,30}$/.test(part) && /[-/]/.test(part))) {
      continue;
    }

    const fragment = document.createDocumentFragment();
    for (const part of parts) {
      if (/^\S{2,30}$/.test(part) && /[-/]/.test(part)) {
        const span = document.createElement("span");
        span.className = "keep-whole";
        span.textContent = part;
        fragment.append(span);
      } else if (part !== "") {
        fragment.append(document.createTextNode(part));
      }
    }

    text.replaceWith(fragment);
  }
}

// highlight.js does not know C# raw string literals ("""...""") and colours the HTML inside them as C#. Mermaid
// blocks are diagrams, not code: a language without rules keeps the highlighter from warning about them.
function configureHljs(hljs) {
  hljs.addPlugin({ "after:highlightElement": ({ el }) => keepWordsWhole(el) });
  hljs.registerLanguage("mermaid", () => ({ name: "Mermaid", contains: [] }));
  const csharp = hljs.getLanguage("csharp");
  if (csharp) {
    csharp.contains.unshift({ scope: "string", begin: /\$*"""/, end: /"""/ });
  }
}

export default {
  start,
  configureHljs,
  mermaid: { securityLevel: "strict" },
};
