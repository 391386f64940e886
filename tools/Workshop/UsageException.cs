using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Workshop;

/// <summary>A mistake in how the command was called: printed without a stack trace, exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary>Step numbers as the command line gives them.</summary>
public static class StepArgument
{
    public static Step Get(int number) =>
        Step.Find(number) ?? throw new UsageException($"There is no step {number}: the steps are 1 to {Step.All.Count}.");

    /// <summary>A step argument that must be there: a bare <c>solve</c> is a usage error.</summary>
    public static Argument<Step> Required(string description) =>
        new("step") { Description = description, Arity = ArgumentArity.ExactlyOne, CustomParser = result => Parse(result)! };

    /// <summary>A step argument that may be left out (then the verb works on every step).</summary>
    public static Argument<Step?> Optional(string description) =>
        new("step") { Description = description, Arity = ArgumentArity.ZeroOrOne, CustomParser = Parse };

    private static Step? Parse(ArgumentResult result)
    {
        if (result.Tokens.Count == 0)
        {
            return null;
        }

        var text = result.Tokens[0].Value;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && Step.Find(number) is { } step)
        {
            return step;
        }

        result.AddError(int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)
            ? $"There is no step {text}: the steps are 1 to {Step.All.Count}."
            : $"'{text}' is not a step number (1 to {Step.All.Count}).");
        return null;
    }
}
