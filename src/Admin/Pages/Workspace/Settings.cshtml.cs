using Messaging.Tenancy.Urls;
using Admin.Conversations;
using Admin.Tenancy;
using Admin.Tenancy.AiSettings;
using Admin.Tenancy.Data;
using Admin.Tenancy.Outbox;
using Admin.Tenancy.Workspaces;
using Messaging.Tenancy.Secrets;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Admin.Pages.Workspace;

/// <summary>
/// Owners' settings: the AI provider (key write-only), how long, and how much of, messages are
/// kept, and the reply policy the Agent keeps (the fallback message and the languages served).
/// </summary>
public sealed partial class SettingsModel(TenantUrlPolicy urls, TenancyDbContext db, TenancyChangeWriter changes, TenantSecretProtector secrets, AgentClient agent, ILogger<SettingsModel> logger) : WorkspacePageModel
{
    protected override bool OwnersOnly => true;

    public AiSettingsRow? Ai { get; private set; }
    public long WorkspaceVersion { get; private set; }

    [BindProperty] public long? Version { get; set; }
    [BindProperty] public string? Mode { get; set; }
    [BindProperty] public string? Endpoint { get; set; }
    [BindProperty] public string? ChatModel { get; set; }
    [BindProperty] public string? EmbeddingModel { get; set; }
    [BindProperty] public string? ApiKey { get; set; }
    [BindProperty] public string? RetentionMode { get; set; }
    [BindProperty] public int RetentionDays { get; set; }
    [BindProperty] public string? FallbackMessage { get; set; }

    /// <summary>The languages as the owner types them: codes separated by commas or spaces.</summary>
    [BindProperty] public string? Languages { get; set; }

    /// <summary>Why the reply policy cannot be shown (the Agent does not answer); null when it is.</summary>
    public string? PolicyUnavailable { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAiAsync(CancellationToken cancellationToken)
    {
        var request = Mode == "offline" ? new AiSettingsRequest("offline", null, null, null, null)
            : new AiSettingsRequest(Mode, Blank(Endpoint), Blank(ChatModel), Blank(EmbeddingModel), Blank(ApiKey));
        if (await TenancyCommand.RunAsync<AiSettingsResponse>(HttpContext, Version,
                () => AiSettingsApi.PutAsync(Workspace.WorkspaceId, request, urls, db, changes, secrets, HttpContext, cancellationToken), ModelState) is null)
        {
            LogRefused(logger, ModelState.ErrorCount);
            await LoadAsync(cancellationToken);
            return Page();
        }
        return Done("AI provider saved.");
    }

    public async Task<IActionResult> OnPostRetentionAsync(CancellationToken cancellationToken)
    {
        if (await TenancyCommand.RunAsync<WorkspaceResponse>(HttpContext, Version,
                () => WorkspacesApi.UpdateRetentionAsync(Workspace.WorkspaceId, new RetentionRequest(RetentionMode, RetentionDays), db, changes, HttpContext, cancellationToken), ModelState) is null)
        {
            LogRefused(logger, ModelState.ErrorCount);
            await LoadAsync(cancellationToken);
            return Page();
        }
        return Done("Retention saved.");
    }

    public async Task<IActionResult> OnPostPolicyAsync(CancellationToken cancellationToken)
    {
        var languages = (Languages ?? "").Split([',', ';', ' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        AgentClient.Refusal? refusal;
        try
        {
            refusal = await agent.SavePolicyAsync(Workspace.WorkspaceId, Blank(FallbackMessage), languages, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            LogAgentUnavailable(logger, e.Message);
            refusal = new(System.Net.HttpStatusCode.ServiceUnavailable, "The reply policy cannot be saved right now: the conversation service does not answer. Try again in a moment.");
        }
        if (refusal is null)
        {
            return Done("Reply policy saved.");
        }
        LogRefused(logger, 1);
        ModelState.AddModelError(nameof(Languages), refusal.Message);
        var (fallback, typed) = (FallbackMessage, Languages);
        await LoadAsync(cancellationToken);
        // The owner corrects what they typed, not the saved values.
        (FallbackMessage, Languages) = (fallback, typed);
        Response.StatusCode = (int)refusal.Status is >= 400 and < 500 ? (int)refusal.Status : StatusCodes.Status503ServiceUnavailable;
        return Page();
    }

    async Task LoadAsync(CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        Ai = await db.AiSettings.AsNoTracking().SingleOrDefaultAsync(a => a.WorkspaceId == Workspace.WorkspaceId, cancellationToken);
        var workspace = await db.Workspaces.AsNoTracking().SingleAsync(w => w.Id == Workspace.WorkspaceId, cancellationToken);
        WorkspaceVersion = workspace.Version;
        RetentionMode = workspace.RetentionMode;
        RetentionDays = workspace.RetentionDays;
        try
        {
            var policy = await agent.PolicyAsync(Workspace.WorkspaceId, cancellationToken);
            FallbackMessage = policy.FallbackMessage;
            Languages = string.Join(", ", policy.Languages);
        }
        catch (HttpRequestException e)
        {
            LogAgentUnavailable(logger, e.Message);
            PolicyUnavailable = "The reply policy cannot be read right now: the conversation service does not answer. Reload the page in a moment.";
        }
    }

    static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    [LoggerMessage(Level = LogLevel.Information, Message = "Settings change refused: {Errors} problem(s)")]
    static partial void LogRefused(ILogger logger, int errors);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Settings: the Agent is unavailable for the reply policy: {Reason}")]
    static partial void LogAgentUnavailable(ILogger logger, string reason);
}
