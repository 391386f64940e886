using System.Text.Json;

namespace Docs.Tests;

/// <summary>Where things are: the repository root (found by walking up to Workshop.sln) and the docs inside it.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string Docs => Path.Combine(Root, "docs");

    /// <summary>DocFX's output, as docs/docfx.json names it.</summary>
    public static string Site => Path.Combine(Docs, "_site");

    public static string DocfxJson => Path.Combine(Docs, "docfx.json");

    /// <summary>The workshop's step folders, steps/0N-name, in order.</summary>
    public static IReadOnlyList<string> StepNames { get; } =
    [
        .. Directory.EnumerateDirectories(Path.Combine(Root, "steps"), "0*")
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(name => name.Length > 3 && char.IsAsciiDigit(name[0]) && char.IsAsciiDigit(name[1]) && name[2] == '-')
            .Order(StringComparer.Ordinal),
    ];

    /// <summary>The repository URL that docfx.json sets once (globalMetadata._repoUrl), with its branch.</summary>
    public static (string Url, string Branch) RepoLink { get; } = ReadRepoLink();

    public static string InRoot(string relativePath) => Path.Combine(Root, relativePath.Replace('/', Path.DirectorySeparatorChar));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Workshop.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Workshop.sln above {AppContext.BaseDirectory}: run the tests from inside the repository.");
    }

    private static (string Url, string Branch) ReadRepoLink()
    {
        // docfx.json has comments, which DocFX accepts: so must we.
        using var json = JsonDocument.Parse(File.ReadAllText(DocfxJson), new JsonDocumentOptions
        {
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
        });
        var metadata = json.RootElement.GetProperty("build").GetProperty("globalMetadata");
        return (metadata.GetProperty("_repoUrl").GetString()!.TrimEnd('/'), metadata.GetProperty("_repoBranch").GetString()!);
    }
}
