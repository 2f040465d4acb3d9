using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Messaging.Tenancy.Platform;

public static class PlatformMetaAppExtensions
{
    /// <summary>The deployment's platform Meta app (<see cref="PlatformMetaAppOptions"/>), validated at start.</summary>
    public static IHostApplicationBuilder AddPlatformMetaApp(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<PlatformMetaAppOptions>()
            .Bind(builder.Configuration.GetSection(PlatformMetaAppOptions.SectionName))
            .ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PlatformMetaAppOptions>, PlatformMetaAppOptionsValidator>());
        return builder;
    }
}
