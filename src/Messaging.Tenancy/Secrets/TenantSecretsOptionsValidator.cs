using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Messaging.Tenancy.Secrets;

/// <summary>
/// The master key is the base64 of 32 bytes, and in production it must be there: without it the
/// Data Protection key ring, which decrypts every tenant's provider secrets, would be stored in
/// PostgreSQL as plain XML. Development and test hosts may run without one.
/// </summary>
internal sealed class TenantSecretsOptionsValidator(IHostEnvironment environment) : IValidateOptions<TenantSecretsOptions>
{
    public ValidateOptionsResult Validate(string? name, TenantSecretsOptions options) => options.MasterKey switch
    {
        null when environment.IsProduction() => ValidateOptionsResult.Fail(
            $"{TenantSecretsOptions.SectionName}:MasterKey must be set in production (openssl rand -base64 32, the same for every service): without it the key ring that protects the tenants' secrets is stored unencrypted."),
        null => ValidateOptionsResult.Success,
        _ when MasterKey.TryParse(options.MasterKey, out _) => ValidateOptionsResult.Success,
        _ => ValidateOptionsResult.Fail($"{TenantSecretsOptions.SectionName}:MasterKey must be the base64 of exactly {MasterKey.Length} bytes (openssl rand -base64 32)."),
    };
}
