using Microsoft.Extensions.Options;

namespace Messaging.Tenancy.Secrets;

internal sealed class TenantSecretsOptionsValidator : IValidateOptions<TenantSecretsOptions>
{
    public ValidateOptionsResult Validate(string? name, TenantSecretsOptions options) =>
        options.MasterKey is null || MasterKey.TryParse(options.MasterKey, out _)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{TenantSecretsOptions.SectionName}:MasterKey must be the base64 of exactly {MasterKey.Length} bytes (openssl rand -base64 32).");
}
