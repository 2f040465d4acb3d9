namespace Messaging.AppHost.Demo;

/// <summary>
/// The demo's platform Meta app, in the Sandbox: one app secret and system-user token shared by
/// every number of its WhatsApp Business Account. Studio Lumen has one of its numbers next to its
/// own-credentials number, so the console shows both ways; the others are free for a new workspace
/// to add by phone number id alone.
/// </summary>
internal static class DemoPlatformApp
{
    public const string AppSecret = "sandbox-demo-platform-app-secret";
    public const string AccessToken = "sandbox-demo-platform-system-user-token";
    public const string VerifyToken = "sandbox-demo-platform-verify";
    public const string WabaId = "102000000000001";
    public const string GraphBaseUrl = "http://sandbox/graph";

    public const string SalonPhoneNumberId = "109876543220001";
    public const string SalonDisplayNumber = "+351 21 555 0112";

    /// <summary>Numbers of the platform app no demo workspace uses: a new workspace adds one by its id.</summary>
    public static IReadOnlyList<(string PhoneNumberId, string DisplayNumber)> FreeNumbers { get; } =
    [
        ("109876543220101", "+31 20 555 0201"),
        ("109876543220102", "+31 20 555 0202"),
        ("109876543220103", "+31 20 555 0203"),
        ("109876543220104", "+31 20 555 0204"),
        ("109876543220105", "+31 20 555 0205"),
    ];

    /// <summary>The platform app's numbers as Sandbox configuration, after the <paramref name="first"/> numbers already configured.</summary>
    public static IResourceBuilder<ProjectResource> WithPlatformNumbers(this IResourceBuilder<ProjectResource> sandbox, int first)
    {
        var numbers = new List<(string Id, string Display, string Name)> { (SalonPhoneNumberId, SalonDisplayNumber, "Studio Lumen (platform app)") };
        numbers.AddRange(FreeNumbers.Select((n, i) => (n.PhoneNumberId, n.DisplayNumber, $"Platform number {i + 1}")));
        for (var i = 0; i < numbers.Count; i++)
        {
            var (id, display, name) = numbers[i];
            var prefix = $"Sandbox__MetaNumbers__{first + i}__";
            sandbox = sandbox
                .WithEnvironment(prefix + "PhoneNumberId", id)
                .WithEnvironment(prefix + "DisplayPhoneNumber", display)
                .WithEnvironment(prefix + "VerifiedName", name)
                .WithEnvironment(prefix + "BusinessAccountId", WabaId)
                .WithEnvironment(prefix + "AccessToken", AccessToken)
                .WithEnvironment(prefix + "AppSecret", AppSecret);
        }
        return sandbox;
    }
}
