using System.CommandLine;
using System.Diagnostics;
using Bench;
using System.Globalization;
using System.Text.Json;
using Messaging.Testing.Servers;
using StackExchange.Redis;
using StreamsBench;

// The bus on one redis-server, in one run: this checkout's bus, the previous client's bus (the
// same workload built against another checkout, see README), and redis-benchmark at the same
// concurrency. Writes its section of bench/RESULTS.md.
//
//   dotnet run -c Release --project bench/StreamsBench -- [--events N] [--previous path/to/StreamsBench.dll]
//   (internal) StreamsBench --bus-only <connection string> <events> <concurrency> <pick-up samples>
var invariant = CultureInfo.InvariantCulture;
if (args.Length == 5 && args[0] == "--bus-only")
{
    var figures = await new BusWorkload(args[1], int.Parse(args[2], invariant), int.Parse(args[3], invariant), int.Parse(args[4], invariant)).RunAsync();
    Console.WriteLine(JsonSerializer.Serialize(figures));
    return 0;
}

var eventsOption = BenchCommandLine.Option("--events", "events published and consumed per client", 50_000).Within(1000, 10_000_000);
var previousOption = BenchCommandLine.Option("--previous", "StreamsBench.dll built from the commit before the bus moved to StackExchange.Redis",
    Path.Combine(AppContext.BaseDirectory, "..", "..", "previous", "Release", "net10.0", "StreamsBench.dll"));
var command = new RootCommand("The bus against redis-benchmark and the previous client, on one redis-server.") { eventsOption, previousOption };
if (BenchCommandLine.Parse(command, args, out var exitCode) is not { } commandLine)
{
    return exitCode;
}
var events = commandLine.GetValue(eventsOption);
const int Concurrency = 50;
const int PickUpSamples = 300;
var previous = commandLine.GetValue(previousOption)!;

var directory = Path.Combine(Path.GetTempPath(), $"streams-bench-{Environment.ProcessId}");
await using var server = await RedisServer.StartAsync(new RedisServerOptions { DataDirectory = directory, RequirePassword = false });
var admin = ConfigurationOptions.Parse(server.ConnectionString);
admin.AllowAdmin = true;
await using var redis = await ConnectionMultiplexer.ConnectAsync(admin);
var serverCommands = redis.GetServer(redis.GetEndPoints()[0]);

Console.WriteLine($"bus on StackExchange.Redis: {events:N0} events, {Concurrency} callers / consumer slots, {PickUpSamples} pick-ups");
var current = await new BusWorkload(server.ConnectionString, events, Concurrency, PickUpSamples).RunAsync();
Console.WriteLine(current);
var sample = (await redis.GetDatabase().StreamRangeAsync((await serverCommands.KeysAsync(pattern: "bench:bus:*").FirstAsync()), count: 1)).Single();
await serverCommands.FlushAllDatabasesAsync();

BusFigures? before = null;
if (File.Exists(previous))
{
    Console.WriteLine($"bus on the previous client ({previous})");
    before = await RunPreviousAsync(previous, server.ConnectionString);
    Console.WriteLine(before);
    await serverCommands.FlushAllDatabasesAsync();
}
else
{
    Console.WriteLine($"No previous build at {previous}: that column stays empty (see the README for how to build it).");
}

// redis-benchmark appends the very entry the bus wrote (same fields and sizes), then reads it back
// through a consumer group one entry per call, with as many connections as the bus had callers.
List<string> entry = [.. sample.Values.SelectMany(field => new[] { field.Name.ToString(), field.Value.ToString() })];
var append = await RedisBenchmarkRunner.RunAsync(server.Port, events, Concurrency, ["XADD", "bench:rb", "*", .. entry]);
await redis.GetDatabase().StreamCreateConsumerGroupAsync("bench:rb", "rb", "0");
var read = await RedisBenchmarkRunner.RunAsync(server.Port, events, Concurrency, ["XREADGROUP", "GROUP", "rb", "c", "COUNT", "1", "STREAMS", "bench:rb", ">"]);
var roundTrip = await RedisBenchmarkRunner.RunAsync(server.Port, 20_000, 1, ["XADD", "bench:rb1", "*", .. entry]);
Console.WriteLine(append);
Console.WriteLine(read);
Console.WriteLine(roundTrip);

var info = await serverCommands.InfoRawAsync("server") ?? "";
var version = info.Split('\n').Select(line => line.Trim()).FirstOrDefault(line => line.StartsWith("redis_version:", StringComparison.Ordinal)) ?? "redis_version:?";
var loadAverage = File.Exists("/proc/loadavg") ? $" Load average at the end (1, 5, 15 min): {string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3))}." : "";
var environment = $"{Environment.ProcessorCount} cores, .NET {Environment.Version}, {version}.{loadAverage}";
var resultsPath = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "RESULTS.md"));
ResultsFile.Write(resultsPath, new BenchRun(events, Concurrency, current, before, append, read, roundTrip, environment));
Console.WriteLine($"Written to {resultsPath}");
try
{
    Directory.Delete(directory, recursive: true);
}
catch (IOException)
{
}
return 0;

async Task<BusFigures> RunPreviousAsync(string assembly, string connectionString)
{
    var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true };
    foreach (var argument in new[] { assembly, "--bus-only", connectionString, events.ToString(invariant), Concurrency.ToString(invariant), PickUpSamples.ToString(invariant) })
    {
        start.ArgumentList.Add(argument);
    }
    using var process = Process.Start(start) ?? throw new InvalidOperationException("The previous build did not start.");
    var output = await process.StandardOutput.ReadToEndAsync();
    await process.WaitForExitAsync();
    var line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault(text => text.StartsWith('{'))
        ?? throw new InvalidOperationException($"The previous build printed no figures (exit {process.ExitCode}): {output}");
    return JsonSerializer.Deserialize<BusFigures>(line)!;
}
