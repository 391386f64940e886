using Workshop;

// The workshop command, from any folder of the repository: dotnet run --project <path to tools/Workshop> -- <verb> [step] [options]
IConsole console = new SystemConsole();
try
{
    var here = Directory.GetCurrentDirectory();
    return await Cli.RunAsync(args, Repository.Find(here), console, here);
}
catch (UsageException e)
{
    console.WriteLine(e.Message, ConsoleColor.Red);
    return Cli.ExitUsage;
}
