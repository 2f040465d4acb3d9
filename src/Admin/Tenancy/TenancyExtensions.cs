using Admin.Tenancy.Data;
using Admin.Tenancy.Outbox;
using Admin.Tenancy.Validation;
using Messaging.Contracts.Events;
using Messaging.Outbox;
using Messaging.ServiceDefaults.Database;
using Messaging.Tenancy.Embeddings;
using Messaging.Tenancy.Platform;
using Messaging.Tenancy.Secrets;

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
        builder.Services.AddOptions<TenantUrlOptions>()
            .Bind(builder.Configuration.GetSection(TenantUrlOptions.SectionName))
            .Validate(o => o.AllowedHosts.All(h => Uri.CheckHostName(h.Split(':')[0]) != UriHostNameType.Unknown), $"{TenantUrlOptions.SectionName}:AllowedHosts holds an entry that is not a host name or host:port.")
            .ValidateOnStart();
        builder.Services.AddSingleton<TenantUrlPolicy>();
        builder.AddStreamsBus();
        builder.AddOutbox<TenancyDbContext>("tenancy").Add<TenancyChanged>().Add<ChannelDisabled>();
        return builder;
    }
}
