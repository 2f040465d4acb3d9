using Messaging.Testing;

namespace Billing.Tests.Infrastructure;

/// <summary>A fresh PostgreSQL database and the shared redis-server of the test run.</summary>
public sealed record BillingServers(string Postgres, string Redis);

public static class BillingDatabase
{
    public static async Task<BillingServers> CreateAsync(PostgresFixture postgres, RedisFixture redis) =>
        new(await postgres.CreateDatabaseAsync("billing", TestContext.Current.CancellationToken), redis.ConnectionString);
}
