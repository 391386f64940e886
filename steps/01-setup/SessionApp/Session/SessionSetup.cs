using IronSealing;
using Microsoft.Extensions.Options;
using SessionApp.Session;

namespace SessionApp;

/// <summary>The session feature's wiring: its settings, checked at start, the sealer, and the cookie plumbing.</summary>
public static class SessionSetup
{
    public static WebApplicationBuilder AddSessionCookies(this WebApplicationBuilder builder)
    {
        var services = builder.Services;

        // Session settings: a default that depends on the environment, then the "Session" configuration section on
        // top, checked before the app serves anything.
        services.AddOptions<IronSessionOptions>()
            .BindConfiguration(IronSessionOptions.SectionName)
            .PostConfigure<IHostEnvironment, IConfiguration>((options, env, config) =>
            {
                // Development runs out of the box with a public password, which the validator refuses anywhere else.
                if (env.IsDevelopment() && options.Password is null && options.Passwords.Count == 0)
                {
                    options.Password = IronSessionOptions.DevelopmentPassword;
                }

                // A Secure cookie gets the __Host- prefix unless a name is configured: then no sibling host can overwrite it.
                if (options.Secure && config.GetSection(IronSessionOptions.SectionName)[nameof(IronSessionOptions.CookieName)] is null)
                {
                    options.CookieName = IronSessionOptions.HostPrefix + IronSessionOptions.DefaultCookieName;
                }
            })
            .ValidateOnStart();

        // The sealing library plays iron-session's part; the cookie plumbing around it (SessionCookies) is yours.
        services.AddSingleton(TimeProvider.System);
        // <stub-step01-register-sealer>
        // TODO: Step 01, task 2: register one IronSealer, built from the Session settings and the TimeProvider.
        services.AddSingleton<IronSealer>(_ => throw new NotImplementedException(
            "Step 01, task 2: register IronSealer as a singleton built from the Session passwords and the TimeProvider; see steps/01-setup/README.md#task-2"));
        // </stub-step01-register-sealer>
        return builder;
    }
}
