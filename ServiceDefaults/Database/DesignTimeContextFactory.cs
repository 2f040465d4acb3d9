using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Messaging.ServiceDefaults.Database;

/// <summary>
/// How <c>dotnet ef</c> makes a service's context without starting the service (which would want
/// Redis and every other setting): the same provider, schema and history table as at run time.
/// Commands that touch a database (<c>database update</c>, <c>has-pending-model-changes</c> does
/// not) use <c>ConnectionStrings__messaging</c> from the environment.
/// </summary>
public abstract class DesignTimeContextFactory<TContext>(string schema) : IDesignTimeDbContextFactory<TContext>
    where TContext : DbContext
{
    public TContext CreateDbContext(string[] args)
    {
        var connectionString = Environment.GetEnvironmentVariable("ConnectionStrings__" + DatabaseExtensions.ConnectionName)
            ?? "Host=127.0.0.1;Database=" + DatabaseExtensions.ConnectionName;
        var options = new DbContextOptionsBuilder<TContext>()
            .UseNpgsql(connectionString, npgsql =>
            {
                npgsql.MigrationsHistoryTable(DatabaseExtensions.HistoryTable, schema);
                npgsql.ConfigureDataSource(dataSource => dataSource.EnableDynamicJson());
            })
            .Options;
        return (TContext)Activator.CreateInstance(typeof(TContext), options)!;
    }
}
