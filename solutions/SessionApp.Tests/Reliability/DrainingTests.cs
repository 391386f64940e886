using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SessionApp.Tests.Infrastructure;
using Shouldly;

namespace SessionApp.Tests.Reliability;

/// <summary>
/// A graceful stop behind a load balancer (bench/cluster runs it with three instances behind YARP): asked to stop, the
/// app says so on /healthz at once and serves on for Draining:Delay, so the balancer stops sending requests before the
/// port closes. The delay runs on the app's clock, which the test moves.
/// </summary>
public sealed class DrainingTests
{
    private static readonly object Ada = new { id = 7, username = "ada", fullName = "Ada Lovelace" };

    [Fact]
    public async Task A_stopping_app_reports_unhealthy_at_once_and_serves_until_the_drain_delay_has_passed()
    {
        using var factory = new SessionAppFactory();
        factory.Settings["Draining:Delay"] = "00:00:05";
        using var client = factory.ClientWithCookie(null);
        using (var healthy = await client.GetAsync("/healthz", TestContext.Current.CancellationToken))
        {
            await healthy.ShouldHaveStatusAsync(HttpStatusCode.OK, "a running app is healthy");
        }

        // What SIGTERM or Ctrl+C does: the host stops.
        var stopping = factory.Services.GetRequiredService<IHost>().StopAsync(TestContext.Current.CancellationToken);

        using (var leaving = await client.GetAsync("/healthz", TestContext.Current.CancellationToken))
        {
            await leaving.ShouldHaveStatusAsync(HttpStatusCode.ServiceUnavailable,
                "a stopping app should report unhealthy at once, so a load balancer polling /healthz takes it out");
        }

        factory.Clock.Advance(TimeSpan.FromSeconds(4));
        using (var store = await client.StoreAsync(Ada))
        {
            await store.ShouldHaveStatusAsync(HttpStatusCode.OK, "during the drain delay the app should go on serving the requests the balancer still sends");
            var cookie = store.SetCookie(factory.CookieName).ShouldNotBeNull("a login during the drain should set the session cookie");
            using var reader = factory.ClientWithCookie(cookie.Split(';', 2)[0]);
            var session = await (await reader.ReadAsync()).JsonAsync();
            session.GetProperty("username").GetString().ShouldBe("ada", "a read during the drain should answer the session");
        }

        stopping.IsCompleted.ShouldBeFalse("the app stopped before its drain delay of 5 s had passed on its clock");

        factory.Clock.Advance(TimeSpan.FromSeconds(1));
        await stopping.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Without_a_drain_delay_a_stopping_app_stops_at_once()
    {
        using var factory = new SessionAppFactory();
        using var client = factory.ClientWithCookie(null);
        using (await client.GetAsync("/healthz", TestContext.Current.CancellationToken))
        {
        }

        await factory.Services.GetRequiredService<IHost>().StopAsync(TestContext.Current.CancellationToken)
            .WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
    }

    [Theory]
    [InlineData("-00:00:01")]
    [InlineData("00:05:00")]
    public void A_drain_delay_below_zero_or_past_the_shutdown_timeout_refuses_to_start_and_names_the_setting(string delay)
    {
        using var factory = new SessionAppFactory();
        factory.Settings["Draining:Delay"] = delay;

        var error = Startup.Error(factory);

        error.ShouldNotBeNull($"the app started with Draining:Delay={delay}");
        error.ShouldContain("Draining:Delay");
    }
}
