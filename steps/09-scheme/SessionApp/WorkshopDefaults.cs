namespace SessionApp;

/// <summary>What every answer of the app gets, whatever the feature: errors as ProblemDetails, and fewer hints to an attacker.</summary>
public static class WorkshopDefaults
{
    public static WebApplicationBuilder AddWorkshopDefaults(this WebApplicationBuilder builder)
    {
        // A start the settings refuse says why in sentences, not as an unhandled exception.
        builder.AddStartupRefusals();

        // Errors are ProblemDetails. A workshop stub's NotImplementedException says what to do next, so its message is shown.
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            if (context.Exception is NotImplementedException todo)
            {
                context.ProblemDetails.Detail = todo.Message;
            }
        });

        // HTTPS ends at the proxy in front of the app. The app needs nothing from the proxy's X-Forwarded-* headers: the
        // cookie's Secure comes from the Session:Secure setting, and the cross-site check compares Origin with Host.
        // No Server header: it tells an attacker which server to look up, and the browser nothing.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        return builder;
    }

    public static WebApplication UseWorkshopDefaults(this WebApplication app)
    {
        // Every answer, pages, API and static files alike: a browser must take the Content-Type as given, never guess.
        app.Use((context, next) =>
        {
            context.Response.Headers.XContentTypeOptions = "nosniff";
            return next(context);
        });
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        // Routing first, so a request that matched an endpoint skips the static-file lookup (step 06's pages add it).
        app.UseRouting();
        return app;
    }
}
