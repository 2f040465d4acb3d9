using Admin.Tenancy.Api;
using Admin.Tenancy.Data;
using Admin.Tenancy.Outbox;
using Admin.Tenancy.Validation;
using Messaging.Contracts.Events;
using Messaging.Tenancy.Model;
using Microsoft.EntityFrameworkCore;

namespace Admin.Tenancy.Workspaces;

public static class WorkspacesApi
{
    public static RouteGroupBuilder MapWorkspacesApi(this RouteGroupBuilder api)
    {
        var workspaces = api.MapGroup("/workspaces");
        workspaces.MapPost("/", CreateAsync);
        workspaces.MapGet("/", ListAsync);
        workspaces.MapGet("/{workspaceId:guid}", GetAsync);
        workspaces.MapPut("/{workspaceId:guid}", UpdateAsync);
        workspaces.MapPut("/{workspaceId:guid}/retention", UpdateRetentionAsync);
        return api;
    }

    internal static async Task<IResult> CreateAsync(WorkspaceRequest? request, TenancyDbContext db, TenancyChangeWriter changes, HttpResponse response, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return TenancyProblems.MissingBody();
        }
        var errors = new ValidationErrors();
        if (WorkspaceValidator.Validate(request, errors) is not { } valid)
        {
            return TenancyProblems.Invalid(errors);
        }
        var row = new WorkspaceRow
        {
            Id = Guid.CreateVersion7(),
            Name = valid.Name,
            Slug = valid.Slug,
            TimeZone = valid.TimeZone,
            BusinessHours = BusinessHoursJson.Serialize(valid.BusinessHours),
            RetentionMode = TenancyCodes.ToCode(RetentionMode.Full),
            RetentionDays = 365,
            LowCreditThreshold = valid.LowCreditThreshold,
            Version = 1,
            CreatedAt = changes.Now,
            UpdatedAt = changes.Now,
        };
        db.Workspaces.Add(row);
        changes.Record(row.Id, TenancyEntity.Workspace, row.Id.ToString(), null, row.Version);
        if (await changes.SaveAsync("workspace", null, cancellationToken) is { } problem)
        {
            return problem;
        }
        Preconditions.SetETag(response, row.Version);
        return TypedResults.Created($"{TenancyApi.BasePath}/workspaces/{row.Id}", ToResponse(row));
    }

    internal static async Task<IResult> ListAsync(TenancyDbContext db, CancellationToken cancellationToken)
    {
        var rows = await db.Workspaces.AsNoTracking().OrderBy(w => w.Slug).ToListAsync(cancellationToken);
        return TypedResults.Ok(rows.Select(ToResponse).ToList());
    }

    internal static async Task<IResult> GetAsync(Guid workspaceId, TenancyDbContext db, HttpResponse response, CancellationToken cancellationToken)
    {
        var row = await db.Workspaces.AsNoTracking().SingleOrDefaultAsync(w => w.Id == workspaceId, cancellationToken);
        if (row is null)
        {
            return TenancyProblems.NotFound($"Workspace {workspaceId}");
        }
        Preconditions.SetETag(response, row.Version);
        return TypedResults.Ok(ToResponse(row));
    }

    internal static async Task<IResult> UpdateAsync(Guid workspaceId, WorkspaceRequest? request, TenancyDbContext db, TenancyChangeWriter changes, HttpContext http, CancellationToken cancellationToken)
    {
        if (UpdateChecks.Refusal(http.Request, request, WorkspaceValidator.Validate, out var ifMatch, out var valid) is { } refusal)
        {
            return refusal;
        }
        var row = await db.Workspaces.SingleOrDefaultAsync(w => w.Id == workspaceId, cancellationToken);
        if (row is null)
        {
            return TenancyProblems.NotFound($"Workspace {workspaceId}");
        }
        if (Preconditions.CheckCurrent(ifMatch, row.Version, "workspace") is { } precondition)
        {
            return precondition;
        }
        row.Name = valid.Name;
        row.Slug = valid.Slug;
        row.TimeZone = valid.TimeZone;
        row.BusinessHours = BusinessHoursJson.Serialize(valid.BusinessHours);
        row.LowCreditThreshold = valid.LowCreditThreshold;
        return await SaveAsync(row, TenancyEntity.Workspace, ifMatch, changes, http.Response, cancellationToken);
    }

    internal static async Task<IResult> UpdateRetentionAsync(Guid workspaceId, RetentionRequest? request, TenancyDbContext db, TenancyChangeWriter changes, HttpContext http, CancellationToken cancellationToken)
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
        if (WorkspaceValidator.Validate(request, errors) is not { } retention)
        {
            return TenancyProblems.Invalid(errors);
        }
        var row = await db.Workspaces.SingleOrDefaultAsync(w => w.Id == workspaceId, cancellationToken);
        if (row is null)
        {
            return TenancyProblems.NotFound($"Workspace {workspaceId}");
        }
        if (Preconditions.CheckCurrent(ifMatch, row.Version, "workspace") is { } precondition)
        {
            return precondition;
        }
        row.RetentionMode = TenancyCodes.ToCode(retention.Mode);
        row.RetentionDays = retention.Days;
        return await SaveAsync(row, TenancyEntity.Retention, ifMatch, changes, http.Response, cancellationToken);
    }

    static async Task<IResult> SaveAsync(WorkspaceRow row, TenancyEntity entity, long? ifMatch, TenancyChangeWriter changes, HttpResponse response, CancellationToken cancellationToken)
    {
        row.Version++;
        row.UpdatedAt = changes.Now;
        changes.Record(row.Id, entity, row.Id.ToString(), null, row.Version);
        if (await changes.SaveAsync("workspace", ifMatch, cancellationToken) is { } problem)
        {
            return problem;
        }
        Preconditions.SetETag(response, row.Version);
        return TypedResults.Ok(ToResponse(row));
    }

    static WorkspaceResponse ToResponse(WorkspaceRow row) => new(
        row.Id.ToString(),
        row.Name,
        row.Slug,
        row.TimeZone,
        BusinessHoursJson.Deserialize(row.BusinessHours).Select(BusinessHoursJson.ToStored).ToList(),
        new RetentionResponse(row.RetentionMode, row.RetentionDays),
        row.LowCreditThreshold,
        row.Version,
        row.CreatedAt,
        row.UpdatedAt);
}
