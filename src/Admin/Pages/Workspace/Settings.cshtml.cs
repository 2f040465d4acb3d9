using Messaging.Tenancy.Urls;
using Admin.Tenancy;
using Admin.Tenancy.AiSettings;
using Admin.Tenancy.Data;
using Admin.Tenancy.Outbox;
using Admin.Tenancy.Workspaces;
using Messaging.Tenancy.Secrets;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Admin.Pages.Workspace;

/// <summary>Owners' settings: the AI provider (key write-only) and how long, and how much of, messages are kept.</summary>
public sealed partial class SettingsModel(TenantUrlPolicy urls, TenancyDbContext db, TenancyChangeWriter changes, TenantSecretProtector secrets, ILogger<SettingsModel> logger) : WorkspacePageModel
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

    async Task LoadAsync(CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        Ai = await db.AiSettings.AsNoTracking().SingleOrDefaultAsync(a => a.WorkspaceId == Workspace.WorkspaceId, cancellationToken);
        var workspace = await db.Workspaces.AsNoTracking().SingleAsync(w => w.Id == Workspace.WorkspaceId, cancellationToken);
        WorkspaceVersion = workspace.Version;
        RetentionMode = workspace.RetentionMode;
        RetentionDays = workspace.RetentionDays;
    }

    static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    [LoggerMessage(Level = LogLevel.Information, Message = "Settings change refused: {Errors} problem(s)")]
    static partial void LogRefused(ILogger logger, int errors);
}
