using System.Text.Json;
using Agent.Conversations;
using Agent.Retention;
using Agent.Turns;
using Agent.Delivery;
using Messaging.Tenancy.Model;
using Messaging.Tenancy.Reading;
using Messaging.Contracts;
using Messaging.Contracts.Events;
using Messaging.Contracts.Operators;
using Messaging.Tenancy.Members;
using Messaging.Streams.Bus;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Agent.Operators;

/// <summary>
/// The internal API Admin calls (not routed by the gateway): conversations, transcripts,
/// turn timelines, take-over, release and manual replies. The unanswered queue and re-runs are
/// in <see cref="UnansweredApi"/>, leads in <see cref="LeadsApi"/>, the workspace's fallback
/// message and languages in <see cref="WorkspacePolicyApi"/>.
/// </summary>
public static class OperatorsApi
{
    public const string BasePath = "/api/agent";
    const int MaxOperatorName = 100;
    const int MaxReplyLength = 20_000;

    public static WebApplication MapOperatorsApi(this WebApplication app)
    {
        // Everything here is read or done for a member of the workspace, named by Admin.
        app.MapGet(BasePath + "/failures", FailuresAsync).WithTags("Operators").RequireOperatorOfQueryWorkspace();
        var api = app.MapGroup(BasePath + "/conversations").WithTags("Operators");
        api.MapGet("/", ListAsync).RequireOperatorOfQueryWorkspace();
        var conversation = api.MapGroup("/{conversationId:guid}").RequireOperator(ConversationWorkspaceAsync);
        conversation.MapGet("/", GetAsync);
        conversation.MapGet("/messages", MessagesAsync);
        conversation.MapGet("/turns", TurnsAsync);
        conversation.MapPost("/takeover", TakeOverAsync);
        conversation.MapPost("/release", ReleaseAsync);
        conversation.MapPost("/replies", ReplyAsync);
        conversation.MapPost("/templates", SendTemplateAsync);
        conversation.MapPost("/close", CloseAsync);
        conversation.MapPost("/reopen", ReopenAsync);
        return app;
    }

    /// <summary>The workspace of the route's conversation, or null when there is no such conversation.</summary>
    internal static async Task<string?> ConversationWorkspaceAsync(EndpointFilterInvocationContext context)
    {
        if (!Guid.TryParse(context.HttpContext.Request.RouteValues["conversationId"] as string, out var conversationId))
        {
            return null;
        }
        var db = context.HttpContext.RequestServices.GetRequiredService<AgentDbContext>();
        return await db.Conversations.AsNoTracking().Where(c => c.Id == conversationId).Select(c => c.WorkspaceId)
            .SingleOrDefaultAsync(context.HttpContext.RequestAborted);
    }

    /// <summary>
    /// A page of the workspace's conversations, newest message first; every filter narrows the
    /// others: state, channel, search, <paramref name="unanswered"/> (the customer's last message
    /// got no reply) and <paramref name="optedOut"/> (the contact asked for no automated messages).
    /// </summary>
    static async Task<Results<Ok<ConversationPage>, ValidationProblem>> ListAsync(
        AgentDbContext db, string? workspaceId, string? state, string? search, string? channelId, bool? unanswered, bool? optedOut, DateTimeOffset? before, int? limit, CancellationToken cancellationToken)
    {
        var errors = ListArguments.Check(workspaceId, limit, search);
        if (state is not (null or ConversationStates.Bot or ConversationStates.NeedsHuman or ConversationStates.Closed))
        {
            errors["state"] = ["state must be 'bot', 'needs_human' or 'closed'."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var query = db.Conversations.AsNoTracking().Include(c => c.Contact).Where(c => c.WorkspaceId == workspaceId);
        if (state is not null)
        {
            query = query.Where(c => c.State == state);
        }
        if (!string.IsNullOrWhiteSpace(channelId))
        {
            query = query.Where(c => c.ChannelId == channelId);
        }
        if (unanswered is { } isUnanswered)
        {
            query = query.Where(c => (c.UnansweredAt != null) == isUnanswered);
        }
        if (optedOut is { } isOptedOut)
        {
            query = query.Where(c => (c.Contact!.OptedOutAt != null) == isOptedOut);
        }
        if (!string.IsNullOrWhiteSpace(search))
        {
            var pattern = ListArguments.ContainsPattern(search);
            query = query.Where(c => EF.Functions.ILike(c.Contact!.Phone, pattern)
                || EF.Functions.ILike(c.Contact.ProfileName ?? "", pattern)
                || EF.Functions.ILike(c.Contact.LeadName ?? "", pattern)
                || EF.Functions.ILike(c.Contact.LeadEmail ?? "", pattern)
                || db.Leads.Any(l => l.ContactId == c.ContactId && (EF.Functions.ILike(l.Email, pattern) || EF.Functions.ILike(l.Name ?? "", pattern) || EF.Functions.ILike(l.Interest ?? "", pattern))));
        }
        if (before is not null)
        {
            query = query.Where(c => c.LastMessageAt < before);
        }
        var take = limit ?? 50;
        var page = await query.OrderByDescending(c => c.LastMessageAt).ThenBy(c => c.Id).Take(take + 1).ToListAsync(cancellationToken);
        var next = page.Count > take ? page[take - 1].LastMessageAt : (DateTimeOffset?)null;
        return TypedResults.Ok(new ConversationPage(page.Take(take).Select(ToSummary).ToList(), next));
    }

    /// <summary>A workspace's outbound messages that were not delivered, newest first, with the explanation for operators.</summary>
    static async Task<Results<Ok<IReadOnlyList<FailedMessageView>>, ValidationProblem>> FailuresAsync(AgentDbContext db, string? workspaceId, int? limit, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(workspaceId) || limit is < 1 or > 200)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["workspaceId"] = ["workspaceId is required; limit must be between 1 and 200."] });
        }
        IReadOnlyList<FailedMessageView> failures = await (
            from m in db.Messages.AsNoTracking()
            join c in db.Conversations.AsNoTracking() on m.ConversationId equals c.Id
            where m.WorkspaceId == workspaceId && m.Direction == "outbound" && m.FailureReason != null
            orderby m.Id descending
            select new FailedMessageView(m.Id, m.ConversationId, c.Contact!.Phone, m.Author, m.DeliveryState, m.FailureCode, m.FailureReason!, m.CreatedAt))
            .Take(limit ?? 50).ToListAsync(cancellationToken);
        return TypedResults.Ok(failures);
    }

    static async Task<Results<Ok<ConversationSummary>, NotFound>> GetAsync(Guid conversationId, AgentDbContext db, CancellationToken cancellationToken) =>
        await FindAsync(db, conversationId, cancellationToken) is { } conversation
            ? TypedResults.Ok(ToSummary(conversation))
            : TypedResults.NotFound();

    /// <summary>
    /// A page of the transcript. Under metadata retention the bodies come from the live session
    /// (<see cref="SessionBodies"/>): shown while it lasts, never stored (<c>bodyRetained</c> false).
    /// </summary>
    static async Task<Results<Ok<TranscriptPage>, NotFound, ValidationProblem>> MessagesAsync(
        Guid conversationId, AgentDbContext db, SessionBodies sessionBodies, long? before, int? limit, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > 500)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = ["limit must be between 1 and 500."] });
        }
        if (!await db.Conversations.AnyAsync(c => c.Id == conversationId, cancellationToken))
        {
            return TypedResults.NotFound();
        }
        var take = limit ?? 100;
        var query = db.Messages.AsNoTracking().Where(m => m.ConversationId == conversationId);
        if (before is not null)
        {
            query = query.Where(m => m.Id < before);
        }
        var rows = await query.OrderByDescending(m => m.Id).Take(take + 1).ToListAsync(cancellationToken);
        var next = rows.Count > take ? rows[take - 1].Id : (long?)null;
        var session = rows.Any(m => m.Body is null) ? await sessionBodies.ReadAsync(conversationId) : new Dictionary<long, string>();
        var messages = rows.Take(take).Reverse().Select(m => new MessageView(
            m.Id, m.Direction, m.Kind, m.Author, m.AuthorName, m.Body ?? session.GetValueOrDefault(m.Id), m.Body is not null, m.ProviderMessageId, m.PartIndex, m.TurnId,
            m.DeliveryState, m.FailureCode, m.FailureReason, m.CreatedAt)).ToList();
        return TypedResults.Ok(new TranscriptPage(messages, next));
    }

    static async Task<Results<Ok<IReadOnlyList<TurnView>>, NotFound>> TurnsAsync(Guid conversationId, AgentDbContext db, int? limit, CancellationToken cancellationToken)
    {
        if (!await db.Conversations.AnyAsync(c => c.Id == conversationId, cancellationToken))
        {
            return TypedResults.NotFound();
        }
        var turns = await db.Turns.AsNoTracking().Where(t => t.ConversationId == conversationId)
            .OrderByDescending(t => t.ReceivedAt).Take(Math.Clamp(limit ?? 50, 1, 200)).ToListAsync(cancellationToken);
        var ids = turns.Select(t => t.Id).ToList();
        var steps = (await db.TurnEvents.AsNoTracking().Where(e => ids.Contains(e.TurnId)).OrderBy(e => e.Id).ToListAsync(cancellationToken))
            .ToLookup(e => e.TurnId);
        IReadOnlyList<TurnView> views = turns.Select(t => new TurnView(
            t.Id, t.InboundMessageId, t.State, t.JoinedTurnId, t.Outcome, t.Reason, t.UsedAi, t.CreditReserved, t.ReceivedAt, t.CompletedAt,
            steps[t.Id].Select(e => new TurnStepView(e.At, e.Kind, e.Detail, e.Data is null ? null : JsonDocument.Parse(e.Data).RootElement.Clone())).ToList(),
            t.RerunOf)).ToList();
        return TypedResults.Ok(views);
    }

    static async Task<Results<Ok<ConversationSummary>, NotFound, ValidationProblem>> TakeOverAsync(
        Guid conversationId, OperatorRequest? request, AgentDbContext db, CancellationToken cancellationToken)
    {
        if (ValidateOperator(request?.Operator) is { } invalid)
        {
            return invalid;
        }
        var updated = await db.Conversations.Where(c => c.Id == conversationId).ExecuteUpdateAsync(set => set
            .SetProperty(c => c.State, ConversationStates.NeedsHuman)
            .SetProperty(c => c.AssignedOperator, request!.Operator!.Trim())
            .SetProperty(c => c.HandoffReason, "Taken over by " + request.Operator.Trim())
            .SetProperty(c => c.HandoffTurnId, (string?)null), cancellationToken);
        return updated == 0 ? TypedResults.NotFound() : TypedResults.Ok(ToSummary((await FindAsync(db, conversationId, cancellationToken))!));
    }

    static async Task<Results<Ok<ConversationSummary>, NotFound, ValidationProblem>> ReleaseAsync(
        Guid conversationId, OperatorRequest? request, AgentDbContext db, CancellationToken cancellationToken)
    {
        if (ValidateOperator(request?.Operator) is { } invalid)
        {
            return invalid;
        }
        var updated = await db.Conversations.Where(c => c.Id == conversationId).ExecuteUpdateAsync(set => set
            .SetProperty(c => c.State, ConversationStates.Bot)
            .SetProperty(c => c.AssignedOperator, (string?)null)
            .SetProperty(c => c.HandoffReason, (string?)null)
            .SetProperty(c => c.HandoffTurnId, (string?)null), cancellationToken);
        return updated == 0 ? TypedResults.NotFound() : TypedResults.Ok(ToSummary((await FindAsync(db, conversationId, cancellationToken))!));
    }

    static async Task<Results<Ok<ConversationSummary>, NotFound, ValidationProblem>> CloseAsync(
        Guid conversationId, OperatorRequest? request, AgentDbContext db, CancellationToken cancellationToken) =>
        await SetStateAsync(conversationId, request, ConversationStates.Closed, db, cancellationToken);

    static async Task<Results<Ok<ConversationSummary>, NotFound, ValidationProblem>> ReopenAsync(
        Guid conversationId, OperatorRequest? request, AgentDbContext db, CancellationToken cancellationToken) =>
        await SetStateAsync(conversationId, request, ConversationStates.Bot, db, cancellationToken);

    /// <summary>Closing ends a take-over too; a customer who writes again opens the conversation for the bot.</summary>
    static async Task<Results<Ok<ConversationSummary>, NotFound, ValidationProblem>> SetStateAsync(
        Guid conversationId, OperatorRequest? request, string state, AgentDbContext db, CancellationToken cancellationToken)
    {
        if (ValidateOperator(request?.Operator) is { } invalid)
        {
            return invalid;
        }
        var updated = await db.Conversations.Where(c => c.Id == conversationId).ExecuteUpdateAsync(set => set
            .SetProperty(c => c.State, state)
            .SetProperty(c => c.AssignedOperator, (string?)null)
            .SetProperty(c => c.HandoffReason, (string?)null)
            .SetProperty(c => c.HandoffTurnId, (string?)null), cancellationToken);
        return updated == 0 ? TypedResults.NotFound() : TypedResults.Ok(ToSummary((await FindAsync(db, conversationId, cancellationToken))!));
    }

    static async Task<Results<Accepted<ManualReplyAccepted>, NotFound, ValidationProblem, ProblemHttpResult>> ReplyAsync(
        Guid conversationId, ManualReplyRequest? request, AgentDbContext db, IEventPublisher events, TurnCompletion completion, TimeProvider time, CancellationToken cancellationToken)
    {
        if (ValidateOperator(request?.Operator) is { } invalid)
        {
            return invalid;
        }
        if (string.IsNullOrWhiteSpace(request!.Text) || request.Text.Length > MaxReplyLength)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["text"] = [$"text must be 1 to {MaxReplyLength} characters."] });
        }
        if (await FindAsync(db, conversationId, cancellationToken) is not { } conversation)
        {
            return TypedResults.NotFound();
        }
        if (OptedOut(conversation) is { } optedOut)
        {
            return optedOut;
        }
        // Free text outside the window would go out as a template the operator never chose: refuse it instead.
        if (conversation.LastInboundAt is not { } lastInbound || time.GetUtcNow() - lastInbound >= Delivery.OutboundHandler.CustomerServiceWindow)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The 24-hour window is closed",
                detail: "The customer last wrote more than 24 hours ago, so WhatsApp accepts only an approved template now, not free text.");
        }
        var outboundId = "op-" + Guid.CreateVersion7(time.GetUtcNow()).ToString("N");
        await events.PublishAsync(StreamNames.Outbound, new OutboundMessageRequested(
            outboundId, conversation.WorkspaceId, conversation.ChannelId, conversation.Id.ToString(), conversation.Contact!.Phone,
            request.Text, MessageAuthor.Operator, request.Operator!.Trim(), null, null, time.GetUtcNow()), cancellationToken);
        // An operator's answer takes the conversation out of the unanswered queue.
        await completion.MarkAnsweredAsync(conversation.Id, cancellationToken);
        return TypedResults.Accepted($"{BasePath}/conversations/{conversation.Id}/messages", new ManualReplyAccepted(outboundId, conversation.Id));
    }

    /// <summary>An approved template the operator chose, with its parameters: the way to write to a customer outside the window.</summary>
    static async Task<Results<Accepted<ManualReplyAccepted>, NotFound, ValidationProblem, ProblemHttpResult>> SendTemplateAsync(
        Guid conversationId, TemplateReplyRequest? request, AgentDbContext db, ITenancyReader tenancy, IEventPublisher events, TurnCompletion completion, TimeProvider time, CancellationToken cancellationToken)
    {
        if (ValidateOperator(request?.Operator) is { } invalid)
        {
            return invalid;
        }
        if (await FindAsync(db, conversationId, cancellationToken) is not { } conversation)
        {
            return TypedResults.NotFound();
        }
        if (OptedOut(conversation) is { } optedOut)
        {
            return optedOut;
        }
        var workspace = await tenancy.GetWorkspaceAsync(conversation.WorkspaceId, cancellationToken);
        var template = workspace?.Templates.FirstOrDefault(t => t.Name == request!.Name && t.Language == request.Language && t.Status == TemplateStatus.Approved);
        if (template is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["name"] = ["name and language must be those of an approved template of the workspace."] });
        }
        var expected = TemplateChoice.ParameterCount(template);
        var parameters = request!.Parameters ?? [];
        if (parameters.Count != expected || parameters.Any(p => string.IsNullOrWhiteSpace(p) || p.Length > 1000 || p.Contains('\n', StringComparison.Ordinal)))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["parameters"] = [$"The template needs {expected} value(s), each one line of 1 to 1000 characters."] });
        }
        var outboundId = "op-" + Guid.CreateVersion7(time.GetUtcNow()).ToString("N");
        await events.PublishAsync(StreamNames.Outbound, new OutboundMessageRequested(
            outboundId, conversation.WorkspaceId, conversation.ChannelId, conversation.Id.ToString(), conversation.Contact!.Phone,
            TemplateChoice.Render(template, parameters), MessageAuthor.Operator, request.Operator!.Trim(), null, null, time.GetUtcNow(),
            new ChosenTemplate(template.Name, template.Language, parameters)), cancellationToken);
        await completion.MarkAnsweredAsync(conversation.Id, cancellationToken);
        return TypedResults.Accepted($"{BasePath}/conversations/{conversation.Id}/messages", new ManualReplyAccepted(outboundId, conversation.Id));
    }

    /// <summary>Nothing goes to a contact who opted out, an operator's message included: Delivery would not send it either.</summary>
    static ProblemHttpResult? OptedOut(Conversation conversation) =>
        conversation.Contact!.OptedOutAt is { } at
            ? TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The contact opted out",
                detail: $"The customer opted out of messages (STOP) on {at.UtcDateTime:yyyy-MM-dd HH:mm} UTC, so nothing can be sent to them, not even by an operator, until they write START.")
            : null;

    internal static ValidationProblem? ValidateOperator(string? name) =>
        string.IsNullOrWhiteSpace(name) || name.Trim().Length > MaxOperatorName
            ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["operator"] = [$"operator (the operator's name) must be 1 to {MaxOperatorName} characters."] })
            : null;

    static Task<Conversation?> FindAsync(AgentDbContext db, Guid conversationId, CancellationToken cancellationToken) =>
        db.Conversations.AsNoTracking().Include(c => c.Contact).SingleOrDefaultAsync(c => c.Id == conversationId, cancellationToken);

    internal static ConversationSummary ToSummary(Conversation c) => new(
        c.Id, c.WorkspaceId, c.ChannelId, c.State, c.AssignedOperator, c.HandoffReason,
        new ContactView(c.Contact!.Id, c.Contact.Phone, c.Contact.ProfileName, c.Contact.LeadName, c.Contact.LeadEmail, c.Contact.LeadInterest, c.Contact.LeadCapturedAt,
            c.Contact.OptedOutAt is not null, c.Contact.OptedOutAt, c.Contact.OptOutText, c.Contact.OptInText),
        c.LastInboundAt, c.LastMessageAt, c.CreatedAt,
        c is { UnansweredAt: { } at, UnansweredCode: { } code, UnansweredTurnId: { } turnId } ? new UnansweredView(code, c.UnansweredReason ?? code, turnId, at) : null);
}
