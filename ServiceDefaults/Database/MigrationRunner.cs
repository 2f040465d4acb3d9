using Microsoft.Extensions.Hosting;

namespace Messaging.ServiceDefaults.Database;

/// <summary>Runs registered migrations in the host's start-up, before Kestrel accepts requests.</summary>
internal sealed class MigrationRunner(SchemaMigrator migrator, IEnumerable<ISchemaMigration> migrations) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var migration in migrations)
        {
            await migrator.MigrateAsync(migration, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
