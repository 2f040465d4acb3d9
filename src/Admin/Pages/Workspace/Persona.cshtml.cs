using Admin.Tenancy;
using Admin.Tenancy.Data;
using Admin.Tenancy.Knowledge;
using Admin.Tenancy.Outbox;
using Admin.Tenancy.Personas;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Admin.Pages.Workspace;

/// <summary>The persona (presets, a builder from the business's facts and tone, or custom, with its safety status) and the knowledge entries.</summary>
public sealed partial class PersonaModel(TenancyDbContext db, TenancyChangeWriter changes, ILogger<PersonaModel> logger) : WorkspacePageModel
{
    public sealed record PresetText(string Label, string Role, string Rules);

    public static readonly IReadOnlyDictionary<string, PresetText> Presets = new Dictionary<string, PresetText>
    {
        ["cafe"] = new("Café or restaurant", "the host of {0}, a café", "Help with opening hours, the menu, dietary needs and table bookings. For a booking ask for the day, time, party size and a name."),
        ["clinic"] = new("Clinic or practice", "the front desk of {0}, a clinic", "Help with opening hours, services and appointments. Never give medical advice: for symptoms, offer a call with the staff or point to emergency services."),
        ["salon"] = new("Salon or studio", "the front desk of {0}, a salon", "Help with services, prices and appointments. For a booking ask for the service, the day and time, and a name."),
        ["coach"] = new("Coach or consultant", "the assistant of {0}, a coaching practice", "Explain the programmes, answer questions, and invite interested people to leave their name and email for a free first call."),
    };

    public static readonly IReadOnlyDictionary<string, string> Tones = new Dictionary<string, string>
    {
        ["warm"] = "Warm and friendly",
        ["brief"] = "Brief and to the point",
        ["formal"] = "Polite and formal",
    };

    public PersonaRow? Persona { get; private set; }
    public IReadOnlyList<KnowledgeRow> Knowledge { get; private set; } = [];

    [BindProperty] public long? Version { get; set; }
    [BindProperty] public string? Prompt { get; set; }
    [BindProperty] public string? Preset { get; set; }
    [BindProperty] public string? Facts { get; set; }
    [BindProperty] public string? Tone { get; set; }
    [BindProperty] public Guid EntryId { get; set; }
    [BindProperty] public string? Title { get; set; }
    [BindProperty(Name = "Content")] public string? EntryContent { get; set; }
    [BindProperty] public string? Tags { get; set; }
    [BindProperty] public string? Verdict { get; set; }
    [BindProperty] public string? Reason { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    /// <summary>Writes a persona into the form from the preset, facts and tone; nothing is saved until the owner saves it.</summary>
    public async Task<IActionResult> OnPostComposeAsync(CancellationToken cancellationToken)
    {
        if (!Workspace.IsOwner)
        {
            return NotFound();
        }
        await LoadAsync(cancellationToken);
        if (Preset is null || !Presets.TryGetValue(Preset, out var preset) || Tone is null || !Tones.TryGetValue(Tone, out var tone))
        {
            ModelState.AddModelError("", "Choose a kind of business and a tone.");
            return Page();
        }
        Prompt = $"You are {string.Format(System.Globalization.CultureInfo.InvariantCulture, preset.Role, Workspace.Name)}, answering customers on WhatsApp. "
            + $"Tone: {tone.ToLowerInvariant()}. {preset.Rules} "
            + (string.IsNullOrWhiteSpace(Facts) ? "" : $"What customers should know: {Facts.Trim()} ")
            + "Answer only from these facts and the knowledge entries; when you do not know, say so and offer to pass the question to a person. Never invent prices, times or promises.";
        ModelState.Clear();
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken cancellationToken)
    {
        if (!Workspace.IsOwner)
        {
            return NotFound();
        }
        var saved = await TenancyCommand.RunAsync<PersonaResponse>(HttpContext, Version,
            () => PersonasApi.PutAsync(Workspace.WorkspaceId, new PersonaRequest(Prompt), db, changes, HttpContext, cancellationToken), ModelState);
        if (saved is null)
        {
            LogRefused(logger, ModelState.ErrorCount);
            await LoadAsync(cancellationToken);
            return Page();
        }
        return Done("Persona saved. AI replies resume once the safety check approves it.");
    }

    /// <summary>
    /// An owner's own verdict over the safety check's: approve a persona the check held back, or
    /// reject one it approved. Stamped with the owner's name; the next save is checked again.
    /// </summary>
    public async Task<IActionResult> OnPostOverrideAsync(CancellationToken cancellationToken)
    {
        if (!Workspace.IsOwner)
        {
            return NotFound();
        }
        if (Verdict is not ("approved" or "rejected"))
        {
            LogRefused(logger, 1);
            ModelState.AddModelError(nameof(Verdict), "Choose approve or reject.");
            await LoadAsync(cancellationToken);
            return Page();
        }
        var owner = User.Identity?.Name ?? "an owner";
        var because = string.IsNullOrWhiteSpace(Reason) ? "" : ": " + Reason.Trim();
        var reason = $"{(Verdict == "approved" ? "Approved" : "Rejected")} by {owner} over the safety check{because}";
        var saved = await TenancyCommand.RunAsync<PersonaResponse>(HttpContext, Version,
            () => PersonasApi.PutSafetyAsync(Workspace.WorkspaceId, new PersonaSafetyRequest(Verdict, reason), db, changes, HttpContext, cancellationToken), ModelState);
        if (saved is null)
        {
            LogRefused(logger, ModelState.ErrorCount);
            await LoadAsync(cancellationToken);
            return Page();
        }
        LogOverridden(logger, Workspace.WorkspaceId, Verdict);
        return Done(Verdict == "approved" ? "Persona approved by you: AI replies use it now." : "Persona rejected by you: AI replies wait for a new one.");
    }

    public async Task<IActionResult> OnPostAddKnowledgeAsync(CancellationToken cancellationToken)
    {
        if (!Workspace.IsOwner)
        {
            return NotFound();
        }
        var tags = (Tags ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(t => (string?)t).ToList();
        if (await TenancyCommand.RunAsync<KnowledgeResponse>(HttpContext, null,
                () => KnowledgeApi.CreateAsync(Workspace.WorkspaceId, new KnowledgeRequest(Title, EntryContent, tags), db, changes, Response, cancellationToken), ModelState) is null)
        {
            LogRefused(logger, ModelState.ErrorCount);
            await LoadAsync(cancellationToken);
            return Page();
        }
        return Done("Knowledge entry added.");
    }

    public async Task<IActionResult> OnPostDeleteKnowledgeAsync(CancellationToken cancellationToken)
    {
        if (!Workspace.IsOwner || !await db.Knowledge.AnyAsync(k => k.Id == EntryId && k.WorkspaceId == Workspace.WorkspaceId, cancellationToken))
        {
            return NotFound();
        }
        if (!await TenancyCommand.RunAsync(HttpContext, Version, () => KnowledgeApi.DeleteAsync(EntryId, db, changes, Request, cancellationToken), ModelState))
        {
            await LoadAsync(cancellationToken);
            return Page();
        }
        return Done("Knowledge entry deleted.");
    }

    async Task LoadAsync(CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        Persona = await db.Personas.AsNoTracking().SingleOrDefaultAsync(p => p.WorkspaceId == Workspace.WorkspaceId, cancellationToken);
        Knowledge = await db.Knowledge.AsNoTracking().Where(k => k.WorkspaceId == Workspace.WorkspaceId).OrderBy(k => k.Title).ToListAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "An owner set the persona of workspace {WorkspaceId} to {Verdict} over the safety check")]
    static partial void LogOverridden(ILogger logger, Guid workspaceId, string verdict);

    [LoggerMessage(Level = LogLevel.Information, Message = "Persona or knowledge change refused: {Errors} problem(s)")]
    static partial void LogRefused(ILogger logger, int errors);
}
