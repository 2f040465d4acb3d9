using Messaging.Tenancy.Urls;
using Admin.Tenancy.Api;
using Admin.Tenancy.Channels;
using Admin.Tenancy.Data;
using Admin.Tenancy.Outbox;
using Admin.Tenancy.Validation;
using Messaging.Contracts.Events;
using Messaging.Tenancy.Model;
using Messaging.Tenancy.Secrets;
using Microsoft.EntityFrameworkCore;

namespace Admin.Tenancy.AiSettings;

public static class AiSettingsApi
{
    const string Resource = "AI settings";

    public static RouteGroupBuilder MapAiSettingsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/workspaces/{workspaceId:guid}/ai-settings", GetAsync);
        api.MapPut("/workspaces/{workspaceId:guid}/ai-settings", PutAsync);
        return api;
    }

    internal static async Task<IResult> GetAsync(Guid workspaceId, TenancyDbContext db, HttpResponse response, CancellationToken cancellationToken)
    {
        var row = await db.AiSettings.AsNoTracking().SingleOrDefaultAsync(a => a.WorkspaceId == workspaceId, cancellationToken);
        if (row is null)
        {
            return TenancyProblems.NotFound($"AI settings of workspace {workspaceId} (none saved: the workspace uses the offline mode)");
        }
        Preconditions.SetETag(response, row.Version);
        return TypedResults.Ok(ToResponse(row));
    }

    internal static async Task<IResult> PutAsync(Guid workspaceId, AiSettingsRequest? request, TenantUrlPolicy urls, TenancyDbContext db, TenancyChangeWriter changes, TenantSecretProtector secrets, HttpContext http, CancellationToken cancellationToken)
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
        if (!TenancyCodes.TryParse<AiMode>(request.Mode, out var mode))
        {
            errors.Add("mode", $"mode must be {TenancyCodes.Describe<AiMode>()}.");
        }
        var online = mode == AiMode.OpenAi;
        var endpoint = online ? errors.TenantUrl("endpoint", request.Endpoint, required: true, urls) : null;
        var chatModel = online ? errors.Required("chatModel", request.ChatModel, 200) : null;
        var embeddingModel = online ? errors.Optional("embeddingModel", request.EmbeddingModel, 200) : null;
        var apiKey = online ? errors.Optional("apiKey", request.ApiKey, 1024) : null;
        if (!online && (request.Endpoint ?? request.ChatModel ?? request.EmbeddingModel ?? request.ApiKey) is not null)
        {
            errors.Add("mode", "endpoint, chatModel, embeddingModel and apiKey apply only to mode 'open_ai'; the offline mode uses none of them.");
        }
        if (!errors.IsValid)
        {
            return TenancyProblems.Invalid(errors);
        }
        if (!await db.Workspaces.AnyAsync(w => w.Id == workspaceId, cancellationToken))
        {
            return TenancyProblems.NotFound($"Workspace {workspaceId}");
        }
        var row = await db.AiSettings.SingleOrDefaultAsync(a => a.WorkspaceId == workspaceId, cancellationToken);
        var created = row is null;
        if (row is null)
        {
            if (ifMatch is { } sent)
            {
                return Preconditions.Stale(Resource, sent, null);
            }
            row = new AiSettingsRow { WorkspaceId = workspaceId, Mode = "", Version = 1 };
            db.AiSettings.Add(row);
        }
        else
        {
            if (Preconditions.CheckCurrent(ifMatch, row.Version, Resource) is { } precondition)
            {
                return precondition;
            }
            row.Version++;
        }
        row.Mode = TenancyCodes.ToCode(mode);
        row.Endpoint = endpoint?.ToString();
        row.ChatModel = chatModel;
        row.EmbeddingModel = embeddingModel;
        if (!online)
        {
            row.ApiKeyProtected = null;
            row.ApiKeyHint = null;
        }
        else if (apiKey is not null)
        {
            row.ApiKeyProtected = secrets.Protect(apiKey);
            row.ApiKeyHint = TenantSecretProtector.Hint(apiKey);
        }
        row.UpdatedAt = changes.Now;
        changes.Record(workspaceId, TenancyEntity.AiSettings, workspaceId.ToString(), null, row.Version);
        if (await changes.SaveAsync(Resource, ifMatch, cancellationToken) is { } problem)
        {
            return problem;
        }
        Preconditions.SetETag(http.Response, row.Version);
        return created
            ? TypedResults.Created($"{TenancyApi.BasePath}/workspaces/{workspaceId}/ai-settings", ToResponse(row))
            : TypedResults.Ok(ToResponse(row));
    }

    static AiSettingsResponse ToResponse(AiSettingsRow row) => new(
        row.WorkspaceId.ToString(), row.Mode, row.Endpoint, row.ChatModel, row.EmbeddingModel,
        new SecretStatus(row.ApiKeyProtected is not null, row.ApiKeyHint), row.Version, row.UpdatedAt);
}
