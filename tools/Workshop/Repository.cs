namespace Workshop;

/// <summary>Paths in the workshop repository.</summary>
public sealed class Repository(string root)
{
    public string Root { get; } = Path.GetFullPath(root);

    public string Solution => Path.Combine(Root, "solutions", "SessionApp");

    public string StubsFile => Path.Combine(Root, "solutions", "stubs.txt");

    /// <summary>Which step first has each file of the solution app (see <see cref="Generator"/>).</summary>
    public string StepsFile => Path.Combine(Root, "solutions", "steps.txt");

    /// <summary>The tool's own project, which every <c>dotnet run --project</c> line it prints points at.</summary>
    public string ToolProject => Path.Combine(Root, "tools", "Workshop");

    /// <summary>What the tool keeps for the learner on this machine (hints seen, backups); git-ignored.</summary>
    public string StateFolder => Path.Combine(Root, ".workshop");

    public string HintsFile => Path.Combine(StateFolder, "hints.json");

    public string BackupsFolder => Path.Combine(StateFolder, "backups");

    public string StepFolder(Step step) => Path.Combine(Root, "steps", step.Folder);

    public string StarterFolder(Step step) => Path.Combine(StepFolder(step), "SessionApp");


    /// <summary>
    /// The repository that holds <paramref name="currentDirectory"/>; else the one that holds the tool's own binaries
    /// (<c>dotnet run --project /path/to/tools/Workshop</c> from a folder outside the repository).
    /// </summary>
    public static Repository Find(string currentDirectory)
    {
        var root = RepositoryRoot.Find(currentDirectory) ?? RepositoryRoot.Find(AppContext.BaseDirectory)
            ?? throw new UsageException($"Run this inside the workshop repository (no {RepositoryRoot.Marker} found above the current folder).");
        return new Repository(root);
    }
}

/// <summary>
/// Where the learner runs the tool from. Every command and path the tool prints goes through here, so it works
/// when pasted in that folder: <c>dotnet run --project ../../tools/Workshop -- hint 3</c> in steps/03-store.
/// </summary>
public sealed class Here(Repository repository, string currentDirectory)
{
    public Repository Repository { get; } = repository;

    /// <summary>The folder the learner is in.</summary>
    public string Folder { get; } = Path.GetFullPath(currentDirectory);

    /// <summary>How to run the tool from here, with its arguments: <c>dotnet run --project ../../tools/Workshop -- hint 3</c>.</summary>
    public string Tool(string arguments) => $"dotnet run --project {Show(Repository.ToolProject)} -- {arguments}";

    /// <summary>
    /// A path as the learner should type it here: relative, with '/' (bash and PowerShell both take it), or "." for
    /// this folder; absolute when the learner is outside the repository.
    /// </summary>
    public string Show(string path)
    {
        var full = Path.GetFullPath(path);
        var inside = Path.GetRelativePath(Repository.Root, Folder) is var fromRoot && fromRoot != ".."
            && !fromRoot.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal) && !Path.IsPathRooted(fromRoot);
        return inside ? Path.GetRelativePath(Folder, full).Replace('\\', '/') : full;
    }
}
