using System.Security.Cryptography;
using System.Text;

namespace Messaging.Tenancy.Secrets;

/// <summary>
/// A Meta verify token at rest: a random 16-byte salt and SHA-256(salt ‖ UTF-8 token). The token
/// is only ever compared, never shown again, so nothing reversible is kept. One round of SHA-256
/// rather than a slow password hash: the handshake GET is public and checks every channel's hash,
/// and the tokens the console generates carry 256 bits; the migration that hashes former plain
/// tokens computes exactly this in SQL (<c>sha256(salt || convert_to(token, 'UTF8'))</c>).
/// </summary>
public static class VerifyTokenHash
{
    public const int SaltBytes = 16;

    /// <summary>A strong token for the owner to paste into Meta's webhook settings: 32 random bytes, URL-safe.</summary>
    public static string Generate() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static (byte[] Salt, byte[] Hash) Create(string token)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        return (salt, Compute(salt, token));
    }

    /// <summary>True when <paramref name="token"/> hashes to <paramref name="hash"/> with <paramref name="salt"/>; the comparison takes the same time wherever they differ.</summary>
    public static bool Matches(string token, byte[] salt, byte[] hash) =>
        CryptographicOperations.FixedTimeEquals(Compute(salt, token), hash);

    static byte[] Compute(byte[] salt, string token)
    {
        var input = new byte[salt.Length + Encoding.UTF8.GetByteCount(token)];
        salt.CopyTo(input, 0);
        Encoding.UTF8.GetBytes(token, input.AsSpan(salt.Length));
        return SHA256.HashData(input);
    }
}
