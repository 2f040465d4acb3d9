using System.Globalization;
using System.Text;

namespace LoadBench;

/// <summary>The RESULTS.md section of a full run.</summary>
public static class LoadReport
{
    public const string Heading = "## LoadBench: reply latency under an open-loop load";

    public static string Section(string command, IReadOnlyList<RunResult> runs, string loadBefore, string loadAfter)
    {
        var text = new StringBuilder();
        var invariant = CultureInfo.InvariantCulture;
        text.AppendLine(Heading).AppendLine();
        text.AppendLine(invariant, $"Run {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores shared with other work, .NET {Environment.Version}; load average (1, 5, 15 min) before: {loadBefore}, after: {loadAfter}. Indicative: the generator, the product and the peers share these cores.").AppendLine();
        text.AppendLine("    " + command).AppendLine();
        text.AppendLine("""
            The product runs from its AppHost (Aspire.Hosting.Testing, as IngestBench starts it) with the Sandbox as
            provider; the café's two numbers are set to `wait_seconds` 0 with a canned hours rule and a canned default
            (no AI). Messages alternate signed Meta and Twilio webhooks through the gateway, each from a new customer,
            at a fixed rate (open loop: message i is due at i / rate whatever the answers do). Ack: from the due time to
            the webhook's 2xx. Reply: from the due time to the Sandbox accepting the product's send to that customer
            (its call log, read every 100 ms; both clocks are this machine's). The peers get the same signed requests
            from the same generator in the same run (ack only: they keep nothing and send nothing). Done/s: messages over
            the time from the first due send to the last reply (product) or acknowledgement (peers), so a backlog shows.
            Memory: resident set at the end of the run, summed over a group's processes (PostgreSQL's shared buffers
            count once per backend, so its figure overstates).
            """).AppendLine();
        text.AppendLine("| target | offered msg/s | messages | acked | errors | ack p50 ms | ack p90 | ack p99 | ack max | replied | duplicates | reply p50 ms | reply p90 | reply p99 | reply max | done/s | generator late p99 ms |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var run in runs)
        {
            var replied = run.ReplyMs is null ? "-" : (run.Messages.Count - run.Unanswered).ToString(invariant);
            text.AppendLine(invariant, $"| {run.Target} | {run.Rate} | {run.Messages.Count} | {run.Acknowledged} | {run.Errors} | {run.Ack.Cells} | {replied} | {(run.ReplyMs is null ? "-" : run.Duplicates)} | {run.Reply?.Cells ?? "- | - | - | -"} | {run.DonePerSecond:0} | {run.SendDelayP99:0.0} |");
        }
        var product = runs.Where(r => r.ReplyMs is not null).ToList();
        if (product.Count > 0)
        {
            text.AppendLine().AppendLine("CPU seconds used during each product run, and resident memory at its end (MiB), per process:").AppendLine();
            text.AppendLine("| offered msg/s | " + string.Join(" | ", product[0].Processes) + " |");
            text.AppendLine("|---:|" + string.Concat(product[0].Processes.Select(_ => "---:|")));
            foreach (var run in product)
            {
                var cells = run.CpuSeconds.Zip(run.ResidentMiB, (cpu, rss) => string.Create(invariant, $"{cpu:0.0} s, {rss:0} MiB"));
                text.AppendLine(invariant, $"| {run.Rate} | {string.Join(" | ", cells)} |");
            }
        }
        return text.ToString();
    }
}
