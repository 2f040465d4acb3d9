using Agent.Ai.Generation;

namespace Agent.Tests.Ai;

public sealed class HistoryWindowTests
{
    static HistoryMessage Customer(string text) => new(HistoryAuthor.Customer, text);

    [Fact]
    public void Keeps_the_most_recent_messages_that_fit_with_the_current_one()
    {
        // Each 36-character message is estimated at 9 + 4 = 13 tokens.
        var history = Enumerable.Range(1, 10).Select(i => Customer($"message {i:00} " + new string('.', 25))).ToList();

        var kept = HistoryWindow.Select(history, "now", tokenBudget: 50);

        // "now" costs 5; 45 tokens leave room for three messages.
        Assert.Equal(["message 08", "message 09", "message 10"], kept.Select(m => m.Text[..10]));
    }

    [Fact]
    public void Stops_at_the_first_message_that_does_not_fit_rather_than_skipping_it()
    {
        List<HistoryMessage> history = [Customer("old and short"), Customer(new string('x', 400)), Customer("recent")];

        var kept = HistoryWindow.Select(history, "now", tokenBudget: 60);

        Assert.Equal(["recent"], kept.Select(m => m.Text));
    }

    [Fact]
    public void A_current_message_larger_than_the_budget_leaves_no_history()
    {
        var kept = HistoryWindow.Select([Customer("earlier")], new string('y', 4_000), tokenBudget: 200);

        Assert.Empty(kept);
    }

    [Fact]
    public void Everything_fits_in_a_generous_budget()
    {
        List<HistoryMessage> history = [Customer("a"), new(HistoryAuthor.Bot, "b"), new(HistoryAuthor.Operator, "c")];

        Assert.Equal(history, HistoryWindow.Select(history, "d", tokenBudget: 1_000));
    }
}
