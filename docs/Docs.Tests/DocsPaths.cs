using System.Text.Json;
using Workshop.Testkit;

namespace Docs.Tests;

/// <summary>
/// Where the docs are, inside the repository that <see cref="RepositoryRoot"/> finds: the source folder, DocFX's
/// output and settings, and the repository link the site's pages use. The steps come from <see cref="Step.All"/>.
/// </summary>
public static class DocsPaths
{
    public static string Docs => RepositoryRoot.InRoot("docs");

    /// <summary>DocFX's output, as docs/docfx.json names it.</summary>
    public static string Site => Path.Combine(Docs, "_site");

    public static string DocfxJson => Path.Combine(Docs, "docfx.json");

    /// <summary>The repository URL that docfx.json sets once (globalMetadata._repoUrl), with its branch.</summary>
    public static (string Url, string Branch) RepoLink { get; } = ReadRepoLink();

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
