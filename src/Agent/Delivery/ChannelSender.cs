using System.Collections.Concurrent;
using Messaging.Channels.Errors;
using Messaging.Channels.Meta;
using Messaging.Channels.Sending;
using Messaging.Channels.Twilio;
using Messaging.Contracts.Events;
using Messaging.Tenancy.Model;
using Microsoft.Extensions.Options;

namespace Agent.Delivery;

/// <summary>
/// Sends through the channel's provider, at the channel's base URL (the real host, or the
/// Sandbox for a demo channel). One provider client per base URL, sharing pooled handlers.
/// </summary>
public sealed class ChannelSender(
    IHttpClientFactory httpClients,
    IHttpMessageHandlerFactory httpHandlers,
    IOptions<MetaCloudApiOptions> metaOptions,
    IOptions<TwilioApiOptions> twilioOptions,
    IOptions<AgentOptions> agentOptions,
    TimeProvider time,
    ILoggerFactory loggers)
{
    /// <summary>Named HttpClient without the standard retry handler: delivery classifies and retries itself, and a blind retry of a send can duplicate it.</summary>
    public const string HttpClientName = "agent-channels";

    readonly ConcurrentDictionary<(Uri BaseUrl, string ApiVersion), MetaCloudApiClient> _meta = new();
    readonly ConcurrentDictionary<Uri, TwilioApiClient> _twilio = new();

    public Task<SendResult> SendTextAsync(TenantChannel channel, string to, string text, string? replyToProviderMessageId, CancellationToken cancellationToken) =>
        channel switch
        {
            { Provider: ChannelProvider.Meta, Meta: { } meta } =>
                Meta(channel).SendTextAsync(MetaCredentials(meta), to, text, previewUrl: false, replyToProviderMessageId, cancellationToken),
            { Provider: ChannelProvider.Twilio, Twilio: { } twilio } =>
                Twilio(channel).SendTextAsync(TwilioCredentials(twilio), to, text, StatusCallback, cancellationToken),
            _ => Task.FromResult(Misconfigured(channel)),
        };

    public Task<SendResult> SendTemplateAsync(TenantChannel channel, string to, MessageTemplate template, IReadOnlyList<string> parameters, CancellationToken cancellationToken) =>
        channel switch
        {
            { Provider: ChannelProvider.Meta, Meta: { } meta } =>
                Meta(channel).SendTemplateAsync(MetaCredentials(meta), to, new MetaTemplate(template.Name, template.Language, parameters), cancellationToken),
            { Provider: ChannelProvider.Twilio, Twilio: { } twilio } when template.TwilioContentSid is { } contentSid =>
                Twilio(channel).SendTemplateAsync(TwilioCredentials(twilio), to, contentSid,
                    parameters.Select((value, index) => (Key: (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), value)).ToDictionary(p => p.Key, p => p.value),
                    StatusCallback, cancellationToken),
            _ => Task.FromResult(Misconfigured(channel)),
        };

    /// <summary>Blue ticks on the customer's message, and "typing…" while a reply is prepared (Meta only; Twilio has neither).</summary>
    public async Task<SendResult?> MarkReadAsync(TenantChannel channel, string providerMessageId, bool showTyping, CancellationToken cancellationToken) =>
        channel is { Provider: ChannelProvider.Meta, Meta: { } meta }
            ? await Meta(channel).MarkAsReadAsync(MetaCredentials(meta), providerMessageId, showTyping, cancellationToken)
            : null;

    Uri? StatusCallback => agentOptions.Value.PublicBaseUrl is { } publicBase ? new Uri(publicBase, "/webhooks/twilio/whatsapp") : null;

    MetaCloudApiClient Meta(TenantChannel channel)
    {
        var options = metaOptions.Value;
        var key = (channel.BaseUrl ?? options.BaseUrl, channel.Meta?.GraphApiVersion is { Length: > 0 } version ? version : options.ApiVersion);
        return _meta.GetOrAdd(key, k => new MetaCloudApiClient(
            Client(options.Timeout),
            Options.Create(new MetaCloudApiOptions { BaseUrl = k.BaseUrl, ApiVersion = k.ApiVersion, Timeout = options.Timeout, MaxMediaBytes = options.MaxMediaBytes }),
            time,
            loggers.CreateLogger<MetaCloudApiClient>()));
    }

    TwilioApiClient Twilio(TenantChannel channel)
    {
        var baseUrl = channel.BaseUrl ?? twilioOptions.Value.BaseUrl;
        return _twilio.GetOrAdd(baseUrl, url =>
        {
            var options = twilioOptions.Value;
            return new TwilioApiClient(
                httpHandlers,
                Options.Create(new TwilioApiOptions { BaseUrl = url, Timeout = options.Timeout, MaxMediaBytes = options.MaxMediaBytes }),
                time,
                loggers.CreateLogger<TwilioApiClient>(),
                HttpClientName);
        });
    }

    // The factory's handlers are pooled and rotated; an HttpClient instance may live long.
    HttpClient Client(TimeSpan timeout)
    {
        var client = httpClients.CreateClient(HttpClientName);
        client.Timeout = timeout;
        return client;
    }

    static MetaCredentials MetaCredentials(MetaChannelSettings meta) => new(meta.AccessToken, meta.PhoneNumberId);

    static TwilioCredentials TwilioCredentials(TwilioChannelSettings twilio) => new(twilio.AccountSid, twilio.AuthToken, twilio.Number);

    static SendResult Misconfigured(TenantChannel channel) => SendResult.Failed(new SendError(
        channel.Provider == ChannelProvider.Meta ? Messaging.Channels.WhatsAppProvider.Meta : Messaging.Channels.WhatsAppProvider.Twilio,
        SendErrorCategory.Permanent, null,
        "The channel's provider settings are incomplete (or the template has no Twilio content SID), so nothing could be sent.", null));
}
