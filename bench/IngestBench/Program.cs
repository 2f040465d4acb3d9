using System.CommandLine;
using System.Globalization;
using System.Text;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using IngestBench;
using Messaging.AppHost.Demo;
using Messaging.Channels.Meta;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

// Acknowledged webhooks per second and acknowledgement latency through the gateway (signature
// check, channel lookup, deduplicated XADD), next to a bare Kestrel endpoint that only reads the
// body and answers 200, on the same machine in the same run.
//   dotnet run -c Release --project bench/IngestBench -- [seconds, default 10] [results file, default bench/RESULTS.md]
var secondsArgument = new Argument<int>("seconds")
{
    Description = "seconds of load per target",
    DefaultValueFactory = _ => 10,
    CustomParser = Bench.BenchCommandLine.Number<int>("seconds", value => value is >= 1 and <= 600, "from 1 to 600"),
};
var resultsArgument = new Argument<string>("results") { Description = "the RESULTS.md whose IngestBench section is written", DefaultValueFactory = _ => Path.Combine(RepositoryRoot.Path, "bench", "RESULTS.md") };
if (Bench.BenchCommandLine.Parse(new RootCommand("Acknowledged webhooks per second through the gateway, next to a bare Kestrel endpoint.") { secondsArgument, resultsArgument }, args, out var exitCode) is not { } commandLine)
{
    return exitCode;
}
var seconds = commandLine.GetValue(secondsArgument);
var results = commandLine.GetValue(resultsArgument)!;
var duration = TimeSpan.FromSeconds(seconds);

var bare = WebApplication.CreateBuilder();
// Port 0: Kestrel binds a free one and reports it in Urls once started.
bare.WebHost.UseUrls("http://127.0.0.1:0");
bare.Logging.ClearProviders();
var bareApp = bare.Build();
bareApp.MapPost("/webhooks/whatsapp", async (HttpRequest request) =>
{
    await request.Body.CopyToAsync(Stream.Null);
    return Results.Ok();
});
bareApp.MapGet("/health", () => Results.Ok());
await bareApp.StartAsync();
var bareUrl = new Uri(bareApp.Urls.First());

await using var app = await BenchApp.CreateAsync(builder =>
{
    IResourceBuilder<ProjectResource> Project(string name) => builder.CreateResourceBuilder(builder.Resources.OfType<ProjectResource>().Single(p => p.Name == name));
    var gateway = Project("gateway");
    // The same gateway in front of the bare endpoint: what the extra hop alone costs.
    var hop = builder.AddProject<Projects.Gateway>("gateway-hop")
        .WithHttpEndpoint(name: "http")
        .WithEnvironment("services__ingest__http__0", bareUrl.ToString().TrimEnd('/'))
        .WithHttpHealthCheck("/health")
        .WaitFor(gateway);
    // The cheapest forwarder possible in front of the same endpoint: what any extra process costs.
    var forwarder = builder.AddProject<MinimalForwarderProject>("minimal-forwarder")
        .WithHttpEndpoint(name: "http")
        .WithEnvironment("Forward__To", bareUrl.ToString())
        .WithHttpHealthCheck("/health");
    // The benchmark is one source sending thousands of requests a second: lift the per-source limit.
    foreach (var limited in new[] { gateway, hop })
    {
        limited.WithEnvironment("Gateway__RateLimit__PermitsPerSecond", "1000000").WithEnvironment("Gateway__RateLimit__Burst", "1000000");
    }
    foreach (var logged in new[] { gateway, hop, Project("ingest") })
    {
        logged.WithEnvironment("Logging__LogLevel__Default", "Warning");
    }
    // Measured as deployed: Development adds the exception page and DI scope checks to every request.
    foreach (var project in builder.Resources.OfType<ProjectResource>().ToList())
    {
        builder.CreateResourceBuilder(project).WithEnvironment("ASPNETCORE_ENVIRONMENT", "Production").WithEnvironment("DOTNET_ENVIRONMENT", "Production");
    }
    return [hop.Resource.Name, forwarder.Resource.Name];
});
Console.WriteLine("Starting the product through the AppHost...");
await app.StartAsync(TimeSpan.FromMinutes(4));
// Acknowledging a webhook does not wait for the Agent; on 2 cores its replies to thousands of
// benchmark messages would only take CPU from the path being measured.
await app.StopResourceAsync("agent");

using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(10) });
var gateway = app.Endpoint("gateway");
var run = Guid.NewGuid().ToString("N")[..8];

HttpRequestMessage Webhook(Uri baseUri, int n)
{
    var body = Encoding.UTF8.GetBytes($$$"""
        {"object":"whatsapp_business_account","entry":[{"id":"WABA","changes":[{"field":"messages","value":{"messaging_product":"whatsapp",
        "metadata":{"display_phone_number":"31205550101","phone_number_id":"{{{DemoAccounts.MetaPhoneNumberId}}}"},
        "contacts":[{"profile":{"name":"Load"},"wa_id":"3160000{{{n % 1000:D4}}}"}],
        "messages":[{"from":"3160000{{{n % 1000:D4}}}","id":"wamid.bench-{{{run}}}-{{{n}}}","timestamp":"1763700000","type":"text","text":{"body":"benchmark message {{{n}}}"}}]}}]}]}
        """);
    var request = new HttpRequestMessage(HttpMethod.Post, new Uri(baseUri, "/webhooks/whatsapp")) { Content = new ByteArrayContent(body) };
    request.Content.Headers.ContentType = new("application/json");
    request.Headers.Add(MetaSignature.HeaderName, MetaSignature.Compute(DemoAccounts.MetaAppSecret, body));
    return request;
}

var offset = 0;
HttpRequestMessage Gateway(int n) => Webhook(gateway, Interlocked.Increment(ref offset));
HttpRequestMessage Bare(int n) => Webhook(bareUrl, n);
var hop = app.Endpoint("gateway-hop");
HttpRequestMessage Hop(int n) => Webhook(hop, n);
var forwarder = app.Endpoint("minimal-forwarder");
HttpRequestMessage Forwarded(int n) => Webhook(forwarder, n);
var ingest = app.Endpoint("ingest");
HttpRequestMessage Direct(int n) => Webhook(ingest, Interlocked.Increment(ref offset));

IEnumerable<int> One(int? pid) => pid is { } p ? [p] : [];
// Looked up once: DCP's processes stay for the whole run.
var dcp = app.DcpPids();
var cpu = new ProcessCpu(
[
    ("generator + bare", () => [Environment.ProcessId]),
    ("gateway", () => One(app.Pid("gateway"))),
    ("gateway (hop alone)", () => One(app.Pid("gateway-hop"))),
    ("minimal forwarder", () => One(app.Pid("minimal-forwarder"))),
    ("ingest", () => One(app.Pid("ingest"))),
    ("redis", () => One(app.Pid("redis"))),
    ("DCP (proxies)", () => dcp),
]);
var load = new LoadRun(http, cpu);

// Warm every path (JIT, connection pools, the channel cache) before measuring.
await load.ClosedLoopAsync("warm-up", Gateway, 16, TimeSpan.FromSeconds(3));
await load.ClosedLoopAsync("warm-up", Bare, 16, TimeSpan.FromSeconds(3));
await load.ClosedLoopAsync("warm-up", Hop, 16, TimeSpan.FromSeconds(3));
await load.ClosedLoopAsync("warm-up", Forwarded, 16, TimeSpan.FromSeconds(3));

var redisOptions = StackExchange.Redis.ConfigurationOptions.Parse(await app.ConnectionStringAsync("redis"));
redisOptions.AllowAdmin = true;
await using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(redisOptions);
var aof = new AofRewrites(redis);

// The throughput runs go first: they also warm the services up (JIT tiers, thread pool) for the latency runs.
var bareClosed = await load.ClosedLoopAsync("bare Kestrel", Bare, 32, duration);
var gatewayClosed = await load.ClosedLoopAsync("gateway -> ingest", Gateway, 32, duration);
var directClosed = await load.ClosedLoopAsync("ingest directly (no gateway)", Direct, 32, duration);
var hopClosed = await load.ClosedLoopAsync("gateway -> bare Kestrel (the hop alone)", Hop, 32, duration);
var forwardedClosed = await load.ClosedLoopAsync("minimal forwarder -> bare Kestrel", Forwarded, 32, duration);
var rows = new List<LoadResult> { bareClosed, gatewayClosed, directClosed, hopClosed, forwardedClosed };

// Latency at a steady rate: each path first runs a few seconds at that rate (connection pools
// sized, code tiered up for this load), then is measured; the gateway in three windows, since
// a Redis AOF rewrite or the host's noise moves one window's tail.
const int Rate = 2000;
const int GatewayWindows = 3;
var warmUp = TimeSpan.FromSeconds(5);
await aof.RewriteNowAsync();
async Task<LoadResult> OpenAsync(string target, Func<int, HttpRequestMessage> request)
{
    var before = await aof.CountAsync();
    var result = await load.OpenLoopAsync(target, request, Rate, duration);
    return result with { AofRewrites = await aof.CountAsync() - before };
}
async Task<LoadResult> SteadyAsync(string target, Func<int, HttpRequestMessage> request)
{
    await load.OpenLoopAsync("warm-up", request, Rate, warmUp);
    return await OpenAsync(target, request);
}
rows.Add(await SteadyAsync("bare Kestrel", Bare));
rows.Add(await SteadyAsync("ingest directly (no gateway)", Direct));
await load.OpenLoopAsync("warm-up", Gateway, Rate, warmUp);
var gatewayOpen = new List<LoadResult>();
for (var window = 1; window <= GatewayWindows; window++)
{
    gatewayOpen.Add(await OpenAsync($"gateway -> ingest (window {window} of {GatewayWindows})", Gateway));
}
rows.AddRange(gatewayOpen);

var loadAverage = File.ReadAllText("/proc/loadavg").Split(' ')[..3];
var table = new StringBuilder()
    .AppendLine(CultureInfo.InvariantCulture, $"| target | mode | acknowledged/s | failed | p50 ms | p99 ms | p99 from schedule ms | AOF rewrites | CPU µs per request: {string.Join(" / ", cpu.Names)} |")
    .AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|");
foreach (var row in rows)
{
    var fromSchedule = row.FromScheduleMs is { } s ? LoadResult.Percentile(s, 99).ToString("0.00", CultureInfo.InvariantCulture) : "";
    var cpuPerRequest = string.Join(" / ", cpu.Names.Select((_, i) => row.CpuMicrosecondsPerRequest(i).ToString("0", CultureInfo.InvariantCulture)));
    table.AppendLine(CultureInfo.InvariantCulture, $"| {row.Target} | {row.Mode} | {row.PerSecond:0} | {row.Failures} | {row.Percentile(50):0.00} | {row.Percentile(99):0.00} | {fromSchedule} | {row.AofRewrites} | {cpuPerRequest} |");
}
var ratio = gatewayClosed.PerSecond / bareClosed.PerSecond;
var hopRatio = hopClosed.PerSecond / bareClosed.PerSecond;
var forwardedRatio = forwardedClosed.PerSecond / bareClosed.PerSecond;
var windowP99 = string.Join(", ", gatewayOpen.Select(w => w.Percentile(99).ToString("0.0", CultureInfo.InvariantCulture)));
var pooledP99 = LoadResult.Percentile([.. gatewayOpen.SelectMany(w => w.LatenciesMs)], 99);
var pooledFromSchedule = LoadResult.Percentile([.. gatewayOpen.SelectMany(w => w.FromScheduleMs!)], 99);
var section = $"""
    ## Ingest: acknowledged webhooks through the gateway

    Run: `dotnet run -c Release --project bench/IngestBench -- {seconds}` ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, 2 cores; the load generator runs on the same machine).
    Load average at the end (1, 5, 15 min): {string.Join(", ", loadAverage)}. Redis rewrote its AOF just before the {Rate:N0} req/s runs; the rewrites it started during each are counted.

    The services run in the Production environment; the Agent is stopped during the run (it does not
    take part in acknowledging a webhook). Each request is a signed Meta delivery with one new message: the gateway forwards it, Ingest checks
    the signature against the channel's app secret, resolves the channel from its cache, and appends the
    event with a deduplicating script before answering 200. "bare Kestrel" only reads the body and
    answers 200 (in the generator's process); "gateway -> bare Kestrel" is the same gateway in front of
    it, so it shows what the extra hop alone costs; "minimal forwarder" is the cheapest forwarding
    process Kestrel and HttpClient make (bench/MinimalForwarder: reads the body, sends it on, nothing
    else). Closed loop measures the most each can acknowledge; open loop sends {Rate:N0} requests a
    second, after {warmUp.TotalSeconds:0} s at that rate on the same path, and measures each acknowledgement from the
    moment the request was sent; "from schedule" counts from when it was due, so it adds the
    generator's own lateness on the shared cores. CPU per request is user + system time of each
    process during the run; the generator's process also hosts the orchestrator (the AppHost, through
    Aspire.Hosting.Testing), and "DCP" is Aspire's orchestrator processes together.

    The product runs on the .NET Aspire AppHost: every request to a service's endpoint (the
    generator's to the gateway, the gateway's to Ingest) passes through DCP's proxy on the
    published port, one more loopback hop per service than before the move to Aspire; the hop
    gateway and the minimal forwarder reach the bare endpoint directly. The gateway streams a
    webhook's body on to Ingest as YARP reads it: YARP 2.3 refuses a replaced request content,
    so the gateway no longer forwards a small body in one write.

    {table.ToString().TrimEnd()}

    Throughput through the gateway is {ratio:P0} of the bare endpoint's (goal: at least 50%). The same
    gateway in front of the bare endpoint reaches {hopRatio:P0}, and the minimal forwarder {forwardedRatio:P0}: on these
    shared cores, a path through one more process cannot do better than that, whatever the service
    behind it costs.
    p99 at {Rate:N0} req/s through the gateway: {pooledP99:0.0} ms over all {GatewayWindows} windows (each: {windowP99} ms;
    goal: under 10 ms), {pooledFromSchedule:0.0} ms from schedule.
    """;
Console.WriteLine(section);
Bench.ResultsSection.Replace(results, "## Ingest: acknowledged webhooks through the gateway", section);

await bareApp.StopAsync();
return 0;
