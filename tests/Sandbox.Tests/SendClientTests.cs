using System.Net.Http.Json;
using System.Text.Json;
using Messaging.Channels;
using Messaging.Channels.Errors;
using Messaging.Channels.Meta;
using Messaging.Channels.Sending;
using Messaging.Channels.Twilio;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sandbox.Tests.Infrastructure;

namespace Sandbox.Tests;

/// <summary>The product's own send clients, configured with the sandbox as base URL, over real HTTP.</summary>
public sealed class SendClientTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>, IDisposable
{
    readonly ServiceProvider _services = Clients(fixture.Host.BaseUrl);

    SandboxHost Sandbox => fixture.Host;

    MetaCloudApiClient Meta => _services.GetRequiredService<MetaCloudApiClient>();

    TwilioApiClient Twilio => _services.GetRequiredService<TwilioApiClient>();

    static readonly MetaCredentials MetaChannel = new(SandboxHost.AccessToken, SandboxHost.PhoneNumberId);

    static readonly TwilioCredentials TwilioChannel = new(SandboxHost.AccountSid, SandboxHost.AuthToken, SandboxHost.TwilioNumber);

    CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_meta_send_kind_is_accepted()
    {
        var customer = SandboxHost.NewCustomer();
        var inbound = await Sandbox.CustomerWritesAsync("meta", customer, "Hello");
        var link = new Uri("https://example.com/price-list.pdf");
        using (var registered = await Sandbox.Client.PutAsJsonAsync($"/sandbox/api/templates/meta/{SandboxHost.PhoneNumberId}/welcome/en_US",
            new { category = "utility", body = "Welcome, {{1}}!" }, Token))
        {
            registered.EnsureSuccessStatusCode();
        }

        List<SendResult> results =
        [
            await Meta.SendTextAsync(MetaChannel, customer, "Hi *Ann*, see https://example.com", previewUrl: true, replyToMessageId: inbound.MessageId, cancellationToken: Token),
            await Meta.SendTemplateAsync(MetaChannel, customer, new MetaTemplate("welcome", "en_US", ["Ann"]), Token),
            await Meta.SendButtonsAsync(MetaChannel, customer, new MetaButtonsMessage("Pick one", [new("a", "Morning"), new("b", "Evening")]) { Footer = "Salon" }, cancellationToken: Token),
            await Meta.SendListAsync(MetaChannel, customer, new MetaListMessage("Services", "Choose", [new MetaListSection("Hair", [new("cut", "Cut", "30 min")])]), cancellationToken: Token),
            await Meta.SendReactionAsync(MetaChannel, customer, inbound.MessageId, "👍", Token),
            .. await Task.WhenAll(Enum.GetValues<MetaMediaKind>().Select(kind =>
                Meta.SendMediaAsync(MetaChannel, customer, new MetaMediaMessage(kind, link) { Caption = "Prices", FileName = "prices.pdf" }, cancellationToken: Token))),
        ];

        Assert.All(results, r => Assert.True(r.Succeeded, r.Error?.Explanation));
        Assert.All(results, r => Assert.StartsWith("wamid.", r.ProviderMessageId, StringComparison.Ordinal));
        var sends = await Sandbox.Client.GetFromJsonAsync<JsonElement>($"/sandbox/api/calls?kind=send&phone={Uri.EscapeDataString(customer)}", Token);
        Assert.Equal(results.Count, sends.GetArrayLength());
    }

    [Fact]
    public async Task Meta_read_receipts_typing_lookup_and_media_download_work()
    {
        var content = "voice note bytes"u8.ToArray();
        var inbound = await Sandbox.Client.PostAsJsonAsync("/sandbox/api/simulate/meta", new
        {
            business = SandboxHost.PhoneNumberId,
            customer = SandboxHost.NewCustomer(),
            media = new { id = await Sandbox.UploadAsync("meta", "audio", "audio/ogg", content) },
        }, Token);
        var messageId = (await inbound.Content.ReadFromJsonAsync<SimulationResponse>(Token))!.MessageId;
        var webhook = await Sandbox.Receiver.WaitForAsync(w => w.BodyText.Contains(messageId, StringComparison.Ordinal));
        var mediaId = Assert.Single(Assert.Single(MetaWebhookParser.Parse(webhook.Body, DateTimeOffset.UtcNow).Batch!.Messages).Media).ProviderMediaId!;

        Assert.True((await Meta.MarkAsReadAsync(MetaChannel, messageId, showTyping: true, Token)).Succeeded);
        var check = await Meta.VerifyAsync(MetaChannel, Token);
        Assert.True(check.Succeeded, check.Error?.Explanation);
        Assert.Equal("Test Salon", check.DisplayName);
        var download = await Meta.DownloadMediaAsync(MetaChannel, mediaId, Token);
        Assert.True(download.Succeeded, download.Error?.Explanation);
        Assert.Equal(content, download.Content);
        Assert.Equal("audio/ogg", download.ContentType);
    }

    [Fact]
    public async Task Meta_errors_are_classified_from_the_sandbox_responses()
    {
        var closed = await Meta.SendTextAsync(MetaChannel, SandboxHost.NewCustomer(), "late", cancellationToken: Token);
        Assert.Equal(SendErrorCategory.WindowClosed, closed.Error?.Category);
        Assert.Equal(131047, closed.Error?.Code);

        var badToken = await Meta.VerifyAsync(MetaChannel with { AccessToken = "revoked" }, Token);
        Assert.Equal(SendErrorCategory.AuthBroken, badToken.Error?.Category);
        Assert.Equal(190, badToken.Error?.Code);
    }

    [Fact]
    public async Task Every_twilio_send_kind_is_accepted()
    {
        var customer = SandboxHost.NewCustomer();
        await Sandbox.CustomerWritesAsync("twilio", customer);
        var callback = new Uri(Sandbox.Receiver.BaseUrl, "webhooks/twilio/whatsapp");

        var results = new[]
        {
            await Twilio.SendTextAsync(TwilioChannel, customer, "Hi Ann", callback, Token),
            await Twilio.SendTemplateAsync(TwilioChannel, customer, "HX" + new string('b', 32), new Dictionary<string, string> { ["1"] = "Ann" }, callback, Token),
            await Twilio.SendMediaAsync(TwilioChannel, customer, new Uri("https://example.com/menu.jpg"), "Menu", callback, Token),
        };

        Assert.All(results, r => Assert.True(r.Succeeded, r.Error?.Explanation));
        Assert.All(results, r => Assert.Matches("^(SM|MM)[0-9a-f]{32}$", r.ProviderMessageId));
        var sends = await Sandbox.Client.GetFromJsonAsync<JsonElement>($"/sandbox/api/calls?kind=send&phone={Uri.EscapeDataString(customer)}", Token);
        Assert.Equal(results.Length, sends.GetArrayLength());
        Assert.All(sends.EnumerateArray(), call =>
        {
            Assert.Equal("ok", call.GetProperty("auth").GetString());
            Assert.StartsWith("twilio-csharp/8.2.0", call.GetProperty("userAgent").GetString(), StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Twilio_account_check_media_download_and_error_classification_work()
    {
        var check = await Twilio.VerifyAsync(TwilioChannel, Token);
        Assert.True(check.Succeeded, check.Error?.Explanation);

        var content = "jpeg bytes"u8.ToArray();
        var inbound = await Sandbox.Client.PostAsJsonAsync("/sandbox/api/simulate/twilio", new
        {
            business = SandboxHost.TwilioNumber,
            customer = SandboxHost.NewCustomer(),
            media = new { id = await Sandbox.UploadAsync("twilio", "image", "image/jpeg", content) },
        }, Token);
        var messageId = (await inbound.Content.ReadFromJsonAsync<SimulationResponse>(Token))!.MessageId;
        var webhook = await Sandbox.Receiver.WaitForAsync(w => w.BodyText.Contains(messageId, StringComparison.Ordinal));
        var mediaUrl = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(webhook.BodyText)["MediaUrl0"].ToString();
        var download = await Twilio.DownloadMediaAsync(TwilioChannel, new Uri(mediaUrl), Token);
        Assert.True(download.Succeeded, download.Error?.Explanation);
        Assert.Equal(content, download.Content);

        var closed = await Twilio.SendTextAsync(TwilioChannel, SandboxHost.NewCustomer(), "late", cancellationToken: Token);
        Assert.Equal(SendErrorCategory.WindowClosed, closed.Error?.Category);
        Assert.Equal(63016, closed.Error?.Code);
        var badToken = await Twilio.VerifyAsync(TwilioChannel with { AuthToken = "revoked" }, Token);
        Assert.Equal(SendErrorCategory.AuthBroken, badToken.Error?.Category);
    }

    static ServiceProvider Clients(Uri sandbox)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Channels:Meta:BaseUrl"] = new Uri(sandbox, "graph").AbsoluteUri,
            ["Channels:Twilio:BaseUrl"] = new Uri(sandbox, "twilio").AbsoluteUri,
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddChannels(configuration);
        return services.BuildServiceProvider();
    }

    public void Dispose() => _services.Dispose();
}
