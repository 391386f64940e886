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

        // <stub-step07-mock-login>
        // TODO: Step 07, task 3: keep the mock login to Development, unless Session:AllowMockLogin says otherwise (steps/07-login/README.md#task-3).
        // </stub-step07-mock-login>

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
