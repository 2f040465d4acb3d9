using Admin.Tenancy.Api;
using Admin.Tenancy.Data;
using Admin.Tenancy.Outbox;
using Admin.Tenancy.Validation;
using Messaging.Contracts.Events;
using Microsoft.EntityFrameworkCore;

namespace Admin.Tenancy.Knowledge;

public static class KnowledgeApi
{
    public const int MaxTitleLength = 200;
    public const int MaxContentLength = 20_000;
    public const int MaxTags = 20;
    const string Resource = "knowledge entry";

    public static RouteGroupBuilder MapKnowledgeApi(this RouteGroupBuilder api)
    {
        api.MapPost("/workspaces/{workspaceId:guid}/knowledge", CreateAsync);
        api.MapGet("/workspaces/{workspaceId:guid}/knowledge", ListAsync);
        api.MapGet("/knowledge/{entryId:guid}", GetAsync);
        api.MapPut("/knowledge/{entryId:guid}", UpdateAsync);
        api.MapDelete("/knowledge/{entryId:guid}", DeleteAsync);
        return api;
    }

    internal static async Task<IResult> CreateAsync(Guid workspaceId, KnowledgeRequest? request, TenancyDbContext db, TenancyChangeWriter changes, HttpResponse response, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return TenancyProblems.MissingBody();
        }
        var errors = new ValidationErrors();
        if (Validate(request, errors) is not { } valid)
        {
            return TenancyProblems.Invalid(errors);
        }
        if (!await db.Workspaces.AnyAsync(w => w.Id == workspaceId, cancellationToken))
        {
            return TenancyProblems.NotFound($"Workspace {workspaceId}");
        }
        var row = new KnowledgeRow
        {
            Id = Guid.CreateVersion7(),
            WorkspaceId = workspaceId,
            Title = valid.Title,
            Content = valid.Content,
            Tags = valid.Tags,
            Version = 1,
            CreatedAt = changes.Now,
            UpdatedAt = changes.Now,
        };
        db.Knowledge.Add(row);
        changes.Record(workspaceId, TenancyEntity.Knowledge, row.Id.ToString(), null, row.Version);
        if (await changes.SaveAsync(Resource, null, cancellationToken) is { } problem)
        {
            return problem;
        }
        Preconditions.SetETag(response, row.Version);
        return TypedResults.Created($"{TenancyApi.BasePath}/knowledge/{row.Id}", ToResponse(row));
    }

    internal static async Task<IResult> ListAsync(Guid workspaceId, TenancyDbContext db, CancellationToken cancellationToken)
    {
        if (!await db.Workspaces.AnyAsync(w => w.Id == workspaceId, cancellationToken))
        {
            return TenancyProblems.NotFound($"Workspace {workspaceId}");
        }
        var rows = await db.Knowledge.AsNoTracking().Where(k => k.WorkspaceId == workspaceId).OrderBy(k => k.CreatedAt).ToListAsync(cancellationToken);
        return TypedResults.Ok(rows.Select(ToResponse).ToList());
    }

    internal static async Task<IResult> GetAsync(Guid entryId, TenancyDbContext db, HttpResponse response, CancellationToken cancellationToken)
    {
        var row = await db.Knowledge.AsNoTracking().SingleOrDefaultAsync(k => k.Id == entryId, cancellationToken);
        if (row is null)
        {
            return TenancyProblems.NotFound($"Knowledge entry {entryId}");
        }
        Preconditions.SetETag(response, row.Version);
        return TypedResults.Ok(ToResponse(row));
    }

    internal static async Task<IResult> UpdateAsync(Guid entryId, KnowledgeRequest? request, TenancyDbContext db, TenancyChangeWriter changes, HttpContext http, CancellationToken cancellationToken)
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
        if (Validate(request, errors) is not { } valid)
        {
            return TenancyProblems.Invalid(errors);
        }
        var row = await db.Knowledge.SingleOrDefaultAsync(k => k.Id == entryId, cancellationToken);
        if (row is null)
        {
            return TenancyProblems.NotFound($"Knowledge entry {entryId}");
        }
        if (Preconditions.CheckCurrent(ifMatch, row.Version, Resource) is { } precondition)
        {
            return precondition;
        }
        row.Title = valid.Title;
        row.Content = valid.Content;
        row.Tags = valid.Tags;
        row.Version++;
        row.UpdatedAt = changes.Now;
        changes.Record(row.WorkspaceId, TenancyEntity.Knowledge, row.Id.ToString(), null, row.Version);
        if (await changes.SaveAsync(Resource, ifMatch, cancellationToken) is { } problem)
        {
            return problem;
        }
        Preconditions.SetETag(http.Response, row.Version);
        return TypedResults.Ok(ToResponse(row));
    }

    internal static Task<IResult> DeleteAsync(Guid entryId, TenancyDbContext db, TenancyChangeWriter changes, HttpRequest request, CancellationToken cancellationToken) =>
        VersionedDelete.DeleteAsync(db.Knowledge, entryId, Resource, TenancyEntity.Knowledge, changes, request, cancellationToken);

    static (string Title, string Content, string[] Tags)? Validate(KnowledgeRequest request, ValidationErrors errors)
    {
        var title = errors.Required("title", request.Title, MaxTitleLength);
        var content = errors.Required("content", request.Content, MaxContentLength);
        var tags = new List<string>();
        var requested = request.Tags ?? [];
        if (requested.Count > MaxTags)
        {
            errors.Add("tags", $"tags has {requested.Count} tags; the limit is {MaxTags}.");
        }
        else
        {
            for (var i = 0; i < requested.Count; i++)
            {
                if (errors.Required($"tags[{i}]", requested[i], 50) is { } tag)
                {
                    tags.Add(tag.ToLowerInvariant());
                }
            }
        }
        return errors.IsValid ? (title!, content!, [.. tags.Distinct(StringComparer.Ordinal)]) : null;
    }

    static KnowledgeResponse ToResponse(KnowledgeRow row) =>
        new(row.Id.ToString(), row.WorkspaceId.ToString(), row.Title, row.Content, row.Tags, row.Version, row.CreatedAt, row.UpdatedAt);
}
