using Microsoft.AspNetCore.Authorization;
using SessionApp.Account;
using SessionApp.Pages;

namespace SessionApp;

/// <summary>
/// Step 09's feature: the session as the framework's authentication scheme, and the routes it protects. Its two lines
/// in Program.cs are <see cref="AddAccount"/> and <see cref="MapAccount"/>; no earlier step's code changes.
/// </summary>
public static class AccountSetup
{
    public static WebApplicationBuilder AddAccount(this WebApplicationBuilder builder)
    {
        // <step09-register>
        // The scheme challenges, signs in and out by default, but authenticates no request by default: only the routes
        // that require a user do (the default policy names the scheme). Otherwise, as the only scheme, it would be the
        // default, and the framework would read the session on every request (the tutorial's routes read it again, and
        // /healthz and the static files would pay for it): the switch turns that off.
        AppContext.SetSwitch("Microsoft.AspNetCore.Authentication.SuppressAutoDefaultScheme", true);
        builder.Services.AddAuthentication(options =>
            {
                options.DefaultChallengeScheme = SessionScheme.Name;
                options.DefaultForbidScheme = SessionScheme.Name;
                options.DefaultSignInScheme = SessionScheme.Name;
                options.DefaultSignOutScheme = SessionScheme.Name;
            })
            .AddScheme<SessionSchemeOptions, SessionAuthenticationHandler>(SessionScheme.Name, displayName: "Session cookie", _ => { });
        builder.Services.AddAuthorizationBuilder()
            .SetDefaultPolicy(new AuthorizationPolicyBuilder(SessionScheme.Name).RequireAuthenticatedUser().Build());
        // </step09-register>

        // The home page links to the account page, under its own buttons.
        builder.Services.AddSingleton(new PagePart(PageEndpoints.HomeRoute,
            $"""<p><a href="{AccountEndpoints.AccountRoute}" id="account-link">Your account</a> (step 09: the framework's way)</p>"""));
        return builder;
    }

    public static WebApplication MapAccount(this WebApplication app)
    {
        // After routing (UseWorkshopDefaults), so it sees which routes require a user.
        app.UseAuthorization();
        app.MapAccountRoutes();
        return app;
    }
}
