using System.Net.Http.Json;
using System.Text.Json;
using EndToEnd.Tests.Infrastructure;
using Messaging.AppHost.Demo;

namespace EndToEnd.Tests.Agent;

/// <summary>
/// Customers of the seeded demo businesses write through the Sandbox's phone simulator (signed
/// webhooks through the gateway) and the offline agent answers: bursts whole, safety questions
/// without guessing, bookings within hours, opt-out respected; the salon and the clinic answer
/// from their own knowledge.
/// </summary>
[Collection(SharedProduct.Name)]
public sealed class DemoCustomersTests(RunningApp running)
{
    static readonly string[] ZebraKeywords = ["zebracake"];

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_burst_to_the_cafe_gets_one_reply_with_the_address_and_the_parking()
    {
        var customer = Customer(DemoAccounts.MetaPhoneNumberId);

        foreach (var text in new[] { "hi", "where are you located?", "and is there parking?" })
        {
            await customer.SaysAsync(text);
        }

        var reply = Assert.Single(await customer.WaitForRepliesAsync(1));
        Assert.Contains("Prinsengracht 263", reply, StringComparison.Ordinal);
        Assert.Contains("parking", reply, StringComparison.OrdinalIgnoreCase);
        // The burst window has long closed when the reply is sent: a second reply would be there by now.
        await customer.WaitForTurnsAsync(3);
        Assert.Single(await customer.RepliesAsync());
    }

    [Fact]
    public async Task A_nut_allergy_question_finds_the_cafes_allergy_policy_and_offers_a_person()
    {
        var customer = Customer(DemoAccounts.MetaPhoneNumberId);

        await customer.SaysAsync("I have a severe nut allergy, is the banana bread safe?");

        var reply = Assert.Single(await customer.WaitForRepliesAsync(1));
        Assert.Contains("cannot guarantee trace-free", reply, StringComparison.Ordinal);
        Assert.Contains("someone from our team", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_table_after_closing_time_is_refused_with_the_nearest_open_times()
    {
        var customer = Customer(DemoAccounts.MetaPhoneNumberId);

        await customer.SaysAsync("Can I book a table for 4 on Friday at 19:00?");

        var reply = Assert.Single(await customer.WaitForRepliesAsync(1));
        Assert.Contains("can't book for 4 people on Friday", reply, StringComparison.Ordinal);
        Assert.Contains("17:30", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stop_gets_one_confirmation_and_the_next_question_no_reply()
    {
        var customer = Customer(DemoAccounts.MetaPhoneNumberId);

        await customer.SaysAsync("STOP");
        Assert.Contains("unsubscribed", Assert.Single(await customer.WaitForRepliesAsync(1)), StringComparison.Ordinal);
        await customer.SaysAsync("when are you open?");

        await customer.WaitForTurnsAsync(2);
        Assert.Single(await customer.RepliesAsync());
    }

    [Theory]
    [InlineData(DemoAccounts.SalonPhoneNumberId, "Do I need a patch test before colour?", "48 hours")]
    [InlineData(DemoAccounts.ClinicPhoneNumberId, "Where can I park my car?", "P+R")]
    public async Task The_salon_and_the_clinic_answer_from_their_own_knowledge(string business, string question, string fact)
    {
        var customer = Customer(business);

        await customer.SaysAsync(question);

        Assert.Contains(fact, Assert.Single(await customer.WaitForRepliesAsync(1)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rule_added_once_to_the_cafes_shared_configuration_answers_on_its_meta_and_its_twilio_number()
    {
        using var admin = running.App.CreateHttpClient("admin");
        var workspaces = JsonDocument.Parse(await admin.GetStringAsync(new Uri("/api/tenancy/workspaces", UriKind.Relative), Ct)).RootElement;
        var cafe = (workspaces.ValueKind == JsonValueKind.Array ? workspaces : workspaces.GetProperty("items")).EnumerateArray()
            .Single(w => w.GetProperty("slug").GetString() == DemoContent.Slug).GetProperty("id").GetString();
        var configs = JsonDocument.Parse(await admin.GetStringAsync(new Uri($"/api/tenancy/workspaces/{cafe}/reply-configs", UriKind.Relative), Ct)).RootElement;
        var config = Assert.Single(configs.EnumerateArray());
        Assert.Equal(2, config.GetProperty("channelIds").GetArrayLength());

        // The rule goes first, with a word no other test writes.
        var rules = new List<object> { new { id = "zebra-cake", label = "Zebra cake", matcher = new { type = "keyword", keywords = ZebraKeywords, mode = "whole_word" }, response = new { type = "canned", text = "Zebra cake is baked on Saturdays only." } } };
        rules.AddRange(config.GetProperty("rules").EnumerateArray().Select(rule => (object)rule));
        using var save = new HttpRequestMessage(HttpMethod.Put, $"/api/tenancy/reply-configs/{config.GetProperty("id").GetString()}")
        {
            Content = JsonContent.Create(new
            {
                enabled = config.GetProperty("enabled").GetBoolean(),
                waitSeconds = config.GetProperty("waitSeconds").GetInt32(),
                rules,
                defaultRule = config.GetProperty("defaultRule"),
            }),
        };
        save.Headers.TryAddWithoutValidation("If-Match", "\"" + config.GetProperty("version").GetInt64() + "\"");
        using (var saved = await admin.SendAsync(save, Ct))
        {
            Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync(Ct));
        }

        var meta = Customer(DemoAccounts.MetaPhoneNumberId);
        var twilio = new TwilioCustomer(running, "+3164" + Random.Shared.Next(1_000_000, 9_999_999));
        await meta.SaysAsync("is there zebracake today?");
        await twilio.SaysAsync("is there zebracake today?");

        Assert.Equal("Zebra cake is baked on Saturdays only.", Assert.Single(await meta.WaitForRepliesAsync(1)));
        Assert.Contains("Zebra cake is baked on Saturdays only.", Assert.Single(await twilio.WaitForRepliesAsync(1)), StringComparison.Ordinal);
    }

    /// <summary>A customer of the café's Twilio sender; the replies are the bodies of the sends the Sandbox accepted.</summary>
    sealed class TwilioCustomer(RunningApp running, string phone)
    {
        readonly HttpClient _sandbox = running.App.CreateHttpClient("sandbox");

        public async Task SaysAsync(string text)
        {
            using var response = await _sandbox.PostAsJsonAsync("/sandbox/api/simulate/twilio", new { business = DemoAccounts.TwilioNumber, customer = phone, customerName = "Tom", text }, Ct);
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Ct));
        }

        async Task<IReadOnlyList<string>> RepliesAsync()
        {
            var calls = JsonDocument.Parse(await _sandbox.GetStringAsync(new Uri($"/sandbox/api/calls?provider=twilio&kind=send&phone={Uri.EscapeDataString(phone)}", UriKind.Relative), Ct)).RootElement;
            var items = calls.ValueKind == JsonValueKind.Array ? calls : calls.GetProperty("calls");
            return [.. items.EnumerateArray()
                .Where(c => c.GetProperty("responseStatus").GetInt32() is >= 200 and < 300)
                .Select(c => Uri.UnescapeDataString(c.GetProperty("requestBody").GetString()!.Replace('+', ' ')))];
        }

        public Task<IReadOnlyList<string>> WaitForRepliesAsync(int count) =>
            Eventually.ReturnsAsync(RepliesAsync, replies => replies.Count >= count, $"{count} replies on the Twilio number", TimeSpan.FromSeconds(60));
    }

    DemoCustomer Customer(string business) => new(running, business, "+3163" + Random.Shared.Next(1_000_000, 9_999_999));
}
