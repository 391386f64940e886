// Build-time post-processing of every Markdown page, run by DocFX (in its Jint engine) after the Markdown is
// rendered and before the page is written. It lets the step pages include steps/0N-*/README.md and hints.md
// whole, so the tasks and hints are written once, in the step folders, and still read well on the site.
//
// 1. Marked includes. A step page wraps each include in marker comments:
//      <!-- workshop:tasks --> [!INCLUDE[...](README.md)] <!-- workshop:end -->
//        keeps only the README's "## Tasks" section (its "### Task K" parts, with their task-K anchors); each
//        "Checked by ..." paragraph (the tests of a task) goes into a collapsed "Tests that check this", under a
//        line in sight, "Hint · Solution · Read: ..." (the paragraph's links to read);
//      <!-- workshop:section What you learned --> [!INCLUDE[...](README.md)] <!-- workshop:end -->
//        keeps the body of the README's "## What you learned" section (any "## <title>" works);
//      <!-- workshop:hints --> [!INCLUDE[...](hints.md)] <!-- workshop:end -->
//        turns every "## Task K" section of hints.md into a collapsed <details id="hint-task-K">;
//      <!-- workshop:mistakes --> [!INCLUDE[...](../instructor-guide.md)] <!-- workshop:end -->
//        keeps the instructor guide's "### Step NN" list under "## Common mistakes, and a tip for each", for the
//        page's own step (steps/NN-name.html), collapsed.
//      <!-- workshop:starter K --> <p class="starter-caption">...</p> [!code-csharp[](...#stub-...)] <!-- workshop:end -->
//        the starter's code that task K edits (a stub, by its DocFX tags): moved, wherever the page has it, to just
//        after the included "### Task K" heading, in a <div class="starter">. Several blocks for one task keep
//        their order.
//    A missing section fails the build with a message rather than publishing a page without it, and so does a
//    starter block whose task the included README does not have.
//
// 2. Links that leave the site. DocFX cannot publish a file outside docs/ (docfx.json reports such links as
//    suggestions), and leaves the link as it found it: in an included file, resolved against that file, as
//    "~/../steps/02-config/README.md"; in the page itself, as written, "../../interop/README.md". Both become:
//      a step README     -> that step's page (a #task-K anchor is kept: the pages carry the same anchors);
//      a step's hints.md -> that step's page, at its hints;
//      anything in docs/ -> that page of this site;
//      anything else     -> the file in the repository, _repoUrl/blob/_repoBranch/path, when the build is given the
//                           repository's address (dotnet docfx docs/docfx.json --metadata _repoUrl=https://...);
//                           without one, the link becomes its text: the site never shows a made-up address.
//
// Plain ES5 on purpose: the engine inside DocFX is not a browser.

var STARTER = /<!--\s*workshop:starter\s+(\d+)\s*-->([\s\S]*?)<!--\s*workshop:end\s*-->/g;
var MARKED_INCLUDE = /<!--\s*workshop:(tasks|hints|mistakes|section)([^>]*?)\s*-->([\s\S]*?)<!--\s*workshop:end\s*-->/g;
var OUTSIDE_LINK = /<a\s+([^>]*?)href="(?:~|%7E)\/\.\.\/([^"#]*)(#[^"]*)?"([^>]*)>([\s\S]*?)<\/a>/g;
var RELATIVE_LINK = /<a\s+([^>]*?)href="(\.\.\/[^"#]*)(#[^"]*)?"([^>]*)>([\s\S]*?)<\/a>/g;

exports.postTransform = function (model) {
  if (!model.conceptual) {
    return model;
  }

  var page = model._path || "(unknown page)";
  // The starter blocks come out first, wherever they are: keepTasks puts each under its task's heading.
  var starters = {};
  var html = model.conceptual.replace(STARTER, function (all, task, block) {
    starters[task] = (starters[task] || "") + '<div class="starter">\n' + block + "</div>\n";
    return "";
  });
  html = html.replace(MARKED_INCLUDE, function (all, kind, argument, included) {
    switch (kind) {
      case "tasks": return keepTasks(included, page, starters);
      case "hints": return hintsAsDetails(included, page);
      case "mistakes": return mistakesOfStep(included, page);
      default: return keepSection(included, textOf(argument), page);
    }
  });
  var unplaced = Object.keys(starters);
  if (unplaced.length > 0) {
    throw new Error(page + ": workshop:starter " + unplaced.join(", ") + " found no '### Task K' heading in an included workshop:tasks.");
  }

  // Paths and fragments are attribute text as DocFX wrote it (already escaped): they go back unchanged.
  html = html.replace(OUTSIDE_LINK, function (all, before, path, fragment, after, text) {
    return linkOrText(outsideTarget(model, path, fragment || ""), before + after, text);
  });
  html = html.replace(RELATIVE_LINK, function (all, before, href, fragment, after, text) {
    var path = outsideDocs(model._path || "", href);
    return path === null ? all : linkOrText(outsideTarget(model, path, fragment || ""), before + after, text);
  });
  html = linkGlossaryTerms(html, model);
  // 4. Diagram source out of the search index: DocFX indexes every word inside <article>, so a diagram's source would
  //    show in search results ("participant B as Browser"). It moves into an attribute; main.js puts it back as text
  //    when the page loads, before the template draws the diagram.
  model.conceptual = html.replace(/<code class="lang-mermaid"([^>]*)>([\s\S]*?)<\/code>/g, function (all, attributes, source) {
    return '<code class="lang-mermaid"' + attributes + ' data-diagram="' + source.replace(/"/g, "&quot;") + '"></code>';
  });
  return model;
};

// 3. The glossary's words. On every page but the glossary, the first use of each word in the running text (not in a
//    heading, a link, a block of code or a summary line) links to its entry. A word written as code (`__Host-`)
//    links only when the code is exactly that word.
var GLOSSARY = [
  { anchor: "csrf", text: /\bCSRF\b/ },
  { anchor: "samesite", text: /\bSameSite\b/, code: "SameSite" },
  { anchor: "host-prefix", code: "__Host-" },
  { anchor: "httponly", text: /\bHttpOnly\b/, code: "HttpOnly" },
  { anchor: "options-pattern", text: /\boptions pattern\b/i },
  { anchor: "fail-closed", text: /\bfails? closed\b/i },
  { anchor: "deny-list", text: /\bdeny-list\b/i },
  { anchor: "sec-fetch-site", code: "Sec-Fetch-Site" },
  { anchor: "clock-skew", text: /\bclock skew\b/i },
  { anchor: "problemdetails", text: /\bProblemDetails\b/ },
  { anchor: "kestrel", text: /\bKestrel\b/ },
  { anchor: "mac", text: /\bMAC\b/ },
  { anchor: "pbkdf2", text: /\bPBKDF2\b/ },
  { anchor: "p99", text: /\bp99\b/ },
  { anchor: "stateless-session", text: /\bstateless sessions?\b/i }
];
var NO_LINK_INSIDE = { a: 1, pre: 1, code: 1, h1: 1, h2: 1, h3: 1, h4: 1, h5: 1, h6: 1, summary: 1, button: 1, script: 1, style: 1, title: 1 };

function linkGlossaryTerms(html, model) {
  if (/(^|\/)glossary\.md$/.test(model._path || "")) {
    return html;
  }
  var href = (model._rel || "") + "glossary.html#";
  var linked = {};
  var tokens = html.match(/<[^>]*>|[^<]+/g) || [];
  var depth = 0;
  for (var i = 0; i < tokens.length; i++) {
    var token = tokens[i];
    if (token.charAt(0) === "<") {
      var tag = /^<(\/?)([a-zA-Z0-9]+)/.exec(token);
      if (tag && NO_LINK_INSIDE[tag[2].toLowerCase()]) {
        if (depth === 0 && !tag[1] && tag[2].toLowerCase() === "code" && i + 2 < tokens.length && /^<\/code>$/i.test(tokens[i + 2])) {
          var term = glossaryCode(tokens[i + 1], linked);
          if (term) {
            linked[term.anchor] = true;
            tokens[i] = '<a class="glossary-term" href="' + href + term.anchor + '">' + token;
            tokens[i + 2] = tokens[i + 2] + "</a>";
            i += 2;
            continue;
          }
        }
        depth += tag[1] ? -1 : 1;
        if (depth < 0) {
          depth = 0;
        }
      }
      continue;
    }
    if (depth > 0) {
      continue;
    }
    // The matches are found in the text as it was, then placed from its start, so one link never lands in another.
    var text = token;
    var found = [];
    GLOSSARY.forEach(function (entry) {
      var match = entry.text && !linked[entry.anchor] ? entry.text.exec(text) : null;
      if (match) {
        found.push({ anchor: entry.anchor, start: match.index, end: match.index + match[0].length });
      }
    });
    found.sort(function (x, y) { return x.start - y.start; });
    var out = "";
    var at = 0;
    found.forEach(function (f) {
      if (f.start < at) {
        return;
      }
      linked[f.anchor] = true;
      out += text.substring(at, f.start) + '<a class="glossary-term" href="' + href + f.anchor + '">' + text.substring(f.start, f.end) + "</a>";
      at = f.end;
    });
    tokens[i] = out + text.substring(at);
  }
  return tokens.join("");
}

function glossaryCode(text, linked) {
  for (var i = 0; i < GLOSSARY.length; i++) {
    if (GLOSSARY[i].code && GLOSSARY[i].code === text && !linked[GLOSSARY[i].anchor]) {
      return GLOSSARY[i];
    }
  }
  return null;
}

// A link, or only its text when there is nowhere to point (a repository file, and no repository address).
function linkOrText(href, attributes, text) {
  return href === null ? text : '<a href="' + href + '" ' + attributes.replace(/^\s+|\s+$/g, "") + ">" + text + "</a>";
}

// The repository path a page's relative link points to, when it climbs out of docs/; null when it stays inside.
function outsideDocs(pagePath, href) {
  var parts = pagePath.split("/").slice(0, -1);
  var climbedOut = 0;
  href.split("/").forEach(function (segment) {
    if (segment === "..") {
      if (parts.length > 0) {
        parts.pop();
      } else {
        climbedOut++;
      }
    } else if (segment !== ".") {
      parts.push(segment);
    }
  });
  return climbedOut === 1 ? parts.join("/") : null;
}

// Splits rendered HTML before each <h2>; the first part is whatever comes before the first <h2>.
function sectionsByH2(html) {
  return html.split(/(?=<h2[\s>])/).map(function (part) {
    var heading = /^<h2[^>]*>([\s\S]*?)<\/h2>/.exec(part);
    return {
      title: heading ? textOf(heading[1]) : null,
      body: heading ? part.substring(heading[0].length) : part
    };
  });
}

function keepTasks(included, page, starters) {
  // The code a task starts from goes right under its heading, before the task's text; placed ones leave the list.
  var tasks = keepSection(included, "Tasks", page).replace(/<h3[^>]*\bid="task-(\d+)"[^>]*>[\s\S]*?<\/h3>/g, function (heading, task) {
    var starter = starters[task] || "";
    delete starters[task];
    return heading + "\n" + starter;
  });
  // "Checked by `A_long_test_name`, ..." matters when a test is red, not while reading the task: it is collapsed.
  // Above it, in sight, one line of help for the task: its hint and its solution further down the page (main.js
  // opens the collapsed section a link points to), and the pages to read, taken from the paragraph's links.
  return tasks.split(/(?=<h3[^>]*\bid="task-\d+")/).map(function (part) {
    var task = /^<h3[^>]*\bid="task-(\d+)"/.exec(part);
    return part.replace(/<p([^>]*)>(Checked by[\s\S]*?)<\/p>/g, function (all, attributes, checks) {
      var help = task ? taskHelp(task[1], checks.match(/<a\s[^>]*>[\s\S]*?<\/a>/g) || []) : "";
      return help + '<details class="checks">\n<summary>Tests that check this</summary>\n<p' + attributes + ">" + checks + "</p>\n</details>\n";
    });
  }).join("");
}

// "Hint · Solution · Read: <a>…</a>, <a>…</a>" under a task.
function taskHelp(task, readLinks) {
  var items = [
    '<a href="#hint-task-' + task + '">Hint</a>',
    '<a href="#solution-task-' + task + '">Solution</a>'
  ];
  if (readLinks.length > 0) {
    items.push("Read: " + readLinks.join(", "));
  }
  return '<p class="task-help">' + items.join(" · ") + "</p>\n";
}

function keepSection(included, title, page) {
  var found = sectionsByH2(included).filter(function (s) { return s.title === title; });
  if (found.length !== 1) {
    throw new Error(page + ": the included file should have exactly one '## " + title + "' section; it has " + found.length + ".");
  }
  return found[0].body;
}

// The instructor guide's "### Step NN" list of common mistakes, for the step of this page.
function mistakesOfStep(included, page) {
  var step = /(?:^|\/)steps\/(\d\d)-[^\/]+\.html$/.exec(page);
  if (!step) {
    throw new Error(page + ": workshop:mistakes belongs on a step page (steps/NN-name.md).");
  }
  var section = keepSection(included, "Common mistakes, and a tip for each", page);
  var parts = section.split(/(?=<h3[\s>])/).filter(function (part) {
    var heading = /^<h3[^>]*>([\s\S]*?)<\/h3>/.exec(part);
    return heading && textOf(heading[1]) === "Step " + step[1];
  });
  if (parts.length !== 1) {
    throw new Error(page + ": the instructor guide's common mistakes should have one '### Step " + step[1] + "'; it has " + parts.length + ".");
  }
  return '<details class="mistakes" id="common-mistakes">\n<summary>Common mistakes in this step</summary>\n'
    + parts[0].replace(/^<h3[^>]*>[\s\S]*?<\/h3>/, "") + "</details>\n";
}

function hintsAsDetails(included, page) {
  var hints = [];
  sectionsByH2(included).forEach(function (s) {
    var task = s.title && /^Task\s+(\d+)\b/i.exec(s.title);
    if (task) {
      hints.push('<details class="hint" id="hint-task-' + task[1] + '">\n'
        + '<summary>Hint for task ' + task[1] + '</summary>\n'
        + s.body
        + '</details>\n');
    }
  });
  if (hints.length === 0) {
    throw new Error(page + ": the included hints.md has no '## Task K' section.");
  }
  return hints.join("");
}

function outsideTarget(model, path, fragment) {
  var step = /^steps\/(\d\d-[^\/]+)\/(README|hints)\.md$/.exec(path);
  if (step) {
    var stepPage = (model._rel || "") + "steps/" + step[1] + ".html";
    if (step[2] === "README") {
      return stepPage + fragment;
    }
    return stepPage + (fragment ? "#hint-" + fragment.substring(1) : "#hints");
  }

  var inDocs = /^docs\/(.*)$/.exec(path);
  if (inDocs) {
    var sitePath = inDocs[1] === "" || /\/$/.test(inDocs[1]) ? inDocs[1] + "index.md" : inDocs[1];
    return (model._rel || "") + sitePath.replace(/\.md$/, ".html") + fragment;
  }

  if (!model._repoUrl) {
    return null;
  }
  return model._repoUrl.replace(/\/$/, "") + "/blob/" + (model._repoBranch || "main") + "/" + path.replace(/\/$/, "") + fragment;
}

function textOf(html) {
  return html.replace(/<[^>]*>/g, "").replace(/\s+/g, " ").replace(/^\s+|\s+$/g, "");
}
