namespace Docs.Tests;

/// <summary>The DocFX build itself: clean, and the only links it cannot resolve are the ones meant to leave the site.</summary>
[Collection(SharedSite.Name)]
public sealed class SiteBuildTests(SiteFixture site)
{
    [Fact]
    public void The_site_builds_with_warnings_as_errors_and_without_a_warning()
    {
        site.RequireSite();

        site.BuildOutput.ShouldContain("0 warning(s)");
        site.BuildOutput.ShouldContain("0 error(s)");
        File.Exists(SitePages.PathOf("index.html")).ShouldBeTrue("the build should write docs/_site/index.html");
    }

    /// <summary>
    /// docfx.json lowers InvalidFileLink to a suggestion, because the included step READMEs link to files outside the
    /// site. This keeps that from hiding a broken link to a page: only links that leave docs/ may be unresolved, and
    /// what they point at must exist (the template turns them into repository links).
    /// </summary>
    [Fact]
    public void Every_link_DocFX_cannot_resolve_leaves_the_site_for_a_file_that_exists()
    {
        site.RequireSite();
        const string outside = "~/../";
        var problems = new List<string>();

        foreach (var link in site.UnresolvedLinks)
        {
            if (!link.Target.StartsWith(outside, StringComparison.Ordinal))
            {
                problems.Add($"{link}: that is inside docs/ but not a page of the site (a typo, or a page missing from docfx.json?)");
                continue;
            }

            var path = Uri.UnescapeDataString(link.Target[outside.Length..].Split('#', '?')[0]);
            if (!File.Exists(RepositoryRoot.InRoot(path)) && !Directory.Exists(RepositoryRoot.InRoot(path)))
            {
                problems.Add($"{link}: there is no {path} in the repository");
            }
        }

        problems.ShouldBeEmpty(string.Join(Environment.NewLine, problems));
    }
}
