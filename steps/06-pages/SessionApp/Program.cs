using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using SessionApp.Pages;
using SessionApp.Sealing;
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

// Session settings: defaults, then the "Session" configuration section, checked before the app serves anything.
builder.Services.AddOptions<IronSessionOptions>()
    .Configure<IHostEnvironment>((options, env) => options.Secure = !env.IsDevelopment())
    .BindConfiguration(IronSessionOptions.SectionName)
    .ValidateOnStart();
builder.Services.AddSingleton<IValidateOptions<IronSessionOptions>, IronSessionOptionsValidator>();

// The sealer plays iron-session's part; the cookie plumbing around it (SessionCookies) is yours.
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton(services =>
{
    var options = services.GetRequiredService<IOptions<IronSessionOptions>>().Value;
    return new IronSealer(options.AllPasswords(), services.GetRequiredService<TimeProvider>(), options.OpenedSealCacheSize);
});
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
