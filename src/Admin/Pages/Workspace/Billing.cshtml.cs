using Admin.Access;
using Admin.Credits;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Admin.Pages.Workspace;

/// <summary>Balance, ledger and alerts for every member; grants and the low-credit threshold (Billing's own setting) for owners.</summary>
public sealed partial class BillingModel(BillingClient billing, UserManager<ConsoleUser> users, ILogger<BillingModel> logger) : WorkspacePageModel
{
    public BalanceView? Balance { get; private set; }
    public IReadOnlyList<LedgerEntryView> Ledger { get; private set; } = [];
    public string? Unavailable { get; private set; }
    public string NewKey { get; } = "console-" + Guid.NewGuid().ToString("N");

    [BindProperty] public long Credits { get; set; }
    [BindProperty] public string? Reason { get; set; }
    [BindProperty] public string? IdempotencyKey { get; set; }
    [BindProperty] public long Threshold { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostGrantAsync(CancellationToken cancellationToken)
    {
        if (!Workspace.IsOwner)
        {
            return NotFound();
        }
        if (!ModelState.IsValid || Credits < 1 || string.IsNullOrWhiteSpace(Reason) || string.IsNullOrEmpty(IdempotencyKey) || IdempotencyKey.Length > 100)
        {
            LogInvalid(logger);
            ModelState.AddModelError("", "Enter a number of credits (1 or more) and a reason.");
            await LoadAsync(cancellationToken);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var by = (await users.GetUserAsync(User))?.DisplayName ?? "owner";
        if (!await billing.GrantAsync(Workspace.WorkspaceId, Credits, by, Reason.Trim(), IdempotencyKey, cancellationToken))
        {
            ModelState.AddModelError("", "Billing refused the grant: the amount may be over the deployment's limit per change.");
            await LoadAsync(cancellationToken);
            return Page();
        }
        return Done($"{Credits} credits granted.");
    }

    public async Task<IActionResult> OnPostThresholdAsync(CancellationToken cancellationToken)
    {
        if (!Workspace.IsOwner)
        {
            return NotFound();
        }
        // An unreadable value would otherwise arrive as 0 and switch the alert off.
        if (!ModelState.IsValid || Threshold < 0 || !await billing.SetLowThresholdAsync(Workspace.WorkspaceId, Threshold, cancellationToken))
        {
            ModelState.AddModelError("", "The threshold must be 0 or more.");
            await LoadAsync(cancellationToken);
            return Page();
        }
        return Done("Low-credit threshold saved.");
    }

    async Task LoadAsync(CancellationToken cancellationToken)
    {
        try
        {
            Balance = await billing.BalanceAsync(Workspace.WorkspaceId, cancellationToken);
            Ledger = (await billing.LedgerAsync(Workspace.WorkspaceId, cancellationToken)).Entries;
        }
        catch (HttpRequestException e)
        {
            LogUnavailable(logger, e.Message);
            Unavailable = "Billing cannot be reached right now; the balance is unknown.";
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Credit grant refused: no amount or reason")]
    static partial void LogInvalid(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Credits page: Billing unavailable: {Reason}")]
    static partial void LogUnavailable(ILogger logger, string reason);
}
