using Shouldly;

namespace Workshop.Tests;

/// <summary>
/// A task says what must be true and why; the hints say which API. Measured: the share of each solution region's
/// identifiers that its step's README names before "What you learned" (see testkit/Workshop.Testkit/TaskWording.cs).
/// </summary>
public sealed class TaskWordingTests
{
    private static readonly IReadOnlyList<TaskWording.Share> Shares = TaskWording.Measure(Sandbox.Real.Root);

    [Fact]
    public void Every_region_is_measured()
    {
        Shares.Count.ShouldBe(new Generator(Sandbox.Real).RegionNames().Count);
        Shares.ShouldAllBe(s => s.Identifiers.Count > 0);
    }

    [Fact]
    public void No_README_names_more_than_60_percent_of_a_regions_identifiers()
    {
        var over = Shares.Where(s => s.Value > TaskWording.MaxShare)
            .Select(s => $"{s.Region}: {s.Readme} names {s.Named.Count} of {s.Identifiers.Count} ({string.Join(", ", s.Named)}); move the API names to hints.md")
            .ToList();

        over.ShouldBeEmpty("a task says what must be true and why; its hints name the APIs");
    }

    [Fact]
    public void On_average_READMEs_name_at_most_40_percent_of_the_identifiers()
    {
        Shares.Average(s => s.Value).ShouldBeLessThanOrEqualTo(TaskWording.MaxAverageShare);
    }
}
