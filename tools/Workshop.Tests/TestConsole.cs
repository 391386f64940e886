using System.Text;

namespace Workshop.Tests;

/// <summary>A console that records what the tool says and answers its questions as told.</summary>
public sealed class TestConsole(bool answer = false, string? secret = null) : IConsole
{
    private readonly StringBuilder _text = new();

    public string Text => _text.ToString();

    public int Questions { get; private set; }

    public void Write(string text, ConsoleColor? color = null) => _text.Append(text);

    public string? ReadSecret(string prompt) => secret;

    public bool Confirm(string question)
    {
        Questions++;
        _text.AppendLine(question);
        return answer;
    }
}
