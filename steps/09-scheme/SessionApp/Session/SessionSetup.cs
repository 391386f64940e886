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
            .Configure<IHostEnvironment>((options, env) => options.Secure = !env.IsDevelopment());
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
        services.AddSingleton<IValidateOptions<IronSessionOptions>, IronSessionOptionsValidator>(); // from step 02

        // The sealing library plays iron-session's part; the cookie plumbing around it (SessionCookies) is yours.
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(provider => new IronSealer(
            provider.GetRequiredService<IOptions<IronSessionOptions>>().Value.AllPasswords(),
            provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<SessionMetrics>();
        services.AddSingleton<SessionCookies>();
        services.AddSingleton<Sessions>();
        return builder;
    }
}
