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

    [Fact]
    public void Every_link_into_the_repository_names_a_file_or_folder_that_exists()
    {
        site.RequireSite();
        var (url, branch) = DocsPaths.RepoLink;
        var prefix = $"{url}/blob/{branch}/";
        var problems = new List<string>();
        var links = 0;

        foreach (var file in SitePages.HtmlFiles())
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
                    problems.Add($"{SitePages.Relative(file)}: {href} names {path}, which the repository does not have");
                }
            }
        }

        problems.ShouldBeEmpty(string.Join(Environment.NewLine, problems));
        links.ShouldBeGreaterThan(0, $"links to files outside docs/ should become links under {prefix}");
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
