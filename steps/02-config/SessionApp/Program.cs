using IronSealing;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using SessionApp.Login;
using SessionApp.Pages;
using SessionApp.Session;
using StackExchange.Redis;

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
// <stub-step02-secure-default>
// TODO: Step 02, task 1: make Secure default to false in Development only, before the section is bound (steps/02-config/README.md#task-1).
// </stub-step02-secure-default>
// The tutorial's mock login (the store route) exists in Development only, unless Session:AllowMockLogin says otherwise.
builder.Services.AddOptions<IronSessionOptions>()
    .Configure<IHostEnvironment>((options, env) => options.AllowMockLogin = env.IsDevelopment());
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
builder.Services.AddSingleton(services => new IronSealer(
    services.GetRequiredService<IOptions<IronSessionOptions>>().Value.AllPasswords(),
    services.GetRequiredService<TimeProvider>()));
builder.Services.AddSingleton<SessionSeals>();
builder.Services.AddSingleton<SessionMetrics>();
builder.Services.AddSingleton<SessionCookies>();
builder.Services.AddSingleton<Sessions>();

// Logins (step 07): users with hashed passwords from the "Login" section, checked with ASP.NET Core's PasswordHasher.
builder.Services.AddOptions<LoginOptions>().BindConfiguration(LoginOptions.SectionName).ValidateOnStart();
builder.Services.AddSingleton<IValidateOptions<LoginOptions>, LoginOptionsValidator>();
builder.Services.AddSingleton<IPasswordHasher<LoginUser>, PasswordHasher<LoginUser>>();
builder.Services.AddSingleton<UserDirectory>();
builder.Services.AddSingleton<LoginThrottle>();

// Revocation (step 08): in this process's memory, or in Redis when Session:Redis is set, so every instance sees each
// logout. Chosen when first used, from the bound settings, so every configuration source counts.
builder.Services.AddSingleton<Revocations>();
builder.Services.AddSingleton<IDistributedCache>(services =>
{
    if (services.GetRequiredService<IOptions<IronSessionOptions>>().Value.Redis is not { Length: > 0 } redis)
    {
        return new MemoryDistributedCache(Options.Create(new MemoryDistributedCacheOptions()));
    }

    var configuration = ConfigurationOptions.Parse(redis);
    // Keep serving while Redis is away (sessions fail closed, logins answer 503) and reconnect when it is back;
    // while it is away, answer at once (no backlog) and wait at most a second for an answer, not 5.
    configuration.AbortOnConnectFail = false;
    configuration.BacklogPolicy = BacklogPolicy.FailFast;
    configuration.ConnectTimeout = Math.Min(configuration.ConnectTimeout, 2000);
    configuration.AsyncTimeout = Math.Min(configuration.AsyncTimeout, 1000);
    configuration.SyncTimeout = Math.Min(configuration.SyncTimeout, 1000);
    return new RedisCache(Options.Create(new RedisCacheOptions { ConfigurationOptions = configuration, InstanceName = "SessionApp:" }));
});

// /healthz reports the revocation list too (added to whatever health checks step 01 registers).
builder.Services.Configure<HealthCheckServiceOptions>(health => health.Registrations.Add(new HealthCheckRegistration(
    RevocationsHealthCheck.Name, services => ActivatorUtilities.CreateInstance<RevocationsHealthCheck>(services),
    HealthStatus.Unhealthy, tags: null, timeout: TimeSpan.FromSeconds(3))));

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

app.MapHealthChecks("/healthz");
app.MapSession();
app.MapPages();

app.Run();
