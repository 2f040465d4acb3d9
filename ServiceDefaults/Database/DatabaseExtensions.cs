using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Messaging.ServiceDefaults.Database;

public static class DatabaseExtensions
{
    /// <summary>The connection string every service reads: <c>ConnectionStrings__messaging</c>.</summary>
    public const string ConnectionName = "messaging";

    /// <summary>Each schema keeps its EF Core migrations history in a table of its own schema.</summary>
    public const string HistoryTable = "__ef_history";

    /// <summary>
    /// A pooled <typeparamref name="TContext"/> on the shared PostgreSQL database (through Aspire's
    /// Npgsql EF Core integration: health check, tracing, metrics), confined to
    /// <paramref name="schema"/>, and its EF Core migrations applied under an advisory lock before
    /// any other hosted service starts and before the service listens.
    /// </summary>
    public static IHostApplicationBuilder AddServiceDatabase<TContext>(this IHostApplicationBuilder builder, string schema, bool applyMigrations = true)
        where TContext : DbContext
    {
        builder.AddNpgsqlDataSource();
        builder.AddSchemaDbContext<TContext>(schema);
        if (applyMigrations)
        {
            builder.Services.AddSingleton<ISchemaMigration>(new SchemaMigration<TContext>(schema));
            builder.Services.TryAddSingleton<SchemaMigrator>();
            // First of all start-up work, whatever registered earlier: Data Protection's key-ring
            // warm-up, consumers and sweepers all read tables the migrations create.
            if (!builder.Services.Any(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(MigrationRunner)))
            {
                builder.Services.Insert(0, ServiceDescriptor.Singleton<IHostedService, MigrationRunner>());
            }
        }
        return builder;
    }

    /// <summary>
    /// A pooled <typeparamref name="TContext"/> on the shared database whose tables another
    /// service's migrations create (no migrations of its own), such as the shared key ring.
    /// </summary>
    public static IHostApplicationBuilder AddSchemaDbContext<TContext>(this IHostApplicationBuilder builder, string schema)
        where TContext : DbContext
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(schema);
        builder.AddNpgsqlDbContext<TContext>(
            ConnectionName,
            // EF's retrying strategy refuses user-initiated transactions, which the ledger and
            // the outbox relays rely on; transient failures are left to the callers' own retries.
            settings => settings.DisableRetry = true,
            options => options.UseNpgsql(npgsql =>
            {
                npgsql.MigrationsHistoryTable(HistoryTable, schema);
                npgsql.ConfigureDataSource(dataSource => dataSource.EnableDynamicJson());
            }));
        return builder;
    }

    /// <summary>The shared <see cref="NpgsqlDataSource"/> for code that talks SQL directly.</summary>
    public static IHostApplicationBuilder AddNpgsqlDataSource(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(sp =>
        {
            var connectionString = sp.GetRequiredService<IConfiguration>().GetConnectionString(ConnectionName);
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new InvalidOperationException(
                    $"ConnectionStrings:{ConnectionName} is not set. Run through the AppHost, or set ConnectionStrings__{ConnectionName} to a PostgreSQL connection string.");
            }
            return new NpgsqlDataSourceBuilder(connectionString).EnableDynamicJson().Build();
        });
        return builder;
    }
}
