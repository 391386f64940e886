using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;

namespace ClusterLoad;

/// <summary>
/// The users who log in with a real password (POST /api/session/login), one in 50 of the soak's users (u1, u51, ...,
/// at least one): a random password each, hashed with ASP.NET Core's PasswordHasher, as the app's hash-password does.
/// Each is also one of the soak's users, with the same id, username and full name as its mock logins.
/// </summary>
public static class Accounts
{
    /// <summary>One user a password login may use.</summary>
    public sealed record Account(string Username, string Password, long Id);

    /// <summary>Which soak users have a password: 1, 51, 101, ... up to the number of users.</summary>
    public static IEnumerable<int> Indexes(int users) => Enumerable.Range(0, Math.Max(1, users / 50)).Select(i => (i * 50) + 1).Where(i => i <= users);

    public static int Write(string[] args)
    {
        var users = 200;
        string? folder = null;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--users":
                    users = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                    break;
                case "--out":
                    folder = args[i + 1];
                    break;
                default:
                    folder = null;
                    i = args.Length;
                    break;
            }
        }

        if (folder is null)
        {
            Console.Error.WriteLine("usage: Load accounts --users N --out DIR");
            return 2;
        }

        var hasher = new PasswordHasher<Account>();
        var settings = new List<string>();
        var lines = new List<string>();
        foreach (var index in Indexes(users))
        {
            var account = new Account(VirtualUser.NameOf(index), Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)), index);
            var prefix = $"Login__Users__{account.Username}__";
            settings.Add(Text.Inv($"{prefix}Id={account.Id}"));
            settings.Add($"{prefix}FullName={VirtualUser.FullNameOf(index)}");
            settings.Add($"{prefix}PasswordHash={hasher.HashPassword(account, account.Password)}");
            lines.Add(Text.Inv($"{account.Username} {account.Password} {account.Id}"));
        }

        File.WriteAllLines(Path.Combine(folder, "accounts.env"), settings);
        File.WriteAllLines(Path.Combine(folder, "accounts.txt"), lines);
        Console.WriteLine(Text.Inv($"{lines.Count} users with a password: {string.Join(", ", lines.Select(l => l.Split(' ')[0]))}"));
        return 0;
    }

    public static Dictionary<long, Account> Read(string? path) =>
        path is null || !File.Exists(path)
            ? []
            : File.ReadAllLines(path).Where(l => l.Length > 0).Select(l => l.Split(' '))
                .Select(p => new Account(p[0], p[1], long.Parse(p[2], CultureInfo.InvariantCulture))).ToDictionary(a => a.Id);
}
