using Admin.Tenancy.Api;
using Admin.Tenancy.Data;
using Admin.Tenancy.Outbox;
using Admin.Tenancy.Validation;
using Messaging.Contracts.Events;
using Messaging.Tenancy.Model;
using Microsoft.EntityFrameworkCore;

namespace Admin.Tenancy.Personas;

public static class PersonasApi
{
    public const int MaxPromptLength = 8000;
    const string Resource = "persona";

    public static RouteGroupBuilder MapPersonasApi(this RouteGroupBuilder api)
    {
        api.MapGet("/workspaces/{workspaceId:guid}/persona", GetAsync);
        api.MapPut("/workspaces/{workspaceId:guid}/persona", PutAsync);
        api.MapPut("/workspaces/{workspaceId:guid}/persona/safety", PutSafetyAsync);
        return api;
    }

    internal static async Task<IResult> GetAsync(Guid workspaceId, TenancyDbContext db, HttpResponse response, CancellationToken cancellationToken)
    {
        var row = await db.Personas.AsNoTracking().SingleOrDefaultAsync(p => p.WorkspaceId == workspaceId, cancellationToken);
        if (row is null)
        {
            return TenancyProblems.NotFound($"The persona of workspace {workspaceId}");
        }
        Preconditions.SetETag(response, row.Version);
        return TypedResults.Ok(ToResponse(row));
    }

    /// <summary>A new prompt goes back to "pending": AI replies wait for the classifier's verdict on it.</summary>
    internal static async Task<IResult> PutAsync(Guid workspaceId, PersonaRequest? request, TenancyDbContext db, TenancyChangeWriter changes, HttpContext http, CancellationToken cancellationToken)
    {
        if (!Preconditions.TryReadIfMatch(http.Request, out var ifMatch, out var malformed))
        {
            return malformed!;
        }
        if (request is null)
        {
            return TenancyProblems.MissingBody();
        }
        var errors = new ValidationErrors();
        var prompt = errors.Required("prompt", request.Prompt, MaxPromptLength);
        if (prompt is null)
        {
            return TenancyProblems.Invalid(errors);
        }
        if (!await db.Workspaces.AnyAsync(w => w.Id == workspaceId, cancellationToken))
        {
            return TenancyProblems.NotFound($"Workspace {workspaceId}");
        }
        var row = await db.Personas.SingleOrDefaultAsync(p => p.WorkspaceId == workspaceId, cancellationToken);
        var created = row is null;
        if (row is null)
        {
            if (ifMatch is { } sent)
            {
                return Preconditions.Stale(Resource, sent, null);
            }
            row = new PersonaRow { WorkspaceId = workspaceId, Prompt = prompt, SafetyStatus = "", Version = 1 };
            db.Personas.Add(row);
        }
        else
        {
            if (Preconditions.CheckCurrent(ifMatch, row.Version, Resource) is { } precondition)
            {
                return precondition;
            }
            row.Version++;
        }
        row.Prompt = prompt;
        row.SafetyStatus = TenancyCodes.ToCode(PersonaSafety.Pending);
        row.SafetyReason = null;
        return await SaveAsync(row, created, ifMatch, changes, http.Response, cancellationToken);
    }

    /// <summary>Requires If-Match, so a verdict on an old prompt never approves a newer one.</summary>
    internal static async Task<IResult> PutSafetyAsync(Guid workspaceId, PersonaSafetyRequest? request, TenancyDbContext db, TenancyChangeWriter changes, HttpContext http, CancellationToken cancellationToken)
    {
        if (!Preconditions.TryReadIfMatch(http.Request, out var ifMatch, out var malformed))
        {
            return malformed!;
        }
        if (request is null)
        {
            return TenancyProblems.MissingBody();
        }
        var errors = new ValidationErrors();
        if (!TenancyCodes.TryParse<PersonaSafety>(request.Status, out var status))
        {
            errors.Add("status", $"status must be {TenancyCodes.Describe<PersonaSafety>()}.");
        }
        var reason = errors.Optional("reason", request.Reason, 1000);
        if (status == PersonaSafety.Rejected && reason is null && errors.IsValid)
        {
            errors.Add("reason", "reason is required when a persona is rejected, so its author knows what to change.");
        }
        if (!errors.IsValid)
        {
            return TenancyProblems.Invalid(errors);
        }
        var row = await db.Personas.SingleOrDefaultAsync(p => p.WorkspaceId == workspaceId, cancellationToken);
        if (row is null)
        {
            return TenancyProblems.NotFound($"The persona of workspace {workspaceId}");
        }
        if (Preconditions.CheckCurrent(ifMatch, row.Version, Resource) is { } precondition)
        {
            return precondition;
        }
        row.Version++;
        row.SafetyStatus = TenancyCodes.ToCode(status);
        row.SafetyReason = reason;
        return await SaveAsync(row, created: false, ifMatch, changes, http.Response, cancellationToken);
    }

    static async Task<IResult> SaveAsync(PersonaRow row, bool created, long? ifMatch, TenancyChangeWriter changes, HttpResponse response, CancellationToken cancellationToken)
    {
        row.UpdatedAt = changes.Now;
        changes.Record(row.WorkspaceId, TenancyEntity.Persona, row.WorkspaceId.ToString(), null, row.Version);
        if (await changes.SaveAsync(Resource, ifMatch, cancellationToken) is { } problem)
        {
            return problem;
        }
        Preconditions.SetETag(response, row.Version);
        return created
            ? TypedResults.Created($"{TenancyApi.BasePath}/workspaces/{row.WorkspaceId}/persona", ToResponse(row))
            : TypedResults.Ok(ToResponse(row));
    }

    static PersonaResponse ToResponse(PersonaRow row) =>
        new(row.WorkspaceId.ToString(), row.Prompt, row.SafetyStatus, row.SafetyReason, row.Version, row.UpdatedAt);
}
