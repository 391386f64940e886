using System.Xml.Linq;
using Shouldly;

namespace Workshop.Tests;

/// <summary>status's numbers and its one-line summary, without building anything (the slow tests run it for real).</summary>
public sealed class StatusTests
{
    // An xunit v3 report: a fact that passes, a theory of three rows with one red, a skipped test, one not run.
    private static readonly XDocument Report = XDocument.Parse("""
        <assemblies><assembly><collection>
          <test type="SessionApp.Tests.Store.StoreTests" method="Passes" result="Pass" />
          <test type="SessionApp.Tests.Store.StoreTests" method="Rows" result="Pass" />
          <test type="SessionApp.Tests.Store.StoreTests" method="Rows" result="Fail">
            <failure exception-type="Shouldly.ShouldAssertException"><message>row 2</message></failure>
          </test>
          <test type="SessionApp.Tests.Store.StoreTests" method="Rows" result="Pass" />
          <test type="SessionApp.Tests.Pages.LoginFlowTests" method="InABrowser" result="Skip" />
          <test type="SessionApp.Tests.Store.StoreTests" method="Explicit" result="NotRun" />
        </collection></assembly></assemblies>
        """);

    private static StepResults Results(int step, params (string Test, int Task, Outcome Outcome)[] cases) =>
        new(step, DateTimeOffset.Now, cases.Select((c, i) => (c, i)).ToDictionary(x => $"id{x.i}", x => new CaseResult(x.c.Test, x.c.Task, x.c.Outcome)));

    [Fact]
    public void Status_counts_every_theory_row_as_dotnet_test_does()
    {
        var run = StepRunner.Parse(Report);

        run.Cases.ShouldBe(new CaseCounts(Passed: 3, Failed: 1, Skipped: 1));
    }

    [Fact]
    public void The_contract_still_sees_a_theory_with_one_red_row_as_one_red_test()
    {
        var run = StepRunner.Parse(Report);

        run.Failed.Select(f => f.Name).ShouldBe(["SessionApp.Tests.Store.StoreTests.Rows"]);
        run.Passed.ShouldBe(["SessionApp.Tests.Store.StoreTests.Passes"], ignoreOrder: true);
        run.Skipped.ShouldBe(["SessionApp.Tests.Pages.LoginFlowTests.InABrowser"]);
    }

    [Fact]
    public void The_summary_line_names_the_first_task_with_a_red_test_and_how_many_tasks_the_step_has()
    {
        var results = Results(3,
            ("SessionApp.Tests.Store.StoreTests.A", 1, Outcome.Passed),
            ("SessionApp.Tests.Store.StoreTests.B", 2, Outcome.Failed),
            ("SessionApp.Tests.Store.DestroyOrderTests.C", 2, Outcome.Failed),
            ("SessionApp.Tests.Config.ConfigTests.D", 3, Outcome.Passed)); // step 02's task 3: not a task of step 03

        results.SummaryLine(StepArgument.Get(3)).ShouldBe("03-store: task 2 of 2");
    }

    [Fact]
    public void The_summary_line_says_done_when_nothing_is_red()
    {
        Results(1, ("SessionApp.Tests.Setup.SetupTests.A", 1, Outcome.Passed), ("SessionApp.Tests.Setup.SetupTests.B", 2, Outcome.Skipped))
            .SummaryLine(StepArgument.Get(1)).ShouldBe("01-setup: done");
    }

    [Fact]
    public void The_summary_line_names_an_earlier_step_whose_test_broke_rather_than_a_task_of_this_one()
    {
        var results = Results(4,
            ("SessionApp.Tests.Read.ReadTests.A", 1, Outcome.Failed),
            ("SessionApp.Tests.Config.ConfigTests.B", 1, Outcome.Failed));

        results.SummaryLine(StepArgument.Get(4)).ShouldBe("04-read: a test of step 02 fails (earlier work broke)");
    }

    [Fact]
    public void The_run_report_keeps_each_case_with_the_task_it_declares()
    {
        var report = XDocument.Parse("""
            <assemblies><assembly><collection>
              <test id="a" name="SessionApp.Tests.Store.StoreTests.Rows(n: 1)" type="SessionApp.Tests.Store.StoreTests" method="Rows" result="Fail">
                <traits><trait name="Task" value="2" /></traits><failure><message>m</message></failure>
              </test>
              <test id="b" name="SessionApp.Tests.Store.StoreTests.Other" type="SessionApp.Tests.Store.StoreTests" method="Other" result="Pass" />
            </collection></assembly></assemblies>
            """);

        StepRunner.Parse(report).Results.ShouldBe([
            new("a", new CaseResult("SessionApp.Tests.Store.StoreTests.Rows(n: 1)", 2, Outcome.Failed)),
            new("b", new CaseResult("SessionApp.Tests.Store.StoreTests.Other", 0, Outcome.Passed))]);
    }

    /// <summary>
    /// A learner who jumped to step 05 and tested only there: status answers from the results file, starts no
    /// process, and does not show them behind on the steps they skipped.
    /// </summary>
    [Fact]
    public async Task Status_reads_the_results_files_starts_no_process_and_leaves_out_steps_never_tested()
    {
        using var sandbox = new Sandbox();
        var step = StepArgument.Get(5);
        StepResults.Record(sandbox.Root, step, Results(5,
            ("SessionApp.Tests.Destroy.DestroyTests.A", 1, Outcome.Failed),
            ("SessionApp.Tests.Destroy.DestroyTests.B", 2, Outcome.Failed),
            ("SessionApp.Tests.Read.ReadTests.C", 1, Outcome.Passed)).Cases, DateTimeOffset.Now);
        var summary = new TestConsole();
        var table = new TestConsole();

        var starts = ProcessRunner.CountStarts();
        var exit = await Cli.RunAsync(["status", "--summary"], sandbox.Repository, summary);
        await Cli.RunAsync(["status"], sandbox.Repository, table);

        starts.Started.ShouldBeEmpty();
        exit.ShouldBe(Cli.ExitFailed);
        summary.Text.Trim().ShouldBe("05-destroy: task 1 of 2");
        table.Text.ShouldContain("05-destroy        1       2        0  just now    task 1: `dotnet run --project tools/Workshop -- hint 5`");
        table.Text.ShouldContain("01-setup          -       -        -  -           not tested yet: `dotnet test` in steps/01-setup");
    }

    [Fact]
    public async Task Status_summary_with_no_step_tested_says_how_to_test_one()
    {
        using var sandbox = new Sandbox();
        var console = new TestConsole();

        var exit = await Cli.RunAsync(["status", "--summary"], sandbox.Repository, console);

        exit.ShouldBe(Cli.ExitOk);
        console.Text.ShouldContain("No step tested on this laptop yet: run `dotnet test` in a step's folder");
    }

    [Theory]
    [MemberData(nameof(GeneratorTests.Steps), MemberType = typeof(GeneratorTests))]
    public void A_step_has_as_many_tasks_as_its_stubs_name_and_each_has_a_TODO_in_its_starter(int number)
    {
        var step = StepArgument.Get(number);
        var generator = new Generator(Sandbox.Real);

        var tasks = generator.Tasks(step);

        tasks.ShouldNotBeEmpty();
        tasks.ShouldBe(tasks.Order().ToList());
        Generator.ReadFolder(Sandbox.Real.StarterFolder(step)).Count.ShouldBePositive();
        var todos = generator.Starter(step).Values.SelectMany(t => Markers.Todo().Matches(t))
            .Where(m => m.Groups["step"].Value == step.Id).Select(m => int.Parse(m.Groups["task"].Value, System.Globalization.CultureInfo.InvariantCulture))
            .Distinct().Order();
        todos.ShouldBe(tasks);
    }
}
