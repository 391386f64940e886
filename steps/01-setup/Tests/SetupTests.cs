using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using IronSealing;
using SessionApp.Tests.Infrastructure;
using Shouldly;

namespace SessionApp.Tests.Setup;

/// <summary>Step 01: the app starts, answers, and has the sealing service (the tutorial's "install iron-session").</summary>
public sealed class SetupTests(SessionAppFactory app) : IClassFixture<SessionAppFactory>
{
    [Fact]
    [Task(1)]
    public async Task The_app_answers_healthy_on_healthz()
    {
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/healthz", TestContext.Current.CancellationToken);

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK, ThisTask.Says("Add and map the health checks."));
        (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldBe("Healthy");
    }

    [Fact]
    [Task(1)]
    public async Task Plain_http_is_served_not_redirected_because_https_belongs_to_the_proxy()
    {
        using var client = app.CreateClient(new() { BaseAddress = new Uri("http://localhost"), AllowAutoRedirect = false });

        using var response = await client.GetAsync("/healthz", TestContext.Current.CancellationToken);

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK, ThisTask.Says("Add and map the health checks."));
    }

    [Fact]
    [Task(2)]
    public void The_sealing_service_is_registered()
    {
        Must.Hold(app.Services.GetService<IronSealer>() is not null,
            ThisTask.Says("The app has no sealing service, so it cannot seal a session."));
    }

    [Fact]
    [Task(2)]
    public void The_registered_sealer_seals_with_the_configured_password_and_opens_its_own_seals()
    {
        var sealer = app.Services.GetRequiredService<IronSealer>();

        var seal = sealer.Seal("""{"hello":"world"}"""u8, TimeSpan.FromMinutes(5));

        seal.ShouldStartWith("Fe26.2*1*");
        Encoding.UTF8.GetString(sealer.Unseal(seal).Json.Span).ShouldBe("""{"hello":"world"}""");
        Seals.Open(seal).ShouldBe("""{"hello":"world"}""", "the app's sealer should use Session:Password");
    }
}
