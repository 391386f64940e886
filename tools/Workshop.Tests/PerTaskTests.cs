using Shouldly;

namespace Workshop.Tests;

/// <summary>The per-task contract's parts that need no build: rendering some of a step's tasks, the manifest's task groups, the rule.</summary>
public sealed class PerTaskTests
{
    private const string A = "SessionApp.Tests.Store.StoreTests.A";
    private const string B = "SessionApp.Tests.Store.StoreTests.B";
    private const string C = "SessionApp.Tests.Store.StoreTests.C";
    private const string Free = "SessionApp.Tests.Store.StoreTests.PassesOnTheStarter";

    private static readonly Step Store = StepArgument.Get(3);

    private static StepRun Run(string[] passed, string[] failed) =>
        new(passed.ToHashSet(), [.. failed.Select(f => new FailedTest(f, "Shouldly.ShouldAssertException", "red"))], null, 0);

    private static Manifest Grouped(params (int Task, string[] Tests)[] groups) =>
        new(groups.ToDictionary(g => g.Task, g => (IReadOnlySet<string>)g.Tests.ToHashSet()));

    [Fact]
    public void A_region_belongs_to_the_task_its_stub_s_TODO_names()
    {
        var tasks = new Generator(Sandbox.Real).RegionTasks();

        (tasks["step01-health-services"], tasks["step01-health-endpoint"], tasks["step01-register-sealer"]).ShouldBe((1, 1, 2));
        (tasks["step06-login-page"], tasks["step06-home-page"], tasks["step06-buttons"]).ShouldBe((1, 2, 3));
    }

    [Fact]
    public void A_step_renders_with_only_its_first_tasks_solved()
    {
        var generator = new Generator(Sandbox.Real);
        var setup = StepArgument.Get(1);

        var firstTask = generator.SolvedThroughTask(setup, 1);

        // Task 1 is two regions (the services and the endpoint): both are solved, task 2's region is not.
        var todos = firstTask.Values.SelectMany(t => Markers.Todo().Matches(t)).Select(m => m.Value).ToList();
        todos.ShouldContain("// TODO: Step 01, task 2");
        todos.ShouldNotContain("// TODO: Step 01, task 1");
        todos.ShouldNotContain("// TODO: Step 02, task 1", "a later step's code is not in step 01's app");
        firstTask["Program.cs"].ShouldContain("AddHealthChecks");
        Generator.Differences(generator.SolvedThroughTask(setup, 2), generator.Solved(setup)).ShouldBeEmpty();
        Generator.Differences(generator.SolvedThroughTask(setup, 0), generator.Starter(setup)).ShouldBeEmpty();
    }

    [Fact]
    public void Earlier_steps_are_solved_whatever_task_of_a_later_step_is_asked_for()
    {
        var generator = new Generator(Sandbox.Real);

        var pages = generator.SolvedThroughTask(StepArgument.Get(6), 2);

        // Step 06's task 3 is open, and so is every task of the steps after it; nothing before.
        var todos = pages.Values.SelectMany(t => Markers.Todo().Matches(t)).Select(m => m.Value).ToList();
        todos.ShouldContain("// TODO: Step 06, task 3");
        todos.ShouldNotContain(t => string.CompareOrdinal(t, "// TODO: Step 06, task 3") < 0, "steps 01 to 05 and step 06's tasks 1 and 2 are solved");
    }

    [Fact]
    public void The_tasks_a_steps_tests_declare_are_read_and_rewritten_in_their_source()
    {
        using var sandbox = new Sandbox();
        var test = "SessionApp.Tests.Store.StoreTests.Store_sets_an_HttpOnly_cookie";
        var declared = Manifest.DeclaredTasks(sandbox.Repository, Store);
        declared[test].ShouldBe(2);
        declared["SessionApp.Tests.Store.StoreTests.Store_answers_an_empty_json_object_that_no_cache_keeps"].ShouldBe(1);
        Manifest.Declared(sandbox.Repository, Store).All.Count.ShouldBe(declared.Count(d => d.Value > 0));

        Manifest.WriteTasks(sandbox.Repository, Store, new Dictionary<string, int> { [test] = 1 });

        Manifest.DeclaredTasks(sandbox.Repository, Store)[test].ShouldBe(1);
        Manifest.Declared(sandbox.Repository, Store).Of(1).ShouldContain(test);
        File.ReadAllText(Path.Combine(sandbox.Repository.StepFolder(Store), "Tests", "StoreTests.cs")).ShouldContain("[Task(1)]\n    public async Task Store_sets_an_HttpOnly_cookie()");
    }

    [Fact]
    public void The_rule_holds_when_each_task_turns_exactly_its_tests_green()
    {
        var results = Contract.CheckTasks(Store, [1, 2], Grouped((1, [A]), (2, [B, C])), new HashSet<string> { A, B, C }, new Dictionary<int, StepRun>
        {
            [1] = Run([A, Free], [B, C]),
            [2] = Run([A, B, C, Free], []),
        });

        results.ShouldAllBe(r => r.Ok);
        results.Select(r => (r.Task, r.Tests, r.StillFailing, r.PassingEarly)).ShouldBe([(1, 1, 0, 0), (2, 2, 0, 0)]);
    }

    [Fact]
    public void A_test_of_an_earlier_task_that_still_fails_is_reported()
    {
        var results = Contract.CheckTasks(Store, [1, 2], Grouped((1, [A]), (2, [B])), new HashSet<string> { A, B }, new Dictionary<int, StepRun>
        {
            [1] = Run([], [A, B]),
            [2] = Run([A, B], []),
        });

        results[0].Problems.ShouldBe([$"task 1: {A} still fails with tasks 1..1 solved"]);
        results[0].StillFailing.ShouldBe(1);
    }

    [Fact]
    public void A_test_of_a_later_task_that_passes_early_is_reported()
    {
        var results = Contract.CheckTasks(Store, [1, 2], Grouped((1, [A]), (2, [B])), new HashSet<string> { A, B }, new Dictionary<int, StepRun>
        {
            [1] = Run([A, B], []),
            [2] = Run([A, B], []),
        });

        results[0].Problems.ShouldBe([$"task 1: {B} of a later task passes early"]);
        results[0].PassingEarly.ShouldBe(1);
    }

    [Fact]
    public void A_task_that_turns_no_test_green_on_its_own_breaks_the_rule()
    {
        var results = Contract.CheckTasks(Store, [1, 2], Grouped((1, []), (2, [A, B])), new HashSet<string> { A, B }, new Dictionary<int, StepRun>
        {
            [1] = Run([], [A, B]),
            [2] = Run([A, B], []),
        });

        results[0].Problems.ShouldHaveSingleItem().ShouldStartWith("task 1: no test turns green once it is solved");
        results[1].Ok.ShouldBeTrue();
    }

    [Fact]
    public void A_test_that_passed_on_the_starter_and_breaks_with_a_task_solved_is_reported()
    {
        var results = Contract.CheckTasks(Store, [1, 2], Grouped((1, [A]), (2, [B])), new HashSet<string> { A, B }, new Dictionary<int, StepRun>
        {
            [1] = Run([A], [B, Free]),
            [2] = Run([A, B, Free], []),
        });

        results[0].Problems.ShouldBe([$"task 1: {Free} passes on the starter but fails with tasks 1..1 solved"]);
    }

    [Fact]
    public void The_verify_table_has_a_row_per_task()
    {
        var row = Contract.TaskRow(new TaskResult(1, 2, 5, 1, 0, ["a problem"]));

        row.ShouldBe("task 1 of 2:   5 tests turn green, 1 still red, 0 green early");
    }
}
