using System.Security.Cryptography;
using System.Text;
using Admin.Tenancy.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Admin.Access;

/// <summary>
/// Owners invite people by email; the invitation's link lets them choose a name and password
/// (or, when they already have an account, join with it). Links expire after a week.
/// </summary>
public sealed partial class Invitations(TenancyDbContext db, UserManager<ConsoleUser> users, TimeProvider time, ILogger<Invitations> logger)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    public sealed record Pending(InvitationRow Invitation, string WorkspaceName, string Slug);

    /// <summary>Creates the invitation and returns its secret token (shown once, in the link).</summary>
    public async Task<string> CreateAsync(Guid workspaceId, string email, string role, Guid invitedBy, CancellationToken cancellationToken)
    {
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var now = time.GetUtcNow();
        db.Invitations.Add(new InvitationRow
        {
            Id = Guid.CreateVersion7(now),
            WorkspaceId = workspaceId,
            Email = email.Trim(),
            Role = role,
            TokenHash = Hash(token),
            InvitedBy = invitedBy,
            CreatedAt = now,
            ExpiresAt = now + Lifetime,
        });
        await db.SaveChangesAsync(cancellationToken);
        LogInvited(logger, workspaceId, role);
        return token;
    }

    /// <summary>The invitation this token opens, while it is unused and unexpired.</summary>
    public async Task<Pending?> FindAsync(string? token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100)
        {
            return null;
        }
        var hash = Hash(token);
        var now = time.GetUtcNow();
        return await (from i in db.Invitations
                      join w in db.Workspaces on i.WorkspaceId equals w.Id
                      where i.TokenHash == hash && i.AcceptedAt == null && i.ExpiresAt > now
                      select new Pending(i, w.Name, w.Slug)).SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>Adds the user to the invitation's workspace and uses the invitation up.</summary>
    public async Task AcceptAsync(InvitationRow invitation, ConsoleUser user, CancellationToken cancellationToken)
    {
        if (!await db.Memberships.AnyAsync(m => m.WorkspaceId == invitation.WorkspaceId && m.UserId == user.Id, cancellationToken))
        {
            db.Memberships.Add(new MembershipRow { WorkspaceId = invitation.WorkspaceId, UserId = user.Id, Role = invitation.Role, CreatedAt = time.GetUtcNow() });
        }
        invitation.AcceptedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        LogAccepted(logger, invitation.WorkspaceId, user.Id);
    }

    public Task<ConsoleUser?> FindUserAsync(string email) => users.FindByEmailAsync(email);

    static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    [LoggerMessage(Level = LogLevel.Information, Message = "Invitation to workspace {WorkspaceId} as {Role} created")]
    static partial void LogInvited(ILogger logger, Guid workspaceId, string role);

    [LoggerMessage(Level = LogLevel.Information, Message = "Invitation to workspace {WorkspaceId} accepted by user {UserId}")]
    static partial void LogAccepted(ILogger logger, Guid workspaceId, Guid userId);
}
