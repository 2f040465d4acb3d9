using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace Messaging.Testing.Database;

/// <summary>
/// What the product's SQL migrator did before EF Core migrations, reproduced to build the
/// databases that existing deployments have: the script run under <c>search_path</c> = the schema,
/// in a transaction, recorded in <c>{schema}.schema_migrations (version, checksum, applied_at)</c>.
/// </summary>
public static class LegacySqlMigrator
{
    public static async Task ApplyAsync(string connectionString, string schema, string version, string script, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        var quoted = "\"" + schema + "\"";
        await using (var create = new NpgsqlCommand($"""
            CREATE SCHEMA IF NOT EXISTS {quoted};
            CREATE TABLE IF NOT EXISTS {quoted}.schema_migrations (
                version text PRIMARY KEY,
                checksum text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now());
            """, connection))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var run = new NpgsqlCommand($"SET LOCAL search_path TO {quoted}, public;\n{script}", connection, transaction))
        {
            await run.ExecuteNonQueryAsync(cancellationToken);
        }
        await using (var record = new NpgsqlCommand($"INSERT INTO {quoted}.schema_migrations (version, checksum) VALUES (@v, @c)", connection, transaction))
        {
            record.Parameters.AddWithValue("v", version);
            record.Parameters.AddWithValue("c", Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(script.ReplaceLineEndings("\n")))));
            await record.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>An embedded legacy script of <paramref name="assembly"/>, by the end of its resource name.</summary>
    public static string ReadScript(System.Reflection.Assembly assembly, string fileName)
    {
        var name = assembly.GetManifestResourceNames().Single(n => n.EndsWith("." + fileName, StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
