using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace Messaging.Testing.Database;

/// <summary>
/// The columns of a schema as "table.column store-type [not null]" lines, once as an EF Core
/// model declares them and once as the database has them, to show that the model matches the
/// database its migrations built.
/// </summary>
public static class ModelColumns
{
    public static IReadOnlyList<string> OfModel(DbContext db, string schema) =>
        db.GetService<IDesignTimeModel>().Model.GetRelationalModel().Tables
            .Where(t => t.Schema == schema)
            .SelectMany(t => t.Columns.Select(c => $"{t.Name}.{c.Name} {c.StoreType}{(c.IsNullable ? "" : " not null")}"))
            .Order(StringComparer.Ordinal)
            .ToList();

    public static async Task<IReadOnlyList<string>> OfDatabaseAsync(string connectionString, string schema, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            SELECT c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod) || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END
            FROM pg_attribute a
            JOIN pg_class c ON c.oid = a.attrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = @schema AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
              AND c.relname NOT IN ('schema_migrations', '__ef_history')
            """, connection);
        command.Parameters.AddWithValue("schema", schema);
        var columns = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            columns.Add(reader.GetString(0));
        }
        columns.Sort(StringComparer.Ordinal);
        return columns;
    }
}
