using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace IronSealing.AspNetCore;

/// <summary><c>AddAuthentication().AddIronSession(...)</c>.</summary>
public static class IronSessionAuthenticationExtensions
{
    /// <summary>Adds the iron-session cookie as a scheme named <see cref="IronSessionDefaults.AuthenticationScheme"/>.</summary>
    public static AuthenticationBuilder AddIronSession(this AuthenticationBuilder builder, Action<IronSessionAuthenticationOptions>? configure = null) =>
        builder.AddIronSession(IronSessionDefaults.AuthenticationScheme, configure);

    /// <summary>Adds the iron-session cookie as a scheme of the given name. Bad settings refuse to start, each named.</summary>
    public static AuthenticationBuilder AddIronSession(this AuthenticationBuilder builder, string scheme, Action<IronSessionAuthenticationOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<IronSessionAuthenticationOptions>, IronSessionPostConfigureOptions>());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<IronSessionAuthenticationOptions>, IronSessionOptionsValidator>());
        builder.Services.AddOptions<IronSessionAuthenticationOptions>(scheme).ValidateOnStart();
        return builder.AddScheme<IronSessionAuthenticationOptions, IronSessionAuthenticationHandler>(scheme, configure);
    }
}

/// <summary>Settles what was left open: <c>Secure</c> outside Development, and the sealer made from the passwords.</summary>
public sealed class IronSessionPostConfigureOptions(IHostEnvironment environment) : IPostConfigureOptions<IronSessionAuthenticationOptions>
{
    /// <inheritdoc />
    public void PostConfigure(string? name, IronSessionAuthenticationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Secure ??= !environment.IsDevelopment();
        options.CookieName ??= options.EffectiveCookieName;
        options.Sealer = IronSessionOptionsValidator.TryMakeSealer(options, out _);
    }
}

/// <summary>Each bad setting, named, with how to fix it: the app refuses to start rather than seal badly.</summary>
public sealed class IronSessionOptionsValidator : IValidateOptions<IronSessionAuthenticationOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, IronSessionAuthenticationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        if (options.Sealer is null)
        {
            TryMakeSealer(options, out var problem);
            problems.Add($"{name}: {problem}");
        }

        if (options.EffectiveCookieName.StartsWith("__Host-", StringComparison.OrdinalIgnoreCase) && options.Secure != true)
        {
            problems.Add($"{name}: the cookie name {options.EffectiveCookieName} starts with __Host-, which browsers keep only when Secure: set Secure, or choose another name for plain HTTP.");
        }

        if (options.TimeToLive <= IronSealer.ClockSkew)
        {
            problems.Add($"{name}: TimeToLive is {options.TimeToLive}; it must be over {IronSealer.ClockSkew.TotalSeconds} s (the cookie's Max-Age is {IronSealer.ClockSkew.TotalSeconds} s shorter).");
        }

        if (string.IsNullOrWhiteSpace(options.SessionKey))
        {
            problems.Add($"{name}: SessionKey is empty; it names the session's property that holds the user (\"user\" in the tutorial).");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    /// <summary>The sealer of the options' passwords, or null with the reason.</summary>
    internal static IronSealer? TryMakeSealer(IronSessionAuthenticationOptions options, out string problem)
    {
        problem = string.Empty;
        try
        {
            if (options.Passwords is { Count: > 0 } passwords)
            {
                return new IronSealer(new Dictionary<string, string>(passwords), options.TimeProvider);
            }

            if (!string.IsNullOrEmpty(options.Password))
            {
                return new IronSealer(options.Password, options.TimeProvider);
            }

            problem = $"no Password (or Passwords): give one of at least {IronSealer.MinimumPasswordLength} characters, the same as the Next.js app's iron-session password.";
        }
        catch (ArgumentException e)
        {
            problem = e.Message;
        }

        return null;
    }
}
