using Admin.Tenancy;
using Admin.Tenancy.Data;
using Admin.Tenancy.Outbox;
using Admin.Tenancy.Templates;
using Messaging.Contracts.Events;
using Messaging.Tenancy.Model;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Admin.Pages.Workspace;

/// <summary>
/// The workspace's WhatsApp templates: which exist, which are approved, which one the bot sends
/// when the 24-hour window is closed (the Agent's own rule, <see cref="ClosedWindowTemplate"/>), add and delete.
/// </summary>
public sealed partial class TemplatesModel(TenancyDbContext db, TenancyChangeWriter changes, ILogger<TemplatesModel> logger) : WorkspacePageModel
{
    public IReadOnlyList<TemplateRow> Templates { get; private set; } = [];

    /// <summary>The kinds of number the workspace has (Meta when it has none yet): the closed-window choice depends on it.</summary>
    public IReadOnlyList<ChannelProvider> Providers { get; private set; } = [];

    /// <summary>The template the bot sends on each kind of number once the window is closed, when it has one.</summary>
    public IReadOnlyDictionary<ChannelProvider, Guid> ClosedWindowChoice { get; private set; } = new Dictionary<ChannelProvider, Guid>();

    /// <summary>The badge of a template the bot sends when the window is closed; null for the others.</summary>
    public string? ClosedWindowBadge(TemplateRow template)
    {
        var usedOn = Providers.Where(p => ClosedWindowChoice.TryGetValue(p, out var id) && id == template.Id).ToList();
        return usedOn.Count == 0 ? null
            : usedOn.Count == Providers.Count ? "used when the 24-hour window is closed"
            : $"used when the 24-hour window is closed on {string.Join(" and ", usedOn.Select(p => p == ChannelProvider.Twilio ? "Twilio" : "Meta"))} numbers";
    }

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
        var providers = (await db.Channels.AsNoTracking().Where(c => c.WorkspaceId == Workspace.WorkspaceId).Select(c => c.Provider).Distinct().ToListAsync(cancellationToken))
            .Select(TenancyCodes.Parse<ChannelProvider>).Order().ToList();
        Providers = providers.Count == 0 ? [ChannelProvider.Meta] : providers;
        var templates = Templates.Select(t => new MessageTemplate(t.Id.ToString(), t.Name, t.Language,
            TenancyCodes.Parse<TemplateCategory>(t.Category), t.Body, TenancyCodes.Parse<TemplateStatus>(t.Status), t.TwilioContentSid)).ToList();
        ClosedWindowChoice = Providers
            .Select(p => (Provider: p, Template: ClosedWindowTemplate.Pick(templates, p)))
            .Where(c => c.Template is not null)
            .ToDictionary(c => c.Provider, c => Guid.Parse(c.Template!.Id));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Template change refused: {Errors} problem(s)")]
    static partial void LogRefused(ILogger logger, int errors);
}
