using Microsoft.AspNetCore.DataProtection;

namespace Messaging.Tenancy.Secrets;

/// <summary>
/// Encrypts tenant secrets (access tokens, app secrets, auth tokens, API keys) for the
/// tenancy tables and decrypts them for the services that call providers.
/// </summary>
public sealed class TenantSecretProtector(IDataProtectionProvider provider)
{
    /// <summary>The purpose string; changing it makes every stored secret unreadable.</summary>
    public const string Purpose = "Messaging.Tenancy.Secrets.v1";

    readonly IDataProtector _protector = provider.CreateProtector(Purpose);

    public string Protect(string secret) => _protector.Protect(secret);

    public string Unprotect(string protectedSecret) => _protector.Unprotect(protectedSecret);

    /// <summary>What the API may show of a secret: its last four characters, only when it is long enough for that to reveal little.</summary>
    public static string? Hint(string secret) => secret.Length >= 16 ? secret[^4..] : null;
}
