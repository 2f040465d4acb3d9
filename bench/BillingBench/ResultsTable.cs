using System.Globalization;
using System.Text;

namespace BillingBench;

public static class ResultsTable
{
    public static string Render(IEnumerable<ScenarioResult> results)
    {
        var table = new StringBuilder();
        table.AppendLine("| path | callers | workspaces | reservations/s | p50 ms | p99 ms |");
        table.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            table.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Scenario.Path} | {r.Scenario.Concurrency} | {r.Scenario.Workspaces} | {r.PerSecond:0} | {r.P50Milliseconds:0.0} | {r.P99Milliseconds:0.0} |");
        }
        return table.ToString();
    }
}
