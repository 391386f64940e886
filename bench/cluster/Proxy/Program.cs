using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.LoadBalancing;
using Yarp.ReverseProxy.Model;
using Yarp.ReverseProxy.Transforms;

// The cluster soak's load balancer: dotnet Proxy.dll --urls http://127.0.0.1:PORT --Destinations http://127.0.0.1:A,http://127.0.0.1:B,...
// Round-robin over the destinations. What takes a stopped or stopping instance out:
//   - active checks: GET /healthz every second; one non-2xx answer (or no answer in 2 s) marks the instance unhealthy,
//     one 2xx marks it healthy again. The app reports unhealthy as soon as it is asked to stop, and serves on for its
//     Draining:Delay, so it is out before its port closes;
//   - passive checks: an instance whose requests fail at the transport level (refused, reset) is out for 5 s;
//   - HealthyOrPanic: when every instance is unhealthy (Redis away makes each /healthz fail), requests still go to all
//     of them, which answer fail-closed (not logged in, 503 for changes), instead of the proxy's own 503 with no body.
var builder = WebApplication.CreateBuilder(args);
var destinations = (builder.Configuration["Destinations"] ?? string.Empty)
    .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
if (destinations.Length == 0)
{
    Console.Error.WriteLine("usage: Proxy --urls http://127.0.0.1:PORT --Destinations http://127.0.0.1:A,http://127.0.0.1:B,...");
    return 2;
}

const string ClusterId = "app";
RouteConfig[] routes = [new() { RouteId = "all", ClusterId = ClusterId, Match = new RouteMatch { Path = "{**catch-all}" } }];
ClusterConfig[] clusters =
[
    new()
    {
        ClusterId = ClusterId,
        LoadBalancingPolicy = LoadBalancingPolicies.RoundRobin,
        HealthCheck = new HealthCheckConfig
        {
            AvailableDestinationsPolicy = HealthCheckConstants.AvailableDestinations.HealthyOrPanic,
            Active = new ActiveHealthCheckConfig
            {
                Enabled = true,
                Interval = TimeSpan.FromSeconds(1),
                Timeout = TimeSpan.FromSeconds(2),
                Policy = HealthCheckConstants.ActivePolicy.ConsecutiveFailures,
                Path = "/healthz",
            },
            Passive = new PassiveHealthCheckConfig
            {
                Enabled = true,
                Policy = HealthCheckConstants.PassivePolicy.TransportFailureRate,
                ReactivationPeriod = TimeSpan.FromSeconds(5),
            },
        },
        Metadata = new Dictionary<string, string> { [ConsecutiveFailuresHealthPolicyOptions.ThresholdMetadataName] = "1" },
        // The instances are named 1, 2, 3 in the order given, as bench/cluster/run.sh numbers them.
        Destinations = destinations.Select((address, i) => (address, i))
            .ToDictionary(d => (d.i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), d => new DestinationConfig { Address = d.address }),
    },
];

builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
builder.Services.AddReverseProxy()
    .LoadFromMemory(routes, clusters)
    .AddTransforms(context => context.AddResponseTransform(transform =>
    {
        if (transform.HttpContext.Features.Get<IReverseProxyFeature>()?.ProxiedDestination is { } destination)
        {
            transform.HttpContext.Response.Headers["X-Cluster-Destination"] = destination.DestinationId;
        }

        return ValueTask.CompletedTask;
    }));

var app = builder.Build();
app.MapReverseProxy();
app.Run();
return 0;
