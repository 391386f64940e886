using System.Text.Json;
using Microsoft.AspNetCore.Identity;

namespace Workshop;

/// <summary>
/// <c>hash-password</c>: hashes a password the way the app checks it (ASP.NET Core's <c>PasswordHasher</c>), and says
/// which settings take it. The password is read without echo, never from the command line (shell history keeps that).
/// </summary>
public static class PasswordHash
{
    public static int Run(IConsole console, Repository repository, string username, long? id)
    {
        if (id is < 1)
        {
            throw new UsageException("--id takes a whole number from 1 up.");
        }

        if (username.Length == 0 || username.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.')))
        {
            throw new UsageException("--username takes letters, digits, '_', '-' or '.', as in a setting's name.");
        }

        var password = console.ReadSecret("Password (not shown): ");
        if (string.IsNullOrEmpty(password))
        {
            console.WriteLine("No password given: type one, or pipe it in (`echo -n` / `Write-Output` … | the command).", ConsoleColor.Red);
            return Cli.ExitFailed;
        }

        var hash = new PasswordHasher<User>().HashPassword(new User(), password);
        var prefix = $"Login__Users__{username}__";
        var userId = id ?? NextId(repository);
        console.WriteLine(hash);
        console.WriteLine();
        console.WriteLine($"Give the app the user {username} with these settings (the hash is not secret, the password is):");
        console.WriteLine($"  bash:       export {prefix}PasswordHash='{hash}' {prefix}Id={userId} {prefix}FullName='Your Name'");
        console.WriteLine($"  PowerShell: $env:{prefix}PasswordHash = '{hash}'; $env:{prefix}Id = '{userId}'; $env:{prefix}FullName = 'Your Name'");
        console.WriteLine($"  appsettings.json: \"Login\": {{ \"Users\": {{ \"{username}\": {{ \"Id\": {userId}, \"FullName\": \"Your Name\", \"PasswordHash\": \"{hash}\" }} }} }}");
        if (id is null)
        {
            console.WriteLine();
            console.WriteLine($"Id {userId} is one more than the largest in solutions/SessionApp/appsettings*.json. Each user needs an id of its own "
                + "(\"log out everywhere\" ends every session of an id, and the app refuses to start with two users of one id): "
                + "give another with --id.");
        }

        return Cli.ExitOk;
    }

    /// <summary>One more than the largest <c>Login:Users:*:Id</c> in the finished app's settings files (1 when there is none).</summary>
    private static long NextId(Repository repository)
    {
        long largest = 0;
        foreach (var file in Directory.EnumerateFiles(repository.Solution, "appsettings*.json"))
        {
            using var json = JsonDocument.Parse(File.ReadAllText(file), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (json.RootElement.TryGetProperty("Login", out var login) && login.TryGetProperty("Users", out var users) && users.ValueKind == JsonValueKind.Object)
            {
                foreach (var user in users.EnumerateObject())
                {
                    if (user.Value.TryGetProperty("Id", out var userId) && userId.TryGetInt64(out var value))
                    {
                        largest = Math.Max(largest, value);
                    }
                }
            }
        }

        return largest + 1;
    }

    /// <summary>PasswordHasher needs a user type; its hashes do not depend on the user.</summary>
    private sealed class User;
}
