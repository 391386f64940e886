namespace SessionApp.Session;

/// <summary>
/// Refuses state-changing requests that another site made the browser send (cross-site request forgery), the way
/// Go 1.25's net/http CrossOriginProtection does: no tokens, only what the browser itself says about where a request
/// comes from. SameSite=Lax keeps the cookie off cross-site POSTs, but not off a sibling subdomain's: this does.
/// </summary>
public static class CrossSiteRequests
{
    /// <summary>Whether a request that changes state came from another origin and must be refused.</summary>
    public static bool IsCrossSite(HttpRequest request)
    {
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method))
        {
            return false; // safe methods change nothing
        }

        // A browser says where a request comes from: same-origin, same-site, cross-site, or none (typed by the user).
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0)
        {
            return site is not ("same-origin" or "none");
        }

        // Older browsers send only Origin: its host (and port) must be this request's Host.
        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0)
        {
            var scheme = origin.IndexOf("://", StringComparison.Ordinal);
            return scheme < 0 || !string.Equals(origin[(scheme + 3)..], request.Host.Value, StringComparison.OrdinalIgnoreCase);
        }

        // Neither header: not a browser (curl, another server), so no browser's cookie was sent on someone's behalf.
        return false;
    }

    /// <summary>
    /// Answers a cross-site request with 403 ProblemDetails before the handler runs, so it never gets a Set-Cookie.
    /// </summary>
    public static TBuilder RefuseCrossSite<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) => IsCrossSite(context.HttpContext.Request)
            ? TypedResults.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Cross-site request refused",
                detail: "This request came from another site (Sec-Fetch-Site or Origin says so); the session API only takes requests from its own pages.")
            : await next(context));
}
