using Admin.Tenancy;
using Admin.Tenancy.Data;
using Admin.Tenancy.Outbox;
using Admin.Tenancy.Templates;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Admin.Pages.Workspace;

/// <summary>The workspace's WhatsApp templates: which exist, which are approved, add and delete.</summary>
public sealed partial class TemplatesModel(TenancyDbContext db, TenancyChangeWriter changes, ILogger<TemplatesModel> logger) : WorkspacePageModel
{
    public IReadOnlyList<TemplateRow> Templates { get; private set; } = [];

    [BindProperty] public Guid TemplateId { get; set; }
    [BindProperty] public long Version { get; set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Language { get; set; }
    [BindProperty] public string? Category { get; set; }
    [BindProperty] public string? Body { get; set; }
    [BindProperty] public string? Status { get; set; }
    [BindProperty] public string? TwilioContentSid { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAddAsync(CancellationToken cancellationToken)
    {
        if (!Workspace.IsOwner)
        {
            return NotFound();
        }
        var request = new TemplateRequest(Name?.Trim(), Language?.Trim(), Category, Body, Status, string.IsNullOrWhiteSpace(TwilioContentSid) ? null : TwilioContentSid.Trim());
        if (await TenancyCommand.RunAsync<TemplateResponse>(HttpContext, null,
                () => TemplatesApi.CreateAsync(Workspace.WorkspaceId, request, db, changes, Response, cancellationToken), ModelState) is null)
        {
            LogRefused(logger, ModelState.ErrorCount);
            await LoadAsync(cancellationToken);
            return Page();
        }
        return Done($"Template {Name} added.");
    }

    public async Task<IActionResult> OnPostDeleteAsync(CancellationToken cancellationToken)
    {
        if (!Workspace.IsOwner || !await db.Templates.AnyAsync(t => t.Id == TemplateId && t.WorkspaceId == Workspace.WorkspaceId, cancellationToken))
        {
            return NotFound();
        }
        if (!await TenancyCommand.RunAsync(HttpContext, Version, () => TemplatesApi.DeleteAsync(TemplateId, db, changes, Request, cancellationToken), ModelState))
        {
            await LoadAsync(cancellationToken);
            return Page();
        }
        return Done("Template deleted.");
    }

    async Task LoadAsync(CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        Templates = await db.Templates.AsNoTracking().Where(t => t.WorkspaceId == Workspace.WorkspaceId).OrderBy(t => t.Name).ThenBy(t => t.Language).ToListAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Template change refused: {Errors} problem(s)")]
    static partial void LogRefused(ILogger logger, int errors);
}
