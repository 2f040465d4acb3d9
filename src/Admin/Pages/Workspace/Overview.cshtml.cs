using Admin.Credits;
using Admin.Tenancy.Data;
using Microsoft.EntityFrameworkCore;

namespace Admin.Pages.Workspace;

/// <summary>The onboarding checklist: each thing the workspace needs before it can answer customers, with its state.</summary>
public sealed partial class OverviewModel(TenancyDbContext db, BillingClient billing, ILogger<OverviewModel> logger) : WorkspacePageModel
{
    public sealed record Step(string Key, string Title, bool Done, string State, string FixPath, string FixLabel);

    public IReadOnlyList<Step> Steps { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var id = Workspace.WorkspaceId;
        var channels = await db.Channels.AsNoTracking().Where(c => c.WorkspaceId == id).Select(c => new { c.Name, c.HealthStatus, c.HealthError, c.ReplyConfigId }).ToListAsync(cancellationToken);
        var configured = channels.Count(c => c.ReplyConfigId is not null);
        var persona = await db.Personas.AsNoTracking().SingleOrDefaultAsync(p => p.WorkspaceId == id, cancellationToken);
        var templates = await db.Templates.AsNoTracking().Where(t => t.WorkspaceId == id && t.Status == "approved").CountAsync(cancellationToken);
        var healthy = channels.Where(c => c.HealthStatus == "healthy").ToList();

        Steps =
        [
            new("channel", "Connect and verify a WhatsApp number", healthy.Count > 0,
                channels.Count == 0 ? "No channel yet: connect a Meta or Twilio number."
                : healthy.Count > 0 ? $"{healthy.Count} of {channels.Count} channel(s) verified."
                : $"{channels.Count} channel(s), none verified yet: press Verify on the channel." + (channels.FirstOrDefault(c => c.HealthError is not null)?.HealthError is { } error ? " Last error: " + error : ""),
                "channels", channels.Count == 0 ? "Connect a number" : "Verify"),
            new("replies", "Set up replies", configured > 0 && configured >= channels.Count,
                configured == 0 ? "No reply rules: messages are stored but nobody answers them." : $"{configured} of {channels.Count} channel(s) have reply rules.",
                "replies", "Set up replies"),
            new("persona", "Write and approve the persona", persona?.SafetyStatus == "approved",
                persona is null ? "No persona: AI replies are off until one is written and approved."
                : persona.SafetyStatus == "approved" ? "Approved: AI replies are on."
                : persona.SafetyStatus == "rejected" ? "Rejected: " + persona.SafetyReason : "Written, waiting for the safety check: AI replies are off until it is approved.",
                "persona", "Write the persona"),
            await CreditsStepAsync(cancellationToken),
            new("template", "Add a template for closed windows", templates > 0,
                templates > 0 ? $"{templates} approved template(s): customers who wrote more than 24 hours ago still get an answer."
                : "No approved template: after 24 hours of silence from a customer, nothing can be sent to them.",
                "templates", "Add a template"),
        ];
    }

    async Task<Step> CreditsStepAsync(CancellationToken cancellationToken)
    {
        try
        {
            var balance = await billing.BalanceAsync(Workspace.WorkspaceId, cancellationToken);
            return new("credits", "Have credits for AI replies", balance.Available > 0,
                balance.Available > 0 ? $"{balance.Available} credits available" + (balance.IsLow ? " (low)." : ".") : "No credits: AI replies stop; canned replies still go.",
                "billing", "Add credits");
        }
        catch (HttpRequestException e)
        {
            LogBillingUnavailable(logger, e.Message);
            return new("credits", "Have credits for AI replies", false, "Billing cannot be reached right now, so the balance is unknown.", "billing", "Open credits");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Onboarding checklist: Billing unavailable: {Reason}")]
    static partial void LogBillingUnavailable(ILogger logger, string reason);
}
