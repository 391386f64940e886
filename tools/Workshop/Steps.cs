namespace Workshop;

/// <summary>One workshop step: its folder under steps/ and what it mirrors in the tutorial.</summary>
public sealed record Step(int Number, string Folder, string Title)
{
    public static readonly IReadOnlyList<Step> All =
    [
        new(1, "01-setup", "Project setup"),
        new(2, "02-config", "Session options"),
        new(3, "03-store", "Store the session"),
        new(4, "04-read", "Read the session"),
        new(5, "05-destroy", "Destroy the session"),
        new(6, "06-pages", "Login and home pages"),
    ];

    public string Id => $"{Number:00}";

    /// <summary>The step's test project, at the root of its folder so <c>dotnet test</c> needs no argument there.</summary>
    public string TestProject => $"Step{Id}.Tests.csproj";

    public static Step Get(int number) =>
        All.FirstOrDefault(s => s.Number == number)
        ?? throw new UsageException($"There is no step {number}: the steps are 1 to {All.Count}.");

    public static Step Parse(string? text) =>
        int.TryParse(text, out var number) ? Get(number) : throw new UsageException($"'{text}' is not a step number (1 to {All.Count}).");

    public override string ToString() => Folder;
}

/// <summary>A mistake in how the command was called: printed without a stack trace, exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
