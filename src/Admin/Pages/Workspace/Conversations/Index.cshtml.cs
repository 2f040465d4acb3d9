using Messaging.Contracts.Operators;
using Admin.Conversations;
using Admin.Tenancy.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Admin.Pages.Workspace.Conversations;

public sealed partial class ConversationsModel(AgentClient agent, TenancyDbContext db, TimeProvider time, ILogger<ConversationsModel> logger) : WorkspacePageModel
{
    const int PageSize = 50;

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? State { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Channel { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Show { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateTimeOffset? Before { get; set; }

    public IReadOnlyList<ConversationSummary> Conversations { get; private set; } = [];
    public IReadOnlyDictionary<string, string> Channels { get; private set; } = new Dictionary<string, string>();
    public DateTimeOffset? NextBefore { get; private set; }
    public string? Unavailable { get; private set; }
    public DateTimeOffset Now { get; } = time.GetUtcNow();
    public bool Filtered => !string.IsNullOrWhiteSpace(Q) || State is not null || Channel is not null || Show is not null;

    public string ChannelName(string id) => Channels.TryGetValue(id, out var name) ? name : "";

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (State is not (null or "" or "bot" or "needs_human" or "closed") || Show is not (null or "" or ConversationShow.Unanswered or ConversationShow.OptedOut) || Q?.Length > 200 || Q?.Contains('\0', StringComparison.Ordinal) == true)
        {
            LogBadFilter(logger);
            return BadRequest();
        }
        State = string.IsNullOrEmpty(State) ? null : State;
        Channel = string.IsNullOrEmpty(Channel) ? null : Channel;
        Show = string.IsNullOrEmpty(Show) ? null : Show;
        Channels = await db.Channels.AsNoTracking().Where(c => c.WorkspaceId == Workspace.WorkspaceId).OrderBy(c => c.CreatedAt)
            .ToDictionaryAsync(c => c.Id.ToString(), c => c.Name, cancellationToken);
        if (Channel is not null && !Channels.ContainsKey(Channel))
        {
            return NotFound();
        }
        try
        {
            var page = await agent.ListAsync(Workspace.WorkspaceId, State, Q, Channel, Show, Before, PageSize, cancellationToken);
            Conversations = page.Conversations;
            NextBefore = page.NextBefore;
        }
        catch (HttpRequestException e)
        {
            LogAgentUnavailable(logger, e.Message);
            Unavailable = "The conversation service cannot be reached right now. This page retries when it comes back.";
        }
        return Page();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Conversation list: refused a filter that is not one of the offered ones")]
    static partial void LogBadFilter(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Conversation list: the Agent is unavailable: {Reason}")]
    static partial void LogAgentUnavailable(ILogger logger, string reason);
}
