using Messaging.Tenancy.Model;
using Messaging.Tenancy.Reading;
using Npgsql;

namespace Agent.Retention;

/// <summary>
/// Removes message bodies past their workspace's retention period (all of them once a
/// workspace switched to metadata retention); the metadata stays for the timeline.
/// A period of 0 days keeps bodies.
/// </summary>
public sealed class BodyPurge(NpgsqlDataSource dataSource, ITenancyReader tenancy, TimeProvider time)
{
    public async Task<int> PurgeAsync(CancellationToken cancellationToken)
    {
        var purged = 0;
        foreach (var workspaceId in await WorkspacesWithBodiesAsync(cancellationToken))
        {
            if (await tenancy.GetWorkspaceAsync(workspaceId, cancellationToken) is not { } workspace)
            {
                continue;
            }
            var now = time.GetUtcNow();
            DateTimeOffset? cutoff = workspace.Retention switch
            {
                { Mode: RetentionMode.Metadata } => now,
                { Days: > 0 } => now.AddDays(-workspace.Retention.Days),
                _ => null,
            };
            if (cutoff is null)
            {
                continue;
            }
            await using var command = dataSource.CreateCommand("""
                UPDATE agent.messages SET body = NULL, body_purged_at = @now
                WHERE workspace_id = @ws AND body IS NOT NULL AND created_at <= @cutoff
                """);
            command.Parameters.AddWithValue("now", now);
            command.Parameters.AddWithValue("ws", workspaceId);
            command.Parameters.AddWithValue("cutoff", cutoff.Value);
            purged += await command.ExecuteNonQueryAsync(cancellationToken);
        }
        return purged;
    }

    async Task<List<string>> WorkspacesWithBodiesAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT DISTINCT workspace_id FROM agent.messages WHERE body IS NOT NULL");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var workspaces = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            workspaces.Add(reader.GetString(0));
        }
        return workspaces;
    }
}
