using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Messaging.AppHost.Servers;

/// <summary>
/// Healthy when the server answers a query and the product's database exists, created here on
/// the first start: the services that wait for PostgreSQL connect to that database at once.
/// </summary>
internal sealed class PostgresQueryCheck(PostgresServerResource postgres) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var connectionString = await postgres.ConnectionStringFor("postgres").GetValueAsync(cancellationToken).ConfigureAwait(false);
            await using var connection = new NpgsqlConnection(connectionString + ";Pooling=false;Timeout=2");
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
            exists.Parameters.AddWithValue("name", postgres.Database);
            if (await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is null)
            {
                await using var create = new NpgsqlCommand($"CREATE DATABASE \"{postgres.Database.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
                await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            // The server is up, so initdb has long finished with the password file it read.
            File.Delete(postgres.InitPasswordFile);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            // Not listening yet, or "the database system is starting up".
            return HealthCheckResult.Unhealthy(e.Message);
        }
    }
}
