using Workshop.Testkit;

namespace SessionApp.Tests.Commands;

/// <summary>The files whose commands these tests hold to: each step's README and requests.http, and two docs pages.</summary>
public static class Documents
{
    /// <summary>What learners send from an IDE, at the root of each step folder (never in SessionApp/, which is generated).</summary>
    public const string RequestsFile = "requests.http";

    /// <summary>Where every step's app listens when a learner runs it: its launch profile's address.</summary>
    public const string DocumentedAuthority = "localhost:5080";

    public static TheoryData<string> StepFolders => [.. Step.All.Select(s => s.Folder)];

    public static TheoryData<string> PagesWithCommands =>
    [
        .. Step.All.Select(s => $"{s.Path}/README.md"),
        "docs/instructor-guide.md",
        "docs/demo-script.md",
        "docs/index.md",
    ];

    public static string ReadmeOf(string folder) => $"steps/{folder}/README.md";

    public static string Text(string relativePath) => File.ReadAllText(RepositoryRoot.InRoot(relativePath));

    /// <summary>Every PowerShell block of the step READMEs, by file and line.</summary>
    public static IEnumerable<MarkdownBlock> PowerShellBlocks() =>
        Step.All.SelectMany(s => MarkdownBlocks.Read(ReadmeOf(s.Folder), Text(ReadmeOf(s.Folder))))
            .Where(b => b.Language == "powershell");
}
