namespace Workshop;

/// <summary>Where the command writes and reads, so tests can drive it without a terminal.</summary>
public interface IConsole
{
    void Write(string text, ConsoleColor? color = null);

    void WriteLine(string text = "", ConsoleColor? color = null)
    {
        Write(text, color);
        Write(Environment.NewLine);
    }

    /// <summary>Asks a yes/no question; false when nobody can answer.</summary>
    bool Confirm(string question);

    /// <summary>Reads a secret line without showing it (from the terminal), or a line of piped input; null at the end of input.</summary>
    string? ReadSecret(string prompt);
}

/// <summary>The real terminal. Colour only when the output is a terminal and NO_COLOR is unset.</summary>
public sealed class SystemConsole : IConsole
{
    private readonly bool _color = !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null;

    public void Write(string text, ConsoleColor? color = null)
    {
        if (_color && color is { } c)
        {
            Console.ForegroundColor = c;
            Console.Write(text);
            Console.ResetColor();
        }
        else
        {
            Console.Write(text);
        }
    }

    public bool Confirm(string question)
    {
        if (Console.IsInputRedirected)
        {
            Console.WriteLine($"{question} [y/N] (no terminal to ask: pass --yes)");
            return false;
        }

        Console.Write($"{question} [y/N] ");
        return Console.ReadLine()?.Trim().ToUpperInvariant() is "Y" or "YES";
    }

    public string? ReadSecret(string prompt)
    {
        if (Console.IsInputRedirected)
        {
            return Console.ReadLine();
        }

        Console.Write(prompt);
        var secret = new System.Text.StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                Console.WriteLine();
                return secret.ToString();
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                secret.Length = Math.Max(0, secret.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                secret.Append(key.KeyChar);
            }
        }
    }
}
