using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using SessionApp.Login;
using SessionApp.Pages;
using SessionApp.Session;

namespace SessionApp;

/// <summary>
/// The login feature (step 07): users with hashed passwords from the "Login" section, checked with ASP.NET Core's
/// PasswordHasher, failed logins counted, and the tutorial's mock login kept to where it is asked for.
/// </summary>
public static class LoginSetup
{
    public static WebApplicationBuilder AddLogins(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<LoginOptions>().BindConfiguration(LoginOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<LoginOptions>, LoginOptionsValidator>();
        services.AddSingleton<IPasswordHasher<LoginUser>, PasswordHasher<LoginUser>>();
        services.AddSingleton<UserDirectory>();
        services.AddSingleton<ILoginLimiter, LoginThrottle>();
        services.AddSingleton<DeviceCookies>();

        // Now that real logins exist, the tutorial's store route (which seals whatever user the browser names) is
        // for Development and tests: elsewhere it exists only when Session:AllowMockLogin says so.
        services.AddOptions<IronSessionOptions>().PostConfigure<IHostEnvironment, IConfiguration>((options, env, config) =>
        {
            if (config.GetSection(IronSessionOptions.SectionName)[nameof(IronSessionOptions.AllowMockLogin)] is null)
            {
                options.AllowMockLogin = env.IsDevelopment();
            }
        });

        // The login page gets the password form, under the tutorial's mock Login button.
        services.AddSingleton(LoginForm.Part);
        return builder;
    }

    public static IEndpointRouteBuilder MapLogin(this IEndpointRouteBuilder app)
    {
        app.MapPost(LoginEndpoints.LoginRoute, LoginEndpoints.LogIn).WithTags("Session").DisallowCaching().RefuseCrossSite()
            .WithName("LogIn").WithSummary("Checks a username and password and seals that user into the session cookie.");
        return app;
    }
}
