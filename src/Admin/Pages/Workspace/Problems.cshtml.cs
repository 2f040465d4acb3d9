using Messaging.Contracts.Operators;
using Admin.Conversations;
using Messaging.Contracts;
using Messaging.Streams.DeadLetters;
using Microsoft.AspNetCore.Mvc;
using StackExchange.Redis;

namespace Admin.Pages.Workspace;

/// <summary>Undelivered replies with their explanation, and the workspace's dead-lettered events with a replay button.</summary>
public sealed partial class ProblemsModel(AgentClient agent, IDeadLetters deadLetters, ILogger<ProblemsModel> logger) : WorkspacePageModel
{
    /// <summary>The streams whose entries belong to a workspace.</summary>
    static readonly string[] Streams = [StreamNames.Inbound, StreamNames.Status, StreamNames.Outbound, StreamNames.TurnCompleted, StreamNames.BillingEvents, StreamNames.ChannelAlerts, StreamNames.TenancyChanged];

    public IReadOnlyList<FailedMessageView> Failures { get; private set; } = [];
    public IReadOnlyList<DeadLetter> DeadLetters { get; private set; } = [];
    public string? FailuresUnavailable { get; private set; }

    [BindProperty] public string? Stream { get; set; }
    [BindProperty] public string? DeadEntryId { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostReplayAsync(CancellationToken cancellationToken)
    {
        if (Stream is null || !Streams.Contains(Stream) || string.IsNullOrEmpty(DeadEntryId))
        {
            return NotFound();
        }
        // Only a dead letter of this workspace: another's id is as unknown as a made-up one.
        var mine = (await deadLetters.ListAsync(Stream, 1000, cancellationToken: cancellationToken))
            .Any(d => d.DeadEntryId == DeadEntryId && d.Envelope?.WorkspaceId == Workspace.WorkspaceId.ToString());
        if (!mine || await deadLetters.ReplayAsync(Stream, DeadEntryId, cancellationToken) is not { } entryId)
        {
            return NotFound();
        }
        LogReplayed(logger, Stream, DeadEntryId, entryId);
        return Done($"Replayed: the event is back on {Stream} and will be processed again.");
    }

    async Task LoadAsync(CancellationToken cancellationToken)
    {
        try
        {
            Failures = await agent.FailuresAsync(Workspace.WorkspaceId, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            LogAgentUnavailable(logger, e.Message);
            FailuresUnavailable = "The conversation service cannot be reached right now.";
        }
        var workspace = Workspace.WorkspaceId.ToString();
        var all = new List<DeadLetter>();
        try
        {
            foreach (var stream in Streams)
            {
                all.AddRange((await deadLetters.ListAsync(stream, 1000, cancellationToken: cancellationToken)).Where(d => d.Envelope?.WorkspaceId == workspace));
            }
        }
        catch (RedisException e)
        {
            LogRedisUnavailable(logger, e.Message);
        }
        DeadLetters = all.OrderByDescending(d => d.FailedAt).ToList();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Dead letter {DeadEntryId} of {Stream} replayed as {EntryId}")]
    static partial void LogReplayed(ILogger logger, string stream, string deadEntryId, string entryId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery problems: the Agent is unavailable: {Reason}")]
    static partial void LogAgentUnavailable(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery problems: Redis is unavailable: {Reason}")]
    static partial void LogRedisUnavailable(ILogger logger, string reason);
}
