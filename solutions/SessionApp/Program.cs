using SessionApp;
using SessionApp.Pages;   // from step 06
using SessionApp.Session; // from step 03

// The app's shape, one line per feature; each feature's wiring sits in its own folder. A line marked "from step NN"
// joins the workshop's app in that step: the steps' folders hold only what the tutorial has built by then.
var builder = WebApplication.CreateBuilder(args);

builder.AddWorkshopDefaults();  // errors as ProblemDetails, no Server header
// <step01-health-services>
builder.Services.AddHealthChecks();
// </step01-health-services>
builder.AddSessionCookies();    // the Session settings, the sealer, and the cookie plumbing around it
builder.AddVerifiedSealCache(); // solution only: the sealer remembers the seals it verified
builder.AddLogins();            // from step 07: users with hashed passwords, a login that checks them
builder.AddRevocation();        // from step 08: logouts the server remembers (in memory or Redis), the idle timeout
builder.AddSharedLoginLimit();  // solution only: with Session:Redis, one failed-login count for every instance
builder.AddAccount();           // from step 09: the session as the framework's authentication scheme

var app = builder.Build();

app.UseWorkshopDefaults();      // nosniff on every answer, the exception handler, routing
// <step01-health-endpoint>
app.MapHealthChecks("/healthz");
// </step01-health-endpoint>
app.MapSession();               // from step 03: the tutorial's session API (store; read from step 04, destroy from 05)
app.MapLogin();                 // from step 07
app.MapRevocation();            // from step 08: log out everywhere
app.MapAccount();               // from step 09: routes the framework protects, sign-in and sign-out through it
app.MapPages();                 // from step 06: the login and home pages, and their script

app.Run();
