using Eval;

namespace Agent.Tests.Evaluation;

/// <summary>
/// bench/Eval in quick mode (the offline embedding only): the set covers the three demo
/// businesses, and the matcher, knowledge search and offline answers stay at least as good as
/// bench/RESULTS.md records, so a change that makes customers' answers worse fails here.
/// </summary>
public sealed class EvaluationSetTests
{
    [Fact]
    public async Task The_quick_evaluation_covers_three_businesses_and_keeps_the_recorded_accuracy()
    {
        var set = EvaluationSet.Load();

        var report = await new Eval.Evaluation(set).RunAsync(quick: true, TestContext.Current.CancellationToken);

        Assert.True(set.Cases.Count >= 60, $"{set.Cases.Count} cases");
        Assert.Equal(["cafe", "clinic", "salon"], set.Cases.Select(c => c.Business).Distinct().Order());
        Assert.All(set.Cases, c => Assert.Contains(set.Businesses, b => b.Id == c.Business));
        var offline = Assert.Single(report.Embeddings);
        Assert.True(offline.Rules.Share >= 0.95, ReportFormat.Markdown(report));
        Assert.True(offline.Knowledge.Share >= 0.95, ReportFormat.Markdown(report));
        Assert.True(report.OfflineAnswers.Share >= 0.85, ReportFormat.Markdown(report));
    }
}
