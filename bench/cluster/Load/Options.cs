using System.Globalization;

namespace ClusterLoad;

/// <summary>The soak's command line.</summary>
public sealed record Options(
    Uri Proxy,
    IReadOnlyList<Uri> Instances,
    string State,
    string Nodes,
    string? AccountsPath,
    string CookieName,
    int Users,
    int Connections,
    int SecondsPerPhase,
    int Seed,
    string? JsonPath,
    string? MarkdownPath,
    string? SvgPath,
    string Command)
{
    /// <summary>The app's default cookie name; run.sh sets it explicitly and passes it here.</summary>
    public const string DefaultCookieName = "workshop_auth";

    public static Options? Parse(string[] args)
    {
        var named = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                return null;
            }

            named[args[i][2..]] = args[i + 1];
        }

        if (args.Length % 2 != 0
            || !named.TryGetValue("proxy", out var proxy)
            || !named.TryGetValue("instances", out var instances)
            || !named.TryGetValue("state", out var state)
            || !named.TryGetValue("nodes", out var nodes))
        {
            return null;
        }

        int Int(string name, int fallback) =>
            named.TryGetValue(name, out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

        return new Options(
            new Uri(proxy),
            [.. instances.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(u => new Uri(u))],
            state,
            nodes,
            named.GetValueOrDefault("accounts"),
            named.GetValueOrDefault("cookie-name", DefaultCookieName),
            Int("users", 200),
            Int("connections", 48),
            Int("seconds-per-phase", 40),
            Int("seed", 20261208),
            named.GetValueOrDefault("json"),
            named.GetValueOrDefault("markdown"),
            named.GetValueOrDefault("svg"),
            named.GetValueOrDefault("command", "bash bench/cluster/run.sh"));
    }
}

/// <summary>Formatting without the current culture (the analyzers ask for one).</summary>
public static class Text
{
    public static string Inv(FormattableString text) => FormattableString.Invariant(text);
}
