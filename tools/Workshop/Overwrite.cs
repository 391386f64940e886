using System.Globalization;

namespace Workshop;

/// <summary>
/// The <c>solve</c> and <c>reset</c> verbs: write a step's solution or its starter over the learner's copy. Every file
/// they overwrite or delete is copied first to .workshop/backups/&lt;yyyyMMdd-HHmmss&gt;-&lt;step&gt;-&lt;verb&gt;/ (git-ignored),
/// and they ask first when a file holds something the learner wrote: text that is neither the starter's nor the
/// solution's. OS and IDE files (.DS_Store, *.user, .vscode/, .idea/, bin/, obj/) are never compared nor deleted.
/// </summary>
public static class Overwrite
{
    /// <summary>What writing a rendering over a folder would lose: files overwritten with other text, and files deleted.</summary>
    public sealed record Losses(IReadOnlyList<string> Overwritten, IReadOnlyList<string> Deleted)
    {
        public IEnumerable<string> All => Overwritten.Concat(Deleted);

        public int Count => Overwritten.Count + Deleted.Count;
    }

    public static int Run(Here here, IConsole console, Step step, bool solve, bool yes)
    {
        var repository = here.Repository;
        var generator = new Generator(repository);
        var target = repository.StarterFolder(step);
        var starter = generator.Starter(step);
        var solved = generator.Solved(step);
        var wanted = solve ? solved : starter;
        var current = Generator.ReadFolder(target);
        var what = solve ? "solution" : "starter";
        var shownTarget = here.Show(target);

        var losses = LossesOf(wanted, current);
        if (Generator.Differences(wanted, current).Count == 0)
        {
            console.WriteLine($"{shownTarget} already holds the {what}.");
            return Cli.ExitOk;
        }

        // The learner's own text: neither the starter's nor the tool's solution (after `solve`, reset asks nothing).
        var theirs = losses.All.Where(f => !SameText(current[f], starter.GetValueOrDefault(f)) && !SameText(current[f], solved.GetValueOrDefault(f))).ToHashSet();
        var backup = BackupFolder(repository, step, solve ? "solve" : "reset");
        var shownBackup = here.Show(backup);
        if (theirs.Count > 0 && !yes)
        {
            var changed = losses.Overwritten.Where(theirs.Contains).ToList();
            var added = losses.Deleted.Where(theirs.Contains).ToList();
            if (changed.Count > 0)
            {
                console.WriteLine($"You changed {List(changed)}; {(changed.Count == 1 ? "it" : "they")} will be overwritten (a copy goes to {shownBackup}).", ConsoleColor.Yellow);
            }

            if (added.Count > 0)
            {
                console.WriteLine($"You added {List(added)}; {(added.Count == 1 ? "it" : "they")} will be deleted (a copy goes to {shownBackup}).", ConsoleColor.Yellow);
            }

            if (!console.Confirm($"Write the {what} of step {step.Id} over {(theirs.Count == 1 ? "it" : "them")}?"))
            {
                console.WriteLine("Nothing changed.");
                return Cli.ExitDeclined;
            }
        }

        if (losses.Count > 0)
        {
            foreach (var file in losses.All)
            {
                SourceTree.CopyFile(Path.Combine(target, file), Path.Combine(backup, "SessionApp", file));
            }

            console.WriteLine($"A copy of the {losses.Count} {(losses.Count == 1 ? "file" : "files")} it replaces or deletes is in {shownBackup}.");
        }

        Generator.Write(wanted, target);
        console.WriteLine(solve
            ? $"Wrote the solution of step {step.Id} into {shownTarget}. `dotnet test` in {here.Show(repository.StepFolder(step))} is green now."
            : $"Put the starter of step {step.Id} back in {shownTarget}.", ConsoleColor.Green);
        return Cli.ExitOk;
    }

    /// <summary>The files (relative, with '/') that writing <paramref name="wanted"/> over <paramref name="current"/> overwrites with other text, or deletes.</summary>
    public static Losses LossesOf(IReadOnlyDictionary<string, string> wanted, IReadOnlyDictionary<string, string> current)
    {
        var present = current.Keys.Order(StringComparer.Ordinal).ToList();
        return new Losses(
            [.. present.Where(f => wanted.TryGetValue(f, out var text) && !SameText(text, current[f]))],
            [.. present.Where(f => !wanted.ContainsKey(f))]);
    }

    /// <summary>A new folder name under .workshop/backups: the local time, the step and the verb; -2, -3 ... within one second.</summary>
    public static string BackupFolder(Repository repository, Step step, string verb)
    {
        var name = $"{DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}-{step.Folder}-{verb}";
        var folder = Path.Combine(repository.BackupsFolder, name);
        for (var n = 2; Directory.Exists(folder); n++)
        {
            folder = Path.Combine(repository.BackupsFolder, $"{name}-{n}");
        }

        return folder;
    }

    private static bool SameText(string a, string? b) =>
        b is not null && a.Replace("\r\n", "\n", StringComparison.Ordinal) == b.Replace("\r\n", "\n", StringComparison.Ordinal);

    private static string List(IReadOnlyList<string> files) =>
        string.Join(", ", files.Select(f => $"SessionApp/{f}"));
}
