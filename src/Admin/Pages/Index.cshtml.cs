using Messaging.Tenancy.Members;
using Admin.Access;
using Admin.Tenancy;
using Admin.Tenancy.Data;
using Admin.Tenancy.Outbox;
using Admin.Tenancy.Workspaces;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Admin.Pages;

/// <summary>The signed-in user's workspaces; creating one makes its creator the owner.</summary>
public sealed partial class IndexModel(WorkspaceAccess access, TenancyDbContext db, TenancyChangeWriter changes, TimeProvider time, ILogger<IndexModel> logger) : PageModel
{
    public IReadOnlyList<WorkspaceAccess.Membership> Workspaces { get; private set; } = [];

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Slug { get; set; }

    [BindProperty]
    public string? TimeZone { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Workspaces = await access.ListAsync(User, cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var request = new WorkspaceRequest(Name, Slug?.Trim(), string.IsNullOrWhiteSpace(TimeZone) ? "UTC" : TimeZone.Trim(), [], null);
        var created = await TenancyCommand.RunAsync<WorkspaceResponse>(HttpContext, null,
            () => WorkspacesApi.CreateAsync(request, db, changes, Response, cancellationToken), ModelState);
        if (created is null)
        {
            LogRefused(logger, ModelState.ErrorCount);
            Workspaces = await access.ListAsync(User, cancellationToken);
            return Page();
        }
        db.Memberships.Add(new MembershipRow { WorkspaceId = Guid.Parse(created.Id), UserId = WorkspaceAccess.UserId(User)!.Value, Role = WorkspaceRoles.Owner, CreatedAt = time.GetUtcNow() });
        await db.SaveChangesAsync(cancellationToken);
        return Redirect($"{AdminExtensions.BasePath}/w/{created.Slug}");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Workspace not created: {Errors} problem(s) with the form")]
    static partial void LogRefused(ILogger logger, int errors);
}
