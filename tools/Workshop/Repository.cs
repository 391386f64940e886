namespace Workshop;

/// <summary>Paths in the workshop repository.</summary>
public sealed class Repository(string root)
{
    public string Root { get; } = Path.GetFullPath(root);

    public string Solution => Path.Combine(Root, "solutions", "SessionApp");

    public string StubsFile => Path.Combine(Root, "solutions", "stubs.txt");

    public string StepFolder(Step step) => Path.Combine(Root, "steps", step.Folder);

    public string StarterFolder(Step step) => Path.Combine(StepFolder(step), "SessionApp");

    public string ManifestFile(Step step) => Path.Combine(Root, "tools", "Workshop", "Manifests", step.Folder + ".txt");

    /// <summary>The repository that holds the current directory (or the given path).</summary>
    public static Repository Find(string? from = null)
    {
        var root = RepositoryRoot.Find(from ?? Directory.GetCurrentDirectory())
            ?? throw new UsageException($"Run this inside the workshop repository (no {RepositoryRoot.Marker} found above the current folder).");
        return new Repository(root);
    }
}
