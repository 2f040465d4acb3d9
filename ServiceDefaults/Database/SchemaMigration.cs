using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace Messaging.ServiceDefaults.Database;

/// <summary>The migrations of <typeparamref name="TContext"/>, the model that owns <see cref="Schema"/>.</summary>
public sealed record SchemaMigration<TContext>(string Schema) : ISchemaMigration
    where TContext : DbContext
{
    public Type ContextType => typeof(TContext);

    public async Task<IReadOnlyList<string>> ApplyAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        // EF finds out whether a migration was applied by reading the history table and logs a
        // failed command (an error-level line) when the table is not there yet: on a fresh
        // database, create it first (and its schema) so a normal start logs no error.
        await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken).ConfigureAwait(false)).ToList();
        if (pending.Count > 0)
        {
            await db.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
        }
        return pending;
    }
}
