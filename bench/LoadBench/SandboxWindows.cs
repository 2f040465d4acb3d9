using System.Net.Http.Json;
using Messaging.AppHost.Demo;

namespace LoadBench;

/// <summary>
/// Opens each customer's 24-hour window at the Sandbox before a run, as the provider has it
/// open once a customer has written. The generator's webhooks go to the gateway, not through
/// the Sandbox, so without this the Sandbox would take every reply for one outside the window
/// (accepted, then reported failed, then answered again with the template).
/// </summary>
public static class SandboxWindows
{
    public static async Task OpenAsync(HttpClient http, Uri sandbox, Webhooks webhooks, int count)
    {
        var now = DateTimeOffset.UtcNow;
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (index, cancellationToken) =>
        {
            var (provider, business) = Webhooks.IsTwilio(index) ? ("twilio", DemoAccounts.TwilioNumber.TrimStart('+')) : ("meta", DemoAccounts.MetaPhoneNumberId);
            using var response = await http.PutAsJsonAsync(new Uri(sandbox, $"/sandbox/api/conversations/{provider}/{business}/{webhooks.Customer(index)}/last-inbound"), new { at = now }, cancellationToken);
            response.EnsureSuccessStatusCode();
        });
    }
}
