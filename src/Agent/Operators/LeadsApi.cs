using Agent.Conversations;
using Messaging.Contracts.Operators;
using Messaging.Tenancy.Members;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Agent.Operators;

/// <summary>Leads, one per person and interest, newest first; search by email, name or interest.</summary>
public static class LeadsApi
{
    public static WebApplication MapLeadsApi(this WebApplication app)
    {
        app.MapGet(OperatorsApi.BasePath + "/leads", ListAsync).WithTags("Operators").RequireOperatorOfQueryWorkspace();
        return app;
    }

    static async Task<Results<Ok<LeadPage>, ValidationProblem>> ListAsync(
        AgentDbContext db, string? workspaceId, string? search, Guid? contactId, Guid? conversationId, long? before, int? limit, CancellationToken cancellationToken)
    {
        var errors = ListArguments.Check(workspaceId, limit, search);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var query = db.Leads.AsNoTracking().Where(l => l.WorkspaceId == workspaceId);
        if (!string.IsNullOrWhiteSpace(search))
        {
            var pattern = ListArguments.ContainsPattern(search);
            query = query.Where(l => EF.Functions.ILike(l.Email, pattern) || EF.Functions.ILike(l.Name ?? "", pattern) || EF.Functions.ILike(l.Interest ?? "", pattern));
        }
        if (contactId is not null)
        {
            query = query.Where(l => l.ContactId == contactId);
        }
        if (conversationId is not null)
        {
            query = query.Where(l => l.ConversationId == conversationId);
        }
        if (before is not null)
        {
            query = query.Where(l => l.Id < before);
        }
        var take = limit ?? 50;
        var rows = await query.OrderByDescending(l => l.Id).Take(take + 1).ToListAsync(cancellationToken);
        var next = rows.Count > take ? rows[take - 1].Id : (long?)null;
        return TypedResults.Ok(new LeadPage(rows.Take(take).Select(l => new LeadView(
            l.Id, l.WorkspaceId, l.ContactId, l.ConversationId, l.Email, l.Name, l.Interest, l.TurnId, l.CreatedAt, l.UpdatedAt)).ToList(), next));
    }
}
