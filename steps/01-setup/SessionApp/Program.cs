using IronSealing;
using Microsoft.AspNetCore.HttpOverrides;
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

// TODO: Step 01, task 1: add the framework's health checks to the services (steps/01-setup/README.md#task-1).

// Session settings: a default that depends on the environment, then the "Session" configuration section on top,
// checked before the app serves anything.
// TODO: Step 02, task 1: make Secure default to false in Development only, before the section is bound (steps/02-config/README.md#task-1).
builder.Services.AddOptions<IronSessionOptions>()
    .BindConfiguration(IronSessionOptions.SectionName)
    .ValidateOnStart();
builder.Services.AddSingleton<IValidateOptions<IronSessionOptions>, IronSessionOptionsValidator>();

// The sealing library plays iron-session's part; the cookie plumbing around it (SessionCookies) is yours.
builder.Services.AddSingleton(TimeProvider.System);
// TODO: Step 01, task 2: register one IronSealer, built from the Session settings and the TimeProvider.
builder.Services.AddSingleton<IronSealer>(_ => throw new NotImplementedException(
    "Step 01, task 2: register IronSealer as a singleton built from the Session passwords and the TimeProvider; see steps/01-setup/README.md#task-2"));
builder.Services.AddSingleton<SessionSeals>();
builder.Services.AddSingleton<SessionCookies>();

// HTTPS ends at the proxy in front of the app; trust what it says the scheme was.
builder.Services.Configure<ForwardedHeadersOptions>(o =>
    o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto);

var app = builder.Build();

app.UseForwardedHeaders();
app.UseExceptionHandler();
app.UseStatusCodePages();
// Routing first, so a request that matched an endpoint skips the static-file lookup.
app.UseRouting();
app.UseStaticFiles();

// TODO: Step 01, task 1: answer GET /healthz with the health checks (steps/01-setup/README.md#task-1).
app.MapSession();
app.MapPages();

app.Run();
