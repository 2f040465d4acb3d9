using Messaging.ServiceDefaults.Database;
using Messaging.Testing;
using Messaging.Testing.Database;
using Microsoft.EntityFrameworkCore;
using Sandbox.Storage;

namespace Sandbox.Tests.Storage;

public sealed class BaselineMigrationTests(PostgresFixture postgres)
{
    [Fact]
    public async Task The_model_matches_the_schema_its_migrations_build()
    {
        var ct = TestContext.Current.CancellationToken;
        var database = await postgres.CreateDatabaseAsync("sandbox_schema", ct);
        await MigratingHost.MigrateAsync<SandboxDbContext>(database, SandboxDbContext.Schema, ct);

        var options = new DbContextOptionsBuilder<SandboxDbContext>()
            .UseNpgsql(database, npgsql => npgsql.MigrationsHistoryTable(DatabaseExtensions.HistoryTable, SandboxDbContext.Schema))
            .Options;
        await using var db = new SandboxDbContext(options);
        Assert.False(db.Database.HasPendingModelChanges(), "the model has changes no migration holds: dotnet ef migrations add");
        Assert.Equal(ModelColumns.OfModel(db, SandboxDbContext.Schema), await ModelColumns.OfDatabaseAsync(database, SandboxDbContext.Schema, ct));
        Assert.Empty(await db.Database.GetPendingMigrationsAsync(ct));
    }
}
