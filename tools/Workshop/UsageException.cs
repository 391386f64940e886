namespace Workshop;

/// <summary>A mistake in how the command was called: printed without a stack trace, exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary>Step numbers as the command line gives them.</summary>
public static class StepArgument
{
    public static Step Get(int number) =>
        Step.Find(number) ?? throw new UsageException($"There is no step {number}: the steps are 1 to {Step.All.Count}.");

    public static Step Parse(string? text) =>
        int.TryParse(text, out var number) ? Get(number) : throw new UsageException($"'{text}' is not a step number (1 to {Step.All.Count}).");
}
