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

builder.Services.AddHealthChecks();

// Session settings: a default that depends on the environment, then the "Session" configuration section on top,
// checked before the app serves anything.
builder.Services.AddOptions<IronSessionOptions>()
    .Configure<IHostEnvironment>((options, env) => options.Secure = !env.IsDevelopment());
builder.Services.AddOptions<IronSessionOptions>()
    .BindConfiguration(IronSessionOptions.SectionName)
    .ValidateOnStart();
builder.Services.AddSingleton<IValidateOptions<IronSessionOptions>, IronSessionOptionsValidator>();

// The sealing library plays iron-session's part; the cookie plumbing around it (SessionCookies) is yours.
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton(services => new IronSealer(
    services.GetRequiredService<IOptions<IronSessionOptions>>().Value.AllPasswords(),
    services.GetRequiredService<TimeProvider>()));
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

app.MapHealthChecks("/healthz");
app.MapSession();
app.MapPages();

app.Run();
