using Microsoft.AspNetCore.Identity;

namespace Workshop;

/// <summary>
/// <c>hash-password</c>: hashes a password the way the app checks it (ASP.NET Core's <c>PasswordHasher</c>), and says
/// which settings take it. The password is read without echo, never from the command line (shell history keeps that).
/// </summary>
public static class PasswordHash
{
    public static int Run(IConsole console, string username)
    {
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
        console.WriteLine(hash);
        console.WriteLine();
        console.WriteLine($"Give the app the user {username} with these settings (the hash is not secret, the password is):");
        console.WriteLine($"  bash:       export {prefix}PasswordHash='{hash}' {prefix}Id=1 {prefix}FullName='Your Name'");
        console.WriteLine($"  PowerShell: $env:{prefix}PasswordHash = '{hash}'; $env:{prefix}Id = '1'; $env:{prefix}FullName = 'Your Name'");
        console.WriteLine($"  appsettings.json: \"Login\": {{ \"Users\": {{ \"{username}\": {{ \"Id\": 1, \"FullName\": \"Your Name\", \"PasswordHash\": \"{hash}\" }} }} }}");
        return Cli.ExitOk;
    }

    /// <summary>PasswordHasher needs a user type; its hashes do not depend on the user.</summary>
    private sealed class User;
}
