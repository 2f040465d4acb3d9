using System.Security.Cryptography;

namespace Messaging.Testing.Servers;

/// <summary>A generated secret kept in the data directory, readable by its owner only, so a restart finds the same one.</summary>
public static class SecretFile
{
    /// <summary>The secret in <paramref name="path"/>, or <paramref name="bytes"/> random bytes written there first, encoded by <paramref name="encode"/>.</summary>
    public static string ReadOrCreate(string path, int bytes, Func<byte[], string> encode)
    {
        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }
        var secret = encode(RandomNumberGenerator.GetBytes(bytes));
        File.WriteAllText(path, secret);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        return secret;
    }

    public static string Hex(byte[] bytes) => Convert.ToHexString(bytes).ToLowerInvariant();
}
