using System.Globalization;
using IngestBench;
using LoadBench;

namespace ChaosBench;

/// <summary>
/// Runs a load through the gateway, with faults at random moments of their slots when given,
/// then waits until the pipeline is quiet: every acknowledged message answered, no group of any
/// stream with an entry unread or pending, no turn scheduled, and then a while longer for what
/// the Agent's sweeps might still send.
/// </summary>
public sealed class LoadPhases(BenchApp app, OpenLoop generator, ProviderRetries retries, HttpClient sandboxHttp, SandboxReplies replies, StreamAudit streams, FaultInjector faults)
{
    /// <summary>No change in replies or backlog for this long: what is left will not resolve itself.</summary>
    static readonly TimeSpan StallLimit = TimeSpan.FromSeconds(90);

    /// <summary>Longer than the bench's stalled-turn pick-up (8 s, swept every 2 s): a turn run again after quiet would send by then.</summary>
    public static readonly TimeSpan Settle = TimeSpan.FromSeconds(15);

    readonly Uri _gateway = app.Endpoint("gateway");
    readonly Uri _sandbox = app.Endpoint("sandbox");
    int _runNumber;

    public async Task<PhaseResult> RunAsync(string name, int rate, int count, IReadOnlyList<Fault> plan, double slotSeconds)
    {
        var webhooks = new Webhooks(_gateway, _gateway.ToString().TrimEnd('/'), (++_runNumber).ToString("D2", CultureInfo.InvariantCulture), ChaosMessages.Question);
        await SandboxWindows.OpenAsync(sandboxHttp, _sandbox, webhooks, count);
        var retriesBefore = retries.Retries;
        var start = DateTimeOffset.UtcNow;
        var load = generator.RunAsync(webhooks.Create, rate, count);
        var records = new List<FaultRecord>();
        for (var slot = 0; slot < plan.Count; slot++)
        {
            // A random moment in the first part of its slot, and never before the previous fault was over.
            var due = start + TimeSpan.FromSeconds(slotSeconds * (slot + 0.1 + 0.5 * Random.Shared.NextDouble()));
            if (due > DateTimeOffset.UtcNow)
            {
                await Task.Delay(due - DateTimeOffset.UtcNow);
            }
            var record = await faults.InjectAsync(plan[slot], start);
            Console.WriteLine($"  {name}: killed {record.Fault.Name} at {record.SecondsIntoLoad:0.0} s, all healthy again {(record.BackAt - record.At).TotalSeconds:0.0} s later");
            records.Add(record);
        }
        var sent = await load;
        var loadSeconds = (DateTimeOffset.UtcNow - start).TotalSeconds;
        var quiet = await QuietAsync(webhooks, sent);
        return new PhaseResult(name, rate, webhooks, sent, records, retries.Retries - retriesBefore, loadSeconds, quiet);
    }

    async Task<double> QuietAsync(Webhooks webhooks, IReadOnlyList<SentMessage> sent)
    {
        var started = DateTimeOffset.UtcNow;
        var acknowledged = sent.Where(m => m.Acknowledged).Select(m => webhooks.Customer(m.Index)).ToList();
        var lastState = "";
        var lastChange = DateTimeOffset.UtcNow;
        while (true)
        {
            await replies.RefreshAsync(CancellationToken.None);
            var unanswered = acknowledged.Count(customer => replies.To(customer).Count == 0);
            var (groups, scheduled) = await streams.BacklogAsync();
            if (unanswered == 0 && groups.Count == 0 && scheduled == 0)
            {
                break;
            }
            var state = $"{unanswered} {replies.Customers} {scheduled} " + string.Join(' ', groups.Select(g => $"{g.Stream}/{g.Group}:{g.Pending}:{g.Unread}"));
            if (state != lastState)
            {
                lastState = state;
                lastChange = DateTimeOffset.UtcNow;
            }
            else if (DateTimeOffset.UtcNow - lastChange > StallLimit)
            {
                Console.WriteLine($"  No progress for {StallLimit.TotalSeconds:0} s: {unanswered} unanswered, {scheduled} turn(s) scheduled, {groups.Count} group(s) with a backlog.");
                break;
            }
            await Task.Delay(500);
        }
        var quiet = (DateTimeOffset.UtcNow - started).TotalSeconds;
        await Task.Delay(Settle);
        await replies.RefreshAsync(CancellationToken.None);
        return quiet;
    }
}
