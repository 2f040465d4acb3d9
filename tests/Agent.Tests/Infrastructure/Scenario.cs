using Agent.Conversations;
using Messaging.Contracts;
using Messaging.Contracts.Events;
using Messaging.Tenancy.Model;
using Microsoft.EntityFrameworkCore;

namespace Agent.Tests.Infrastructure;

/// <summary>One test's workspace, channel and customer, with the probes its assertions need.</summary>
public sealed class Scenario
{
    readonly AgentHost _host;

    Scenario(AgentHost host, TenantWorkspace workspace)
    {
        _host = host;
        Workspace = workspace;
    }

    public TenantWorkspace Workspace { get; }
    public string WorkspaceId => Workspace.Id;
    public TenantChannel Channel => Workspace.Channels[0];
    public string ChannelId => Channel.Id;
    public string PhoneNumberId => Channel.Meta!.PhoneNumberId;
    public string Customer { get; } = "1555" + Random.Shared.Next(1_000_000, 9_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static Scenario Create(AgentHost host, TenantWorkspace workspace)
    {
        host.Tenancy.Save(workspace);
        return new Scenario(host, workspace);
    }

    public InboundMessageReceived Message(string? text, string? providerMessageId = null, DateTimeOffset? sentAt = null, string kind = "text")
    {
        var now = DateTimeOffset.UtcNow;
        return new InboundMessageReceived(WorkspaceId, ChannelId, ChannelProvider.Meta, providerMessageId ?? "wamid.in." + Guid.NewGuid().ToString("N"),
            Customer, "15550000000", "Ada", kind, kind, text, [], null, null, null, sentAt ?? now, now);
    }

    public async Task<InboundMessageReceived> SendAsync(string? text, string? providerMessageId = null, DateTimeOffset? sentAt = null)
    {
        var message = Message(text, providerMessageId, sentAt);
        await _host.PublishAsync(StreamNames.Inbound, message);
        return message;
    }

    public IReadOnlyList<ProviderCall> Sends => _host.Provider.Sends(PhoneNumberId);

    public Task<IReadOnlyList<ProviderCall>> WaitForSendsAsync(int count) =>
        Eventually.ReturnsAsync(() => Sends, sends => sends.Count >= count, $"{count} sends to the provider");

    public async Task<List<Turn>> TurnsAsync()
    {
        await using var db = _host.CreateDbContext();
        return await db.Turns.AsNoTracking().Where(t => t.ChannelId == ChannelId).OrderBy(t => t.ReceivedAt).ToListAsync(TestContext.Current.CancellationToken);
    }

    public async Task<List<Message>> MessagesAsync()
    {
        await using var db = _host.CreateDbContext();
        return await db.Messages.AsNoTracking().Where(m => m.ChannelId == ChannelId).OrderBy(m => m.Id).ToListAsync(TestContext.Current.CancellationToken);
    }

    public async Task<List<TurnEvent>> TimelineAsync(string turnId)
    {
        await using var db = _host.CreateDbContext();
        return await db.TurnEvents.AsNoTracking().Where(e => e.TurnId == turnId).OrderBy(e => e.Id).ToListAsync(TestContext.Current.CancellationToken);
    }

    public async Task<Conversation> ConversationAsync()
    {
        await using var db = _host.CreateDbContext();
        return await db.Conversations.AsNoTracking().Include(c => c.Contact).SingleAsync(c => c.ChannelId == ChannelId, TestContext.Current.CancellationToken);
    }

    /// <summary>Waits until every turn of the channel is completed or joined, and returns them.</summary>
    public Task<List<Turn>> WaitForTurnsAsync(int count) =>
        Eventually.ReturnsAsync(TurnsAsync,
            turns => turns.Count >= count && turns.All(t => t.State is TurnStates.Completed or TurnStates.Joined),
            $"{count} turns completed");
}
