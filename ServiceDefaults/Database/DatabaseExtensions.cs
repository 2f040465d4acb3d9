using System.Reflection;
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

    /// <summary>
    /// A pooled <typeparamref name="TContext"/> on the shared PostgreSQL database, confined to
    /// <paramref name="schema"/>, a readiness check, and the service's SQL migrations applied
    /// before any other hosted service starts and before the service listens.
    /// </summary>
    public static IHostApplicationBuilder AddServiceDatabase<TContext>(this IHostApplicationBuilder builder, string schema, bool applyMigrations = true)
        where TContext : DbContext
    {
        builder.AddNpgsqlDataSource();
        builder.Services.AddDbContextPool<TContext>((sp, options) =>
            options.UseNpgsql(sp.GetRequiredService<NpgsqlDataSource>(), npgsql => npgsql.MigrationsHistoryTable("__ef_history", schema)));
        builder.Services.AddHealthChecks().AddDbContextCheck<TContext>("postgres-" + schema);
        if (applyMigrations)
        {
            builder.Services.AddSingleton(new SchemaMigration(schema, typeof(TContext).Assembly, typeof(TContext).Namespace));
            builder.Services.TryAddSingleton<SqlMigrator>();
            // First of all start-up work, whatever registered earlier: Data Protection's key-ring
            // warm-up, consumers and sweepers all read tables the migrations create.
            if (!builder.Services.Any(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(MigrationRunner)))
            {
                builder.Services.Insert(0, ServiceDescriptor.Singleton<IHostedService, MigrationRunner>());
            }
        }
        return builder;
    }

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

/// <summary>A schema, the assembly holding its migration scripts and the namespace of its code.</summary>
public sealed record SchemaMigration(string Schema, Assembly ScriptsAssembly, string? ScriptsNamespace);

/// <summary>Runs registered migrations in the host's start-up, before Kestrel accepts requests.</summary>
internal sealed class MigrationRunner(SqlMigrator migrator, IEnumerable<SchemaMigration> migrations) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var migration in migrations)
        {
            await migrator.MigrateAsync(migration.Schema, migration.ScriptsAssembly, migration.ScriptsNamespace, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
