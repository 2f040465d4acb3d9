using Messaging.ServiceDefaults.Database;

namespace Admin.Tenancy.Data;

/// <summary>Lets <c>dotnet ef</c> build <see cref="TenancyDbContext"/> without starting Admin.</summary>
internal sealed class TenancyDesignTimeFactory() : DesignTimeContextFactory<TenancyDbContext>(TenancyDbContext.Schema);
