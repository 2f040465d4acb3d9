using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Messaging.Testing;
using Microsoft.Extensions.Logging;

namespace Sandbox.Tests.Infrastructure;

/// <summary>
/// The sandbox on a real Kestrel port, with one Meta number and one Twilio account whose
/// webhooks go to a <see cref="WebhookReceiver"/>. Status callbacks are quick and retried quickly.
/// </summary>
public sealed class SandboxHost : IAsyncDisposable
{
    public const string PhoneNumberId = "106540352242922";
    public const string DisplayNumber = "+15550001111";
    public const string AccessToken = "EAAG-test-access-token";
    public const string AppSecret = "meta-app-secret-for-tests";
    public const string AccountSid = "AC0123456789abcdef0123456789abcdef";
    public const string AuthToken = "twilio-auth-token-for-tests";
    public const string TwilioNumber = "+14155238886";
    public const string GraphVersion = "v21.0";

    readonly Dictionary<string, string?> _configuration;
    WebApplicationFactory<Program> _factory;

    SandboxHost(WebApplicationFactory<Program> factory, WebhookReceiver receiver, Dictionary<string, string?> configuration)
    {
        _factory = factory;
        _configuration = configuration;
        Receiver = receiver;
        Client = factory.CreateClient();
        BaseUrl = Client.BaseAddress!;
    }

    public WebhookReceiver Receiver { get; }

    /// <summary>A plain client on the sandbox's real address (a new one after <see cref="RestartAsync"/>).</summary>
    public HttpClient Client { get; private set; }

    public Uri BaseUrl { get; private set; }

    public IServiceProvider Services => _factory.Services;

    /// <summary>Where uploaded files are kept; the same folder after a restart.</summary>
    public string MediaDirectory => _configuration["Sandbox:MediaDirectory"]!;

    /// <summary>Starts the sandbox on a new database of <paramref name="postgres"/> and a new media folder.</summary>
    public static async Task<SandboxHost> StartAsync(PostgresFixture postgres, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var receiver = await WebhookReceiver.StartAsync();
        var configuration = Settings(receiver.BaseUrl, settings);
        configuration["ConnectionStrings:messaging"] = await postgres.CreateDatabaseAsync("sandbox", TestContext.Current.CancellationToken);
        configuration["Sandbox:MediaDirectory"] = TestDirectories.Create("sandbox-media");
        try
        {
            return new SandboxHost(Start(configuration), receiver, configuration);
        }
        catch
        {
            await receiver.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops the sandbox and starts it again on the same database and media folder, as a crash and restart would.</summary>
    public async Task RestartAsync()
    {
        Client.Dispose();
        await _factory.DisposeAsync();
        _factory = Start(_configuration);
        Client = _factory.CreateClient();
        BaseUrl = Client.BaseAddress!;
    }

    static WebApplicationFactory<Program> Start(Dictionary<string, string?> configuration)
    {
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            foreach (var (key, value) in configuration)
            {
                web.UseSetting(key, value);
            }

            web.UseUrls("http://127.0.0.1:0");
            web.ConfigureLogging(logging => logging.ClearProviders());
        });
        factory.UseKestrel();
        try
        {
            factory.StartServer();
            return factory;
        }
        catch
        {
            factory.Dispose();
            throw;
        }
    }

    /// <summary>The configuration the sandbox starts with: one Meta number and one Twilio account, quick callbacks to <paramref name="publicBaseUrl"/>.</summary>
    public static Dictionary<string, string?> Settings(Uri publicBaseUrl, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var configuration = new Dictionary<string, string?>
        {
            ["Sandbox:PublicBaseUrl"] = publicBaseUrl.ToString(),
            ["Sandbox:StatusCallbacks:SentDelay"] = "00:00:00.010",
            ["Sandbox:StatusCallbacks:DeliveredDelay"] = "00:00:00.010",
            ["Sandbox:StatusCallbacks:ReadDelay"] = "00:00:00.010",
            ["Sandbox:StatusCallbacks:RetryDelay"] = "00:00:00.020",
            // Most tests check the synchronous refusal; the providers' usual way (accepted, then a
            // failed status) is the default, tested where this is left out.
            ["Sandbox:WindowClosed"] = "RejectRequest",
            ["Sandbox:MetaNumbers:0:PhoneNumberId"] = PhoneNumberId,
            ["Sandbox:MetaNumbers:0:DisplayPhoneNumber"] = DisplayNumber,
            ["Sandbox:MetaNumbers:0:VerifiedName"] = "Test Salon",
            ["Sandbox:MetaNumbers:0:AccessToken"] = AccessToken,
            ["Sandbox:MetaNumbers:0:AppSecret"] = AppSecret,
            ["Sandbox:TwilioAccounts:0:AccountSid"] = AccountSid,
            ["Sandbox:TwilioAccounts:0:AuthToken"] = AuthToken,
            ["Sandbox:TwilioAccounts:0:WhatsAppNumbers:0"] = TwilioNumber,
        };
        // A null override leaves the setting out, so the sandbox's own default applies.
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                configuration.Remove(key);
            }
            else
            {
                configuration[key] = value;
            }
        }
        return configuration;
    }

    /// <summary>A customer number no other test uses, so conversations and call queries stay separate.</summary>
    public static string NewCustomer() => "+4477" + Random.Shared.Next(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public async Task<HttpResponseMessage> GraphPostAsync(string path, string json, string? token = AccessToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/graph/{GraphVersion}/{path}")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await Client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public async Task<HttpResponseMessage> GraphGetAsync(string pathAndQuery, string? token = AccessToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery.StartsWith('/') || pathAndQuery.StartsWith("http", StringComparison.Ordinal) ? pathAndQuery : $"/graph/{GraphVersion}/{pathAndQuery}");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await Client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public async Task<HttpResponseMessage> TwilioSendAsync(IEnumerable<KeyValuePair<string, string>> form, string accountSid = AccountSid, string? authToken = AuthToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/twilio/2010-04-01/Accounts/{accountSid}/Messages.json")
        {
            Content = new FormUrlEncodedContent(form),
        };
        if (authToken is not null)
        {
            request.Headers.Authorization = Basic(accountSid, authToken);
        }

        return await Client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public async Task<HttpResponseMessage> TwilioGetAsync(string path, string accountSid = AccountSid, string? authToken = AuthToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (authToken is not null)
        {
            request.Headers.Authorization = Basic(accountSid, authToken);
        }

        return await Client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>Opens the 24-hour window the way a customer does: by writing first, through the simulator.</summary>
    public async Task<SimulationResponse> CustomerWritesAsync(string provider, string customer, string text = "Hi!")
    {
        var business = provider == "meta" ? PhoneNumberId : TwilioNumber;
        var response = await Client.PostAsJsonAsync($"/sandbox/api/simulate/{provider}", new { business, customer, customerName = "Ann", text }, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<SimulationResponse>(TestContext.Current.CancellationToken))!;
    }

    public async Task SetLastInboundAsync(string provider, string customer, DateTimeOffset? at)
    {
        var business = provider == "meta" ? PhoneNumberId : Uri.EscapeDataString(TwilioNumber);
        var response = await Client.PutAsJsonAsync($"/sandbox/api/conversations/{provider}/{business}/{Uri.EscapeDataString(customer)}/last-inbound", new { at }, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Registers a Meta number of its own (sharing the test token and secret) whose webhooks go to <paramref name="path"/>.</summary>
    public async Task RegisterMetaNumberAsync(string phoneNumberId, string path)
    {
        var response = await Client.PutAsJsonAsync($"/sandbox/api/accounts/meta/{phoneNumberId}", new
        {
            displayPhoneNumber = "+1555" + phoneNumberId[^7..],
            verifiedName = "Dedicated " + phoneNumberId,
            accessToken = AccessToken + "-" + phoneNumberId,
            appSecret = AppSecret,
            webhookUrl = new Uri(Receiver.BaseUrl, path.TrimStart('/')),
        }, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Uploads a file as the simulated customer's attachment; returns its media id.</summary>
    public async Task<string> UploadAsync(string provider, string kind, string mimeType, byte[] content, string? fileName = null)
    {
        var business = provider == "meta" ? PhoneNumberId : Uri.EscapeDataString(TwilioNumber);
        using var body = new ByteArrayContent(content);
        body.Headers.ContentType = new MediaTypeHeaderValue(mimeType);
        var query = fileName is null ? $"?kind={kind}" : $"?kind={kind}&fileName={Uri.EscapeDataString(fileName)}";
        var response = await Client.PostAsync($"/sandbox/api/media/{provider}/{business}{query}", body, TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("id").GetString()!;
    }

    static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _factory.DisposeAsync();
        await Receiver.DisposeAsync();
        TestDirectories.TryDelete(MediaDirectory);
    }
}

public sealed record SimulationResponse(string MessageId, Uri WebhookUrl, int Status, string? ResponseBody, string? Error);
