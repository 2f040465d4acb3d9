using System.Collections.Concurrent;
using Messaging.Contracts.Events;
using Messaging.Embeddings;
using Messaging.Tenancy.Model;
using Messaging.Tenancy.Reading;

namespace Agent.Tests.Infrastructure;

/// <summary>Tenant configuration held in memory: each test builds its own workspace and channel.</summary>
public sealed class FakeTenancy : ITenancyReader
{
    readonly ConcurrentDictionary<string, TenantWorkspace> _workspaces = new();

    public void Save(TenantWorkspace workspace) => _workspaces[workspace.Id] = workspace;

    public void Update(string workspaceId, Func<TenantWorkspace, TenantWorkspace> change) =>
        _workspaces.AddOrUpdate(workspaceId, _ => throw new InvalidOperationException(), (_, w) => change(w));

    public Task<TenantChannel?> FindMetaChannelAsync(string phoneNumberId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_workspaces.Values.SelectMany(w => w.Channels).FirstOrDefault(c => c.Meta?.PhoneNumberId == phoneNumberId));

    public Task<TenantChannel?> FindTwilioChannelAsync(string number, CancellationToken cancellationToken = default) =>
        Task.FromResult<TenantChannel?>(null);

    public Task<bool> IsMetaVerifyTokenAsync(string verifyToken, CancellationToken cancellationToken = default) => Task.FromResult(false);

    public Task<TenantChannel?> GetChannelAsync(string channelId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_workspaces.Values.SelectMany(w => w.Channels).FirstOrDefault(c => c.Id == channelId));

    public Task<ReplyConfiguration?> GetReplyConfigurationAsync(string channelId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_workspaces.Values.Select(w => w.ReplyConfigurations.GetValueOrDefault(channelId)).FirstOrDefault(c => c is not null));

    public Task<TenantWorkspace?> GetWorkspaceAsync(string workspaceId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_workspaces.GetValueOrDefault(workspaceId));

    /// <summary>A workspace with one Meta channel whose phone number id is unique to the test.</summary>
    public static TenantWorkspace Workspace(
        IReadOnlyList<ReplyRule> rules,
        ReplyRule? defaultRule = null,
        bool enabled = true,
        int waitSeconds = 0,
        RetentionMode retention = RetentionMode.Full,
        IReadOnlyList<MessageTemplate>? templates = null,
        AiSettings? ai = null,
        WorkspacePersona? persona = null)
    {
        var workspaceId = Guid.NewGuid().ToString();
        var channelId = Guid.NewGuid().ToString();
        var phoneNumberId = Random.Shared.NextInt64(100_000_000_000, 999_999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var channel = new TenantChannel(channelId, workspaceId, "Test channel", ChannelProvider.Meta, true, new Uri("http://provider.test/"),
            new HashSet<string>(), new MetaChannelSettings(phoneNumberId, "+15550000000", null, "test-access-token", "test-app-secret", "v23.0"),
            null, ChannelHealth.Healthy, 1);
        var configuration = new ReplyConfiguration(channelId, enabled, waitSeconds, rules,
            defaultRule ?? new ReplyRule("default", "Default", null, new CannedResponse("Thanks for your message, we will get back to you soon.")), 1);
        return new TenantWorkspace(workspaceId, "Test workspace", "test-" + workspaceId[..8], "UTC", [], new RetentionPolicy(retention, 0), null,
            persona ?? new WorkspacePersona("You are the friendly assistant of Test Café.", PersonaSafety.Approved, null, 1),
            [new KnowledgeEntry("k1", "Opening hours", "We are open Monday to Friday from 9:00 to 17:00.", ["hours"])],
            templates ?? [], ai ?? AiSettings.Offline, [channel],
            new Dictionary<string, ReplyConfiguration> { [channelId] = configuration }, 1);
    }

    public static ReplyRule Keyword(string label, string reply, KeywordMode mode, params string[] keywords) =>
        new(Guid.NewGuid().ToString(), label, new KeywordMatcher(keywords, mode), new CannedResponse(reply));

    /// <summary>The product's offline embedding, as Admin and the Agent register it; one model per test process.</summary>
    public static readonly HybridEmbeddingGenerator Embeddings = new(new MiniLmEmbeddingGenerator(), new HashedNGramEmbeddingGenerator());

    public static ReplyRule Semantic(string label, string description, double threshold, RuleResponse response) =>
        new(Guid.NewGuid().ToString(), label,
            new SemanticMatcher(description, threshold, Embed(description), HybridEmbeddingGenerator.ModelId),
            response);

    /// <summary>As Admin does when a rule is saved; the offline generator completes synchronously.</summary>
    public static ReadOnlyMemory<float> Embed(string text) =>
        Embeddings.GenerateAsync([text]).GetAwaiter().GetResult()[0].Vector;
}
