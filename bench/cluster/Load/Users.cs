using System.Threading.Channels;

namespace ClusterLoad;

/// <summary>
/// One of the soak's users (id N, username uN, full name "User N"), with two browsers: A logs in and out every cycle,
/// B stays logged in across cycles (and so across faults) until A logs out everywhere. One worker at a time runs a
/// user, so a user's requests never overlap: what a read must answer is always known.
/// </summary>
public sealed class VirtualUser(int index, Accounts.Account? account)
{
    public static string NameOf(int index) => Text.Inv($"u{index}");

    public static string FullNameOf(int index) => Text.Inv($"User {index}");

    public long Id { get; } = index;

    public string Username { get; } = NameOf(index);

    public string FullName { get; } = FullNameOf(index);

    /// <summary>The user's password, when it may log in with one.</summary>
    public Accounts.Account? Account { get; } = account;

    /// <summary>What the mock login posts.</summary>
    public string Json { get; } = Text.Inv($$"""{"id":{{index}},"username":"{{NameOf(index)}}","fullName":"{{FullNameOf(index)}}"}""");

    /// <summary>Browser B's cookie (the newest the app set), or null when B is logged out.</summary>
    public string? CookieB { get; set; }

    /// <summary>A "log out everywhere" answered 503 after B logged in: it may still have been recorded, so B may be ended.</summary>
    public bool BMaybeEnded { get; set; }

    public int Cycles { get; set; }

    /// <summary>When the answer to this user's last acknowledged "log out everywhere" arrived (this machine's clock).</summary>
    public DateTimeOffset? LastLogOutEverywhere { get; set; }
}

/// <summary>
/// The load: workers take users from a queue and run one cycle each: browser B logs in if it is out (half the time),
/// A logs in (a real password login every third cycle of a user who has one, else the mock login), reads twice through
/// the proxy and once straight at an instance, B reads sometimes, and A logs out (or, one cycle in seven, out everywhere).
/// Every answer is judged; every acknowledged logout goes to <see cref="Rechecks"/>.
/// </summary>
public sealed class Load(Http http, Tally tally, Rechecks rechecks, int seed)
{
    private const string StoreRoute = "/api/session/store";
    private const string LoginRoute = "/api/session/login";
    private const string ReadRoute = "/api/session";
    private const string DestroyRoute = "/api/session/destroy";
    private const string DestroyAllRoute = "/api/session/destroy-all";

    public async Task RunAsync(IReadOnlyList<VirtualUser> users, int workers, CancellationToken stop)
    {
        var queue = Channel.CreateUnbounded<VirtualUser>();
        foreach (var user in users)
        {
            queue.Writer.TryWrite(user);
        }

        await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
        {
            var random = new Random(unchecked((seed * 31) + w));
            while (!stop.IsCancellationRequested)
            {
                while (rechecks.Behind && !stop.IsCancellationRequested)
                {
                    await Task.Delay(5, CancellationToken.None);
                }

                var user = await queue.Reader.ReadAsync(CancellationToken.None);
                try
                {
                    await CycleAsync(user, random);
                }
                finally
                {
                    queue.Writer.TryWrite(user);
                }
            }
        }, CancellationToken.None)));
    }

    private async Task CycleAsync(VirtualUser user, Random random)
    {
        user.Cycles++;
        if (user.CookieB is null && random.Next(2) == 0)
        {
            user.CookieB = await LogInAsync(user, password: false, "login B");
            user.BMaybeEnded = false;
        }

        var cookieA = await LogInAsync(user, password: user.Account is not null && user.Cycles % 3 == 0, "login A");
        if (cookieA is null)
        {
            return;
        }

        for (var i = 0; i < 2 && cookieA is not null; i++)
        {
            cookieA = await ReadAsync(user, cookieA, instance: 0, "read A");
        }

        if (cookieA is not null)
        {
            cookieA = await ReadAsync(user, cookieA, DirectInstance(user), "read A straight at an instance");
        }

        if (user.CookieB is not null && random.Next(10) < 3)
        {
            user.CookieB = await ReadAsync(user, user.CookieB, instance: 0, "read B", isB: true);
        }

        if (cookieA is null)
        {
            return;
        }

        if (random.Next(7) == 0)
        {
            await LogOutEverywhereAsync(user, cookieA);
        }
        else
        {
            await LogOutAsync(user, cookieA);
        }
    }

    /// <summary>Logs in; the new cookie, or null when the app refused (judged) or did not answer.</summary>
    private async Task<string?> LogInAsync(VirtualUser user, bool password, string what)
    {
        var answer = password
            ? await http.ProxyAsync(HttpMethod.Post, LoginRoute, cookie: null, Text.Inv($$"""{"username":"{{user.Account!.Username}}","password":"{{user.Account.Password}}"}"""))
            : await http.ProxyAsync(HttpMethod.Post, StoreRoute, cookie: null, user.Json);
        var key = password ? "login with a password" : "login";
        var cookie = answer.NewCookie(http.CookieName);
        if (answer.Status == 200 && cookie is { Length: > 0 }
            && (password ? Http.Says(answer, user) == SessionSays.ThisUser : answer.Body == "{}"))
        {
            tally.Judge(Verdict.Ok, key, answer.Ended);
            return cookie;
        }

        if (password && answer.Status == 200 && Http.Says(answer, user) == SessionSays.AnotherUser)
        {
            tally.Judge(Verdict.Wrong, "b: another user's data", answer.Ended, $"{user.Username} {what}: {answer.Describe()}");
            return null;
        }

        JudgeFailure(answer, key, $"{user.Username} {what}");
        return null;
    }

    /// <summary>Reads the session (through the proxy, or at an instance); the cookie to keep, or null when it is no longer usable.</summary>
    private async Task<string?> ReadAsync(VirtualUser user, string cookie, int instance, string what, bool isB = false)
    {
        var answer = instance == 0
            ? await http.ProxyAsync(HttpMethod.Get, ReadRoute, cookie)
            : await http.DirectAsync(instance, HttpMethod.Get, ReadRoute, cookie);
        var key = instance == 0 ? "read" : "read straight at an instance";
        switch (Http.Says(answer, user))
        {
            case SessionSays.ThisUser:
                tally.Judge(Verdict.Ok, key, answer.Ended);
                // A session in use is sealed again now and then (its idle timeout): keep the newest cookie, as a browser does.
                return answer.NewCookie(http.CookieName) is { Length: > 0 } renewed ? renewed : cookie;
            case SessionSays.AnotherUser:
                tally.Judge(Verdict.Wrong, "b: another user's data", answer.Ended, $"{user.Username} {what}: {answer.Describe()}");
                return null;
            case SessionSays.NotLoggedIn when isB && user.BMaybeEnded:
                tally.Note("note/B ended by a logout everywhere that answered 503 (it was recorded after all)", answer.Ended);
                return null;
            case SessionSays.NotLoggedIn when tally.InWindow(answer.Started, answer.Ended):
                tally.Judge(Verdict.FailClosed, key + " answered not logged in", answer.Ended);
                return cookie;
            case SessionSays.NotLoggedIn:
                tally.Judge(Verdict.Wrong, "c: a live session answered not logged in outside a fault window", answer.Ended,
                    $"{user.Username} {what}: {answer.Describe()}");
                return null;
            case SessionSays.NotASession when instance != 0 && answer.Status == 0 && (tally.Away(instance, answer.Started) || tally.Away(instance, answer.Ended)):
                tally.Note("note/read straight at an instance that a fault took away, unanswered", answer.Ended);
                return cookie;
            default:
                JudgeFailure(answer, key, $"{user.Username} {what}");
                return answer.Status == 0 || answer.Status >= 500 ? cookie : null;
        }
    }

    private async Task LogOutAsync(VirtualUser user, string cookie)
    {
        var answer = await http.ProxyAsync(HttpMethod.Post, DestroyRoute, cookie);
        if (answer.Status == 200 && answer.Body == "{}" && answer.NewCookie(http.CookieName) == string.Empty)
        {
            tally.Judge(Verdict.Ok, "logout", answer.Ended);
            rechecks.LoggedOut(user, cookie, "logout", "browser A", answer.Ended);
            return;
        }

        // Whatever else happened, this browser drops its cookie (the app clears it even when the logout is not recorded).
        JudgeFailure(answer, "logout", $"{user.Username} logout");
    }

    private async Task LogOutEverywhereAsync(VirtualUser user, string cookie)
    {
        var sent = DateTimeOffset.UtcNow;
        var answer = await http.ProxyAsync(HttpMethod.Post, DestroyAllRoute, cookie);
        if (answer.Status == 200 && answer.Body == "{}" && answer.NewCookie(http.CookieName) == string.Empty)
        {
            tally.Judge(Verdict.Ok, "logout everywhere", answer.Ended);
            // The app keeps the time of a "log out everywhere" in whole seconds: say when this one may share its second
            // with the user's previous one (A logged in between the two), so a wrong answer names the likely cause.
            var kind = user.LastLogOutEverywhere is { } last && last.ToUnixTimeSeconds() == sent.ToUnixTimeSeconds()
                ? "logout everywhere in the same second as the user's previous one"
                : "logout everywhere";
            user.LastLogOutEverywhere = DateTimeOffset.UtcNow;
            rechecks.LoggedOut(user, cookie, kind, "browser A", answer.Ended);
            if (user.CookieB is { } b)
            {
                rechecks.LoggedOut(user, b, kind, "browser B", answer.Ended);
                user.CookieB = null;
            }

            return;
        }

        if (answer.IsAppUnavailable && user.CookieB is not null)
        {
            // "Other sessions still work", says the app; but a write that timed out may still land once Redis answers.
            user.BMaybeEnded = true;
        }

        JudgeFailure(answer, "logout everywhere", $"{user.Username} logout everywhere");
    }

    /// <summary>Judges an answer that is not the route's success: the app's 503 (fail-closed, or wrong outside a window), a 5xx, none, or unexpected.</summary>
    private void JudgeFailure(Answer answer, string key, string what)
    {
        if (answer.IsAppUnavailable)
        {
            if (tally.InWindow(answer.Started, answer.Ended))
            {
                tally.Judge(Verdict.FailClosed, key + " answered 503", answer.Ended);
            }
            else
            {
                tally.Judge(Verdict.Wrong, "c: a 503 outside a fault window", answer.Ended, $"{what}: {answer.Describe()}");
            }
        }
        else if (answer.Status >= 500)
        {
            tally.Judge(Verdict.Other5xx, Text.Inv($"{answer.Status} on {key}"), answer.Ended, $"{what}: {answer.Describe()}");
        }
        else if (answer.Status == 0)
        {
            tally.Judge(Verdict.NoAnswer, key, answer.Ended, $"{what}: {answer.Describe()}");
        }
        else
        {
            tally.Judge(Verdict.Unexpected, Text.Inv($"{answer.Status} on {key}"), answer.Ended, $"{what}: {answer.Describe()}");
        }
    }

    /// <summary>The instance for this cycle's read straight at an instance: in turn, skipping one a fault has taken away.</summary>
    private int DirectInstance(VirtualUser user)
    {
        var now = tally.Now;
        for (var i = 0; i < http.InstanceCount; i++)
        {
            var instance = ((user.Cycles + i) % http.InstanceCount) + 1;
            if (!tally.Away(instance, now))
            {
                return instance;
            }
        }

        return 1;
    }
}
