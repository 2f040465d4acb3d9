using System.Globalization;
using System.Text;

namespace Eval;

/// <summary>The report as the markdown bench/RESULTS.md keeps.</summary>
internal static class ReportFormat
{
    public static string Markdown(EvaluationReport report)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{report.Cases} customer messages.").AppendLine();
        text.AppendLine("| embedding | rule matcher (configured thresholds) | best semantic threshold | rule matcher at it | knowledge search (expected entry first) |");
        text.AppendLine("|---|---|---|---|---|");
        foreach (var score in report.Embeddings)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {score.Model} | {score.Rules} | {(score.BestSemanticThreshold is { } t ? t.ToString("0.00", CultureInfo.InvariantCulture) : "-")} | {score.RulesAtBestThreshold?.ToString() ?? "-"} | {score.Knowledge} |");
        }
        text.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"Offline responder answers (right tool, every expected fact): {report.OfflineAnswers}").AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"Offline embedding: first embedding (reads the model) {report.Timing.FirstEmbeddingMs:0} ms, then {report.Timing.MedianMessageMs:0.0} ms per message (median).").AppendLine();
        text.AppendLine("Misses:").AppendLine();
        foreach (var miss in report.Embeddings.SelectMany(score => score.Misses).Concat(report.AnswerMisses))
        {
            text.AppendLine("- " + miss);
        }
        return text.ToString();
    }
}
