using Messaging.Tenancy.Platform;
using Messaging.Tenancy.Secrets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Messaging.Tenancy.Reading;

public static class TenancyReaderExtensions
{
    /// <summary>
    /// <see cref="ITenancyReader"/> for services that use tenant configuration (Ingest, Agent):
    /// reads <c>ConnectionStrings:messaging</c> and listens on <c>ConnectionStrings:redis</c>, decrypts with the shared key ring (never creating
    /// keys), and stays current through <c>tenancy:changed</c> and the refresh timer.
    /// </summary>
    public static IHostApplicationBuilder AddTenancyReader(this IHostApplicationBuilder builder)
    {
        builder.AddTenantSecrets(createsKeys: false);
        builder.AddPlatformMetaApp();
        builder.Services.AddOptions<TenancyReaderOptions>()
            .BindConfiguration(TenancyReaderOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<TenancySnapshotLoader>();
        builder.Services.AddSingleton<TenancyCache>();
        builder.Services.AddSingleton<ITenancyReader, TenancyReader>();
        builder.Services.AddHostedService<TenancyCacheRefresher>();
        builder.AddStreamsBus();
        builder.Services.AddHostedService<TenancyChangeListener>();
        return builder;
    }
}
