using System.Security.Cryptography;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.Options;

namespace RecruitSignal.DataProtection;

/// <summary>
/// Encrypts each Data Protection key's XML with AES-256-GCM under a key-encryption key from configuration
/// (<c>DataProtection__KeyEncryptionKey</c>), so that the key ring stored beside the data it protects is
/// useless without the service's configuration.
/// </summary>
public sealed class KeyEncryptionKeyEncryptor(byte[] key) : IXmlEncryptor
{
    internal static readonly XName Element = "recruitSignalEncryptedKey";

    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var plaintext = System.Text.Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var nonce = RandomNumberGenerator.GetBytes(AesGcm.NonceByteSizes.MaxSize);
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[AesGcm.TagByteSizes.MaxSize];
        using (var aes = new AesGcm(key, tag.Length))
        {
            aes.Encrypt(nonce, plaintext, ciphertext, tag);
        }

        var encrypted = new XElement(Element,
            new XAttribute("nonce", Convert.ToBase64String(nonce)),
            new XAttribute("tag", Convert.ToBase64String(tag)),
            Convert.ToBase64String(ciphertext));
        return new EncryptedXmlInfo(encrypted, typeof(KeyEncryptionKeyDecryptor));
    }
}

/// <summary>Made by the framework through its activator, hence the service provider.</summary>
public sealed class KeyEncryptionKeyDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        var key = services.GetRequiredService<IOptions<DataProtectionSettings>>().Value.KeyBytes()
            ?? throw new InvalidOperationException(
                "The Data Protection key ring is encrypted, but DataProtection__KeyEncryptionKey is not set: set it to the value the key ring was written with.");
        var nonce = Convert.FromBase64String((string)encryptedElement.Attribute("nonce")!);
        var tag = Convert.FromBase64String((string)encryptedElement.Attribute("tag")!);
        var ciphertext = Convert.FromBase64String(encryptedElement.Value);
        var plaintext = new byte[ciphertext.Length];
        using (var aes = new AesGcm(key, tag.Length))
        {
            aes.Decrypt(nonce, ciphertext, tag, plaintext);
        }

        return XElement.Parse(System.Text.Encoding.UTF8.GetString(plaintext));
    }
}
