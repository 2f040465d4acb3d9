using Agent.Conversations;
using Agent.Turns;
using Messaging.Contracts.Operators;
using Messaging.Tenancy.Members;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Agent.Operators;

/// <summary>
/// The unanswered queue: conversations whose customer's last message got no reply, with the
/// reason, newest first; and the one action that answers again once the cause is fixed.
/// </summary>
public static partial class UnansweredApi
{
    public static WebApplication MapUnansweredApi(this WebApplication app)
    {
        app.MapGet(OperatorsApi.BasePath + "/unanswered", ListAsync).WithTags("Operators").RequireOperatorOfQueryWorkspace();
        app.MapPost(OperatorsApi.BasePath + "/conversations/{conversationId:guid}/rerun", RerunAsync).WithTags("Operators")
            .RequireOperator(OperatorsApi.ConversationWorkspaceAsync);
        return app;
    }

    static async Task<Results<Ok<UnansweredPage>, ValidationProblem>> ListAsync(
        AgentDbContext db, string? workspaceId, string? code, DateTimeOffset? before, int? limit, CancellationToken cancellationToken)
    {
        var errors = ListArguments.Check(workspaceId, limit);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var query = db.Conversations.AsNoTracking().Include(c => c.Contact).Where(c => c.WorkspaceId == workspaceId && c.UnansweredAt != null);
        if (!string.IsNullOrWhiteSpace(code))
        {
            query = query.Where(c => c.UnansweredCode == code);
        }
        if (before is not null)
        {
            query = query.Where(c => c.UnansweredAt < before);
        }
        var take = limit ?? 50;
        var page = await query.OrderByDescending(c => c.UnansweredAt).ThenBy(c => c.Id).Take(take + 1).ToListAsync(cancellationToken);
        var next = page.Count > take ? page[take - 1].UnansweredAt : null;
        return TypedResults.Ok(new UnansweredPage(page.Take(take).Select(OperatorsApi.ToSummary).ToList(), next));
    }

    static async Task<Results<Accepted<RerunAccepted>, NotFound, ValidationProblem, Conflict<Microsoft.AspNetCore.Mvc.ProblemDetails>>> RerunAsync(
        Guid conversationId, OperatorRequest? request, TurnRerun rerun, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (OperatorsApi.ValidateOperator(request?.Operator) is { } invalid)
        {
            return invalid;
        }
        var result = await rerun.RerunAsync(conversationId, request!.Operator!.Trim(), cancellationToken);
        var logger = loggers.CreateLogger(typeof(UnansweredApi));
        switch (result.Outcome)
        {
            case RerunOutcome.Scheduled:
                LogRerun(logger, conversationId, result.TurnId!);
                return TypedResults.Accepted($"{OperatorsApi.BasePath}/conversations/{conversationId}/turns", new RerunAccepted(conversationId, result.TurnId!));
            case RerunOutcome.ConversationNotFound:
                return TypedResults.NotFound();
            default:
                var detail = result.Outcome switch
                {
                    RerunOutcome.NothingUnanswered => "The conversation has no unanswered message to re-run.",
                    RerunOutcome.WithHuman => "A human operator handles the conversation: reply to it, or release it before re-running.",
                    _ => "The workspace keeps no message text (metadata retention), so the turn cannot be re-run: reply to the customer instead.",
                };
                LogRerunRefused(logger, conversationId, result.Outcome);
                return TypedResults.Conflict(new Microsoft.AspNetCore.Mvc.ProblemDetails { Title = "Nothing to re-run", Detail = detail, Status = StatusCodes.Status409Conflict });
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Conversation {ConversationId}: unanswered turn re-run as {TurnId}")]
    static partial void LogRerun(ILogger logger, Guid conversationId, string turnId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Conversation {ConversationId}: re-run refused ({Outcome})")]
    static partial void LogRerunRefused(ILogger logger, Guid conversationId, RerunOutcome outcome);
}
