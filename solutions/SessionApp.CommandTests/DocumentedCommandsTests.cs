using System.Text.RegularExpressions;
using Shouldly;
using Workshop.Testkit;

namespace SessionApp.Tests.Commands;

/// <summary>Where the commands are written: every curl and environment-variable command has its PowerShell form, and every step its requests.http.</summary>
public sealed partial class DocumentedCommandsTests
{
    // A curl call, or a command run with an environment variable set before it (Session__Password=x dotnet run ...).
    [GeneratedRegex(@"(^|[|;&]\s*)curl\s|^\s*[A-Za-z_][A-Za-z0-9_]*=\S*\s+\S", RegexOptions.Multiline)]
    private static partial Regex NeedsPowerShellForm();

    [Theory]
    [MemberData(nameof(Documents.PagesWithCommands), MemberType = typeof(Documents))]
    public void Every_curl_and_environment_variable_command_has_a_PowerShell_form_right_after_it(string page)
    {
        var blocks = MarkdownBlocks.Read(page, Documents.Text(page));
        var missing = blocks
            .Select((block, i) => (block, next: i + 1 < blocks.Count ? blocks[i + 1] : null))
            .Where(p => p.block.Language is "bash" or "sh" or "shell" && NeedsPowerShellForm().IsMatch(p.block.Code))
            .Where(p => p.next?.Language != "powershell")
            .Select(p => p.block.ToString())
            .ToList();
        missing.ShouldBeEmpty(
            $"In {page}, these bash blocks run curl or set an environment variable, and the next code block is not their "
            + "```powershell form (PowerShell 7: Invoke-WebRequest ... -SkipHttpErrorCheck, $env:Name = 'value').");
    }

    [Theory]
    [MemberData(nameof(Documents.StepFolders), MemberType = typeof(Documents))]
    public void Every_step_README_points_to_the_requests_file_at_its_folder_root(string folder)
    {
        File.Exists(RepositoryRoot.InRoot($"steps/{folder}/{Documents.RequestsFile}"))
            .ShouldBeTrue($"steps/{folder}/{Documents.RequestsFile} should exist (at the step folder's root: SessionApp/ is generated)");
        MarkdownBlocks.RunAndCheck(Documents.Text(Documents.ReadmeOf(folder)))
            .ShouldContain($"`{Documents.RequestsFile}`", Case.Sensitive, $"{Documents.ReadmeOf(folder)}'s Run and check should say to open {Documents.RequestsFile}");
    }
}
