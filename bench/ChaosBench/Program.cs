using Aspire.Hosting;
using Bench;
using ChaosBench;
using IngestBench;
using LoadBench;

// The same open-loop load as LoadBench, with canned and AI (credit-costing) replies, while
// services, Redis and PostgreSQL are SIGKILLed at random moments; afterwards: every acknowledged
// message answered exactly once (extra copies only in the documented send window), nothing
// pending in any consumer group, every dead letter shown, the credit ledger balanced. Exit 1 on
// any violation. --quick: the Agent, Ingest and Redis killed once each, no baseline, no timing judged.
if (ChaosArguments.Parse(args, out var exitCode) is not { } arguments)
{
    return exitCode;
}
var runStarted = System.Diagnostics.Stopwatch.StartNew();
var loadBefore = LoadAverage();
string[] product = ["redis", "postgres", "gateway", "sandbox", "admin", "billing", "ingest", "agent"];

await using var app = await BenchApp.CreateAsync(builder =>
{
    // Recovery as fast as the end-to-end tests have it, so a run is minutes, not hours.
    LoadProduct.Project(builder, "agent").WithEnvironment("Agent__StalledTurnAfter", "00:00:08")
        .WithEnvironment("Agent__StalledTurnSweepInterval", "00:00:02")
        .WithEnvironment("Agent__DeliveryVisibilityTimeout", "00:00:20");
    LoadProduct.Prepare(builder, "Warning", ["gateway", "ingest", "agent", "sandbox", "billing", "admin"]);
    return [];
}, durablePostgres: true);
Console.WriteLine("Starting the product through the AppHost...");
await app.StartAsync(TimeSpan.FromMinutes(5));
var cafe = await DemoReplies.WithoutWaitAsync(app.Endpoint("admin"), app.DataDirectory, ChaosMessages.AiDefaultRule, CancellationToken.None);
using var billing = DemoReplies.AppHostClient(app.Endpoint("billing"), app.DataDirectory);
using var billingReader = await DemoReplies.OperatorClientAsync(app.Endpoint("admin"), app.Endpoint("billing"), app.DataDirectory, cafe, CancellationToken.None);
var credits = new CreditAudit(billing, billingReader, cafe);
// Enough for every AI reply of the run, so no reply is refused for credit.
await credits.GrantAsync(arguments.Messages * 2L, "chaos run");

using var retries = new ProviderRetries(TimeSpan.FromMinutes(3));
using var webhookHttp = new HttpClient(retries) { Timeout = TimeSpan.FromMinutes(4) };
using var sandboxHttp = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
await using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(await app.ConnectionStringAsync("redis") + ",abortConnect=false");
var streams = new StreamAudit(redis);
await using var replies = new SandboxReplies(sandboxHttp, app.Endpoint("sandbox"));
var phases = new LoadPhases(app, new OpenLoop(webhookHttp), retries, sandboxHttp, replies, streams, new FaultInjector(app, product));

var results = new List<PhaseResult>
{
    // JIT, connection pools, the tenancy caches with the new reply configuration.
    await phases.RunAsync("warm-up", 5, 15, [], 0),
};
if (!arguments.Quick)
{
    Console.WriteLine($"Baseline: {arguments.Messages} messages at {arguments.Rate}/s, no fault...");
    results.Add(await phases.RunAsync("baseline (no fault)", arguments.Rate, arguments.Messages, [], arguments.SlotSeconds));
}
Console.WriteLine($"Chaos: {arguments.Messages} messages at {arguments.Rate}/s, killing {string.Join(", then ", arguments.Faults.Select(f => f.Name))}...");
results.Add(await phases.RunAsync("chaos", arguments.Rate, arguments.Messages, arguments.Faults, arguments.SlotSeconds));

var audits = results.Select(r => ReplyAudit.Of(r, replies)).ToList();
var (backlog, scheduled) = await streams.BacklogAsync();
var deadLetters = await streams.DeadLettersAsync();
var figures = await credits.ReadAsync();
var problems = audits.SelectMany(a => a.Problems()).ToList();
problems.AddRange(backlog.Select(b => $"{b.Stream} group {b.Group}: {b.Pending} pending{(b.Unread ? ", entries unread" : "")}"));
if (scheduled > 0)
{
    problems.Add($"{scheduled} conversation(s) still scheduled for a turn");
}
// None is expected: every message of the run is valid, and a fault makes a handler retry, not give up.
problems.AddRange(deadLetters.Select(d => $"dead letter on {d.Stream} ({d.Group}): {d.ErrorType}: {d.ErrorMessage}"));
problems.AddRange(CreditAudit.Problems(figures, audits.Sum(a => a.AiAnswered)));

Console.WriteLine();
Console.WriteLine(ChaosReport.Phases(audits));
Console.WriteLine(ChaosReport.Faults(results[^1].Faults));
var checks = ChaosReport.Checks(audits, backlog, scheduled, deadLetters, figures, problems);
Console.WriteLine(checks);

if (!arguments.Quick && arguments.Results is { } path)
{
#if DEBUG
    const string Configuration = "Debug";
#else
    const string Configuration = "Release";
#endif
    var command = $"dotnet run -c {Configuration} --project bench/ChaosBench -- " + string.Join(' ', args);
    ResultsSection.Replace(path, ChaosReport.Heading, ChaosReport.Section(command, loadBefore, LoadAverage(), arguments.SlotSeconds, audits, checks));
    Console.WriteLine($"Wrote {path}.");
}
Console.WriteLine($"{(problems.Count == 0 ? "Chaos run passed" : "Chaos run FAILED")} after {runStarted.Elapsed.TotalMinutes:0.0} minutes.");
return problems.Count == 0 ? 0 : 1;

static string LoadAverage() => string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
