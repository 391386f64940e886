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
        // <stub-step09-register>
        // TODO: Step 09, task 1: register the session scheme, and make the default policy name it (steps/09-scheme/README.md#task-1).
        builder.Services.AddAuthorization();
        // </stub-step09-register>

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
