using System.Globalization;
using Xunit.v3;

namespace SessionApp.Tests.Infrastructure;

/// <summary>
/// The task of its step that a test checks, declared once, here: <c>[Task(2)]</c> is red on the starter and turns
/// green with task 2 (and the tasks before it); <c>[Task(0)]</c> is green on the starter and must stay green. The
/// kata contract reads it (declared against observed), and it is the trait "Task", so
/// <c>dotnet test -- --filter-trait "Task=2"</c> runs one task's tests.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class TaskAttribute(int number) : Attribute, ITraitAttribute
{
    public int Number { get; } = number;

    public IReadOnlyCollection<KeyValuePair<string, string>> GetTraits() =>
        [new("Task", Number.ToString(CultureInfo.InvariantCulture))];
}
