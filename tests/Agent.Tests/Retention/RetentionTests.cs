using System.Net.Http.Json;
using Messaging.Contracts.Operators;
using Agent.Retention;
using Agent.Tests.Infrastructure;
using Messaging.Tenancy.Model;
using Microsoft.Extensions.DependencyInjection;

namespace Agent.Tests.Retention;

public sealed class RetentionTests(AgentHost host)
{
    [Fact]
    public async Task Metadata_retention_never_writes_a_body_yet_the_reply_is_sent()
    {
        var scenario = Scenario.Create(host, FakeTenancy.Workspace([FakeTenancy.Keyword("Prices", "Coffee is 3 EUR.", KeywordMode.WholeWord, "prices")], waitSeconds: 1, retention: RetentionMode.Metadata));

        await scenario.SendAsync("my secret question about prices");

        Assert.Equal("Coffee is 3 EUR.", Assert.Single(await scenario.WaitForSendsAsync(1)).Text);
        await scenario.WaitForTurnsAsync(1);
        var messages = await scenario.MessagesAsync();
        Assert.Equal(2, messages.Count);
        Assert.All(messages, m => Assert.Null(m.Body));
        await using var command = host.DataSource.CreateCommand("SELECT count(*) FROM agent.messages WHERE channel_id = @channel AND body IS NOT NULL");
        command.Parameters.AddWithValue("channel", scenario.ChannelId);
        Assert.Equal(0L, await command.ExecuteScalarAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Bodies_past_the_retention_period_are_purged_and_metadata_stays()
    {
        var scenario = Scenario.Create(host, FakeTenancy.Workspace([]));
        await scenario.SendAsync("old news");
        await scenario.WaitForTurnsAsync(1);
        await using (var age = host.DataSource.CreateCommand($"UPDATE agent.messages SET created_at = now() - interval '40 days' WHERE channel_id = '{scenario.ChannelId}'"))
        {
            await age.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }
        host.Tenancy.Update(scenario.WorkspaceId, w => w with { Retention = new RetentionPolicy(RetentionMode.Full, 30) });

        await host.Services.GetRequiredService<BodyPurge>().PurgeAsync(TestContext.Current.CancellationToken);

        var messages = await scenario.MessagesAsync();
        Assert.Equal(2, messages.Count);
        Assert.All(messages, m =>
        {
            Assert.Null(m.Body);
            Assert.NotNull(m.BodyPurgedAt);
        });
    }

    [Fact]
    public async Task Under_metadata_retention_the_operator_reads_the_live_sessions_text_which_postgres_never_gets()
    {
        var scenario = Scenario.Create(host, FakeTenancy.Workspace([FakeTenancy.Keyword("Prices", "Coffee is 3 EUR.", KeywordMode.WholeWord, "prices")], retention: RetentionMode.Metadata));
        await scenario.SendAsync("my secret question about prices");
        await scenario.WaitForSendsAsync(1);
        await scenario.WaitForTurnsAsync(1);
        var conversation = await scenario.ConversationAsync();

        // The operator takes over and answers by hand: that reply is part of the session too.
        using (var takeOver = await host.Http.PostAsJsonAsync($"/api/agent/conversations/{conversation.Id}/takeover", new { @operator = "Grace" }, TestContext.Current.CancellationToken))
        {
            takeOver.EnsureSuccessStatusCode();
        }
        using (var reply = await host.Http.PostAsJsonAsync($"/api/agent/conversations/{conversation.Id}/replies", new { @operator = "Grace", text = "Grace here: the oat milk is free." }, TestContext.Current.CancellationToken))
        {
            reply.EnsureSuccessStatusCode();
        }
        await scenario.WaitForSendsAsync(2);

        var transcript = await Eventually.ReturnsAsync(
            () => host.Http.GetFromJsonAsync<TranscriptPage>($"/api/agent/conversations/{conversation.Id}/messages", TestContext.Current.CancellationToken),
            page => page!.Messages.Count == 3, "three messages in the transcript");
        Assert.Equal(["my secret question about prices", "Coffee is 3 EUR.", "Grace here: the oat milk is free."], transcript!.Messages.Select(m => m.Body));
        Assert.All(transcript.Messages, m => Assert.False(m.BodyRetained));
        await using var command = host.DataSource.CreateCommand("SELECT count(*) FROM agent.messages WHERE conversation_id = @conversation AND body IS NOT NULL");
        command.Parameters.AddWithValue("conversation", conversation.Id);
        Assert.Equal(0L, await command.ExecuteScalarAsync(TestContext.Current.CancellationToken));
    }
}
