using System.Globalization;
using Workshop.Testkit;

namespace SessionApp.Tests.Infrastructure;

/// <summary>
/// Where a failing step test sends the learner, taken from the test itself: the step from its namespace
/// (<see cref="Step.OfTest"/>) and the task from its <c>[Task(K)]</c>. A message never writes "Step 03, task 2"
/// by hand, so it cannot name another task than the one the test declares.
/// </summary>
public static class ThisTask
{
    /// <summary>"Step 03, task 2: see steps/03-store/README.md#task-2", for the test that is running.</summary>
    public static string Reference
    {
        get
        {
            var context = TestContext.Current;
            var test = context.Test ?? throw new InvalidOperationException("ThisTask is read inside a step test, while it runs.");
            var className = context.TestClass?.TestClassName ?? string.Empty;
            var step = Step.OfTest(className)
                ?? throw new InvalidOperationException($"{className} is not in a step's namespace (SessionApp.Tests.<Area>, see Step.All).");
            if (!test.Traits.TryGetValue("Task", out var tasks) || tasks.Count != 1
                || !int.TryParse(tasks.First(), NumberStyles.None, CultureInfo.InvariantCulture, out var task))
            {
                throw new InvalidOperationException($"{test.TestDisplayName} declares no [Task(K)]: add the task it checks.");
            }

            return task == 0
                ? $"Step {step.Id}: this test passes on the starter, so a change broke it; see {step.Path}/README.md"
                : $"Step {step.Id}, task {task}: see {step.Path}/README.md#task-{task}";
        }
    }

    /// <summary>What is wrong and why, then where to read: <c>ThisTask.Says("The cookie is not HttpOnly, …")</c>.</summary>
    public static string Says(string meaning) => $"{meaning} {Reference}";
}
