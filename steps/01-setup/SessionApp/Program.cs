using SessionApp;

// The app's shape, one line per feature; each feature's wiring sits in its own folder. A line marked "from step NN"
// joins the workshop's app in that step: the steps' folders hold only what the tutorial has built by then.
var builder = WebApplication.CreateBuilder(args);

builder.AddWorkshopDefaults();  // errors as ProblemDetails, no Server header
// <stub-step01-health-services>
// TODO: Step 01, task 1: add the framework's health checks to the services (steps/01-setup/README.md#task-1).
// </stub-step01-health-services>
builder.AddSessionCookies();    // the Session settings, the sealer, and the cookie plumbing around it

var app = builder.Build();

app.UseWorkshopDefaults();      // nosniff on every answer, the exception handler, routing
// <stub-step01-health-endpoint>
// TODO: Step 01, task 1: answer GET /healthz with the health checks (steps/01-setup/README.md#task-1).
// </stub-step01-health-endpoint>

app.Run();
