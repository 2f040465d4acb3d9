using Messaging.Tenancy.Members;
using Admin.Access;
using Admin.Email;
using Admin.Tenancy.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Admin.Pages.Workspace;

/// <summary>Owners invite people, reset a member's password and remove members. The link is emailed and also shown, for a deployment without mail.</summary>
public sealed partial class MembersModel(TenancyDbContext db, Invitations invitations, UserManager<ConsoleUser> users, MailSender mail, IConfiguration configuration, ILogger<MembersModel> logger) : WorkspacePageModel
{
    protected override bool OwnersOnly => true;

    public sealed record Member(Guid UserId, string DisplayName, string Email, string Role);

    public IReadOnlyList<Member> Members { get; private set; } = [];
    public Guid Me => WorkspaceAccess.UserId(User)!.Value;
    public string? SharedLink { get; private set; }
    public string? LinkLabel { get; private set; }

    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Role { get; set; }

    [BindProperty]
    public Guid UserId { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostInviteAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(Email) || !Email.Contains('@', StringComparison.Ordinal) || Email.Length > 256 || !WorkspaceRoles.IsKnown(Role))
        {
            LogInvalid(logger);
            ModelState.AddModelError("", "Enter an email address and choose a role.");
            await LoadAsync(cancellationToken);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var token = await invitations.CreateAsync(Workspace.WorkspaceId, Email, Role!, Me, cancellationToken);
        SharedLink = PublicUrl($"/account/invitation/{token}");
        var sent = await mail.SendAsync(Email.Trim(), $"You are invited to {Workspace.Name}",
            $"You are invited to answer customers of {Workspace.Name} as {Role}.\n\nAccept within 7 days: {SharedLink}\n", cancellationToken);
        LinkLabel = sent ? $"Invitation emailed to {Email}. You can also pass on this link:" : $"No email could be sent. Pass this invitation link to {Email}:";
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostResetPasswordAsync(CancellationToken cancellationToken)
    {
        if (await MemberAsync(cancellationToken) is not { } user)
        {
            return NotFound();
        }
        var token = await users.GeneratePasswordResetTokenAsync(user);
        SharedLink = PublicUrl($"/account/reset-password?user={user.Id}&token={Uri.EscapeDataString(token)}");
        var sent = await mail.SendAsync(user.Email!, "Choose a new password",
            $"An owner of {Workspace.Name} reset your password. Choose a new one: {SharedLink}\n", cancellationToken);
        LogReset(logger, user.Id, Workspace.WorkspaceId);
        LinkLabel = sent ? $"A link to choose a new password was emailed to {user.Email}. You can also pass it on:" : $"No email could be sent. Pass this link to {user.Email} to choose a new password:";
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostRemoveAsync(CancellationToken cancellationToken)
    {
        if (UserId == Me || await MemberAsync(cancellationToken) is null)
        {
            return NotFound();
        }
        await db.Memberships.Where(m => m.WorkspaceId == Workspace.WorkspaceId && m.UserId == UserId).ExecuteDeleteAsync(cancellationToken);
        return Done("Member removed.");
    }

    /// <summary>The posted user, only when a member of this workspace: an owner resets nobody else's password.</summary>
    async Task<ConsoleUser?> MemberAsync(CancellationToken cancellationToken) =>
        await db.Memberships.AnyAsync(m => m.WorkspaceId == Workspace.WorkspaceId && m.UserId == UserId, cancellationToken)
            ? await users.FindByIdAsync(UserId.ToString())
            : null;

    async Task LoadAsync(CancellationToken cancellationToken) =>
        Members = await (from m in db.Memberships.AsNoTracking()
                         join u in db.Users.AsNoTracking() on m.UserId equals u.Id
                         where m.WorkspaceId == Workspace.WorkspaceId
                         orderby u.DisplayName
                         select new Member(u.Id, u.DisplayName, u.Email!, m.Role)).ToListAsync(cancellationToken);

    /// <summary>The link as the recipient opens it: through the public entry when one is configured.</summary>
    string PublicUrl(string consolePath) =>
        (configuration["PUBLIC_BASE_URL"]?.TrimEnd('/') is { Length: > 0 } publicBase ? publicBase : $"{Request.Scheme}://{Request.Host}") + AdminExtensions.BasePath + consolePath;

    [LoggerMessage(Level = LogLevel.Information, Message = "Invitation refused: no valid email or role")]
    static partial void LogInvalid(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Password reset of user {UserId} started by an owner of workspace {WorkspaceId}")]
    static partial void LogReset(ILogger logger, Guid userId, Guid workspaceId);
}
