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
