using Messaging.ServiceDefaults.Database;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Messaging.Tenancy.Secrets;

public static class TenancySecretsExtensions
{
    /// <summary>
    /// The Data Protection application name every service shares, so keys made by Admin
    /// decrypt in Ingest and Agent (and Admin replicas share cookies).
    /// </summary>
    public const string ApplicationName = "Messaging";

    /// <summary>
    /// Data Protection on the PostgreSQL key ring (Data Protection's EF Core store), encrypted at rest with
    /// <see cref="TenantSecretsOptions.MasterKey"/> when it is set. Only the owner (Admin) creates
    /// and rotates keys; readers never do, so two services can't race to create competing default keys.
    /// </summary>
    public static IHostApplicationBuilder AddTenantSecrets(this IHostApplicationBuilder builder, bool createsKeys)
    {
        builder.AddNpgsqlDataSource();
        builder.AddSchemaDbContext<KeyRingDbContext>(KeyRingDbContext.Schema);
        var dataProtection = builder.Services.AddDataProtection()
            .SetApplicationName(ApplicationName)
            .PersistKeysToDbContext<KeyRingDbContext>();
        if (!createsKeys)
        {
            dataProtection.DisableAutomaticKeyGeneration();
        }
        builder.Services.AddOptions<TenantSecretsOptions>()
            .Bind(builder.Configuration.GetSection(TenantSecretsOptions.SectionName))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<TenantSecretsOptions>, TenantSecretsOptionsValidator>();
        builder.Services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(services =>
            new ConfigureOptions<KeyManagementOptions>(options =>
            {
                var secrets = services.GetRequiredService<IOptions<TenantSecretsOptions>>().Value;
                if (secrets.MasterKey is not null)
                {
                    options.XmlEncryptor = new MasterKeyXmlEncryptor(MasterKey.From(secrets));
                }
            }));
        builder.Services.AddSingleton<TenantSecretProtector>();
        return builder;
    }
}
