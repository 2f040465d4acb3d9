using Admin.Tenancy.Api;
using Admin.Tenancy.Data;
using Admin.Tenancy.Outbox;
using Admin.Tenancy.Validation;
using Messaging.Contracts.Events;
using Messaging.Tenancy.Model;
using Microsoft.EntityFrameworkCore;

namespace Admin.Tenancy.Templates;

public static class TemplatesApi
{
    const string Resource = "template";

    public static RouteGroupBuilder MapTemplatesApi(this RouteGroupBuilder api)
    {
        api.MapPost("/workspaces/{workspaceId:guid}/templates", CreateAsync);
        api.MapGet("/workspaces/{workspaceId:guid}/templates", ListAsync);
        api.MapGet("/templates/{templateId:guid}", GetAsync);
        api.MapPut("/templates/{templateId:guid}", UpdateAsync);
        api.MapDelete("/templates/{templateId:guid}", DeleteAsync);
        return api;
    }

    internal static async Task<IResult> CreateAsync(Guid workspaceId, TemplateRequest? request, TenancyDbContext db, TenancyChangeWriter changes, HttpResponse response, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return TenancyProblems.MissingBody();
        }
        var errors = new ValidationErrors();
        if (TemplateValidator.Validate(request, errors) is not { } valid)
        {
            return TenancyProblems.Invalid(errors);
        }
        if (!await db.Workspaces.AnyAsync(w => w.Id == workspaceId, cancellationToken))
        {
            return TenancyProblems.NotFound($"Workspace {workspaceId}");
        }
        var row = new TemplateRow
        {
            Id = Guid.CreateVersion7(),
            WorkspaceId = workspaceId,
            Name = valid.Name,
            Language = valid.Language,
            Category = "",
            Body = valid.Body,
            Status = "",
            Version = 1,
            CreatedAt = changes.Now,
        };
        Apply(row, valid, changes.Now);
        db.Templates.Add(row);
        changes.Record(workspaceId, TenancyEntity.Template, row.Id.ToString(), null, row.Version);
        if (await changes.SaveAsync(Resource, null, cancellationToken) is { } problem)
        {
            return problem;
        }
        Preconditions.SetETag(response, row.Version);
        return TypedResults.Created($"{TenancyApi.BasePath}/templates/{row.Id}", ToResponse(row));
    }

    internal static async Task<IResult> ListAsync(Guid workspaceId, TenancyDbContext db, CancellationToken cancellationToken)
    {
        if (!await db.Workspaces.AnyAsync(w => w.Id == workspaceId, cancellationToken))
        {
            return TenancyProblems.NotFound($"Workspace {workspaceId}");
        }
        var rows = await db.Templates.AsNoTracking().Where(t => t.WorkspaceId == workspaceId).OrderBy(t => t.Name).ThenBy(t => t.Language).ToListAsync(cancellationToken);
        return TypedResults.Ok(rows.Select(ToResponse).ToList());
    }

    internal static async Task<IResult> GetAsync(Guid templateId, TenancyDbContext db, HttpResponse response, CancellationToken cancellationToken)
    {
        var row = await db.Templates.AsNoTracking().SingleOrDefaultAsync(t => t.Id == templateId, cancellationToken);
        if (row is null)
        {
            return TenancyProblems.NotFound($"Template {templateId}");
        }
        Preconditions.SetETag(response, row.Version);
        return TypedResults.Ok(ToResponse(row));
    }

    internal static async Task<IResult> UpdateAsync(Guid templateId, TemplateRequest? request, TenancyDbContext db, TenancyChangeWriter changes, HttpContext http, CancellationToken cancellationToken)
    {
        if (UpdateChecks.Refusal(http.Request, request, TemplateValidator.Validate, out var ifMatch, out var valid) is { } refusal)
        {
            return refusal;
        }
        var row = await db.Templates.SingleOrDefaultAsync(t => t.Id == templateId, cancellationToken);
        if (row is null)
        {
            return TenancyProblems.NotFound($"Template {templateId}");
        }
        if (Preconditions.CheckCurrent(ifMatch, row.Version, Resource) is { } precondition)
        {
            return precondition;
        }
        Apply(row, valid, changes.Now);
        row.Version++;
        changes.Record(row.WorkspaceId, TenancyEntity.Template, row.Id.ToString(), null, row.Version);
        if (await changes.SaveAsync(Resource, ifMatch, cancellationToken) is { } problem)
        {
            return problem;
        }
        Preconditions.SetETag(http.Response, row.Version);
        return TypedResults.Ok(ToResponse(row));
    }

    internal static Task<IResult> DeleteAsync(Guid templateId, TenancyDbContext db, TenancyChangeWriter changes, HttpRequest request, CancellationToken cancellationToken) =>
        VersionedDelete.DeleteAsync(db.Templates, templateId, Resource, TenancyEntity.Template, changes, request, cancellationToken);

    static void Apply(TemplateRow row, ValidTemplate valid, DateTimeOffset now)
    {
        row.Name = valid.Name;
        row.Language = valid.Language;
        row.Category = TenancyCodes.ToCode(valid.Category);
        row.Body = valid.Body;
        row.Status = TenancyCodes.ToCode(valid.Status);
        row.TwilioContentSid = valid.TwilioContentSid;
        row.UpdatedAt = now;
    }

    static TemplateResponse ToResponse(TemplateRow row) => new(
        row.Id.ToString(), row.WorkspaceId.ToString(), row.Name, row.Language, row.Category, row.Body,
        TemplateValidator.CountParameters(row.Body), row.Status, row.TwilioContentSid, row.Version, row.CreatedAt, row.UpdatedAt);
}
