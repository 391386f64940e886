using IronSealing;
using Microsoft.Extensions.Options;
using SessionApp.Pages;
using SessionApp.Session;

var builder = WebApplication.CreateBuilder(args);

// Errors are ProblemDetails. A workshop stub's NotImplementedException says what to do next, so its message is shown.
builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
{
    if (context.Exception is NotImplementedException todo)
    {
        context.ProblemDetails.Detail = todo.Message;
    }
});

// <step01-health-services>
builder.Services.AddHealthChecks();
// </step01-health-services>

// Session settings: a default that depends on the environment, then the "Session" configuration section on top,
// checked before the app serves anything.
// <step02-secure-default>
builder.Services.AddOptions<IronSessionOptions>()
    .Configure<IHostEnvironment>((options, env) => options.Secure = !env.IsDevelopment());
// </step02-secure-default>
builder.Services.AddOptions<IronSessionOptions>()
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
builder.Services.AddSingleton<IValidateOptions<IronSessionOptions>, IronSessionOptionsValidator>();

// The sealing library plays iron-session's part; the cookie plumbing around it (SessionCookies) is yours.
builder.Services.AddSingleton(TimeProvider.System);
// <step01-register-sealer>
builder.Services.AddSingleton(services => new IronSealer(
    services.GetRequiredService<IOptions<IronSessionOptions>>().Value.AllPasswords(),
    services.GetRequiredService<TimeProvider>()));
// </step01-register-sealer>
builder.Services.AddSingleton<SessionSeals>();
builder.Services.AddSingleton<SessionMetrics>();
builder.Services.AddSingleton<SessionCookies>();

// HTTPS ends at the proxy in front of the app. The app needs nothing from the proxy's X-Forwarded-* headers: the
// cookie's Secure comes from the Session:Secure setting, and the cross-site check compares Origin with Host.
// No Server header: it tells an attacker which server to look up, and the browser nothing.
builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);

var app = builder.Build();

// Every answer, pages, API and static files alike: a browser must take the Content-Type as given, never guess.
app.Use((context, next) =>
{
    context.Response.Headers.XContentTypeOptions = "nosniff";
    return next(context);
});
app.UseExceptionHandler();
app.UseStatusCodePages();
// Routing first, so a request that matched an endpoint skips the static-file lookup.
app.UseRouting();
app.UseStaticFiles();

// <step01-health-endpoint>
app.MapHealthChecks("/healthz");
// </step01-health-endpoint>
app.MapSession();
app.MapPages();

app.Run();
