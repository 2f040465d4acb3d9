using Sandbox.Tests.Infrastructure;
using Twilio.Clients;
using Twilio.Exceptions;
using Twilio.Http;
using Twilio.Rest.Api.V2010;
using Twilio.Rest.Api.V2010.Account;
using Twilio.Types;

namespace Sandbox.Tests;

/// <summary>
/// The Twilio SDK itself against the sandbox over real HTTP: what the SDK sends is accepted, and
/// what the sandbox answers deserializes into the SDK's resources field by field.
/// </summary>
public sealed class TwilioSdkTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    SandboxHost Sandbox => fixture.Host;

    TwilioRestClient Client(string authToken = SandboxHost.AuthToken)
    {
        var http = new System.Net.Http.HttpClient(new ToSandbox(new Uri(Sandbox.BaseUrl, "twilio")) { InnerHandler = new HttpClientHandler() });
        return new TwilioRestClient(SandboxHost.AccountSid, authToken, httpClient: new SystemNetHttpClient(http));
    }

    [Fact]
    public async Task A_created_message_deserializes()
    {
        var customer = SandboxHost.NewCustomer();
        await Sandbox.CustomerWritesAsync("twilio", customer);

        var message = await MessageResource.CreateAsync(new CreateMessageOptions(new PhoneNumber("whatsapp:" + customer))
        {
            From = new PhoneNumber("whatsapp:" + SandboxHost.TwilioNumber),
            Body = "Hi Ann",
            MediaUrl = [new Uri("https://example.com/menu.jpg")],
        }, Client());

        Assert.Matches("^MM[0-9a-f]{32}$", message.Sid);
        Assert.Equal(SandboxHost.AccountSid, message.AccountSid);
        Assert.Equal(MessageResource.StatusEnum.Queued, message.Status);
        Assert.Equal(MessageResource.DirectionEnum.OutboundApi, message.Direction);
        Assert.Equal("whatsapp:" + customer, message.To);
        Assert.Equal("whatsapp:" + SandboxHost.TwilioNumber, message.From.ToString());
        Assert.Equal("Hi Ann", message.Body);
        Assert.Equal("1", message.NumMedia);
        Assert.NotNull(message.DateCreated);
        Assert.Null(message.DateSent);
        Assert.Null(message.ErrorCode);
        Assert.EndsWith($"/Messages/{message.Sid}.json", message.Uri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_account_deserializes()
    {
        var account = await AccountResource.FetchAsync(pathSid: SandboxHost.AccountSid, client: Client());

        Assert.Equal(SandboxHost.AccountSid, account.Sid);
        Assert.Equal(AccountResource.StatusEnum.Active, account.Status);
        Assert.Equal(AccountResource.TypeEnum.Full, account.Type);
        Assert.False(string.IsNullOrEmpty(account.FriendlyName));
        Assert.NotNull(account.DateCreated);
    }

    [Fact]
    public async Task Errors_become_the_sdks_api_exception()
    {
        var closed = await Assert.ThrowsAsync<ApiException>(() => MessageResource.CreateAsync(
            new CreateMessageOptions(new PhoneNumber("whatsapp:" + SandboxHost.NewCustomer())) { From = new PhoneNumber("whatsapp:" + SandboxHost.TwilioNumber), Body = "late" },
            Client()));
        Assert.Equal(63016, closed.Code);
        Assert.Equal(400, closed.Status);
        Assert.Equal("https://www.twilio.com/docs/errors/63016", closed.MoreInfo);

        var refused = await Assert.ThrowsAsync<ApiException>(() => AccountResource.FetchAsync(pathSid: SandboxHost.AccountSid, client: Client("revoked")));
        Assert.Equal(20003, refused.Code);
        Assert.Equal(401, refused.Status);
    }

    /// <summary>Sends what the SDK addresses to api.twilio.com to the sandbox's /twilio prefix instead.</summary>
    sealed class ToSandbox(Uri sandbox) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Assert.Equal("api.twilio.com", request.RequestUri!.Host);
            Assert.StartsWith("twilio-csharp/", request.Headers.UserAgent.ToString(), StringComparison.Ordinal);
            request.RequestUri = new Uri(sandbox.AbsoluteUri.TrimEnd('/') + request.RequestUri.PathAndQuery);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
