namespace Workshop;

/// <summary>
/// The source files of a folder, without build output or the files an OS or an IDE leaves beside them, and copies
/// of them. Everything that compares, copies or deletes a step's files goes through here, so a learner's
/// <c>.vscode/</c> or <c>.DS_Store</c> is neither "a change" nor deleted.
/// </summary>
public static class SourceTree
{
    private static readonly string[] IgnoredFolders = ["bin", "obj", "node_modules", ".vs", ".vscode", ".idea"];

    private static readonly string[] IgnoredFiles = [".DS_Store", "Thumbs.db", "desktop.ini"];

    private static readonly string[] IgnoredExtensions = [".user", ".suo"];

    /// <summary>
    /// Whether a path relative to a source folder is left alone: build output (bin, obj, node_modules), an IDE's
    /// folder (.vs, .vscode, .idea) or file (*.user, *.suo), or an OS's (.DS_Store, Thumbs.db, desktop.ini).
    /// </summary>
    public static bool IsIgnored(string relative)
    {
        var parts = relative.Split('/', '\\');
        var name = parts[^1];
        return parts[..^1].Any(part => IgnoredFolders.Contains(part, StringComparer.OrdinalIgnoreCase))
            || IgnoredFolders.Contains(name, StringComparer.OrdinalIgnoreCase)
            || IgnoredFiles.Contains(name, StringComparer.OrdinalIgnoreCase)
            || IgnoredExtensions.Contains(Path.GetExtension(name), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The files below a folder, ignored ones (see <see cref="IsIgnored"/>) left out.</summary>
    public static IEnumerable<string> Files(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => !IsIgnored(Path.GetRelativePath(folder, f)));

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
