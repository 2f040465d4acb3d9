using System.Globalization;
using System.Text;

namespace BillingBench;

/// <summary>Replaces only Billing's section of the shared results file; other sections stay as they are.</summary>
public static class ResultsFile
{
    public const string SectionTitle = "Billing: reservations per second";
    const string Heading = "## " + SectionTitle;

    public static void ReplaceSection(string path, string table, TimeSpan duration)
    {
        var section = new StringBuilder()
            .AppendLine(Heading)
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Measured {DateTime.UtcNow:yyyy-MM-dd} on {Environment.ProcessorCount} cores, {duration.TotalSeconds:0} s per row, against a durable PostgreSQL 15 started in a temporary folder:")
            .AppendLine()
            .AppendLine("    dotnet run -c Release --project bench/BillingBench -- --seconds " + duration.TotalSeconds.ToString(CultureInfo.InvariantCulture) + " --results bench/RESULTS.md")
            .AppendLine()
            .AppendLine("Each reservation is one transaction: lock the workspace's balance row, check the turn id, write the")
            .AppendLine("reservation, the ledger entry and the balance. \"HTTP API\" goes through Kestrel on loopback")
            .AppendLine("(JSON both ways); \"ledger service\" calls ReservationLedger directly. One workspace with many")
            .AppendLine("callers shows the cost of the per-workspace row lock that keeps the balance exact.")
            .AppendLine(LoadAverage())
            .AppendLine()
            .Append(table)
            .ToString();

        Bench.ResultsSection.Replace(path, Heading, section);
    }

    // Numbers from a machine shared with other work are not comparable; say how busy it was.
    static string LoadAverage() =>
        File.Exists("/proc/loadavg")
            ? $"Load average when the run ended (1, 5, 15 min): {string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3))}."
            : "";
}
