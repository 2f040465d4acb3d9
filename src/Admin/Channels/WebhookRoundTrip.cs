using System.Globalization;
using System.Text;
using System.Text.Json;
using Admin.Live;
using Admin.Tenancy.Data;
using Messaging.Channels.Meta;
using Messaging.Channels.Twilio;
using Messaging.Contracts;
using Messaging.Streams.Bus;
using Messaging.Tenancy.Platform;
using Messaging.Tenancy.Secrets;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Admin.Channels;

/// <summary>
/// The "test webhook" button: posts a webhook signed exactly as the provider would (a delivery
/// status for a made-up message id) to the deployment's public URL, and waits until Ingest has
/// verified it and put it on <c>msg:status</c>, which proves the URL, the routing, the signature
/// secret and the channel lookup end to end. The verify token is stored as a hash, so the
/// handshake Meta runs when the callback URL is saved cannot be replayed from here; the owner sees
/// it succeed in Meta's console. A number of the platform app is signed with the platform's secret.
/// </summary>
public sealed partial class WebhookRoundTrip(
    IHttpClientFactory clients,
    TenantSecretProtector secrets,
    IOptions<PlatformMetaAppOptions> platform,
    LiveHub hub,
    IConnectionMultiplexer redis,
    IConfiguration configuration,
    TimeProvider time,
    ILogger<WebhookRoundTrip> logger)
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    public sealed record Outcome(bool Arrived, string Explanation);

    /// <summary>The public base URL providers call, as the services were given it.</summary>
    public Uri? PublicBaseUrl => Uri.TryCreate(configuration["PUBLIC_BASE_URL"], UriKind.Absolute, out var url) ? url : null;

    public static string WebhookPath(string provider) => provider == "meta" ? "/webhooks/whatsapp" : "/webhooks/twilio/whatsapp";

    public async Task<Outcome> RunAsync(ChannelRow channel, CancellationToken cancellationToken)
    {
        if (PublicBaseUrl is not { } publicBase)
        {
            return new(false, "PUBLIC_BASE_URL is not set, so there is no public address to test.");
        }
        var url = new Uri(publicBase, WebhookPath(channel.Provider));
        var marker = "test-" + Guid.NewGuid().ToString("N");
        // Watch before posting: the entry may be on the stream before the POST returns.
        using var watch = hub.Watch(channel.WorkspaceId.ToString());
        using var http = clients.CreateClient(nameof(WebhookRoundTrip));
        try
        {
            if (channel is { Provider: "meta", MetaPlatformApp: true } && !platform.Value.IsConfigured)
            {
                return new(false, "This number uses the platform Meta app, and this deployment has none configured (Channels:Meta:Platform).");
            }
            using var request = channel.Provider == "meta" ? MetaStatus(channel, url, marker) : TwilioStatus(channel, url, marker);
            using var response = await http.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return new(false, $"{url} refused the signed test webhook ({(int)response.StatusCode}): check the {(channel.Provider == "meta" ? "app secret" : "auth token")} and the public URL.");
            }
        }
        catch (HttpRequestException e)
        {
            LogUnreachable(logger, url, e.Message);
            return new(false, $"{url} cannot be reached: {e.Message}");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Patience);
        try
        {
            while (true)
            {
                var change = await watch.Changes.ReadAsync(timeout.Token);
                if (change.Stream == StreamNames.Status && await CarriesAsync(change.EntryId, marker))
                {
                    LogArrived(logger, channel.Id);
                    return new(true, $"The signed test webhook went through {url} and arrived for this channel.");
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LogLost(logger, channel.Id);
            return new(false, $"{url} accepted the test webhook but it did not arrive for this channel within {Patience.TotalSeconds:0} s: the number may belong to another channel, or Ingest cannot reach Redis.");
        }
    }

    async Task<bool> CarriesAsync(string entryId, string marker)
    {
        var entries = await redis.GetDatabase().StreamRangeAsync(StreamNames.Status, entryId, entryId, 1);
        return entries.Length == 1 && entries[0][EnvelopeFields.Payload] is { IsNull: false } payload && Encoding.UTF8.GetString((byte[])payload!).Contains(marker, StringComparison.Ordinal);
    }

    HttpRequestMessage MetaStatus(ChannelRow channel, Uri url, string marker)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new
        {
            @object = "whatsapp_business_account",
            entry = new[]
            {
                new
                {
                    id = channel.MetaWabaId ?? "0",
                    changes = new[]
                    {
                        new
                        {
                            field = "messages",
                            value = new
                            {
                                messaging_product = "whatsapp",
                                metadata = new { display_phone_number = channel.MetaDisplayPhoneNumber ?? "", phone_number_id = channel.MetaPhoneNumberId },
                                statuses = new[] { new { id = "wamid." + marker, status = "sent", timestamp = time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), recipient_id = "10000000000" } },
                            },
                        },
                    },
                },
            },
        });
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.TryAddWithoutValidation(MetaSignature.HeaderName, MetaSignature.Compute(channel.MetaPlatformApp ? platform.Value.AppSecret! : secrets.Unprotect(channel.MetaAppSecretProtected!), body));
        return request;
    }

    HttpRequestMessage TwilioStatus(ChannelRow channel, Uri url, string marker)
    {
        var fields = new Dictionary<string, string>
        {
            ["MessageSid"] = "SM" + marker,
            ["MessageStatus"] = "sent",
            ["AccountSid"] = channel.TwilioAccountSid!,
            ["From"] = channel.TwilioNumber!,
            ["To"] = "whatsapp:+10000000000",
        };
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(fields) };
        request.Headers.TryAddWithoutValidation(TwilioSignature.HeaderName, TwilioSignature.Compute(secrets.Unprotect(channel.TwilioAuthTokenProtected!), url.ToString(), fields));
        return request;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Test webhook: {Url} unreachable: {Reason}")]
    static partial void LogUnreachable(ILogger logger, Uri url, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Test webhook for channel {ChannelId} arrived")]
    static partial void LogArrived(ILogger logger, Guid channelId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Test webhook for channel {ChannelId} accepted but never arrived")]
    static partial void LogLost(ILogger logger, Guid channelId);
}
