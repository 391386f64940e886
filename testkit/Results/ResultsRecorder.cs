using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using Microsoft.Testing.Platform.Builder;
using Microsoft.Testing.Platform.Extensions;
using Microsoft.Testing.Platform.Extensions.Messages;
using Microsoft.Testing.Platform.Extensions.OutputDevice;
using Microsoft.Testing.Platform.Extensions.TestHost;
using Microsoft.Testing.Platform.OutputDevice;
using Microsoft.Testing.Platform.Services;
using Workshop.Testkit;

namespace Workshop.Results;

/// <summary>
/// Registers <see cref="ResultsRecorder"/> with the test platform: steps/StepTests.props names this class in a
/// <c>TestingPlatformBuilderHook</c> item, so every run of a step's test project records its results, from
/// <c>dotnet test</c>, <c>dotnet watch test</c> and an IDE alike.
/// </summary>
public static class TestingPlatformBuilderHook
{
    public static void AddExtensions(ITestApplicationBuilder builder, string[] _)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var recorder = new CompositeExtensionFactory<ResultsRecorder>(services => new ResultsRecorder(services.GetOutputDevice()));
        builder.TestHost.AddDataConsumer(recorder);
        builder.TestHost.AddTestSessionLifetimeHandler(recorder);
    }
}

/// <summary>
/// Keeps how each test case of the run ended and, when the run ends, writes them to <c>.workshop/results/NN.json</c>
/// (<see cref="StepResults"/>), where <c>status</c> reads them in a moment instead of running every step again.
/// When the laptop joined a room board (<c>room join</c>), it then sends the board the step's one-line summary.
/// </summary>
public sealed class ResultsRecorder(IOutputDevice output) : IDataConsumer, ITestSessionLifetimeHandler, IOutputDeviceDataProducer
{
    private readonly ConcurrentDictionary<string, CaseResult> _cases = new();

    public string Uid => nameof(ResultsRecorder);

    public string Version => "1.0";

    public string DisplayName => "Workshop results";

    public string Description => "Writes this step's results to .workshop/results for the workshop's status verb and room board.";

    public Type[] DataTypesConsumed => [typeof(TestNodeUpdateMessage)];

    public Task<bool> IsEnabledAsync() => Task.FromResult(true);

    public Task ConsumeAsync(IDataProducer dataProducer, IData value, CancellationToken cancellationToken)
    {
        if (value is TestNodeUpdateMessage { TestNode: var node })
        {
            var outcome = node.Properties.SingleOrDefault<TestNodeStateProperty>() switch
            {
                PassedTestNodeStateProperty => Outcome.Passed,
                SkippedTestNodeStateProperty => Outcome.Skipped,
                FailedTestNodeStateProperty or ErrorTestNodeStateProperty or TimeoutTestNodeStateProperty => Outcome.Failed,
                _ => (Outcome?)null, // discovered, in progress
            };
            if (outcome is Outcome ended)
            {
                var task = node.Properties.OfType<TestMetadataProperty>().FirstOrDefault(p => p.Key == "Task")?.Value;
                _cases[node.Uid.Value] = new CaseResult(
                    node.DisplayName,
                    int.TryParse(task, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : 0,
                    ended);
            }
        }

        return Task.CompletedTask;
    }

    public Task OnTestSessionStartingAsync(ITestSessionContext testSessionContext) => Task.CompletedTask;

    public async Task OnTestSessionFinishingAsync(ITestSessionContext testSessionContext)
    {
        ArgumentNullException.ThrowIfNull(testSessionContext);
        var step = Step.Find(int.Parse(StepNumber, CultureInfo.InvariantCulture));
        var root = RepositoryRoot.Find(AppContext.BaseDirectory);
        if (_cases.IsEmpty || step is null || root is null)
        {
            return; // listing tests, or a copy of the test binaries outside the repository
        }

        StepResults results;
        try
        {
            results = StepResults.Record(root, step, _cases, DateTimeOffset.Now);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await SayAsync($"Could not keep these results for `status` ({e.Message}); the tests ran all the same.", testSessionContext.CancellationToken);
            return;
        }

        if (RoomMembership.Read(root) is { } room
            && await room.SendAsync(room.ReportOf(step, results), testSessionContext.CancellationToken) is { } problem)
        {
            await SayAsync($"Room board: {problem}; your results are kept here (`status`). `room leave` stops sending.", testSessionContext.CancellationToken);
        }
    }

    /// <summary>
    /// Says it on the test platform's output (an IDE's) and on standard output, which <c>dotnet test</c> shows under a
    /// failed run's summary: a best effort, since a passing run prints no host output.
    /// </summary>
    private async Task SayAsync(string text, CancellationToken cancellationToken)
    {
        await output.DisplayAsync(this, new TextOutputDeviceData(text), cancellationToken);
        await Console.Out.WriteLineAsync(text);
    }

    /// <summary>This step's number, which StepTests.props stamps on the test assembly from the step folder's name.</summary>
    private static string StepNumber => typeof(ResultsRecorder).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "WorkshopStep").Value!;
}
