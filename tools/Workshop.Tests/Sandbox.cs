namespace Workshop.Tests;

/// <summary>A temporary copy of the parts of the repository the tool works on; the working tree is never touched.</summary>
public sealed class Sandbox : IDisposable
{
    public static readonly Repository Real = Repository.Find(AppContext.BaseDirectory);

    public Sandbox()
    {
        Root = Path.Combine(Path.GetTempPath(), $"workshop-tool-test-{Guid.NewGuid():N}");
        foreach (var file in new[] { "global.json", "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", ".editorconfig", "NuGet.config", "Workshop.slnx", "solutions/stubs.txt", "solutions/steps.txt" })
        {
            SourceTree.CopyFile(Path.Combine(Real.Root, file), Path.Combine(Root, file));
        }

        foreach (var folder in new[] { "solutions/SessionApp", "steps", "lib", "testkit" })
        {
            SourceTree.Copy(Path.Combine(Real.Root, folder), Path.Combine(Root, folder));
        }
        Repository = new Repository(Root);
    }

    public string Root { get; }

    public Repository Repository { get; }

    public string StarterFile(int step, string relative) => Path.Combine(Repository.StarterFolder(StepArgument.Get(step)), relative);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
