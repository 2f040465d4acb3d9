using Messaging.ServiceDefaults.Database;

namespace Billing.Data;

/// <summary>Lets <c>dotnet ef</c> build <see cref="BillingDbContext"/> without starting Billing.</summary>
internal sealed class BillingDesignTimeFactory() : DesignTimeContextFactory<BillingDbContext>(BillingDbContext.Schema);
