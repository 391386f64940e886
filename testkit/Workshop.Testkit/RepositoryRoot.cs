namespace Workshop.Testkit;

/// <summary>Finds the workshop repository: the nearest folder at or above a starting point that holds Workshop.slnx.</summary>
public static class RepositoryRoot
{
    public const string Marker = "Workshop.slnx";

    /// <summary>The root above the running binaries (tests, benchmarks): found once.</summary>
    public static string OfBinaries { get; } = Find(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException($"No {Marker} above {AppContext.BaseDirectory}: run this from inside the workshop repository.");

    /// <summary>The root at or above <paramref name="from"/>, or null when there is none.</summary>
    public static string? Find(string from)
    {
        for (var dir = new DirectoryInfo(from); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, Marker)))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    /// <summary>A path inside the repository, written with '/' whatever the OS.</summary>
    public static string InRoot(string relativePath) =>
        Path.Combine(OfBinaries, relativePath.Replace('/', Path.DirectorySeparatorChar));
}
