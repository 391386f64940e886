using SessionApp;
using SessionApp.Session; // from step 03

// The app's shape, one line per feature; each feature's wiring sits in its own folder. A line marked "from step NN"
// joins the workshop's app in that step: the steps' folders hold only what the tutorial has built by then.
var builder = WebApplication.CreateBuilder(args);

builder.AddWorkshopDefaults();  // errors as ProblemDetails, no Server header
builder.Services.AddHealthChecks();
builder.AddSessionCookies();    // the Session settings, the sealer, and the cookie plumbing around it

var app = builder.Build();

app.UseWorkshopDefaults();      // nosniff on every answer, the exception handler, routing
app.MapHealthChecks("/healthz");
app.MapSession();               // from step 03: the tutorial's session API (store; read from step 04, destroy from 05)

app.Run();
