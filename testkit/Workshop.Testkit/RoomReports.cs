using System.Net.Http.Json;
using System.Text.Json;

namespace Workshop.Testkit;

/// <summary>
/// What one test run tells the room board: who (the name the learner joined with, and a random id so two learners
/// called Ana stay two rows), which step, the step's one-line summary and its counts. Nothing else leaves the laptop:
/// no test names, no messages, no code, no paths.
/// </summary>
public sealed record RoomReport(string Id, string Name, int Step, string Summary, int Passed, int Failed, int Skipped);

/// <summary>The board this laptop joined (<c>room join</c>), kept in <c>.workshop/room.json</c> until <c>room leave</c>.</summary>
public sealed record RoomMembership(Uri Board, string Name, string Id)
{
    /// <summary>The longest name the board shows: a first name, or a seat number.</summary>
    public const int MaxNameLength = 40;

    public static string FileOf(string repositoryRoot) => Path.Combine(repositoryRoot, ".workshop", "room.json");

    public static RoomMembership? Read(string repositoryRoot)
    {
        try
        {
            return JsonSerializer.Deserialize<RoomMembership>(File.ReadAllText(FileOf(repositoryRoot)), JsonSerializerOptions.Web);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or NotSupportedException)
        {
            return null;
        }
    }

    public void Write(string repositoryRoot)
    {
        var file = FileOf(repositoryRoot);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, JsonSerializer.Serialize(this, JsonSerializerOptions.Web));
    }

    public RoomReport ReportOf(Step step, StepResults results)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(results);
        return new RoomReport(Id, Name, step.Number, results.SummaryLine(step), results.Passed, results.Failed, results.Skipped);
    }

    /// <summary>
    /// Sends one report, waiting at most two seconds: a board that is gone (the day is over, the Wi-Fi dropped) must
    /// not slow a learner's test run. Returns what went wrong in one sentence, or null when the board took it.
    /// </summary>
    public async Task<string?> SendAsync(RoomReport report, CancellationToken cancellationToken = default)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        try
        {
            using var response = await http.PostAsJsonAsync(new Uri(Board, "api/reports"), report, JsonSerializerOptions.Web, cancellationToken);
            return response.IsSuccessStatusCode ? null : $"the room board at {Board} answered {(int)response.StatusCode}";
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return $"the room board at {Board} did not answer";
        }
    }
}
