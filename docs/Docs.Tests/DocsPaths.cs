using Workshop.Testkit;

namespace Docs.Tests;

/// <summary>
/// Where the docs are, inside the repository that <see cref="RepositoryRoot"/> finds: the source folder, DocFX's
/// output and settings, and the repository address the link tests build with. The steps come from <see cref="Step.All"/>.
/// </summary>
public static class DocsPaths
{
    public static string Docs => RepositoryRoot.InRoot("docs");

    /// <summary>DocFX's output, as docs/docfx.json names it.</summary>
    public static string Site => Path.Combine(Docs, "_site");

    public static string DocfxJson => Path.Combine(Docs, "docfx.json");

    /// <summary>
    /// The repository address the link tests give the build (<c>--metadata _repoUrl=...</c>), as the build that
    /// publishes the site does. docfx.json sets none, so a plain build shows no repository link.
    /// </summary>
    public const string TestRepoUrl = "https://github.com/workshop-tests/httponly-cookie-workshop";
}
