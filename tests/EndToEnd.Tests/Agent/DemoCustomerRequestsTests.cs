using System.Net.Http.Json;
using System.Text.Json;
using EndToEnd.Tests.Infrastructure;
using EndToEnd.Tests.Ingest;
using Messaging.AppHost.Demo;

namespace EndToEnd.Tests.Agent;

/// <summary>
/// What Agent.Tests proves with a fake provider, proven again through the Sandbox on the running
/// product: long bursts, a yes to the bot's own offer of a person, opt-out in English and
/// Portuguese, personal-data requests, bookings within hours, several leads in one conversation,
/// questions in languages the workspace does not serve, reactions and system notices, and the
/// unanswered queue's reasons. Each customer writes from a number of their own.
/// </summary>
[Collection(SharedProduct.Name)]
public sealed class DemoCustomerRequestsTests(RunningApp running)
{
    const string Handoff = "I've asked a member of our team to take over: they'll reply here as soon as they can.";
    const string OptOutConfirmation = "You're unsubscribed: we won't send you any more automated messages. Reply START to receive them again.";
    const string PortugueseOptOutConfirmation = "Pronto: não enviaremos mais mensagens automáticas. Responda START para voltar a recebê-las.";

    static readonly string[] PortugueseThenEnglish = ["pt", "en"];
    static readonly string[] English = ["en"];

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_four_message_burst_to_the_cafe_drops_none_of_its_questions()
    {
        var customer = Customer(DemoAccounts.MetaPhoneNumberId);

        foreach (var text in new[] { "hello", "do you have vegan options?", "how much is the avocado toast?", "is there parking?" })
        {
            await customer.SaysAsync(text);
        }

        var reply = Assert.Single(await customer.WaitForRepliesAsync(1));
        Assert.Contains("vegan", reply, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("€11.50", reply, StringComparison.Ordinal);
        Assert.Contains("parking", reply, StringComparison.OrdinalIgnoreCase);
        // Every turn of the burst done: a second reply would have been queued by now.
        await customer.WaitForTurnsAsync(4);
        Assert.Single(await customer.RepliesAsync());
    }

    [Fact]
    public async Task Yes_to_the_cafes_offer_of_a_person_hands_over_once_and_costs_no_second_credit()
    {
        var customer = Customer(DemoAccounts.MetaPhoneNumberId);

        await customer.SaysAsync("Do you do catering for weddings?");
        Assert.Contains("someone from our team", Assert.Single(await customer.WaitForRepliesAsync(1)), StringComparison.Ordinal);
        await customer.SaysAsync("yes please, ask someone from the team");
        Assert.Equal(Handoff, (await customer.WaitForRepliesAsync(2))[1]);

        var turns = await customer.WaitForTurnsAsync(2);
        Assert.Equal("needs_human", (await customer.ConversationAsync()).GetProperty("state").GetString());
        var (workspaceId, _) = await customer.WorkspaceAsync();
        var ledger = await LedgerTurnsAsync(workspaceId);
        Assert.Contains(turns[0].GetProperty("id").GetString(), ledger);
        Assert.False(turns[1].GetProperty("usedAi").GetBoolean());
        Assert.DoesNotContain(turns[1].GetProperty("id").GetString(), ledger);

        await customer.SaysAsync("yes");
        await customer.WaitForTurnsAsync(3);
        Assert.Equal(2, (await customer.RepliesAsync()).Count);
    }

    [Theory]
    [InlineData("UNSUBSCRIBE")]
    [InlineData("stop messaging me")]
    public async Task Opting_out_of_the_cafe_gets_one_confirmation_nothing_automated_until_start_and_operators_see_it(string stop)
    {
        var customer = Customer(DemoAccounts.MetaPhoneNumberId);

        await OptsOutAsync(customer, stop, OptOutConfirmation);
    }

    [Fact]
    public async Task Opting_out_of_the_salon_in_portuguese_is_confirmed_in_portuguese_and_respected_until_start()
    {
        var salon = await WorkspaceIdAsync(SalonContent.Slug);
        using var owner = await running.App.CreateOperatorClientAsync("agent", salon, Ct, role: "owner");
        // Portuguese first: a one-word STOP says too little to tell its language, so it is confirmed in the workspace's first.
        await SetLanguagesAsync(owner, salon, PortugueseThenEnglish);
        try
        {
            await OptsOutAsync(Customer(DemoAccounts.SalonPhoneNumberId), "Parar", PortugueseOptOutConfirmation);
        }
        finally
        {
            await SetLanguagesAsync(owner, salon, English);
        }
    }

    /// <summary>One confirmation, then silence for a question (its turn done, still one reply), the opt-out on the operator API, and START answered.</summary>
    static async Task OptsOutAsync(DemoCustomer customer, string stop, string confirmation)
    {
        await customer.SaysAsync(stop);
        Assert.Equal(confirmation, Assert.Single(await customer.WaitForRepliesAsync(1)));
        await customer.SaysAsync("what time do you open?");

        var turns = await customer.WaitForTurnsAsync(2);
        Assert.Single(await customer.RepliesAsync());
        Assert.Equal("The contact opted out of messages: nothing automated is sent until they write START.", turns[1].GetProperty("reason").GetString());
        var conversation = await customer.ConversationAsync();
        Assert.True(conversation.GetProperty("contact").GetProperty("optedOut").GetBoolean());
        Assert.Equal(stop, conversation.GetProperty("contact").GetProperty("optOutText").GetString());
        Assert.Equal("opted_out", conversation.GetProperty("unanswered").GetProperty("code").GetString());

        await customer.SaysAsync("START");
        Assert.Equal(2, (await customer.WaitForRepliesAsync(2)).Count);
        Assert.False((await customer.ConversationAsync()).GetProperty("contact").GetProperty("optedOut").GetBoolean());
    }

    [Fact]
    public async Task Delete_my_data_at_the_clinic_hands_over_with_the_reason_for_operators()
    {
        var customer = Customer(DemoAccounts.ClinicPhoneNumberId);

        await customer.SaysAsync("Please delete my data");

        Assert.Equal("I've passed your request about your personal data to our team: a member of staff will reply here.", Assert.Single(await customer.WaitForRepliesAsync(1)));
        var conversation = await customer.ConversationAsync();
        Assert.Equal("needs_human", conversation.GetProperty("state").GetString());
        var reason = conversation.GetProperty("handoffReason").GetString();
        Assert.Contains("personal data", reason, StringComparison.Ordinal);
        Assert.Contains("delete my data", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_table_within_the_cafes_hours_is_confirmed_with_party_size_day_and_time()
    {
        var customer = Customer(DemoAccounts.MetaPhoneNumberId);

        await customer.SaysAsync("I'd like to reserve a table for 2 on Saturday at 10:30");

        var reply = Assert.Single(await customer.WaitForRepliesAsync(1));
        Assert.Contains("a booking for 2 people on Saturday", reply, StringComparison.Ordinal);
        Assert.Contains("at 10:30", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_leads_in_one_cafe_conversation_are_both_kept_and_both_found_by_search()
    {
        var customer = Customer(DemoAccounts.MetaPhoneNumberId);
        var email = $"ana-{Guid.NewGuid():N}@example.com";

        await customer.SaysAsync($"I'm Ana, {email}, do you have vegan options?");
        await customer.WaitForRepliesAsync(1);
        await customer.SaysAsync($"And how much is the shakshuka? {email}");
        await customer.WaitForRepliesAsync(2);

        var (workspaceId, agent) = await customer.WorkspaceAsync();
        var page = JsonDocument.Parse(await agent.GetStringAsync(new Uri($"/api/agent/leads?workspaceId={workspaceId}&search={Uri.EscapeDataString(email)}", UriKind.Relative), Ct)).RootElement;
        var interests = page.GetProperty("leads").EnumerateArray().Select(lead => lead.GetProperty("interest").GetString() ?? "").OrderBy(i => i, StringComparer.Ordinal).ToList();
        Assert.Equal(2, interests.Count);
        Assert.Contains(interests, i => i.Contains("vegan", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(interests, i => i.Contains("shakshuka", StringComparison.OrdinalIgnoreCase));
        var conversationId = (await customer.ConversationAsync()).GetProperty("id").GetString();
        var found = JsonDocument.Parse(await agent.GetStringAsync(new Uri($"/api/agent/conversations?workspaceId={workspaceId}&search={Uri.EscapeDataString(email)}", UriKind.Relative), Ct)).RootElement;
        Assert.Equal(conversationId, Assert.Single(found.GetProperty("conversations").EnumerateArray()).GetProperty("id").GetString());
    }

    [Theory]
    [InlineData("هل لديكم خيارات نباتية؟", "Arabic")]
    [InlineData("你们有素食吗？", "Chinese")]
    public async Task A_question_to_the_cafe_in_a_language_it_does_not_serve_gets_the_english_hand_off_never_an_unrelated_answer(string question, string language)
    {
        var customer = Customer(DemoAccounts.MetaPhoneNumberId);

        await customer.SaysAsync(question);

        var reply = Assert.Single(await customer.WaitForRepliesAsync(1));
        Assert.Contains("I can only answer in English here", reply, StringComparison.Ordinal);
        Assert.Contains(language, reply, StringComparison.Ordinal);
        Assert.DoesNotContain("don't have", reply, StringComparison.Ordinal);
        var conversation = await customer.ConversationAsync();
        Assert.Equal("needs_human", conversation.GetProperty("state").GetString());
        Assert.Contains(language, conversation.GetProperty("handoffReason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reaction_and_a_system_notice_to_the_cafe_are_recorded_and_never_answered()
    {
        var customer = Customer(DemoAccounts.MetaPhoneNumberId);
        var from = customer.Phone.TrimStart('+');
        // The Sandbox's phone simulator sends text, media, locations and buttons; a reaction and a
        // system notice are signed with the café's Sandbox app secret, as the Sandbox signs its webhooks.
        var body = Webhooks.MetaDelivery((DemoAccounts.MetaPhoneNumberId, DemoAccounts.MetaDisplayNumber, "Ana",
        [
            new { from, id = "wamid.reaction." + Guid.NewGuid().ToString("N"), timestamp = Now(), type = "reaction", reaction = new { message_id = "wamid.out." + Guid.NewGuid().ToString("N"), emoji = "👍" } },
            new { from, id = "wamid.system." + Guid.NewGuid().ToString("N"), timestamp = Now(), type = "system", system = new { body = "Ana changed their phone number to a new number", type = "customer_changed_number", new_wa_id = from } },
        ], []));

        using (var response = await running.Gateway.SendAsync(Webhooks.SignedMeta(body, DemoAccounts.MetaAppSecret), Ct))
        {
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Ct));
        }

        var turns = await customer.WaitForTurnsAsync(2);
        Assert.All(turns, turn => Assert.Equal("Reactions and system notices get no reply.", turn.GetProperty("reason").GetString()));
        Assert.Empty(await customer.RepliesAsync());
        Assert.Equal(2, (await customer.MessagesAsync()).Count(m => m.GetProperty("direction").GetString() == "inbound"));
        Assert.False((await customer.ConversationAsync()).TryGetProperty("unanswered", out var unanswered) && unanswered.ValueKind != JsonValueKind.Null, "a reaction is not unanswered");
    }

    [Fact]
    public async Task A_reply_the_clinics_provider_refuses_as_outside_the_window_waits_in_the_queue_as_window_closed_without_a_template()
    {
        // The clinic has no approved template, so a closed window leaves nothing to send.
        using var sandbox = running.App.CreateHttpClient("sandbox");
        using (var fault = await sandbox.PostAsJsonAsync($"/sandbox/api/faults/meta/{DemoAccounts.ClinicPhoneNumberId}", new { code = 131047 }, Ct))
        {
            Assert.True(fault.IsSuccessStatusCode, await fault.Content.ReadAsStringAsync(Ct));
        }
        var customer = Customer(DemoAccounts.ClinicPhoneNumberId);

        await customer.SaysAsync("Where can I park my car?");

        var turn = Assert.Single(await customer.WaitForTurnsAsync(1));
        Assert.Empty(await customer.RepliesAsync());
        var (workspaceId, agent) = await customer.WorkspaceAsync();
        var queue = JsonDocument.Parse(await agent.GetStringAsync(new Uri($"/api/agent/unanswered?workspaceId={workspaceId}", UriKind.Relative), Ct)).RootElement;
        var conversationId = (await customer.ConversationAsync()).GetProperty("id").GetString();
        var unanswered = queue.GetProperty("conversations").EnumerateArray().Single(c => c.GetProperty("id").GetString() == conversationId).GetProperty("unanswered");
        Assert.Equal("window_closed_no_template", unanswered.GetProperty("code").GetString());
        Assert.Contains("no approved template", unanswered.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(turn.GetProperty("id").GetString(), unanswered.GetProperty("turnId").GetString());
    }

    static string Now() => DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The turns Billing's ledger has an entry for, read as an operator of the workspace (the latest 200 entries hold this test's).</summary>
    async Task<IReadOnlyList<string?>> LedgerTurnsAsync(string workspaceId)
    {
        using var billing = await running.App.CreateOperatorClientAsync("billing", workspaceId, Ct);
        var page = JsonDocument.Parse(await billing.GetStringAsync(new Uri($"/api/credits/workspaces/{workspaceId}/ledger?limit=200", UriKind.Relative), Ct)).RootElement;
        return [.. page.GetProperty("entries").EnumerateArray().Select(entry => entry.GetProperty("turnId").GetString())];
    }

    async Task<string> WorkspaceIdAsync(string slug)
    {
        using var admin = running.App.CreateHttpClient("admin");
        var workspaces = JsonDocument.Parse(await admin.GetStringAsync(new Uri("/api/tenancy/workspaces", UriKind.Relative), Ct)).RootElement;
        return (workspaces.ValueKind == JsonValueKind.Array ? workspaces : workspaces.GetProperty("items")).EnumerateArray()
            .Single(w => w.GetProperty("slug").GetString() == slug).GetProperty("id").GetString()!;
    }

    static async Task SetLanguagesAsync(HttpClient owner, string workspaceId, string[] languages)
    {
        using var put = await owner.PutAsJsonAsync($"/api/agent/workspaces/{workspaceId}/policy", new { languages }, Ct);
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync(Ct));
    }

    DemoCustomer Customer(string business) => new(running, business, "+3165" + Random.Shared.Next(1_000_000, 9_999_999));
}
