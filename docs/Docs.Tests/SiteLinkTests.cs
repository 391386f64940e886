using AngleSharp.Dom;

namespace Docs.Tests;

/// <summary>Every link on every built page goes somewhere: a file of the site (and an anchor in it), or the repository.</summary>
[Collection(SharedSite.Name)]
public sealed class SiteLinkTests(SiteFixture site)
{
    private const string LinkSelector = "a[href], link[href], script[src], img[src], source[src], iframe[src]";

    [Fact]
    public void Every_internal_link_on_every_page_resolves_to_a_file_and_an_anchor_of_the_site()
    {
        site.RequireSite();
        var problems = new List<string>();
        var checkedLinks = 0;

        foreach (var file in SitePages.HtmlFiles())
        {
            foreach (var element in SitePages.Load(file).QuerySelectorAll(LinkSelector))
            {
                var link = element.GetAttribute("href") ?? element.GetAttribute("src") ?? string.Empty;
                if (IsExternal(link))
                {
                    continue;
                }

                checkedLinks++;
                var problem = Check(file, link);
                if (problem is not null)
                {
                    problems.Add($"{SitePages.Relative(file)}: <{element.LocalName}> {link} {problem}");
                }
            }
        }

        problems.ShouldBeEmpty(string.Join(Environment.NewLine, problems));
        checkedLinks.ShouldBeGreaterThan(100, "the check should have found the site's links");
    }

    /// <summary>
    /// The site's only repository address is the one the build is given (<c>--metadata _repoUrl=...</c>). A plain
    /// build, as docs/README.md says to run it, has none: files outside docs/ are then named, never linked, and no
    /// made-up address ever appears.
    /// </summary>
    [Fact]
    public void Without_a_repository_address_no_page_links_into_a_repository_or_shows_a_placeholder()
    {
        site.RequireSite();
        var problems = new List<string>();

        foreach (var file in SitePages.HtmlFiles())
        {
            var page = SitePages.Load(file);
            problems.AddRange(page.QuerySelectorAll("a[href]")
                .Select(a => a.GetAttribute("href")!)
                .Where(NamesARepositoryFile)
                .Select(href => $"{SitePages.Relative(file)} links to {href}"));
            if (page.DocumentElement.OuterHtml.Contains("github.com/example", StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"{SitePages.Relative(file)} shows the placeholder github.com/example");
            }
        }

        problems.ShouldBeEmpty($"with no _repoUrl given, pages should name repository files without linking them:{Environment.NewLine}"
            + string.Join(Environment.NewLine, problems));
    }

    /// <summary>A link of the shape _repoUrl/blob/branch/path to a file or folder of this repository.</summary>
    private static bool NamesARepositoryFile(string href)
    {
        var blob = href.IndexOf("/blob/", StringComparison.Ordinal);
        var path = blob < 0 ? null : href[(blob + "/blob/".Length)..].Split('#', '?')[0].Split('/', 2) is [_, var rest] ? rest : null;
        return path is { Length: > 0 } && (File.Exists(RepositoryRoot.InRoot(path)) || Directory.Exists(RepositoryRoot.InRoot(path)));
    }

    [Fact]
    public async Task With_a_repository_address_every_link_into_the_repository_names_a_file_or_folder_that_exists()
    {
        site.RequireSite();
        var output = Path.Combine(Path.GetTempPath(), "docs-with-repo-" + Guid.NewGuid().ToString("N"));
        try
        {
            var build = await ProcessRunner.RunAsync("dotnet",
                ["docfx", "docs/docfx.json", "--warningsAsErrors", "--metadata", $"_repoUrl={DocsPaths.TestRepoUrl}", "--output", output],
                RepositoryRoot.OfBinaries, TimeSpan.FromMinutes(5), cancellationToken: TestContext.Current.CancellationToken);
            build.ExitCode.ShouldBe(0, $"the build with --metadata _repoUrl failed:{Environment.NewLine}{build.Output}");

            var prefix = $"{DocsPaths.TestRepoUrl}/blob/main/";
            var problems = new List<string>();
            var links = 0;
            foreach (var file in Directory.EnumerateFiles(output, "*.html", SearchOption.AllDirectories))
            {
                foreach (var anchor in SitePages.Load(file).QuerySelectorAll("a[href]"))
                {
                    var href = anchor.GetAttribute("href")!;
                    if (!href.StartsWith(prefix, StringComparison.Ordinal))
                    {
                        continue;
                    }

                    links++;
                    var path = Uri.UnescapeDataString(href[prefix.Length..].Split('#', '?')[0]);
                    if (!File.Exists(RepositoryRoot.InRoot(path)) && !Directory.Exists(RepositoryRoot.InRoot(path)))
                    {
                        problems.Add($"{Path.GetRelativePath(output, file)}: {href} names {path}, which the repository does not have");
                    }
                }
            }

            problems.ShouldBeEmpty(string.Join(Environment.NewLine, problems));
            links.ShouldBeGreaterThan(0, $"given _repoUrl, links to files outside docs/ should become links under {prefix}");
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }

    private static bool IsExternal(string link) =>
        link.Length == 0
        || link.StartsWith("//", StringComparison.Ordinal)
        || link.StartsWith("http:", StringComparison.OrdinalIgnoreCase)
        || link.StartsWith("https:", StringComparison.OrdinalIgnoreCase)
        || link.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase)
        || link.StartsWith("data:", StringComparison.OrdinalIgnoreCase)
        || link.StartsWith("javascript:", StringComparison.OrdinalIgnoreCase);

    /// <summary>Null when the link resolves; otherwise what is wrong with it.</summary>
    private static string? Check(string fromFile, string link)
    {
        var hash = link.IndexOf('#', StringComparison.Ordinal);
        var fragment = hash >= 0 ? Uri.UnescapeDataString(link[(hash + 1)..]) : string.Empty;
        var path = (hash >= 0 ? link[..hash] : link).Split('?')[0];

        var target = path.Length == 0
            ? fromFile
            : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(fromFile)!, Uri.UnescapeDataString(path)));
        if (path.EndsWith('/'))
        {
            target = Path.Combine(target, "index.html");
        }

        if (!target.StartsWith(DocsPaths.Site + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return "points outside the site (a relative link to a repository file that was not rewritten?)";
        }

        if (!File.Exists(target))
        {
            return $"points at {SitePages.Relative(target)}, which the site does not have";
        }

        if (fragment.Length > 0 && target.EndsWith(".html", StringComparison.Ordinal)
            && !SitePages.HasAnchor(SitePages.Load(target), fragment))
        {
            return $"points at #{fragment}, which {SitePages.Relative(target)} does not have";
        }

        return null;
    }
}
