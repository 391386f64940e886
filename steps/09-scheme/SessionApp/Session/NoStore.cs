namespace SessionApp.Session;

/// <summary>Responses that belong to one browser's session: no proxy or browser cache may keep them.</summary>
public static class NoStore
{
    public static TBuilder DisallowCaching<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            context.HttpContext.Response.Headers.CacheControl = "no-store";
            return await next(context);
        });
}
