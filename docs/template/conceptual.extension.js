// Build-time post-processing of every Markdown page, run by DocFX (in its Jint engine) after the Markdown is
// rendered and before the page is written. It lets the step pages include steps/0N-*/README.md and hints.md
// whole, so the tasks and hints are written once, in the step folders, and still read well on the site.
//
// 1. Marked includes. A step page wraps each include in marker comments:
//      <!-- workshop:tasks --> [!INCLUDE[...](README.md)] <!-- workshop:end -->
//        keeps only the README's "## Tasks" section (its "### Task K" parts, with their task-K anchors); each
//        "Checked by ..." paragraph (the tests of a task) goes into a collapsed "Tests that check this";
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
  model.conceptual = html.replace(RELATIVE_LINK, function (all, before, href, fragment, after, text) {
    var path = outsideDocs(model._path || "", href);
    return path === null ? all : linkOrText(outsideTarget(model, path, fragment || ""), before + after, text);
  });
  return model;
};

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
  return tasks.replace(/<p([^>]*)>(Checked by[\s\S]*?)<\/p>/g, function (all, attributes, checks) {
    return '<details class="checks">\n<summary>Tests that check this</summary>\n<p' + attributes + ">" + checks + "</p>\n</details>\n";
  });
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
