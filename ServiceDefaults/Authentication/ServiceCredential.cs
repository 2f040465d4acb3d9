using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace Messaging.ServiceDefaults.Authentication;

/// <summary>The wire form of a service credential: <c>Authorization: Service {name}:{credential}</c>.</summary>
public static class ServiceCredential
{
    public const string Scheme = "Service";

    /// <summary>The caller name of the AppHost's own calls (the demo seed): a service of the deployment acting for no operator.</summary>
    public const string AppHostCaller = "apphost";

    public static AuthenticationHeaderValue Header(string name, string credential) => new(Scheme, $"{name}:{credential}");

    /// <summary>What a callee lists for a caller: base64 of the credential's SHA-256.</summary>
    public static string Hash(string credential) => Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(credential)));

    /// <summary>Whether <paramref name="credential"/> hashes to one of <paramref name="hashes"/>, in time that does not depend on where they differ.</summary>
    public static bool Matches(string credential, IEnumerable<string> hashes)
    {
        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(credential));
        var matched = false;
        Span<byte> expected = stackalloc byte[SHA256.HashSizeInBytes];
        foreach (var hash in hashes)
        {
            if (Convert.TryFromBase64String(hash, expected, out var written) && written == expected.Length)
            {
                matched |= CryptographicOperations.FixedTimeEquals(presented, expected);
            }
        }
        return matched;
    }
}
