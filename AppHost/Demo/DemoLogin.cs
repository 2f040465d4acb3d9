using Messaging.AppHost.Servers;

namespace Messaging.AppHost.Demo;

/// <summary>
/// The demo workspace's owner login. Its password is generated on the first start into the data
/// folder (owner-only), so each installation has its own, and printed in the start-up summary.
/// </summary>
internal sealed record DemoLogin(string Email, string Password)
{
    public const string DemoEmail = "owner@cafe-aurora.demo";
    public const string DisplayName = "Aurora Owner";

    public static DemoLogin ReadOrCreate(string dataDirectory) =>
        // The console asks for a digit and a lowercase letter; the prefix and suffix guarantee both.
        new(DemoEmail, SecretFile.ReadOrCreate(Path.Combine(dataDirectory, "demo-login.password"), 8, bytes => $"aurora-{Convert.ToHexStringLower(bytes)}-{bytes[0] % 10}"));
}
