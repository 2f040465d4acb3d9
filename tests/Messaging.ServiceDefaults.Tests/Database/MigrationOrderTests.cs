using Messaging.ServiceDefaults.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Messaging.ServiceDefaults.Tests.Database;

public sealed class MigrationOrderTests
{
    [Fact]
    public void Migrations_start_before_hosted_services_registered_earlier_and_run_once_for_all_schemas()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddHostedService<EarlierService>();

        builder.AddServiceDatabase<FirstContext>("first");
        builder.AddServiceDatabase<SecondContext>("second");

        var hostedServices = builder.Services.Where(d => d.ServiceType == typeof(IHostedService)).ToList();
        Assert.Equal("MigrationRunner", hostedServices[0].ImplementationType?.Name);
        Assert.Single(hostedServices, d => d.ImplementationType?.Name == "MigrationRunner");
        Assert.Equal(["first", "second"], builder.Services
            .Where(d => d.ServiceType == typeof(ISchemaMigration))
            .Select(d => ((ISchemaMigration)d.ImplementationInstance!).Schema));
    }

    sealed class EarlierService : BackgroundService
    {
        protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.CompletedTask;
    }

    sealed class FirstContext(DbContextOptions<FirstContext> options) : DbContext(options);

    sealed class SecondContext(DbContextOptions<SecondContext> options) : DbContext(options);
}
