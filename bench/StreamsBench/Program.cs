using Messaging.Testing.Servers;
using Messaging.Streams.Commands;
using Messaging.Streams.Connection;
using StreamsBench;

// Compares our RESP client with redis-benchmark on one machine, in one run; see bench/RESULTS.md.
var requests = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 200_000;
const int Rounds = 3;
string[] commands = ["SET", "GET", "XADD"];
// 50 clients as redis-benchmark's default, unpipelined and 16 deep; and one lone client, which shows the per-command cost without multiplexing gains.
var cases = commands.SelectMany(command => new[]
{
    new BenchCase(command, requests, 50, 1),
    new BenchCase(command, requests, 50, 16),
    new BenchCase(command, requests / 10, 1, 1),
}).ToList();

var directory = Path.Combine(Path.GetTempPath(), $"streams-bench-{Environment.ProcessId}");
await using var server = await RedisServer.StartAsync(new RedisServerOptions { DataDirectory = directory, RequirePassword = false });
await using var client = await RedisClient.ConnectAsync(server.ConnectionString);

// Warm-up: JIT and tiered compilation settle before anything is measured.
await ClientWorkload.RunAsync(client, new BenchCase("SET", 100_000, 50, 16));
await ClientWorkload.RunAsync(client, new BenchCase("GET", 100_000, 50, 1));

var results = new List<BenchResult>();
foreach (var bench in cases)
{
    double best = 0, ours = 0;
    for (var round = 0; round < Rounds; round++)
    {
        await client.DeleteAsync("bench");
        best = Math.Max(best, await RedisBenchmarkRunner.RunAsync(bench, server.Port));
        await client.DeleteAsync("bench");
        ours = Math.Max(ours, await ClientWorkload.RunAsync(client, bench));
    }
    results.Add(new BenchResult(bench, RedisBenchmarkRunner.CommandLine(bench, server.Port).Replace($"-p {server.Port}", "-p <port>", StringComparison.Ordinal), best, ours));
    Console.WriteLine($"{bench.Command,-5} {bench.Mode,-13} redis-benchmark {best,12:N0} ops/s   client {ours,12:N0} ops/s   {ours / best,5:P0}");
}

Console.WriteLine();
Console.WriteLine(ResultsFile.Table(results));
var loadAverage = File.Exists("/proc/loadavg") ? $" Load average at the end (1, 5, 15 min): {string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3))}." : "";
var environment = $"{Environment.ProcessorCount} cores, .NET {Environment.Version}, {(await client.InfoAsync("server")).Split('\n').First(line => line.StartsWith("redis_version", StringComparison.Ordinal)).Trim()}.{loadAverage}";
var resultsPath = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "RESULTS.md"));
ResultsFile.Write(resultsPath, results, environment);
Console.WriteLine($"Written to {resultsPath}");
try
{
    Directory.Delete(directory, recursive: true);
}
catch (IOException)
{
}
