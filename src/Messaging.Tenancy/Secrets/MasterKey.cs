using System.Security.Cryptography;

namespace Messaging.Tenancy.Secrets;

/// <summary>The key that encrypts the key ring (AES-256-GCM); its id tells a wrong key from a corrupt entry.</summary>
internal sealed class MasterKey
{
    public const int Length = 32;

    readonly byte[] _key;

    MasterKey(byte[] key)
    {
        _key = key;
        Id = Convert.ToHexStringLower(SHA256.HashData(key).AsSpan(0, 8));
    }

    public string Id { get; }

    public static bool TryParse(string base64, out MasterKey? key)
    {
        var bytes = new byte[Length + 3];
        key = Convert.TryFromBase64String(base64.Trim(), bytes, out var written) && written == Length ? new MasterKey(bytes[..Length]) : null;
        return key is not null;
    }

    public static MasterKey From(TenantSecretsOptions options) =>
        options.MasterKey is { } text && TryParse(text, out var key)
            ? key!
            : throw new InvalidOperationException($"{TenantSecretsOptions.SectionName}:MasterKey is not set to the base64 of {Length} bytes.");

    public byte[] Encrypt(byte[] plaintext)
    {
        var sealedBox = new byte[12 + 16 + plaintext.Length];
        var nonce = sealedBox.AsSpan(0, 12);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, 16);
        aes.Encrypt(nonce, plaintext, sealedBox.AsSpan(28), sealedBox.AsSpan(12, 16));
        return sealedBox;
    }

    public byte[] Decrypt(byte[] sealedBox)
    {
        var plaintext = new byte[sealedBox.Length - 28];
        using var aes = new AesGcm(_key, 16);
        aes.Decrypt(sealedBox.AsSpan(0, 12), sealedBox.AsSpan(28), sealedBox.AsSpan(12, 16), plaintext);
        return plaintext;
    }
}
