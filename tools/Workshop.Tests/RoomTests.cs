using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Shouldly;

namespace Workshop.Tests;

/// <summary>The room board's API and the room verbs, on loopback (its page in a browser: SessionApp.BrowserTests).</summary>
public sealed class RoomTests : IAsyncLifetime
{
    private const string JoinCode = "0a1b2c3d4e";
    private readonly WebApplication _board = RoomBoard.Create("http://127.0.0.1:0", JoinCode);
    private readonly HttpClient _http = new();
    private Uri _join = null!;

    private Uri Reports => new(_join, "api/reports");

    public async ValueTask InitializeAsync()
    {
        await _board.StartAsync(TestContext.Current.CancellationToken);
        _http.BaseAddress = new Uri(_board.Urls.First());
        _join = RoomBoard.JoinAddress(_http.BaseAddress, JoinCode);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _board.DisposeAsync();
    }

    private static RoomReport Report(string id = "learner-0001", string name = "Ana", int step = 3, string summary = "03-store: task 2 of 2", int passed = 50, int failed = 3) =>
        new(id, name, step, summary, passed, failed, 0);

    private async Task<JsonElement[]> RowsAsync() =>
        (await _http.GetFromJsonAsync<JsonElement>("/api/board", TestContext.Current.CancellationToken)).GetProperty("rows").EnumerateArray().ToArray();

    [Fact]
    public async Task A_report_shows_as_its_learners_row_and_the_next_one_replaces_it()
    {
        var ct = TestContext.Current.CancellationToken;
        (await _http.PostAsJsonAsync(Reports, Report(), ct)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await _http.PostAsJsonAsync(Reports, Report(name: "Ana", id: "learner-0002", step: 1, summary: "01-setup: done", failed: 0), ct)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await _http.PostAsJsonAsync(Reports, Report(step: 4, summary: "04-read: task 1 of 2"), ct)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var rows = await RowsAsync();

        rows.Length.ShouldBe(2, "two learners called Ana are two rows: their ids differ");
        rows[0].GetProperty("summary").GetString().ShouldBe("04-read: task 1 of 2", "a learner's new report replaces their row; the furthest step comes first");
        rows[1].GetProperty("summary").GetString().ShouldBe("01-setup: done");
    }

    [Theory]
    [InlineData("""{"id":"x","name":"Ana","step":3,"summary":"03-store: done","passed":1,"failed":0,"skipped":0}""", "id must be")]
    [InlineData("""{"id":"learner-0001","name":"","step":3,"summary":"03-store: done","passed":1,"failed":0,"skipped":0}""", "name must be")]
    [InlineData("""{"id":"learner-0001","name":"An\na","step":3,"summary":"03-store: done","passed":1,"failed":0,"skipped":0}""", "name must be")]
    [InlineData("""{"id":"learner-0001","name":"Ana","step":99,"summary":"03-store: done","passed":1,"failed":0,"skipped":0}""", "step must be")]
    [InlineData("""{"id":"learner-0001","name":"Ana","step":3,"summary":"03-store: done","passed":-1,"failed":0,"skipped":0}""", "passed, failed and skipped")]
    [InlineData("""{"id":"learner-0001","name":"Ana","step":3}""", "summary must be")]
    [InlineData("""not json""", null)]
    public async Task A_report_the_board_cannot_show_gets_400_with_a_problem_and_changes_nothing(string body, string? detail)
    {
        var ct = TestContext.Current.CancellationToken;
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");

        using var response = await _http.PostAsync(Reports, content, ct);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType.ShouldNotBeNull().MediaType.ShouldBe("application/problem+json");
        if (detail is not null)
        {
            (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("detail").GetString().ShouldStartWith(detail);
        }

        (await RowsAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_report_bigger_than_any_real_one_is_refused()
    {
        var ct = TestContext.Current.CancellationToken;
        using var content = new StringContent(new string(' ', 5000) + "{}", System.Text.Encoding.UTF8, "application/json");

        using var response = await _http.PostAsync(Reports, content, ct);

        ((int)response.StatusCode).ShouldBe(413);
    }

    [Fact]
    public async Task A_report_without_the_boards_join_code_is_refused_with_403()
    {
        var ct = TestContext.Current.CancellationToken;

        using var response = await _http.PostAsJsonAsync(new Uri(RoomBoard.JoinAddress(_http.BaseAddress!, "ffffffffff"), "api/reports"), Report(), ct);

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await RowsAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task The_page_runs_only_its_own_script()
    {
        using var response = await _http.GetAsync("/", TestContext.Current.CancellationToken);

        response.Headers.GetValues("Content-Security-Policy").Single().ShouldContain("script-src 'self'");
        (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldContain("<script src=\"/board.js\"");
    }

    [Fact]
    public async Task Join_sends_where_the_laptop_is_and_remembers_the_board_until_leave()
    {
        using var sandbox = new Sandbox();
        StepResults.Record(sandbox.Root, StepArgument.Get(4), [new("a", new CaseResult("SessionApp.Tests.Read.ReadTests.A", 2, Outcome.Failed))], DateTimeOffset.Now);
        var console = new TestConsole();

        var exit = await Cli.RunAsync(["room", "join", _join.ToString(), "--name", "Ana"], sandbox.Repository, console);

        exit.ShouldBe(Cli.ExitOk, console.Text);
        var row = (await RowsAsync()).ShouldHaveSingleItem();
        row.GetProperty("name").GetString().ShouldBe("Ana");
        row.GetProperty("summary").GetString().ShouldBe("04-read: task 2 of 2");
        RoomMembership.Read(sandbox.Root).ShouldNotBeNull().Name.ShouldBe("Ana");

        (await Cli.RunAsync(["room", "leave"], sandbox.Repository, new TestConsole())).ShouldBe(Cli.ExitOk);
        RoomMembership.Read(sandbox.Root).ShouldBeNull();
    }

    [Fact]
    public async Task Join_of_a_board_that_does_not_answer_says_so_and_joins_nothing()
    {
        using var sandbox = new Sandbox();
        var console = new TestConsole();
        await _board.StopAsync(TestContext.Current.CancellationToken);

        var exit = await Cli.RunAsync(["room", "join", _join.ToString(), "--name", "Ana"], sandbox.Repository, console);

        exit.ShouldBe(Cli.ExitFailed);
        console.Text.ShouldContain("Not joined: the room board at");
        File.Exists(RoomMembership.FileOf(sandbox.Root)).ShouldBeFalse();
    }

    [Theory]
    [InlineData("not an address", "--name", "Ana")]
    [InlineData("http://127.0.0.1:5090", "--name", "   ")]
    [InlineData("ftp://127.0.0.1:5090", "--name", "Ana")]
    public async Task Join_with_a_bad_address_or_name_is_a_usage_error(string address, string option, string name)
    {
        using var sandbox = new Sandbox();
        var console = new TestConsole();

        (await Cli.RunAsync(["room", "join", address, option, name], sandbox.Repository, console)).ShouldBe(Cli.ExitUsage, console.Text);
    }

    [Fact]
    public async Task Serve_listens_on_this_laptop_only_unless_told_an_address()
    {
        using var sandbox = new Sandbox();
        var console = new TestConsole();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);

        var serving = Cli.RunUntilAsync(["room", "serve", "--port", "0"], sandbox.Repository, console, null, stop.Token);
        (await Task.WhenAny(serving, Until(() => console.Text.Contains("room join", StringComparison.Ordinal), stop.Token))).ShouldNotBe(serving, console.Text);
        var text = console.Text;
        await stop.CancelAsync();
        (await serving).ShouldBe(Cli.ExitOk, "Ctrl+C (the token) ends the board");

        text.ShouldContain("The room board is at http://127.0.0.1:");
        text.ShouldContain("It listens on this laptop only.");
        text.ShouldMatch(@"room join http://127\.0\.0\.1:\d+/join/[0-9a-f]{10}/ --name", "the join line carries the board's code");
    }

    private static async Task Until(Func<bool> condition, CancellationToken cancellationToken)
    {
        while (!condition())
        {
            await Task.Delay(50, cancellationToken);
        }
    }
}
