using Microsoft.Extensions.Logging;
using Npgsql;

namespace Messaging.ServiceDefaults.Database;

/// <summary>
/// Applies a schema's EF Core migrations holding a session-level PostgreSQL advisory lock per
/// schema, so replicas starting together migrate one after the other. EF's own migration lock
/// (Npgsql locks the history table) only exists once the history table does: two replicas
/// creating the schema and the history table at once still collide, which the advisory lock
/// prevents. The key is the one the former SQL migrator used, so an old and a new replica in a
/// rolling upgrade also wait for each other.
/// </summary>
public sealed partial class SchemaMigrator(NpgsqlDataSource dataSource, IServiceProvider services, ILogger<SchemaMigrator> logger)
{
    public async Task<IReadOnlyList<string>> MigrateAsync(ISchemaMigration migration, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, "SELECT pg_advisory_lock(hashtext(@key))", LockKey(migration.Schema), cancellationToken).ConfigureAwait(false);
        try
        {
            var applied = await migration.ApplyAsync(services, cancellationToken).ConfigureAwait(false);
            foreach (var name in applied)
            {
                LogApplied(logger, migration.Schema, name);
            }
            return applied;
        }
        finally
        {
            await ExecuteAsync(connection, "SELECT pg_advisory_unlock(hashtext(@key))", LockKey(migration.Schema), CancellationToken.None).ConfigureAwait(false);
        }
    }

    static async Task ExecuteAsync(NpgsqlConnection connection, string sql, string key, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("key", key);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    internal static string LockKey(string schema) => "messaging.migrations." + schema;

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied migration {Schema}/{Migration}")]
    static partial void LogApplied(ILogger logger, string schema, string migration);
}
