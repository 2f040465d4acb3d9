using Bench;
using FuzzBench;
using IngestBench;
using LoadBench;

// Hostile webhooks mixed with valid ones at load, through the gateway of the AppHost-run product:
// every valid message answered exactly once, every hostile request answered as the product
// documents (a 4xx, or a 200 for what it acknowledges), never a 5xx or internals, no service
// restarted, no dead letter, nothing left pending. Exits 1 on any violation; --seed reproduces a run.
if (FuzzArguments.Parse(args, out var exitCode) is not { } arguments)
{
    return exitCode;
}
Console.WriteLine($"FuzzBench seed {arguments.Seed}: {arguments.Count} requests at {arguments.Rate}/s, {arguments.HostileShare:P0} hostile.");
var loadBefore = LoadAverage();

await using var app = await BenchApp.CreateAsync(builder =>
{
    // Every hostile request is logged as a warning by design; errors still show.
    LoadProduct.Prepare(builder, "Error", ["gateway", "ingest", "agent", "sandbox"]);
    return [];
});
Console.WriteLine("Starting the product through the AppHost...");
await app.StartAsync(TimeSpan.FromMinutes(5));
await DemoReplies.CannedWithoutWaitAsync(app.Endpoint("admin"), app.DataDirectory, CancellationToken.None);
var liveness = new ServiceLiveness(app);

var gateway = app.Endpoint("gateway");
var publicBaseUrl = gateway.ToString().TrimEnd('/');
var sandbox = app.Endpoint("sandbox");
using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
var capture = new ResponseCapture(new SocketsHttpHandler { MaxConnectionsPerServer = 512, PooledConnectionLifetime = TimeSpan.FromMinutes(10) });
using var load = new HttpClient(capture) { Timeout = TimeSpan.FromSeconds(60) };
await using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(await app.ConnectionStringAsync("redis"));
var quiet = new PipelineQuiet(redis);
var streams = new StreamState(redis);
await using var replies = new SandboxReplies(http, sandbox);
replies.Start();
var generator = new OpenLoop(load);

async Task<FuzzRun> RunAsync(string name, FuzzPlan plan, Webhooks valid, int rate)
{
    await SandboxWindows.OpenAsync(http, sandbox, valid, plan.ValidIndexes);
    capture.Take();
    var started = DateTimeOffset.UtcNow;
    var sent = await generator.RunAsync(index => ResponseCapture.Tag(plan.Cases[index].Request(), index), rate, plan.Cases.Count);
    var seconds = (DateTimeOffset.UtcNow - started).TotalSeconds;
    // Every valid message that was acknowledged should be answered: wait for that, or a minute without progress.
    var expected = plan.Cases.Zip(sent).Where(r => r.Second.Acknowledged).SelectMany(r => r.First.Answered).ToList();
    var answered = 0;
    var lastProgress = DateTime.UtcNow;
    while (DateTime.UtcNow - lastProgress < TimeSpan.FromMinutes(1))
    {
        await replies.RefreshAsync(CancellationToken.None);
        var now = expected.Count(customer => replies.To(customer).Count > 0);
        if (now == expected.Count)
        {
            break;
        }
        if (now > answered)
        {
            (answered, lastProgress) = (now, DateTime.UtcNow);
        }
        await Task.Delay(200);
    }
    await quiet.WaitAsync(TimeSpan.FromMinutes(2));
    await replies.RefreshAsync(CancellationToken.None);
    var run = new FuzzRun(name, rate, plan, sent, capture.Take(), seconds, replies);
    Console.WriteLine($"{name}: {sent.Count} requests in {seconds:0.0} s, {run.ValidMessages} valid messages; valid ack p50/p90/p99/max {run.ValidAck.Cells} ms, reply {run.ValidReply.Cells} ms");
    return run;
}

// Warm-up: JIT, connection pools, the tenancy caches with the canned configuration.
var runs = new List<FuzzRun> { await RunAsync("warm-up", FuzzPlan.ValidOnly(new Webhooks(gateway, publicBaseUrl, "01"), 10), new Webhooks(gateway, publicBaseUrl, "01"), 10) };
var hostileValid = new Webhooks(gateway, publicBaseUrl, "03");
var plan = FuzzPlan.Create(hostileValid, arguments.Count, arguments.HostileShare, arguments.Seed);
if (!arguments.Quick)
{
    // The baseline: the same valid requests' count alone, arriving as often as they do among the hostile ones.
    var baselineValid = new Webhooks(gateway, publicBaseUrl, "02");
    var validRequests = plan.Cases.Count(c => !c.Hostile);
    var baselineRate = Math.Max(1, (int)Math.Round(arguments.Rate * (double)validRequests / plan.Cases.Count));
    runs.Add(await RunAsync($"baseline: valid only at {baselineRate}/s", FuzzPlan.ValidOnly(baselineValid, validRequests), baselineValid, baselineRate));
}
runs.Add(await RunAsync($"hostile mix at {arguments.Rate}/s", plan, hostileValid, arguments.Rate));

var unsettled = await streams.UnsettledGroupsAsync(TimeSpan.FromMinutes(2));
var deadLetters = await streams.DeadLettersAsync();
var inbound = await streams.InboundMessageIdsAsync();
var down = await liveness.ProblemsAsync(http);
var violations = runs.SelectMany(run => FuzzVerdict.Check(run, inbound)).ToList();
var checks = FuzzReport.Checks(violations, deadLetters, unsettled, down, liveness.StartPids);

Console.WriteLine();
Console.WriteLine(FuzzReport.Loads(runs.Skip(1)));
Console.WriteLine(FuzzReport.Kinds(runs[^1]));
Console.WriteLine(checks);
var failed = violations.Count + deadLetters.Count + unsettled.Count + down.Count > 0;
Console.WriteLine(failed
    ? $"FuzzBench FAILED (seed {arguments.Seed}; rerun with --seed {arguments.Seed})."
    : $"FuzzBench: every valid message answered exactly once, every hostile request answered as allowed, no restart, no dead letter, nothing pending (seed {arguments.Seed}).");

if (arguments.Results is { } results)
{
#if DEBUG
    const string Configuration = "Debug";
#else
    const string Configuration = "Release";
#endif
    ResultsSection.Replace(results, FuzzReport.Heading, FuzzReport.Section(arguments.Command(Configuration), arguments.Seed, loadBefore, LoadAverage(), [.. runs.Skip(1)], checks));
    Console.WriteLine($"Wrote {results}.");
}
return failed ? 1 : 0;

static string LoadAverage() => string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
