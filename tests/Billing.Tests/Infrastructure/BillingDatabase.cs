using Messaging.Testing;

namespace Billing.Tests.Infrastructure;

/// <summary>A fresh PostgreSQL database and a logical database of its own on the shared redis-server.</summary>
public sealed record BillingServers(string Postgres, string Redis);

public static class BillingDatabase
{
    public static async Task<BillingServers> CreateAsync(PostgresFixture postgres, RedisFixture redis) =>
        new(await postgres.CreateDatabaseAsync("billing", TestContext.Current.CancellationToken), redis.ConnectionStringWithOwnDatabase());
}
