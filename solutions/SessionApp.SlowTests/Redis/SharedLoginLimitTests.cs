using System.Net;
using SessionApp.Tests.Infrastructure;
using Shouldly;

namespace SessionApp.Tests.Slow.Redis;

/// <summary>
/// With Session:Redis set, failed logins are counted in Redis: two instances behind a balancer give an attacker the
/// guesses one gives, not twice as many.
/// </summary>
public sealed class SharedLoginLimitTests
{

    [Fact]
    public async Task The_sixth_wrong_password_across_two_instances_is_refused()
    {
        await using var redis = await RedisServer.StartAsync();
        using var a = RedisAppFactory.Instance(redis);
        using var b = RedisAppFactory.Instance(redis);
        using var onA = a.CreateClient();
        using var onB = b.CreateClient();

        // The balancer alternates: A, B, A, B, A.
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var wrong = await (i % 2 == 0 ? onA : onB).LogInAsync(Logins.Username, "not her password");
            statuses.Add(wrong.StatusCode);
        }

        using var sixth = await onB.LogInAsync(Logins.Username, "not her password either");

        statuses.ShouldAllBe(s => s == HttpStatusCode.Unauthorized, "the first five wrong passwords are checked (401)");
        Must.Hold(sixth.StatusCode == HttpStatusCode.TooManyRequests,
            "The sixth wrong password within the window must get 429 on whichever instance it reaches: with Session:Redis the count is shared, not per instance.",
            $"{(int)sixth.StatusCode} on B, after 3 failures on A and 2 on B");
        sixth.Headers.RetryAfter.ShouldNotBeNull("a 429 says when to try again");
    }

    [Fact]
    public async Task A_login_while_Redis_is_down_answers_503_never_500()
    {
        await using var redis = await RedisServer.StartAsync();
        using var a = RedisAppFactory.Instance(redis);
        using var client = a.CreateClient();
        redis.Kill();

        using var login = await client.LogInAsync();

        await login.ShouldHaveStatusAsync(HttpStatusCode.ServiceUnavailable, "a login that cannot be counted must not go ahead uncounted, nor fail with a 500");
        login.SetCookie(a.CookieName).ShouldBeNull();
    }
}
