using Microsoft.Extensions.Options;

namespace Messaging.Tenancy.Secrets;

/// <summary>Section <c>Tenancy:Secrets</c>, the same in every service that reads or writes tenant secrets.</summary>
public sealed class TenantSecretsOptions
{
    public const string SectionName = "Tenancy:Secrets";

    /// <summary>
    /// Base64 of 32 random bytes (<c>openssl rand -base64 32</c>) that encrypt the Data Protection
    /// key ring at rest. Without it the keys are stored as plain XML next to the secrets they
    /// protect, so a copy of the database reveals both.
    /// </summary>
    public string? MasterKey { get; set; }
}

internal sealed class TenantSecretsOptionsValidator : IValidateOptions<TenantSecretsOptions>
{
    public ValidateOptionsResult Validate(string? name, TenantSecretsOptions options) =>
        options.MasterKey is null || MasterKey.TryParse(options.MasterKey, out _)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{TenantSecretsOptions.SectionName}:MasterKey must be the base64 of exactly {MasterKey.Length} bytes (openssl rand -base64 32).");
}
