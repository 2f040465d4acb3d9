using System.Security.Cryptography;

namespace Messaging.AppHost.Servers;

/// <summary>A generated secret kept in the data folder, readable by its owner only from the moment it exists, so a restart finds the same one.</summary>
internal static class SecretFile
{
    const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>The secret in <paramref name="path"/>, or <paramref name="bytes"/> random bytes written there first, encoded by <paramref name="encode"/>.</summary>
    public static string ReadOrCreate(string path, int bytes, Func<byte[], string> encode)
    {
        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }
        var secret = encode(RandomNumberGenerator.GetBytes(bytes));
        WriteOwnerOnly(path, secret);
        return secret;
    }

    /// <summary>Creates or replaces <paramref name="path"/> with mode 0600 set at creation, never readable by others in between.</summary>
    public static void WriteOwnerOnly(string path, string content)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }
        using (var stream = new FileStream(path, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(content);
        }
        if (!OperatingSystem.IsWindows())
        {
            // UnixCreateMode applies only to new files; an existing one keeps its mode otherwise.
            File.SetUnixFileMode(path, OwnerOnly);
        }
    }

    public static string Hex(byte[] bytes) => Convert.ToHexString(bytes).ToLowerInvariant();
}
