using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Sealing -- --filter '*' --job short
BenchmarkSwitcher.FromAssembly(typeof(Sealing.Bench.SealingBenchmarks).Assembly).Run(args);
