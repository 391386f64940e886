using ClusterLoad;

// bench/cluster/run.sh runs this twice:
//   accounts --users 200 --out DIR   the users who log in with a real password: DIR/accounts.env (their settings, for the
//                                    app) and DIR/accounts.txt (username, password, id, for the soak)
//   soak --proxy URL --instances URL,URL,URL --state DIR --nodes nodes.sh [...]   the load, the faults and the report
if (args.Length > 0 && args[0] == "accounts")
{
    return Accounts.Write(args[1..]);
}

var options = args.Length > 0 && args[0] == "soak" ? Options.Parse(args[1..]) : null;
if (options is null)
{
    Console.Error.WriteLine("""
        usage: Load accounts --users N --out DIR
               Load soak --proxy URL --instances URL,URL,URL --state DIR --nodes FILE [--accounts FILE]
                         [--cookie-name NAME] [--users 200] [--connections 48] [--seconds-per-phase 40] [--seed N]
                         [--json FILE] [--markdown FILE] [--svg FILE] [--command TEXT]
        The instances must share Session:Password and Session:Redis; bench/cluster/run.sh starts them, the proxy
        and Redis, and gives this the state folder where nodes.sh keeps their ports, pids and logs.
        """);
    return 2;
}

return await Soak.RunAsync(options);
