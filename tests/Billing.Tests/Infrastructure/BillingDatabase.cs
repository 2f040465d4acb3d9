using Messaging.Testing;

namespace Billing.Tests.Infrastructure;

public static class BillingDatabase
{
    public static Task<string> CreateAsync(PostgresFixture postgres) =>
        postgres.CreateDatabaseAsync("billing", TestContext.Current.CancellationToken);
}
