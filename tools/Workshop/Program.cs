using Workshop;

// The workshop command: dotnet run --project tools/Workshop -- <verb> [step] [--yes]
IConsole console = new SystemConsole();
try
{
    return await Cli.RunAsync(args, Repository.Find(), console);
}
catch (UsageException e)
{
    console.WriteLine(e.Message, ConsoleColor.Red);
    return Cli.ExitUsage;
}
