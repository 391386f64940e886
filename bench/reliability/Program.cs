using System.Globalization;
using System.Text.Json;
using Reliability;

// dotnet run -c Release --project bench/reliability -- all --url http://127.0.0.1:5080 --password '...'
//   commands: cookies | bodies | load | all
//   --cookie-name NAME (workshop_auth)  --cookies N (120000)  --bodies N (20000)  --seconds S (60)  --connections C (64)
//   --seed N  --json FILE
var options = Options.Parse(args);
if (options is null)
{
    Console.Error.WriteLine("""
        usage: Reliability <cookies|bodies|load|all> --url URL --password PASSWORD [--cookie-name NAME]
               [--cookies N] [--bodies N] [--seconds S] [--connections C] [--seed N] [--json FILE]
        The app at URL must run with Session:Password = PASSWORD and Session:CookieName = NAME (default workshop_auth);
        bench/reliability/run.sh starts one.
        """);
    return 2;
}

var reports = new List<Report>();
if (options.Command is "cookies" or "all")
{
    reports.Add(await CookieAbuse.RunAsync(options));
}

if (options.Command is "bodies" or "all")
{
    reports.Add(await BodyAbuse.RunAsync(options));
}

if (options.Command is "load" or "all")
{
    reports.Add(await Load.RunAsync(options));
}

Console.WriteLine();
Console.WriteLine("Summary");
foreach (var report in reports)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"  {report.Name,-13} tried {report.Tried,9:N0}   lost or wrong {report.Failures,4:N0}   {(report.Failures == 0 ? "OK" : "FAILED")}   ({report.Seconds:F0} s)"));
}

if (options.JsonPath is not null)
{
    await File.WriteAllTextAsync(options.JsonPath, JsonSerializer.Serialize(reports, Report.Json));
}

return reports.All(r => r.Failures == 0) ? 0 : 1;
