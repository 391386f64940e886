using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Transforms;

// The cross-stack demo's front: one origin for both apps, so the browser sends the same session cookie to each.
//   dotnet run --project demos/cross-stack/Front -- --urls http://127.0.0.1:5100 --Next http://127.0.0.1:A --AspNetCore http://127.0.0.1:B
// /next and /next/... go to the Next.js app (its basePath is /next, so the path goes through unchanged); everything
// else goes to the ASP.NET Core app. The browser's Host header goes through too, so each app sees the origin the
// browser used (the ASP.NET Core app compares a POST's Origin with it when Sec-Fetch-Site is missing).
var builder = WebApplication.CreateBuilder(args);
var next = builder.Configuration["Next"];
var aspNetCore = builder.Configuration["AspNetCore"];
if (!Uri.TryCreate(next, UriKind.Absolute, out _) || !Uri.TryCreate(aspNetCore, UriKind.Absolute, out _))
{
    Console.Error.WriteLine("usage: CrossStack.Front --urls http://127.0.0.1:PORT --Next http://127.0.0.1:A --AspNetCore http://127.0.0.1:B");
    return 2;
}

RouteConfig[] routes =
[
    new RouteConfig { RouteId = "next", ClusterId = "next", Order = 1, Match = new RouteMatch { Path = "/next/{**rest}" } }
        .WithTransformUseOriginalHostHeader(),
    new RouteConfig { RouteId = "aspnetcore", ClusterId = "aspnetcore", Order = 2, Match = new RouteMatch { Path = "{**rest}" } }
        .WithTransformUseOriginalHostHeader(),
];
ClusterConfig[] clusters =
[
    new() { ClusterId = "next", Destinations = new Dictionary<string, DestinationConfig> { ["next"] = new() { Address = next! } } },
    new() { ClusterId = "aspnetcore", Destinations = new Dictionary<string, DestinationConfig> { ["aspnetcore"] = new() { Address = aspNetCore! } } },
];

builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
builder.Services.AddReverseProxy().LoadFromMemory(routes, clusters);

var app = builder.Build();
app.MapReverseProxy();
app.Run();
return 0;
