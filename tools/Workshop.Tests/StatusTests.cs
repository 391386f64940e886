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

    private static StepRun Run(int passed, int failed, string? buildError = null) =>
        new(new HashSet<string>(), [], buildError, 0) { Cases = new CaseCounts(passed, failed, 0) };

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
    public void The_summary_line_names_the_step_the_task_and_how_many_tasks_there_are()
    {
        Status.SummaryLine(StepArgument.Get(3), Run(40, 15), [2], 2).ShouldBe("03-store: task 2 of 2");
        Status.SummaryLine(StepArgument.Get(6), Run(40, 15), [1, 2, 3], 3).ShouldBe("06-pages: task 1 of 3");
    }

    [Fact]
    public void The_summary_line_says_done_when_every_test_passes()
    {
        Status.SummaryLine(StepArgument.Get(1), Run(12, 0), [], 2).ShouldBe("01-setup: done");
    }

    [Fact]
    public void The_summary_line_says_when_the_step_does_not_build_or_every_task_is_written_but_tests_fail()
    {
        Status.SummaryLine(StepArgument.Get(4), Run(0, 0, "CS1002: ; expected"), [1], 2).ShouldBe("04-read: does not build");
        Status.SummaryLine(StepArgument.Get(4), Run(30, 1), [], 2).ShouldBe("04-read: every task written, 1 test fails");
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
