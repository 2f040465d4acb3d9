using System.Net;
using Messaging.Contracts.Events;
using Messaging.Streams.Bus;
using Messaging.Tenancy.Model;
using Messaging.Tenancy.Reading;

namespace Agent.Ai.Safety;

/// <summary>
/// tenancy:changed (group agent-personas): a persona saved in Admin goes back to pending; this
/// classifies it (the workspace's model when one is configured, the heuristics otherwise) and
/// records the verdict with its reason through Admin's API (an unreadable model verdict is
/// recorded as still pending, with the reason)
/// (<c>PUT /api/tenancy/workspaces/{id}/persona/safety</c>, If-Match the version it read, so a
/// verdict on an older prompt never approves a newer one). Operators can still override it there.
/// </summary>
public sealed partial class PersonaReviewer(
    HttpClient admin,
    ITenancyReader tenancy,
    IPersonaSafetyClassifier classifier,
    ILogger<PersonaReviewer> logger) : IEventHandler<TenancyChanged>
{
    public const string BaseAddress = "http://admin";
    public const string ConsumerGroup = "agent-personas";

    public async Task HandleAsync(TenancyChanged change, EventContext context, CancellationToken cancellationToken)
    {
        if (change.Entity != TenancyEntity.Persona)
        {
            return;
        }
        // Read from Admin, not the cache: the cache may not have seen this change yet.
        using var current = await admin.GetAsync(new Uri($"/api/tenancy/workspaces/{Uri.EscapeDataString(change.WorkspaceId)}/persona", UriKind.Relative), cancellationToken);
        if (current.StatusCode == HttpStatusCode.NotFound)
        {
            return;
        }
        current.EnsureSuccessStatusCode();
        var persona = await current.Content.ReadFromJsonAsync<PersonaState>(cancellationToken);
        // A pending persona with a reason was reviewed already and left pending (an unreadable
        // verdict): reviewing it again would loop on our own change event. Saving it clears the reason.
        if (persona is null || persona.SafetyStatus != TenancyCodes.ToCode(PersonaSafety.Pending) || persona.SafetyReason is not null)
        {
            return;
        }

        var ai = (await tenancy.GetWorkspaceAsync(change.WorkspaceId, cancellationToken))?.Ai ?? AiSettings.Offline;
        var verdict = await classifier.ClassifyAsync(persona.Prompt, ai, cancellationToken);
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri($"/api/tenancy/workspaces/{Uri.EscapeDataString(change.WorkspaceId)}/persona/safety", UriKind.Relative))
        {
            Content = JsonContent.Create(new
            {
                status = TenancyCodes.ToCode(verdict.Safety),
                reason = verdict.Safety == PersonaSafety.Pending ? $"{verdict.Reason} (asked: {verdict.DecidedBy})" : $"{verdict.Reason} (decided by {verdict.DecidedBy})",
            }),
        };
        request.Headers.TryAddWithoutValidation("If-Match", $"\"{persona.Version}\"");
        using var response = await admin.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.PreconditionFailed)
        {
            // A newer prompt was saved meanwhile: its own change event brings it here.
            LogSuperseded(logger, change.WorkspaceId, persona.Version);
            return;
        }
        response.EnsureSuccessStatusCode();
        LogReviewed(logger, change.WorkspaceId, persona.Version, verdict.Safety, verdict.DecidedBy);
    }

    sealed record PersonaState(string Prompt, string SafetyStatus, string? SafetyReason, long Version);

    [LoggerMessage(Level = LogLevel.Information, Message = "Workspace {WorkspaceId}: persona version {Version} classified {Safety} by {DecidedBy}")]
    static partial void LogReviewed(ILogger logger, string workspaceId, long version, PersonaSafety safety, string decidedBy);

    [LoggerMessage(Level = LogLevel.Information, Message = "Workspace {WorkspaceId}: persona version {Version} was replaced before its verdict was recorded")]
    static partial void LogSuperseded(ILogger logger, string workspaceId, long version);
}
