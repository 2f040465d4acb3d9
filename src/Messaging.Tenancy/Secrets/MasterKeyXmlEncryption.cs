using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Messaging.Tenancy.Secrets;

/// <summary>Encrypts each new key-ring entry with the master key before it reaches the database.</summary>
internal sealed class MasterKeyXmlEncryptor(MasterKey key) : IXmlEncryptor
{
    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var plaintext = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
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
        return XElement.Parse(Encoding.UTF8.GetString(plaintext));
    }
}
