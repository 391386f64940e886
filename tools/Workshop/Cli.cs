using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.Globalization;
using System.Text;

namespace Workshop;

/// <summary>
/// The verbs, parsed by System.CommandLine. Exit codes: 0 done, 1 something to fix (a red step, a broken contract),
/// 2 bad usage (an unknown verb or option, a missing or wrong step, an extra argument), 3 declined.
/// </summary>
public static class Cli
{
    public const int ExitOk = 0;
    public const int ExitFailed = 1;
    public const int ExitUsage = 2;
    public const int ExitDeclined = 3;

    /// <param name="args">The command line after <c>--</c>.</param>
    /// <param name="repository">The workshop repository the verbs work on.</param>
    /// <param name="console">Where the verbs write and ask.</param>
    /// <param name="currentDirectory">The folder the learner runs the tool from, so every command and path it prints
    /// works there; the repository root when not given.</param>
    public static Task<int> RunAsync(string[] args, Repository repository, IConsole console, string? currentDirectory = null) =>
        RunUntilAsync(args, repository, console, currentDirectory, CancellationToken.None);

    /// <summary><see cref="RunAsync"/>, with a token that ends a verb that runs until stopped (<c>room serve</c>), as Ctrl+C does.</summary>
    public static async Task<int> RunUntilAsync(string[] args, Repository repository, IConsole console, string? currentDirectory, CancellationToken cancellationToken)
    {
        var here = new Here(repository, currentDirectory ?? repository.Root);
        var root = Commands(here, console);
        using var output = new ConsoleWriter(console);

        // `help` and `help solve` read as --help; no verb at all is a usage error that shows the help.
        string[] line = args switch
        {
            [] => ["--help"],
            ["help", .. var rest] => [.. rest, "--help"],
            _ => args,
        };
        var parsed = root.Parse(line);
        if (parsed.Errors.Count > 0)
        {
            // "frob" alone says both that no verb was given and that frob is unknown: the second is the news.
            var errors = parsed.UnmatchedTokens.Count > 0 && parsed.CommandResult.Command == root
                ? parsed.Errors.Where(e => e.Message.Contains(parsed.UnmatchedTokens[0], StringComparison.Ordinal))
                : parsed.Errors;
            foreach (var error in errors)
            {
                console.WriteLine(error.Message, ConsoleColor.Red);
            }

            var verb = parsed.CommandResult.Command == root ? string.Empty : parsed.CommandResult.Command.Name + " ";
            console.WriteLine($"`{here.Tool(verb + "--help")}` shows what {(verb.Length > 0 ? verb.Trim() : "each verb")} takes.");
            return ExitUsage;
        }

        try
        {
            var exit = await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = output, EnableDefaultExceptionHandler = false }, cancellationToken);
            return args.Length == 0 ? ExitUsage : exit;
        }
        catch (UsageException e)
        {
            console.WriteLine(e.Message, ConsoleColor.Red);
            return ExitUsage;
        }
    }

    /// <summary>The tasks whose TODO is still in the learner's copy of a step, in order.</summary>
    public static IReadOnlyList<int> OpenTasks(Repository repository, Step step)
    {
        return [.. Generator.ReadFolder(repository.StarterFolder(step)).Values
            .SelectMany(text => Markers.Todo().Matches(text))
            .Where(m => int.Parse(m.Groups["step"].Value, CultureInfo.InvariantCulture) == step.Number)
            .Select(m => int.Parse(m.Groups["task"].Value, CultureInfo.InvariantCulture))
            .Distinct().Order()];
    }

    private static RootCommand Commands(Here here, IConsole console)
    {
        var repository = here.Repository;
        var yes = () => new Option<bool>("--yes", "-y") { Description = "Do not ask before overwriting (for scripts); the copies are kept all the same." };

        var statusStep = StepArgument.Optional($"Only this step (1 to {Step.All.Count}); every step when left out.");
        var summary = new Option<bool>("--summary") { Description = "One line per step tested here, to paste into a chat: \"03-store: task 2 of 2\", or \"done\"." };
        var statusRun = new Option<bool>("--run") { Description = "Build and run the steps' tests first (minutes), instead of reading their last results (a moment)." };
        var status = new Command("status", "Show what passes in each step and the next task to do, from each step's last test run.") { statusStep, summary, statusRun };
        status.SetAction(p => Status.RunAsync(here, console, Steps(p.GetValue(statusStep)), p.GetValue(summary), p.GetValue(statusRun)));

        var hintStep = StepArgument.Required($"The step you are on (1 to {Step.All.Count}).");
        var all = new Option<bool>("--all") { Description = "Show every level of the hint at once." };
        var hint = new Command("hint", "Show the next hint for your current task of a step: a nudge, then the API, then the shape.") { hintStep, all };
        hint.SetAction(p => Hints.Run(here, console, p.GetRequiredValue(hintStep), p.GetValue(all)));

        var solveStep = StepArgument.Required($"The step to solve (1 to {Step.All.Count}).");
        var solveYes = yes();
        var solve = new Command("solve", "Write the solution of a step into steps/ (for demos; asks first, keeps a copy of what it overwrites).") { solveStep, solveYes };
        solve.SetAction(p => Overwrite.Run(here, console, p.GetRequiredValue(solveStep), solve: true, p.GetValue(solveYes)));

        var resetStep = StepArgument.Required($"The step to reset (1 to {Step.All.Count}).");
        var resetYes = yes();
        var reset = new Command("reset", "Put the starter of a step back (asks first, keeps a copy of what it overwrites).") { resetStep, resetYes };
        reset.SetAction(p => Overwrite.Run(here, console, p.GetRequiredValue(resetStep), solve: false, p.GetValue(resetYes)));

        var doctor = new Command("doctor", "Check the SDK, restore the tools and packages, build every step, check port 5080, find a browser for step 06.");
        doctor.SetAction(_ => Doctor.RunAsync(here, console));

        var verifyStep = StepArgument.Optional($"Only this step (1 to {Step.All.Count}); every step when left out.");
        var writeTasks = new Option<bool>("--write-tasks") { Description = "Rewrite each step test's [Task(K)] from what the runs show (implies --per-task)." };
        var perTask = new Option<bool>("--per-task") { Description = "Also check each task: with tasks 1..K solved, exactly the tests declaring tasks 1..K pass." };
        var verify = new Command("verify", "Maintainers: check the kata contract of every step (or one step).") { verifyStep, writeTasks, perTask };
        verify.SetAction(p => new Contract(repository, console).VerifyAsync(Steps(p.GetValue(verifyStep)), p.GetValue(writeTasks), p.GetValue(perTask)));

        var check = new Option<bool>("--check") { Description = "Only compare, write nothing; exit 1 when a starter differs." };
        var generate = new Command("generate", "Maintainers: write every starter from solutions/.") { check };
        generate.SetAction(p => Generate(here, console, p.GetValue(check)));

        var username = new Option<string>("--username") { Description = "The user the hash is for: the settings it prints name them.", DefaultValueFactory = _ => "alice" };
        var userId = new Option<long?>("--id") { Description = "The user's id (each user has its own); by default one more than the largest in the app's settings files." };
        var hashPassword = new Command("hash-password", "Hash a password for a Login:Users entry (step 07): reads it without showing it, or from piped input.") { username, userId };
        hashPassword.SetAction(p => PasswordHash.Run(console, repository, p.GetRequiredValue(username), p.GetValue(userId)));

        var address = new Option<string>("--address") { Description = "The address to listen on: 127.0.0.1 (this laptop only) unless told, 0.0.0.0 for the room's network.", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port") { Description = $"The board's port ({RoomBoard.DefaultPort} unless told).", DefaultValueFactory = _ => RoomBoard.DefaultPort };
        var serve = new Command("serve", "Instructors: run the room board, a page showing each learner's step, task and red/green counts as they test.") { address, port };
        serve.SetAction((p, cancel) => Room.ServeAsync(here, console, p.GetRequiredValue(address), p.GetValue(port), cancel));
        var boardAddress = new Argument<string>("address") { Description = "The board's address, as the instructor's screen shows it: http://192.168.1.20:5090." };
        var name = new Option<string>("--name") { Description = "The name the board shows for you (a first name or a seat number).", Required = true };
        var join = new Command("join", "Send each test run's one-line summary (step, task, counts) to the room board; nothing else leaves the laptop.") { boardAddress, name };
        join.SetAction((p, cancel) => Room.JoinAsync(here, console, p.GetRequiredValue(boardAddress), p.GetRequiredValue(name), cancel));
        var leave = new Command("leave", "Stop sending test runs to the room board.");
        leave.SetAction(_ => Room.Leave(here, console));
        var room = new Command("room", "The room board: `room serve` on the instructor's laptop, `room join` on each learner's.") { serve, join, leave };

        var demoPort = new Option<int>("--port") { Description = $"The port of the one address to open, on this laptop ({CrossStackDemo.DefaultPort} unless told).", DefaultValueFactory = _ => CrossStackDemo.DefaultPort };
        var crossStack = new Command("cross-stack", "Run the Next.js app of demos/cross-stack and the finished ASP.NET Core app under one origin, sharing one iron-session cookie (docs/cross-stack.md); Ctrl+C stops them.") { demoPort };
        crossStack.SetAction((p, cancel) => CrossStackDemo.RunAsync(here, console, p.GetValue(demoPort), cancel));
        var demo = new Command("demo", "Instructors: demos beyond the steps (`demo cross-stack`: moving a Next.js app to ASP.NET Core while users stay logged in).") { crossStack };

        var root = new RootCommand("The workshop command: your status, hints, the solution or the starter of a step, and the maintainers' checks. It works from any folder of the repository.")
        {
            status, hint, solve, reset, doctor, verify, generate, hashPassword, room, demo,
        };

        // The help starts with the line to type from the current folder (the usage line names the program alone).
        foreach (var help in root.Options.OfType<HelpOption>())
        {
            if (help.Action is HelpAction action)
            {
                help.Action = new HelpFromHere(action, here);
            }
        }

        return root;
    }

    private static IReadOnlyList<Step> Steps(Step? step) => step is null ? Step.All : [step];

    private static int Generate(Here here, IConsole console, bool check)
    {
        var repository = here.Repository;
        var generator = new Generator(repository);
        var drifted = 0;
        foreach (var step in Step.All)
        {
            var target = repository.StarterFolder(step);
            var differences = Generator.Differences(generator.Starter(step), Generator.ReadFolder(target));
            if (differences.Count == 0)
            {
                continue;
            }

            drifted++;
            if (check)
            {
                console.WriteLine($"{here.Show(target)} differs from the generator: {string.Join(", ", differences)}", ConsoleColor.Red);
            }
            else
            {
                Generator.Write(generator.Starter(step), target);
                console.WriteLine($"wrote {here.Show(target)} ({differences.Count} files changed)");
            }
        }

        if (check && drifted > 0)
        {
            console.WriteLine($"Run `{here.Tool("generate")}` and commit the result.");
            return ExitFailed;
        }

        console.WriteLine(drifted == 0 ? "Every starter matches the solution." : $"{drifted} starters regenerated.");
        return ExitOk;
    }

    /// <summary>System.CommandLine's help, after one line that says how to run the tool from the current folder.</summary>
    private sealed class HelpFromHere(HelpAction help, Here here) : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            var command = parseResult.CommandResult.Command;
            var arguments = command.Arguments.Select(a => a.Arity.MinimumNumberOfValues == 0 ? $"[<{a.Name}>]" : $"<{a.Name}>");
            var verb = command is RootCommand ? "<verb> [options]" : string.Join(' ', [command.Name, .. arguments, "[options]"]);
            parseResult.InvocationConfiguration.Output.WriteLine($"Run from here as: {here.Tool(verb)}");
            parseResult.InvocationConfiguration.Output.WriteLine();
            return help.Invoke(parseResult);
        }
    }

    /// <summary>Lets System.CommandLine's help and messages reach the tool's console.</summary>
    private sealed class ConsoleWriter(IConsole console) : TextWriter
    {
        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value) => console.Write(value.ToString());

        public override void Write(string? value) => console.Write(value ?? string.Empty);

        public override void WriteLine(string? value) => console.WriteLine(value ?? string.Empty);
    }
}
