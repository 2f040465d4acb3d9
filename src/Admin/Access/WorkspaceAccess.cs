using Messaging.Tenancy.Members;
using System.Security.Claims;
using Admin.Tenancy.Data;
using Microsoft.EntityFrameworkCore;

namespace Admin.Access;

/// <summary>
/// The signed-in user's workspaces. Every console page finds its workspace through here, so a
/// workspace the user is not a member of is indistinguishable from one that does not exist.
/// </summary>
public sealed class WorkspaceAccess(TenancyDbContext db)
{
    public sealed record Membership(Guid WorkspaceId, string Slug, string Name, string Role)
    {
        public bool IsOwner => Role == WorkspaceRoles.Owner;
    }

    public static Guid? UserId(ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    public async Task<IReadOnlyList<Membership>> ListAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (UserId(user) is not { } userId)
        {
            return [];
        }
        return await (from m in db.Memberships.AsNoTracking()
                      join w in db.Workspaces.AsNoTracking() on m.WorkspaceId equals w.Id
                      where m.UserId == userId
                      orderby w.Name
                      select new Membership(w.Id, w.Slug, w.Name, m.Role)).ToListAsync(cancellationToken);
    }

    /// <summary>The user's membership of the workspace with this slug, or null (answer 404) when there is none.</summary>
    public async Task<Membership?> FindAsync(ClaimsPrincipal user, string slug, CancellationToken cancellationToken)
    {
        if (UserId(user) is not { } userId)
        {
            return null;
        }
        return await (from m in db.Memberships.AsNoTracking()
                      join w in db.Workspaces.AsNoTracking() on m.WorkspaceId equals w.Id
                      where m.UserId == userId && w.Slug == slug
                      select new Membership(w.Id, w.Slug, w.Name, m.Role)).SingleOrDefaultAsync(cancellationToken);
    }
}
