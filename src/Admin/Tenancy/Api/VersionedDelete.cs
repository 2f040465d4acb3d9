using Admin.Tenancy.Data;
using Admin.Tenancy.Outbox;
using Messaging.Contracts.Events;
using Microsoft.EntityFrameworkCore;

namespace Admin.Tenancy.Api;

/// <summary>Deletes a workspace resource when If-Match names its current version, and records the change for the readers.</summary>
internal static class VersionedDelete
{
    public static async Task<IResult> DeleteAsync<TRow>(
        DbSet<TRow> rows, Guid id, string resource, TenancyEntity entity, TenancyChangeWriter changes, HttpRequest request, CancellationToken cancellationToken)
        where TRow : class, IWorkspaceResourceRow
    {
        if (!Preconditions.TryReadIfMatch(request, out var ifMatch, out var malformed))
        {
            return malformed!;
        }
        var row = await rows.SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (row is null)
        {
            return TenancyProblems.NotFound($"{char.ToUpperInvariant(resource[0])}{resource[1..]} {id}");
        }
        if (Preconditions.CheckCurrent(ifMatch, row.Version, resource) is { } precondition)
        {
            return precondition;
        }
        rows.Remove(row);
        changes.Record(row.WorkspaceId, entity, row.Id.ToString(), entity == TenancyEntity.Channel ? row.Id : null, row.Version + 1);
        return await changes.SaveAsync(resource, ifMatch, cancellationToken) ?? TypedResults.NoContent();
    }
}
