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
  const steps = pages.filter(p => p.href.startsWith(new URL("steps/", root).href));
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

async function start() {
  nameMenuButtons();
  nameTheTab();
  labelTableCells();
  const root = siteRoot();
  const pages = await readingPathPages(root);
  countSteps(pages, root);
  addPager(pages);
}

// highlight.js does not know C# raw string literals ("""...""") and colours the HTML inside them as C#. Mermaid
// blocks are diagrams, not code: a language without rules keeps the highlighter from warning about them.
function configureHljs(hljs) {
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
