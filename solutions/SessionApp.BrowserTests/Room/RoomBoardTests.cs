extern alias tool;

using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;
using Shouldly;
using Workshop.Testkit;
using RoomBoard = tool::Workshop.RoomBoard;

namespace SessionApp.Tests.Room;

/// <summary>
/// The room board in a browser, as the instructor's projector shows it: three learners report the way their test
/// runs do (<see cref="RoomMembership.SendAsync"/>), and the page shows each one's step and counts, updates by itself
/// when a learner tests again, and shows a hostile name as text. All on loopback.
/// </summary>
public sealed class RoomBoardTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>, IAsyncLifetime
{
    private const string JoinCode = "0a1b2c3d4e";
    private readonly WebApplication _board = RoomBoard.Create("http://127.0.0.1:0", JoinCode);

    public ValueTask InitializeAsync() => new(_board.StartAsync(TestContext.Current.CancellationToken));

    public ValueTask DisposeAsync() => _board.DisposeAsync();

    private Uri Board => new(_board.Urls.First() + "/");

    private async Task ReportAsync(string id, string name, int step, params (string Test, int Task, Outcome Outcome)[] cases)
    {
        var learner = new RoomMembership(RoomBoard.JoinAddress(Board, JoinCode), name, id);
        var results = new StepResults(step, DateTimeOffset.Now, cases.Select((c, i) => (c, i)).ToDictionary(x => $"case{x.i}", x => new CaseResult(x.c.Test, x.c.Task, x.c.Outcome)));
        (await learner.SendAsync(learner.ReportOf(Step.Find(step)!, results), TestContext.Current.CancellationToken)).ShouldBeNull();
    }

    [Fact]
    public async Task The_board_shows_three_learners_and_updates_as_they_test()
    {
        var browser = Chromium.Require(chromium.Browser);
        await ReportAsync("learner-ana-0001", "Ana", 3, ("SessionApp.Tests.Store.StoreTests.A", 1, Outcome.Passed), ("SessionApp.Tests.Store.StoreTests.B", 2, Outcome.Failed));
        await ReportAsync("learner-ben-0002", "Ben", 5, ("SessionApp.Tests.Destroy.DestroyTests.A", 1, Outcome.Passed), ("SessionApp.Tests.Destroy.DestroyTests.B", 2, Outcome.Passed));
        await ReportAsync("learner-chen-0003", "Chen", 2, ("SessionApp.Tests.Config.ConfigTests.A", 1, Outcome.Passed), ("SessionApp.Tests.Config.ConfigTests.B", 3, Outcome.Failed));
        await using var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 400 } });
        context.SetDefaultTimeout(Chromium.Timeout);
        var page = await context.NewPageAsync();

        await page.GotoAsync(Board.ToString());
        var rows = page.Locator("#rows tr");
        await Assertions.Expect(rows).ToHaveCountAsync(3);

        (await rows.Nth(0).InnerTextAsync()).ShouldContain("05-destroy: done");
        (await rows.Nth(0).GetAttributeAsync("class")).ShouldNotBeNull().ShouldContain("done");
        (await rows.Nth(1).InnerTextAsync()).ShouldContain("03-store: task 2 of 2");
        (await rows.Nth(2).InnerTextAsync()).ShouldContain("02-config: task 3 of 3");
        await Assertions.Expect(page.Locator("#totals")).ToHaveTextAsync("3 learners, 1 on a green step.");

        // Ana finishes step 03: the page shows it without a reload.
        await ReportAsync("learner-ana-0001", "Ana", 3, ("SessionApp.Tests.Store.StoreTests.A", 1, Outcome.Passed), ("SessionApp.Tests.Store.StoreTests.B", 2, Outcome.Passed));
        await Assertions.Expect(page.Locator("#rows tr", new() { HasText = "Ana" })).ToContainTextAsync("03-store: done");
        await Assertions.Expect(page.Locator("#totals")).ToHaveTextAsync("3 learners, 2 on a green step.");
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "room-board.png") });
    }

    [Fact]
    public async Task A_name_is_shown_as_text_never_run_as_HTML()
    {
        var browser = Chromium.Require(chromium.Browser);
        const string Hostile = "<img src=x onerror=\"window.hacked=1\">";
        await ReportAsync("learner-eve-0004", Hostile, 1, ("SessionApp.Tests.Setup.SetupTests.A", 1, Outcome.Failed));
        await using var context = await browser.NewContextAsync();
        context.SetDefaultTimeout(Chromium.Timeout);
        var page = await context.NewPageAsync();

        await page.GotoAsync(Board.ToString());

        await Assertions.Expect(page.Locator("#rows tr td").First).ToHaveTextAsync(Hostile);
        (await page.Locator("#rows img").CountAsync()).ShouldBe(0);
        (await page.EvaluateAsync<bool>("() => window.hacked === undefined")).ShouldBeTrue();
    }
}
