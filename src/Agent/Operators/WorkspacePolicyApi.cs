using Agent.Conversations;
using Messaging.Contracts.Operators;
using Messaging.Tenancy.Members;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Agent.Operators;

/// <summary>
/// The Agent's settings of a workspace: the fallback message a customer gets when no reply can
/// be sent (none by default), and the languages it serves (ISO 639-1, the first one for offline
/// replies and confirmations; opt-out words are understood in all of them).
/// </summary>
public static partial class WorkspacePolicyApi
{
    const int MaxFallbackLength = 1_000;
    const int MaxLanguages = 10;

    public static WebApplication MapWorkspacePolicyApi(this WebApplication app)
    {
        var api = app.MapGroup(OperatorsApi.BasePath + "/workspaces/{workspaceId}/policy").WithTags("Operators");
        api.MapGet("/", GetAsync).RequireOperator(OperatorEndpointExtensions.RouteWorkspace);
        // The policy is a workspace setting: its owners change it.
        api.MapPut("/", PutAsync).RequireOperator(OperatorEndpointExtensions.RouteWorkspace, OperatorRequirement.Owner);
        return app;
    }

    static async Task<Ok<WorkspacePolicyView>> GetAsync(string workspaceId, WorkspacePolicies policies, CancellationToken cancellationToken) =>
        TypedResults.Ok(ToView(await policies.GetAsync(workspaceId, cancellationToken)));

    static async Task<Results<Ok<WorkspacePolicyView>, ValidationProblem>> PutAsync(
        string workspaceId, WorkspacePolicyRequest? request, WorkspacePolicies policies, ILogger<WorkspacePolicies> logger, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var fallback = string.IsNullOrWhiteSpace(request?.FallbackMessage) ? null : request.FallbackMessage.Trim();
        if (fallback is { Length: > MaxFallbackLength })
        {
            errors["fallbackMessage"] = [$"fallbackMessage must be at most {MaxFallbackLength} characters."];
        }
        var languages = (request?.Languages ?? WorkspacePolicies.DefaultLanguages).Select(code => code?.Trim().ToLowerInvariant() ?? "").Distinct().ToArray();
        if (languages.Length is 0 or > MaxLanguages || languages.Any(code => code.Length != 2 || !code.All(char.IsAsciiLetterLower)))
        {
            errors["languages"] = [$"languages must be 1 to {MaxLanguages} two-letter ISO 639-1 codes, such as [\"en\", \"pt\"]."];
        }
        if (errors.Count > 0)
        {
            var fields = string.Join(", ", errors.Keys);
            LogRejected(logger, workspaceId, fields);
            return TypedResults.ValidationProblem(errors);
        }
        return TypedResults.Ok(ToView(await policies.SaveAsync(workspaceId, fallback, languages, cancellationToken)));
    }

    static WorkspacePolicyView ToView(WorkspacePolicy policy) =>
        new(policy.WorkspaceId, policy.FallbackMessage, policy.Languages, policy.UpdatedAt == DateTimeOffset.MinValue ? null : policy.UpdatedAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Workspace {WorkspaceId}: policy rejected ({Fields})")]
    static partial void LogRejected(ILogger logger, string workspaceId, string fields);
}
