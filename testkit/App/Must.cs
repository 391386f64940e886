using Shouldly;

namespace SessionApp.Tests.Infrastructure;

/// <summary>
/// An assertion whose failure leads with what it means for the learner (what is wrong, the step, the task, where to
/// read), and then shows what was seen. Shouldly's own messages lead with the expression, which a learner meets cold.
/// </summary>
public static class Must
{
    public static void Hold([System.Diagnostics.CodeAnalysis.DoesNotReturnIf(false)] bool condition, string meaning, object? seen = null)
    {
        if (!condition)
        {
            throw new ShouldAssertException(seen is null ? meaning : $"{meaning}{Environment.NewLine}Seen: {seen}");
        }
    }
}
