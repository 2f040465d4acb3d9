using Admin.Tenancy.Data;
using Messaging.Channels;
using Messaging.Channels.Errors;
using Messaging.Channels.Meta;
using Messaging.Channels.Sending;
using Messaging.Channels.Twilio;
using Messaging.Tenancy.Platform;
using Messaging.Tenancy.Secrets;
using Microsoft.Extensions.Options;

namespace Admin.Channels;

/// <summary>
/// The Verify button: asks the provider (or the Sandbox, at the channel's base URL) whether the
/// stored credentials work, with the same clients the Agent sends with: Meta's phone-number
/// lookup, Twilio's account lookup. A number of the platform Meta app is looked up with the
/// platform's system-user token, at the platform's Graph address.
/// </summary>
public sealed class ChannelVerifier(
    IHttpClientFactory clients,
    IHttpMessageHandlerFactory handlers,
    TenantSecretProtector secrets,
    IOptions<MetaCloudApiOptions> metaOptions,
    IOptions<PlatformMetaAppOptions> platform,
    IOptions<TwilioApiOptions> twilioOptions,
    TimeProvider time,
    ILoggerFactory loggers)
{
    /// <summary>The HttpClient (and Twilio's handlers) of the checks: it reaches the tenant's base URL, so the tenant URL policy guards it.</summary>
    public const string HttpClientName = "admin-channel-verifier";

    public async Task<CredentialCheck> VerifyAsync(ChannelRow channel, CancellationToken cancellationToken)
    {
        if (channel.Provider == "meta")
        {
            var options = metaOptions.Value;
            var app = platform.Value;
            if (channel.MetaPlatformApp && !app.IsConfigured)
            {
                return new CredentialCheck(null, null, new SendError(WhatsAppProvider.Meta, SendErrorCategory.AuthBroken, null,
                    "This number uses the platform Meta app, and this deployment has none configured (Channels:Meta:Platform).", null));
            }
            var graphUrl = channel.BaseUrl is { } url ? new Uri(url) : channel.MetaPlatformApp && app.BaseUrl is { } platformUrl ? platformUrl : options.BaseUrl;
            var accessToken = channel.MetaPlatformApp ? app.AccessToken! : secrets.Unprotect(channel.MetaAccessTokenProtected!);
            var client = new MetaCloudApiClient(
                clients.CreateClient(HttpClientName),
                Options.Create(new MetaCloudApiOptions
                {
                    BaseUrl = graphUrl,
                    ApiVersion = channel.MetaGraphApiVersion ?? options.ApiVersion,
                    Timeout = options.Timeout,
                    MaxMediaBytes = options.MaxMediaBytes,
                }),
                time,
                loggers.CreateLogger<MetaCloudApiClient>());
            return await client.VerifyAsync(new MetaCredentials(accessToken, channel.MetaPhoneNumberId!), cancellationToken);
        }
        var twilio = twilioOptions.Value;
        var twilioClient = new TwilioApiClient(
            handlers,
            Options.Create(new TwilioApiOptions { BaseUrl = channel.BaseUrl is { } baseUrl ? new Uri(baseUrl) : twilio.BaseUrl, Timeout = twilio.Timeout, MaxMediaBytes = twilio.MaxMediaBytes }),
            time,
            loggers.CreateLogger<TwilioApiClient>(),
            HttpClientName);
        return await twilioClient.VerifyAsync(new TwilioCredentials(channel.TwilioAccountSid!, secrets.Unprotect(channel.TwilioAuthTokenProtected!), channel.TwilioNumber!), cancellationToken);
    }
}
