using System.Globalization;
using Bench;
using IngestBench;
using LoadBench;
using Messaging.AppHost.Demo;

// Reply latency of canned answers under a fixed arrival rate: signed Meta and Twilio webhooks
// through the gateway, each from a new customer, answered through Ingest, the streams, the Agent
// and delivery to the Sandbox; the whatsapp-api-js and twilio peers as the acknowledgement
// baseline, with the same generator in the same run. --quick: 50 messages at 20/s, and the
// run fails unless every one is acknowledged and answered exactly once (no timing is judged).
if (BenchArguments.Parse(args, out var exitCode) is not { } arguments)
{
    return exitCode;
}
var loadBefore = LoadAverage();

await using var app = await BenchApp.CreateAsync(builder =>
{
    LoadProduct.Prepare(builder, "Warning", ["gateway", "ingest", "agent", "sandbox"]);
    return [];
});
Console.WriteLine("Starting the product through the AppHost...");
await app.StartAsync(TimeSpan.FromMinutes(5));
await DemoReplies.CannedWithoutWaitAsync(app.Endpoint("admin"), app.DataDirectory, CancellationToken.None);

var gateway = app.Endpoint("gateway");
var publicBaseUrl = gateway.ToString().TrimEnd('/');
await using var peers = arguments.Peers is { } peerFolder
    ? await Peers.StartAsync(peerFolder, DemoAccounts.MetaAppSecret, DemoAccounts.TwilioAuthToken, publicBaseUrl)
    : null;

using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512, PooledConnectionLifetime = TimeSpan.FromMinutes(10) }) { Timeout = TimeSpan.FromSeconds(30) };
await using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(await app.ConnectionStringAsync("redis"));
var quiet = new PipelineQuiet(redis);
var sandbox = app.Endpoint("sandbox");
await using var replies = new SandboxReplies(http, sandbox);
replies.Start();

IEnumerable<int> One(int? pid) => pid is { } p ? [p] : [];
var usage = new ServiceUsage(
[
    ("gateway", () => One(app.Pid("gateway"))),
    ("ingest", () => One(app.Pid("ingest"))),
    ("agent", () => One(app.Pid("agent"))),
    ("sandbox", () => One(app.Pid("sandbox"))),
    ("billing", () => One(app.Pid("billing"))),
    ("admin", () => One(app.Pid("admin"))),
    ("redis", () => One(app.Pid("redis"))),
    ("postgres", () => ServiceUsage.WithDescendants(app.Pid("postgres"))),
    ("generator + AppHost", () => [Environment.ProcessId]),
    ("peers", () => peers?.Pids ?? []),
]);
var generator = new OpenLoop(http);
var runNumber = 0;

async Task<RunResult> ProductAsync(int rate, int count)
{
    var webhooks = new Webhooks(gateway, publicBaseUrl, (++runNumber).ToString("D2", CultureInfo.InvariantCulture));
    await SandboxWindows.OpenAsync(http, sandbox, webhooks, count);
    var cpuBefore = usage.CpuSeconds();
    var started = DateTimeOffset.UtcNow;
    var sent = await generator.RunAsync(webhooks.Create, rate, count);
    var acknowledged = sent.Where(m => m.Acknowledged).ToList();
    // Every acknowledged message should be answered: wait for that (or give up after a minute without progress).
    var lastProgress = DateTime.UtcNow;
    var answered = 0;
    while (true)
    {
        await replies.RefreshAsync(CancellationToken.None);
        var now = acknowledged.Count(m => replies.To(webhooks.Customer(m.Index)).Count > 0);
        if (now == acknowledged.Count || DateTime.UtcNow - lastProgress > TimeSpan.FromMinutes(1))
        {
            break;
        }
        if (now > answered)
        {
            answered = now;
            lastProgress = DateTime.UtcNow;
        }
        await Task.Delay(100);
    }
    var seconds = (DateTimeOffset.UtcNow - started).TotalSeconds;
    var cpu = usage.CpuSeconds().Zip(cpuBefore, (after, before) => after - before).ToArray();
    await quiet.WaitAsync(TimeSpan.FromMinutes(2));
    await replies.RefreshAsync(CancellationToken.None);
    var replyMs = new List<double>();
    var unanswered = 0;
    var duplicates = 0;
    foreach (var message in sent)
    {
        var to = replies.To(webhooks.Customer(message.Index));
        if (to.Count == 0)
        {
            unanswered++;
            continue;
        }
        duplicates += to.Count - 1;
        replyMs.Add((to.Min() - message.DueAt).TotalMilliseconds);
    }
    return new RunResult("product (gateway -> ingest -> agent -> Sandbox)", rate, sent, seconds, replyMs, unanswered, duplicates, usage.Names, cpu, usage.ResidentMiB());
}

async Task<RunResult> PeerAsync(string target, Uri peer, int rate, int count)
{
    var webhooks = new Webhooks(peer, publicBaseUrl, (++runNumber).ToString("D2", CultureInfo.InvariantCulture));
    // The peer serves one provider each: the same generator, every message of that provider.
    var twilio = target.Contains("twilio", StringComparison.Ordinal);
    HttpRequestMessage Request(int index) => webhooks.Create(index * 2 + (twilio ? 1 : 0));
    var cpuBefore = usage.CpuSeconds();
    var started = DateTimeOffset.UtcNow;
    var sent = await generator.RunAsync(Request, rate, count);
    var seconds = (DateTimeOffset.UtcNow - started).TotalSeconds;
    var cpu = usage.CpuSeconds().Zip(cpuBefore, (after, before) => after - before).ToArray();
    return new RunResult(target, rate, sent, seconds, null, 0, 0, usage.Names, cpu, usage.ResidentMiB());
}

static void Print(RunResult run) => Console.WriteLine(
    $"{run.Target} at {run.Rate}/s: {run.Messages.Count} sent, {run.Acknowledged} acked, {run.Errors} errors, ack p50/p90/p99/max {run.Ack.Cells} ms"
    + (run.Reply is { } reply ? $"; replied {run.Messages.Count - run.Unanswered}, duplicates {run.Duplicates}, reply p50/p90/p99/max {reply.Cells} ms" : ""));

// Warm-up: JIT, connection pools, the tenancy caches with the new reply configuration.
Print(await ProductAsync(10, 20));

var runs = new List<RunResult>();
foreach (var rate in arguments.Rates)
{
    var count = arguments.MessagesAt(rate);
    var product = await ProductAsync(rate, count);
    Print(product);
    runs.Add(product);
    if (peers is not null)
    {
        foreach (var (target, uri) in new[] { ("whatsapp-api-js peer (Meta)", peers.Meta), ("twilio peer", peers.Twilio) })
        {
            var peer = await PeerAsync(target, uri, rate, count);
            Print(peer);
            runs.Add(peer);
        }
    }
}

if (arguments.Quick)
{
    var product = runs.Single(r => r.ReplyMs is not null);
    var problems = new List<string>();
    if (product.Errors > 0)
    {
        problems.Add($"{product.Errors} webhook(s) not acknowledged: " + string.Join(", ", product.Messages.Where(m => !m.Acknowledged).Take(5).Select(m => $"#{m.Index} {m.Status} {m.Error}")));
    }
    if (product.Unanswered > 0)
    {
        problems.Add($"{product.Unanswered} message(s) never answered");
    }
    if (product.Duplicates > 0)
    {
        problems.Add($"{product.Duplicates} duplicate repl(ies)");
    }
    foreach (var peer in runs.Where(r => r.ReplyMs is null && r.Errors > 0))
    {
        problems.Add($"{peer.Target}: {peer.Errors} request(s) refused");
    }
    Console.WriteLine(problems.Count == 0
        ? $"Quick load: {product.Messages.Count} messages, every one acknowledged and answered exactly once."
        : "Quick load FAILED: " + string.Join("; ", problems));
    return problems.Count == 0 ? 0 : 1;
}

if (arguments.Results is { } results)
{
    // The peers' folder is this machine's: the command names it, never its place.
    var shown = args.Select((argument, i) => i > 0 && args[i - 1] == "--peers" ? "<folder of the peers>" : argument);
#if DEBUG
    const string Configuration = "Debug";
#else
    const string Configuration = "Release";
#endif
    var command = $"dotnet run -c {Configuration} --project bench/LoadBench -- " + string.Join(' ', shown);
    ResultsSection.Replace(results, LoadReport.Heading, LoadReport.Section(command, runs, loadBefore, LoadAverage()));
    Console.WriteLine($"Wrote {results}.");
}
return 0;

static string LoadAverage() => string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
