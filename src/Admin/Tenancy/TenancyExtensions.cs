using Admin.Tenancy.Data;
using Admin.Tenancy.Outbox;
using Messaging.Contracts.Events;
using Messaging.Outbox;
using Messaging.ServiceDefaults.Database;
using Messaging.Embeddings;
using Messaging.Tenancy.Platform;
using Messaging.Tenancy.Secrets;
using Messaging.Tenancy.Urls;

namespace Admin.Tenancy;

public static class TenancyExtensions
{
    /// <summary>
    /// The owning side of schema tenancy: its EF model and migrations, the key ring (Admin is the
    /// only service that creates Data Protection keys), rule embeddings and the change outbox.
    /// </summary>
    public static IHostApplicationBuilder AddTenancy(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<TenancyDbContext>(TenancyDbContext.Schema);
        builder.AddTenantSecrets(createsKeys: true);
        builder.AddPlatformMetaApp();
        builder.Services.AddLocalEmbeddings();
        builder.Services.AddScoped<TenancyChangeWriter>();
        builder.Services.AddTenantUrlPolicy(builder.Configuration);
        builder.AddStreamsBus();
        builder.AddOutbox<TenancyDbContext>("tenancy").Add<TenancyChanged>().Add<ChannelDisabled>();
        return builder;
    }
}
