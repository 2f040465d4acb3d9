using Admin.Conversations;
using Admin.Tenancy.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Admin.Pages.Forms;

/// <summary>
/// The public lead form of a workspace (<c>/forms/{slug}</c>, no sign-in): name, WhatsApp number
/// and consent. A lead starts a conversation on the workspace's first working number, whose
/// first message is the approved template, and gets a "Continue on WhatsApp" link.
/// </summary>
public sealed partial class LeadFormModel(TenancyDbContext db, AgentClient agent, ILogger<LeadFormModel> logger) : PageModel
{
    public string BusinessName { get; private set; } = "";
    public string? WhatsAppLink { get; private set; }
    public bool FirstMessageSent { get; private set; }

    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Phone { get; set; }
    [BindProperty] public bool Consent { get; set; }

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken cancellationToken) =>
        await FindAsync(slug, cancellationToken) is null ? NotFound() : Page();

    public async Task<IActionResult> OnPostAsync(string slug, CancellationToken cancellationToken)
    {
        if (await FindAsync(slug, cancellationToken) is not { } channel)
        {
            return NotFound();
        }
        var digits = new string((Phone ?? "").Where(char.IsAsciiDigit).ToArray());
        if (string.IsNullOrWhiteSpace(Name) || Name.Trim().Length > 100)
        {
            ModelState.AddModelError(nameof(Name), "Please enter your name.");
        }
        if (digits.Length is < 8 or > 15)
        {
            ModelState.AddModelError(nameof(Phone), "Please enter your WhatsApp number with its country code (8 to 15 digits).");
        }
        if (!Consent)
        {
            ModelState.AddModelError(nameof(Consent), "Please agree to be contacted on WhatsApp, or we cannot write to you.");
        }
        if (ModelState.ErrorCount > 0)
        {
            LogInvalid(logger, ModelState.ErrorCount);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var name = Name!.Trim();
        var refusal = await agent.StartLeadAsync(channel.Id, digits, name, $"Hi {name}, thanks for getting in touch with {BusinessName}! How can we help?", Consent, slug, cancellationToken);
        if (refusal is not null)
        {
            LogNotStarted(logger, (int)refusal.Status, refusal.Message);
        }
        FirstMessageSent = refusal is null;
        var business = new string((channel.MetaDisplayPhoneNumber ?? channel.TwilioNumber ?? "").Where(char.IsAsciiDigit).ToArray());
        WhatsAppLink = $"https://wa.me/{business}?text={Uri.EscapeDataString($"Hi, I'm {name} and I just filled in your form.")}";
        LogLead(logger, channel.WorkspaceId);
        return Page();
    }

    async Task<ChannelRow?> FindAsync(string slug, CancellationToken cancellationToken)
    {
        var workspace = await db.Workspaces.AsNoTracking().SingleOrDefaultAsync(w => w.Slug == slug, cancellationToken);
        if (workspace is null)
        {
            return null;
        }
        BusinessName = workspace.Name;
        return await db.Channels.AsNoTracking()
            .Where(c => c.WorkspaceId == workspace.Id && c.Enabled && c.HealthStatus != "disabled")
            .OrderBy(c => c.Provider == "meta" ? 0 : 1).ThenBy(c => c.CreatedAt)
            .FirstOrDefaultAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Lead form refused: {Errors} problem(s) with the input")]
    static partial void LogInvalid(ILogger logger, int errors);

    [LoggerMessage(Level = LogLevel.Information, Message = "Lead form filled for workspace {WorkspaceId}")]
    static partial void LogLead(ILogger logger, Guid workspaceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lead form: the conversation could not be started ({Status}): {Reason}")]
    static partial void LogNotStarted(ILogger logger, int status, string reason);
}
