namespace Workshop.Testkit;

/// <summary>Whether this run is CI (CI=true), where a test that cannot run (no browser, no Node packages) fails instead of skipping.</summary>
public static class Ci
{
    public static bool IsCi { get; } =
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
}
