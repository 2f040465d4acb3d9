using Messaging.Contracts.Operators;
using Admin.Access;
using Admin.Conversations;
using Admin.Tenancy.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Admin.Pages.Workspace.Conversations;

/// <summary>
/// One conversation: transcript with delivery ticks, each inbound message's turn timeline, the
/// lead, and the operator's actions (take over, release, reply by hand, close, reopen, re-run an
/// unanswered turn), each carried out by the Agent's operator API with the signed-in operator's name.
/// </summary>
public sealed partial class ConversationModel(AgentClient agent, TenancyDbContext db, UserManager<ConsoleUser> users, TimeProvider time, ILogger<ConversationModel> logger) : WorkspacePageModel
{
    public ConversationSummary Conversation { get; private set; } = null!;
    public IReadOnlyList<MessageView> Messages { get; private set; } = [];
    public IReadOnlyList<TurnView> Turns { get; private set; } = [];
    public string ChannelName { get; private set; } = "";
    public string OperatorName { get; private set; } = "";

    /// <summary>Metadata retention: message text lives only for the session (shown while it lasts), never in the database.</summary>
    public bool MetadataOnly { get; private set; }
    public DateTimeOffset Now { get; } = time.GetUtcNow();

    [BindProperty]
    public string? Text { get; set; }

    [BindProperty] public string? TemplateName { get; set; }
    [BindProperty] public string? TemplateLanguage { get; set; }
    [BindProperty] public List<string> Parameters { get; set; } = [];

    public sealed record TemplateOption(string Name, string Language, string Body, int ParameterCount);

    /// <summary>The approved templates the operator may send when the window is closed.</summary>
    public IReadOnlyList<TemplateOption> Templates { get; private set; } = [];

    public string StateText => Conversation.State switch
    {
        "needs_human" => Conversation.AssignedOperator is { } name ? "Taken over by " + name : "Needs a human",
        "closed" => "Closed",
        _ => "Bot answers",
    };

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public Task<IActionResult> OnPostTakeOverAsync(Guid id, CancellationToken cancellationToken) =>
        ActAsync(id, (name, ct) => agent.TakeOverAsync(id, name, ct), "You took this conversation over: the bot stays quiet until you release it.", cancellationToken);

    public Task<IActionResult> OnPostReleaseAsync(Guid id, CancellationToken cancellationToken) =>
        ActAsync(id, (name, ct) => agent.ReleaseAsync(id, name, ct), "Released: the bot answers again.", cancellationToken);

    public Task<IActionResult> OnPostCloseAsync(Guid id, CancellationToken cancellationToken) =>
        ActAsync(id, (name, ct) => agent.CloseAsync(id, name, ct), "Closed. It opens again when the customer writes.", cancellationToken);

    public Task<IActionResult> OnPostReopenAsync(Guid id, CancellationToken cancellationToken) =>
        ActAsync(id, (name, ct) => agent.ReopenAsync(id, name, ct), "Reopened: the bot answers.", cancellationToken);

    public Task<IActionResult> OnPostRerunAsync(Guid id, CancellationToken cancellationToken) =>
        ActAsync(id, (name, ct) => agent.RerunAsync(id, name, ct), "Re-run: the bot answers the customer's last message again now.", cancellationToken);

    public async Task<IActionResult> OnPostReplyAsync(Guid id, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(Text))
        {
            if (!await LoadAsync(id, cancellationToken))
            {
                return NotFound();
            }
            ModelState.AddModelError("Text", "Write the reply first.");
            return Page();
        }
        var text = Text;
        return await ActAsync(id, (name, ct) => agent.ReplyAsync(id, name, text, ct), "Reply sent.", cancellationToken);
    }

    public Task<IActionResult> OnPostTemplateAsync(Guid id, CancellationToken cancellationToken)
    {
        var (name, language, parameters) = (TemplateName ?? "", TemplateLanguage ?? "", Parameters);
        return ActAsync(id, (operatorName, ct) => agent.SendTemplateAsync(id, operatorName, name, language, parameters, ct), $"Template {name} sent.", cancellationToken);
    }

    async Task<IActionResult> ActAsync(Guid id, Func<string, CancellationToken, Task<AgentClient.Refusal?>> action, string done, CancellationToken cancellationToken)
    {
        // The conversation must be this workspace's before anything is done to it.
        if (await agent.FindAsync(Workspace.WorkspaceId, id, cancellationToken) is null)
        {
            return NotFound();
        }
        var refusal = await action(await OperatorNameAsync(), cancellationToken);
        if (refusal is null)
        {
            return Done(done);
        }
        LogRefused(logger, id, (int)refusal.Status, refusal.Message);
        await LoadAsync(id, cancellationToken);
        ModelState.AddModelError("", refusal.Message);
        Response.StatusCode = (int)refusal.Status is >= 400 and < 500 ? (int)refusal.Status : StatusCodes.Status502BadGateway;
        return Page();
    }

    async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await agent.FindAsync(Workspace.WorkspaceId, id, cancellationToken) is not { } conversation)
        {
            return false;
        }
        Conversation = conversation;
        var messages = agent.MessagesAsync(id, cancellationToken);
        var turns = agent.TurnsAsync(id, cancellationToken);
        Messages = (await messages).Messages;
        Turns = await turns;
        var channelId = Guid.TryParse(conversation.ChannelId, out var parsed) ? parsed : Guid.Empty;
        ChannelName = await db.Channels.AsNoTracking().Where(c => c.Id == channelId).Select(c => c.Name).SingleOrDefaultAsync(cancellationToken) ?? "";
        OperatorName = await OperatorNameAsync();
        MetadataOnly = await db.Workspaces.AsNoTracking().Where(w => w.Id == Workspace.WorkspaceId).Select(w => w.RetentionMode).SingleAsync(cancellationToken) == "metadata";
        Templates = (await db.Templates.AsNoTracking().Where(t => t.WorkspaceId == Workspace.WorkspaceId && t.Status == "approved").OrderBy(t => t.Name).ToListAsync(cancellationToken))
            .Select(t => new TemplateOption(t.Name, t.Language, t.Body, TemplatePlaceholders.Count(t.Body))).ToList();
        return true;
    }

    async Task<string> OperatorNameAsync() => (await users.GetUserAsync(User))?.DisplayName ?? User.Identity?.Name ?? "Operator";

    [LoggerMessage(Level = LogLevel.Information, Message = "Operator action on conversation {ConversationId} refused by the Agent ({Status}): {Reason}")]
    static partial void LogRefused(ILogger logger, Guid conversationId, int status, string reason);
}
