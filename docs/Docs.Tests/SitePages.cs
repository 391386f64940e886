using System.Collections.Concurrent;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Docs.Tests;

/// <summary>The built site's HTML files, parsed once each.</summary>
public static class SitePages
{
    private static readonly ConcurrentDictionary<string, IDocument> Parsed = new(StringComparer.Ordinal);

    public static IReadOnlyList<string> HtmlFiles() =>
        [.. Directory.EnumerateFiles(DocsPaths.Site, "*.html", SearchOption.AllDirectories).Order(StringComparer.Ordinal)];

    public static string PathOf(string relativePath) =>
        Path.Combine(DocsPaths.Site, relativePath.Replace('/', Path.DirectorySeparatorChar));

    public static IDocument Load(string fullPath) =>
        Parsed.GetOrAdd(fullPath, path => new HtmlParser().ParseDocument(File.ReadAllText(path)));

    public static IDocument Page(string relativePath)
    {
        var path = PathOf(relativePath);
        File.Exists(path).ShouldBeTrueWithMessage($"The site has no {relativePath}.");
        return Load(path);
    }

    public static string Relative(string fullPath) => Path.GetRelativePath(DocsPaths.Site, fullPath).Replace('\\', '/');

    /// <summary>True when an element of the page has this id (or, for old-style anchors, this name).</summary>
    public static bool HasAnchor(IDocument page, string anchor) =>
        page.All.Any(e => e.Id == anchor || (e.LocalName == "a" && e.GetAttribute("name") == anchor));

    private static void ShouldBeTrueWithMessage(this bool value, string message)
    {
        if (!value)
        {
            Assert.Fail(message);
        }
    }
}
