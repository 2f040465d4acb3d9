using System.Net.Http.Json;

namespace Messaging.AppHost.Demo;

/// <summary>
/// The demo workspace's provider accounts, which exist only in the Sandbox: the credentials
/// are the emulator's, not secrets of any real account. They are Sandbox configuration, applied
/// on top of what the Sandbox keeps in its database at each start.
/// </summary>
internal static class DemoAccounts
{
    public const string MetaPhoneNumberId = "109876543210001";
    public const string MetaDisplayNumber = "+31 20 555 0101";
    public const string MetaAccessToken = "sandbox-demo-meta-access-token";
    public const string MetaAppSecret = "sandbox-demo-meta-app-secret";
    public const string MetaVerifyToken = "sandbox-demo-verify";

    public const string SalonPhoneNumberId = "109876543210002";
    public const string ClinicPhoneNumberId = "109876543210003";

    public const string TwilioAccountSid = "ACc0ffee00000000000000000000000001";
    public const string TwilioAuthToken = "sandbox-demo-twilio-auth-token";
    public const string TwilioNumber = "+14155550101";

    /// <summary>Each demo business's Meta number, the numbers of the demo's platform Meta app, Café Aurora's Twilio account.</summary>
    public static IResourceBuilder<ProjectResource> WithDemoAccounts(this IResourceBuilder<ProjectResource> sandbox)
    {
        for (var i = 0; i < DemoBusiness.All.Count; i++)
        {
            var business = DemoBusiness.All[i];
            sandbox = sandbox
                .WithEnvironment($"Sandbox__MetaNumbers__{i}__PhoneNumberId", business.Meta.PhoneNumberId)
                .WithEnvironment($"Sandbox__MetaNumbers__{i}__DisplayPhoneNumber", business.Meta.DisplayNumber)
                .WithEnvironment($"Sandbox__MetaNumbers__{i}__VerifiedName", business.Name)
                .WithEnvironment($"Sandbox__MetaNumbers__{i}__AccessToken", business.Meta.AccessToken)
                .WithEnvironment($"Sandbox__MetaNumbers__{i}__AppSecret", business.Meta.AppSecret);
        }
        return sandbox.WithPlatformNumbers(DemoBusiness.All.Count).WithTwilioAccount();
    }

    static IResourceBuilder<ProjectResource> WithTwilioAccount(this IResourceBuilder<ProjectResource> sandbox) => sandbox
        .WithEnvironment("Sandbox__TwilioAccounts__0__AccountSid", TwilioAccountSid)
        .WithEnvironment("Sandbox__TwilioAccounts__0__AuthToken", TwilioAuthToken)
        .WithEnvironment("Sandbox__TwilioAccounts__0__FriendlyName", "Café Aurora")
        .WithEnvironment("Sandbox__TwilioAccounts__0__WhatsAppNumbers__0", TwilioNumber);

    /// <summary>
    /// The approved template Café Aurora sends outside the 24-hour window, as Meta and Twilio know
    /// it, so the phone shows its text with the customer's name filled in. Through the Sandbox's
    /// API, not its environment: the orchestrator reads <c>{{...}}</c> in an environment value as
    /// a template of its own and would send "Hi 1" for "Hi {{1}}".
    /// </summary>
    public static async Task RegisterTemplatesAsync(HttpClient sandbox, CancellationToken cancellationToken)
    {
        var cafe = DemoBusiness.All[0].Meta.PhoneNumberId;
        using var meta = await sandbox.PutAsJsonAsync($"/sandbox/api/templates/meta/{cafe}/{DemoContent.FollowUpName}/{DemoContent.FollowUpLanguage}",
            new { category = "utility", body = DemoContent.FollowUpBody }, cancellationToken).ConfigureAwait(false);
        meta.EnsureSuccessStatusCode();
        using var twilio = await sandbox.PutAsJsonAsync($"/sandbox/api/templates/twilio/{TwilioAccountSid}/{DemoContent.FollowUpContentSid}",
            new { friendlyName = DemoContent.FollowUpName, language = DemoContent.FollowUpLanguage, body = DemoContent.FollowUpBody }, cancellationToken).ConfigureAwait(false);
        twilio.EnsureSuccessStatusCode();
    }
}
