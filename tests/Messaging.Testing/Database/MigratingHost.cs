using Messaging.ServiceDefaults.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Messaging.Testing.Database;

/// <summary>A host with nothing but a service's database registration: starting it is the service's start-up migration.</summary>
public static class MigratingHost
{
    public static IHost Create<TContext>(string connectionString, string schema, ILoggerProvider? log = null)
        where TContext : DbContext
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:messaging"] = connectionString });
        if (log is not null)
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddProvider(log);
        }
        builder.AddServiceDatabase<TContext>(schema);
        return builder.Build();
    }

    public static async Task MigrateAsync<TContext>(string connectionString, string schema, CancellationToken cancellationToken)
        where TContext : DbContext
    {
        using var host = Create<TContext>(connectionString, schema);
        await host.StartAsync(cancellationToken);
        await host.StopAsync(cancellationToken);
    }
}
