using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Messaging.Testing;
using Sandbox.Tests.Infrastructure;

namespace Sandbox.Tests;

/// <summary>The Sandbox stopped and started again on the same database and media folder knows everything it knew.</summary>
public sealed class RestartTests(PostgresFixture postgres)
{
    static readonly string[] OwnTwilioNumbers = ["+14155550199"];

    static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Accounts_conversations_media_templates_faults_and_calls_survive_a_restart()
    {
        await using var sandbox = await SandboxHost.StartAsync(postgres);
        const string ownNumber = "106540352240001";
        await sandbox.RegisterMetaNumberAsync(ownNumber, "/own/whatsapp");
        var twilio = await sandbox.Client.PutAsJsonAsync("/sandbox/api/accounts/twilio/AC00000000000000000000000000000abc", new
        {
            authToken = "restart-auth-token",
            friendlyName = "Restart account",
            whatsAppNumbers = OwnTwilioNumbers,
            webhookUrl = new Uri(sandbox.Receiver.BaseUrl, "own/twilio"),
        }, Token);
        twilio.EnsureSuccessStatusCode();
        var template = await sandbox.Client.PutAsJsonAsync($"/sandbox/api/templates/meta/{SandboxHost.PhoneNumberId}/reminder/en",
            new { category = "utility", body = "See you at {{1}}, {{2}}!" }, Token);
        template.EnsureSuccessStatusCode();
        var accountsBefore = await sandbox.Client.GetStringAsync("/sandbox/api/accounts", Token);

        var customer = SandboxHost.NewCustomer();
        var inbound = await sandbox.CustomerWritesAsync("meta", customer, "Can I book?");
        var sent = await SendTextAsync(sandbox, customer, "Yes, at 3 pm.");
        var photo = "\x89PNG the customer's photo"u8.ToArray();
        var mediaId = await sandbox.UploadAsync("meta", "image", "image/png", photo);
        var withPhoto = await sandbox.Client.PostAsJsonAsync("/sandbox/api/simulate/meta",
            new { business = SandboxHost.PhoneNumberId, customer, text = "this style", media = new { id = mediaId } }, Token);
        withPhoto.EnsureSuccessStatusCode();
        var read = await WaitForStatusAsync(sandbox, customer, sent, "read");
        var faulted = await sandbox.Client.PostAsJsonAsync($"/sandbox/api/faults/meta/{SandboxHost.PhoneNumberId}", new { code = 130429, count = 1 }, Token);
        Assert.Equal(HttpStatusCode.NoContent, faulted.StatusCode);

        await sandbox.RestartAsync();

        Assert.Equal(accountsBefore, await sandbox.Client.GetStringAsync("/sandbox/api/accounts", Token));
        var snapshot = await ConversationAsync(sandbox, customer);
        Assert.True(snapshot.GetProperty("windowOpen").GetBoolean());
        var messages = snapshot.GetProperty("messages").EnumerateArray().ToDictionary(m => m.GetProperty("text").GetString()!);
        Assert.Equal(["Can I book?", "Yes, at 3 pm.", "this style"], messages.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(inbound.MessageId, messages["Can I book?"].GetProperty("messageId").GetString());
        Assert.Equal(sent, messages["Yes, at 3 pm."].GetProperty("messageId").GetString());
        Assert.Equal("read", messages["Yes, at 3 pm."].GetProperty("status").GetString());
        Assert.Equal(read.GetProperty("sequence").GetInt64(), messages["Yes, at 3 pm."].GetProperty("sequence").GetInt64());
        Assert.Equal("media:" + mediaId, messages["this style"].GetProperty("mediaUrl").GetString());

        // The queued fault is still there: the next send is refused with it, the one after is accepted.
        var throttled = await sandbox.GraphPostAsync(SandboxHost.PhoneNumberId + "/messages", TextBody(customer, "one more"));
        await throttled.GraphErrorAsync(400, 130429);
        var rendered = await sandbox.GraphPostAsync(SandboxHost.PhoneNumberId + "/messages", JsonSerializer.Serialize(new
        {
            messaging_product = "whatsapp",
            to = customer,
            type = "template",
            template = new { name = "reminder", language = new { code = "en" }, components = new[] { new { type = "body", parameters = new[] { new { type = "text", text = "3 pm" }, new { type = "text", text = "Ann" } } } } },
        }));
        Assert.Equal(HttpStatusCode.OK, rendered.StatusCode);
        var templateId = (await rendered.JsonAsync()).GetProperty("messages")[0].GetProperty("id").GetString()!;
        var shown = (await ConversationAsync(sandbox, customer)).GetProperty("messages").EnumerateArray().Single(m => m.GetProperty("messageId").GetString() == templateId);
        Assert.Equal("See you at 3 pm, Ann!", shown.GetProperty("text").GetString());

        // The uploaded file is still served, with the number's token (secrets are kept too).
        var info = await (await sandbox.GraphGetAsync(mediaId)).JsonAsync();
        Assert.Equal(photo.Length, info.GetProperty("file_size").GetInt64());
        var download = await sandbox.GraphGetAsync(info.GetProperty("url").GetString()!);
        Assert.Equal(photo, await download.Content.ReadAsByteArrayAsync(Token));
        var ownVerified = await sandbox.GraphGetAsync(ownNumber, SandboxHost.AccessToken + "-" + ownNumber);
        Assert.Equal(HttpStatusCode.OK, ownVerified.StatusCode);

        // The call log the tests query still has the calls made before the restart.
        var calls = await sandbox.Client.GetFromJsonAsync<JsonElement>($"/sandbox/api/calls?messageId={Uri.EscapeDataString(sent)}", Token);
        Assert.Contains(calls.EnumerateArray(), c => c.GetProperty("kind").GetString() == "send" && c.GetProperty("responseStatus").GetInt32() == 200);
        Assert.Contains(calls.EnumerateArray(), c => c.GetProperty("kind").GetString() == "status_callback" && c.GetProperty("requestBody").GetString()!.Contains("\"read\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Channels_are_listed_in_the_order_they_were_registered_also_after_a_restart()
    {
        await using var sandbox = await SandboxHost.StartAsync(postgres);
        await sandbox.RegisterMetaNumberAsync("306540352240003", "/c");
        await sandbox.RegisterMetaNumberAsync("206540352240002", "/b");
        // Registering a number again (new webhook URL) keeps its place.
        await sandbox.RegisterMetaNumberAsync("306540352240003", "/c2");
        string[] expected = [SandboxHost.PhoneNumberId, "306540352240003", "206540352240002"];

        Assert.Equal(expected, await MetaIdsAsync(sandbox));
        await sandbox.RestartAsync();
        Assert.Equal(expected, await MetaIdsAsync(sandbox));
    }

    static async Task<string[]> MetaIdsAsync(SandboxHost sandbox)
    {
        var accounts = await sandbox.Client.GetFromJsonAsync<JsonElement>("/sandbox/api/accounts", Token);
        return [.. accounts.GetProperty("meta").EnumerateArray().Select(n => n.GetProperty("phoneNumberId").GetString()!)];
    }

    static string TextBody(string customer, string text) =>
        JsonSerializer.Serialize(new { messaging_product = "whatsapp", to = customer, type = "text", text = new { body = text } });

    static async Task<string> SendTextAsync(SandboxHost sandbox, string customer, string text)
    {
        var response = await sandbox.GraphPostAsync(SandboxHost.PhoneNumberId + "/messages", TextBody(customer, text));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("messages")[0].GetProperty("id").GetString()!;
    }

    static Task<JsonElement> ConversationAsync(SandboxHost sandbox, string customer) =>
        sandbox.Client.GetFromJsonAsync<JsonElement>($"/sandbox/api/conversations/meta/{SandboxHost.PhoneNumberId}/{Uri.EscapeDataString(customer)}", Token);

    /// <summary>Polls the conversation as the phone page does until the message has the status.</summary>
    static async Task<JsonElement> WaitForStatusAsync(SandboxHost sandbox, string customer, string messageId, string status)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Token);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (true)
        {
            var message = (await ConversationAsync(sandbox, customer)).GetProperty("messages").EnumerateArray()
                .FirstOrDefault(m => m.GetProperty("messageId").GetString() == messageId);
            if (message.ValueKind == JsonValueKind.Object && message.GetProperty("status").GetString() == status)
            {
                return message;
            }

            await Task.Delay(50, timeout.Token);
        }
    }
}
