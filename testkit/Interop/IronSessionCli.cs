using System.Text.Json;
using System.Text.Json.Nodes;

namespace Workshop.Testkit;

/// <summary>
/// The real iron-session (6.3.1 and 8.0.4, pinned in interop/) through its one-shot CLI, interop/iron.mjs: a JSON
/// request in, a JSON answer out. Outside CI a machine without Node or `npm ci` skips the live tests with one line;
/// with CI=true that fails instead, so CI always runs them.
/// </summary>
public static class IronSessionCli
{
    public static string Folder => RepositoryRoot.InRoot("interop");

    /// <summary>The vectors iron-session sealed with a fixed clock (interop/make-vectors.mjs writes them).</summary>
    public static string VectorsFile => RepositoryRoot.InRoot("lib/IronSealing.Tests/iron-session-vectors.json");

    public static async Task<JsonNode> RunAsync(object request)
    {
        if (!Directory.Exists(Path.Combine(Folder, "node_modules", "iron-session-8")))
        {
            const string message = "interop/node_modules is missing: run `npm ci` in interop/ (Node 20+) for the live iron-session tests.";
            if (Ci.IsCi)
            {
                throw new InvalidOperationException(message + " CI=true, so they must run.");
            }

            Assert.Skip(message);
        }

        var result = await ProcessRunner.RunAsync(
            "node", ["iron.mjs"], Folder, TimeSpan.FromMinutes(1), JsonSerializer.Serialize(request),
            cancellationToken: TestContext.Current.CancellationToken);
        return result.ExitCode == 0
            ? JsonNode.Parse(result.StandardOutput)!
            : throw new InvalidOperationException($"node iron.mjs failed (exit {result.ExitCode}): {result.Output}");
    }
}
