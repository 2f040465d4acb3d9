using System.Security.Cryptography;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

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

/// <summary>Encrypts each new key-ring entry with the master key before it reaches the database.</summary>
internal sealed class MasterKeyXmlEncryptor(MasterKey key) : IXmlEncryptor
{
    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var plaintext = System.Text.Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var element = new XElement("encryptedKey",
            new XAttribute("masterKeyId", key.Id),
            new XComment(" AES-256-GCM with Tenancy:Secrets:MasterKey "),
            new XElement("value", Convert.ToBase64String(key.Encrypt(plaintext))));
        return new EncryptedXmlInfo(element, typeof(MasterKeyXmlDecryptor));
    }
}

/// <summary>Made by Data Protection for each encrypted entry it reads (hence the service provider).</summary>
internal sealed class MasterKeyXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        var key = MasterKey.From(services.GetRequiredService<IOptions<TenantSecretsOptions>>().Value);
        var keyId = (string?)encryptedElement.Attribute("masterKeyId");
        if (keyId != key.Id)
        {
            throw new CryptographicException(
                $"This key-ring entry was encrypted with another {TenantSecretsOptions.SectionName}:MasterKey (id {keyId}, this service has {key.Id}): every service must use the same one.");
        }
        var plaintext = key.Decrypt(Convert.FromBase64String((string?)encryptedElement.Element("value") ?? ""));
        return XElement.Parse(System.Text.Encoding.UTF8.GetString(plaintext));
    }
}
