using System.Globalization;
using System.Text;

namespace FuzzBench;

/// <summary>The run's report: the requests by kind and how they were answered, the valid load's figures beside the baseline's, the checks. Console and RESULTS.md alike.</summary>
public static class FuzzReport
{
    public const string Heading = "## FuzzBench: hostile webhooks mixed with valid ones under load";

    public static string Kinds(FuzzRun run)
    {
        var text = new StringBuilder();
        text.AppendLine("| kind | requests | answered |");
        text.AppendLine("|---|---:|---|");
        foreach (var kind in run.Requests.GroupBy(r => r.Case.Kind).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var answers = kind.GroupBy(r => r.Sent.Status).OrderBy(g => g.Key).Select(g => $"{(g.Key == 0 ? "no answer" : g.Key.ToString(CultureInfo.InvariantCulture))} × {g.Count()}");
            text.AppendLine(CultureInfo.InvariantCulture, $"| {kind.Key} | {kind.Count()} | {string.Join(", ", answers)} |");
        }
        return text.ToString();
    }

    public static string Loads(IEnumerable<FuzzRun> runs)
    {
        var text = new StringBuilder();
        text.AppendLine("| load | offered requests/s | requests | of them hostile | valid messages | answered exactly once | valid ack p50 ms | p90 | p99 | max | reply p50 ms | p90 | p99 | max | done/s |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var run in runs)
        {
            var once = run.Plan.Cases.Sum(c => c.Answered.Count(customer => run.Replies.To(customer).Count == 1));
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {run.Name} | {run.Rate} | {run.Sent.Count} | {run.Plan.Cases.Count(c => c.Hostile)} | {run.ValidMessages} | {once} | {run.ValidAck.Cells} | {run.ValidReply.Cells} | {run.Sent.Count / run.Seconds:0} |");
        }
        return text.ToString();
    }

    public static string Checks(IReadOnlyList<string> violations, IReadOnlyList<string> deadLetters, IReadOnlyList<string> unsettled, IReadOnlyList<string> liveness, string pids)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"- Requests answered as their case allows, no 5xx, no answer showing internals, valid messages on msg:inbound and answered exactly once, refused ones neither: {(violations.Count == 0 ? "yes" : $"**{violations.Count} violation(s)**")}");
        text.AppendLine(CultureInfo.InvariantCulture, $"- Dead letters on any stream: {(deadLetters.Count == 0 ? "none" : $"**{deadLetters.Count}**")}");
        text.AppendLine(CultureInfo.InvariantCulture, $"- Consumer groups with entries pending or unread afterwards: {(unsettled.Count == 0 ? "none" : $"**{unsettled.Count}**")}");
        text.AppendLine(CultureInfo.InvariantCulture, $"- Services up throughout (same process at the end as at the start: {pids}) and healthy: {(liveness.Count == 0 ? "yes" : $"**no ({liveness.Count})**")}");
        foreach (var line in violations.Concat(deadLetters).Concat(unsettled).Concat(liveness).Take(40))
        {
            text.AppendLine("  - " + line);
        }
        return text.ToString();
    }

    public static string Section(string command, int seed, string loadBefore, string loadAfter, IReadOnlyList<FuzzRun> runs, string checks)
    {
        var text = new StringBuilder();
        text.AppendLine(Heading).AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Run {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores shared with other work ({Environment.OSVersion}), .NET {Environment.Version}; load average (1, 5, 15 min) before: {loadBefore}, after: {loadAfter}; seed {seed}. Indicative: the generator and the product share these cores.").AppendLine();
        text.AppendLine("    " + command).AppendLine();
        text.AppendLine("""
            The product runs from its AppHost (Aspire.Hosting.Testing, as LoadBench starts it) with the Sandbox as provider and
            the café's two numbers on `wait_seconds` 0 with canned rules. At a fixed rate (open loop), LoadBench's valid signed
            Meta and Twilio webhooks, each from a new customer, are mixed with hostile requests drawn from the seed: byte
            flips, insertions and deletions in a valid body (re-signed, so they reach the parser, or with the undamaged body's
            signature), truncated bodies, senders that break off mid-body, bodies over the 4 MiB limit (declared and streamed),
            wrong, missing and malformed signatures, wrong content types, deep nesting, huge strings, invalid UTF-8, lone
            surrogates, NaN and infinite numbers, duplicate keys, valid JSON of the wrong shape, Twilio forms with broken fields,
            statuses of messages never sent, and signed Meta deliveries in which one message is bad and its siblings, from valid
            customers, are good. Each kind states what the product may answer (a 4xx, or a 200 where it documents acknowledging
            a delivery it cannot use or the good part of one). Valid ack: from the due time to the 2xx; reply: to the Sandbox
            accepting the reply (its call log). The baseline is the same run's valid load alone, at the valid share of the rate.
            """).AppendLine();
        text.AppendLine(Loads(runs));
        text.AppendLine("The hostile run's requests by kind:").AppendLine();
        text.AppendLine(Kinds(runs[^1]));
        text.AppendLine("Checks after the hostile run:").AppendLine();
        text.Append(checks);
        return text.ToString();
    }
}
