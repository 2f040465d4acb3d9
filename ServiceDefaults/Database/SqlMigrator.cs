using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Messaging.ServiceDefaults.Database;

/// <summary>
/// Applies a service's versioned SQL scripts (embedded resources named
/// <c>Migrations/NNNN_description.sql</c>) to its own schema, each in a transaction, recorded
/// in <c>{schema}.schema_migrations</c> with a checksum. A session-level advisory lock per
/// schema makes replicas starting together apply each script exactly once. A script edited
/// after it was applied stops the start-up with a clear error instead of drifting silently.
/// </summary>
public sealed partial class SqlMigrator(NpgsqlDataSource dataSource, ILogger<SqlMigrator> logger)
{
    /// <param name="scriptsNamespace">
    /// Where the schema's code lives (its DbContext's namespace): the scripts are those of the
    /// <c>Migrations</c> folder closest to it, so two schemas in one assembly keep theirs apart.
    /// </param>
    public async Task<int> MigrateAsync(string schema, Assembly scriptsAssembly, string? scriptsNamespace, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(schema);
        var scripts = MigrationScript.Load(scriptsAssembly, scriptsNamespace);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

        await ExecuteAsync(connection, "SELECT pg_advisory_lock(hashtext(@key))", cancellationToken, ("key", LockKey(schema))).ConfigureAwait(false);
        try
        {
            var quoted = QuoteIdentifier(schema);
            await ExecuteAsync(connection, $"""
                CREATE SCHEMA IF NOT EXISTS {quoted};
                CREATE TABLE IF NOT EXISTS {quoted}.schema_migrations (
                    version text PRIMARY KEY,
                    checksum text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now());
                """, cancellationToken).ConfigureAwait(false);

            var applied = await ReadAppliedAsync(connection, quoted, cancellationToken).ConfigureAwait(false);
            var count = 0;
            foreach (var script in scripts)
            {
                if (applied.TryGetValue(script.Version, out var checksum))
                {
                    if (checksum != script.Checksum)
                    {
                        throw new InvalidOperationException(
                            $"Migration {schema}/{script.Version} was changed after it was applied. Add a new script instead of editing an applied one.");
                    }
                    continue;
                }
                await ApplyAsync(connection, quoted, script, cancellationToken).ConfigureAwait(false);
                LogApplied(logger, schema, script.Version);
                count++;
            }
            return count;
        }
        finally
        {
            await ExecuteAsync(connection, "SELECT pg_advisory_unlock(hashtext(@key))", CancellationToken.None, ("key", LockKey(schema))).ConfigureAwait(false);
        }
    }

    static async Task ApplyAsync(NpgsqlConnection connection, string quotedSchema, MigrationScript script, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var command = new NpgsqlCommand($"SET LOCAL search_path TO {quotedSchema}, public;\n{script.Sql}", connection, transaction))
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await using (var record = new NpgsqlCommand($"INSERT INTO {quotedSchema}.schema_migrations (version, checksum) VALUES (@v, @c)", connection, transaction))
        {
            record.Parameters.AddWithValue("v", script.Version);
            record.Parameters.AddWithValue("c", script.Checksum);
            await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    static async Task<Dictionary<string, string>> ReadAppliedAsync(NpgsqlConnection connection, string quotedSchema, CancellationToken cancellationToken)
    {
        var applied = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var command = new NpgsqlCommand($"SELECT version, checksum FROM {quotedSchema}.schema_migrations", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            applied[reader.GetString(0)] = reader.GetString(1);
        }
        return applied;
    }

    static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    static string LockKey(string schema) => "messaging.migrations." + schema;

    internal static string QuoteIdentifier(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied migration {Schema}/{Version}")]
    static partial void LogApplied(ILogger logger, string schema, string version);
}

/// <summary>One embedded <c>Migrations/*.sql</c> resource; the version is its file name without extension.</summary>
internal sealed record MigrationScript(string Version, string Sql, string Checksum)
{
    const string Folder = ".Migrations.";

    public static IReadOnlyList<MigrationScript> Load(Assembly assembly, string? ownerNamespace)
    {
        var resources = assembly.GetManifestResourceNames()
            .Where(name => name.Contains(Folder, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.OrdinalIgnoreCase))
            .ToList();
        // "Admin.Tenancy.Migrations.0001.sql" belongs to code under Admin.Tenancy; the deepest such folder wins.
        var folder = resources
            .Select(name => name[..name.IndexOf(Folder, StringComparison.Ordinal)])
            .Distinct(StringComparer.Ordinal)
            .Where(prefix => ownerNamespace is null || ownerNamespace == prefix || ownerNamespace.StartsWith(prefix + ".", StringComparison.Ordinal))
            .OrderByDescending(prefix => prefix.Length)
            .FirstOrDefault();
        var scripts = new List<MigrationScript>();
        foreach (var name in resources.Where(name => folder is not null && name.StartsWith(folder + Folder, StringComparison.Ordinal)))
        {
            var marker = name.IndexOf(Folder, StringComparison.Ordinal);
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var sql = reader.ReadToEnd();
            var version = name[(marker + Folder.Length)..^".sql".Length];
            var checksum = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(sql.ReplaceLineEndings("\n"))));
            scripts.Add(new MigrationScript(version, sql, checksum));
        }
        scripts.Sort((a, b) => string.CompareOrdinal(a.Version, b.Version));
        return scripts;
    }
}
