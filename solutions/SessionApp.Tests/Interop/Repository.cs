namespace SessionApp.Tests.Interop;

public static class Repository
{
    /// <summary>The repository root: the nearest folder above the test binaries that holds global.json.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "global.json")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No global.json above {AppContext.BaseDirectory}: run the tests from inside the repository.");
    }
}
