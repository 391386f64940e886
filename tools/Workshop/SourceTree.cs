namespace Workshop;

/// <summary>The source files of a folder, without build output, and copies of them.</summary>
public static class SourceTree
{
    private static readonly string[] BuildOutput = ["bin", "obj", "node_modules"];

    /// <summary>Whether a path relative to a source folder lies in build output (bin, obj, node_modules).</summary>
    public static bool IsBuildOutput(string relative)
    {
        ArgumentNullException.ThrowIfNull(relative);
        return relative.Split('/', '\\').Any(part => BuildOutput.Contains(part));
    }

    /// <summary>The files below a folder, build output left out.</summary>
    public static IEnumerable<string> Files(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => !IsBuildOutput(Path.GetRelativePath(folder, f)));

    /// <summary>Copies a folder's source files to another folder.</summary>
    public static void Copy(string from, string to)
    {
        foreach (var file in Files(from))
        {
            CopyFile(file, Path.Combine(to, Path.GetRelativePath(from, file)));
        }
    }

    /// <summary>Copies one file, making its folder.</summary>
    public static void CopyFile(string from, string to)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(to)!);
        File.Copy(from, to);
    }
}
