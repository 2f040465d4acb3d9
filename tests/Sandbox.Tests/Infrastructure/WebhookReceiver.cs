using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Sandbox.Tests.Infrastructure;

/// <summary>A webhook received by the test receiver, with the exact bytes and headers posted.</summary>
public sealed record ReceivedWebhook(string Path, string Url, string ContentType, byte[] Body, IReadOnlyDictionary<string, string> Headers)
{
    public string BodyText => System.Text.Encoding.UTF8.GetString(Body);

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>
/// Stands in for the product's gateway: a real Kestrel server on a free loopback port that
/// records every POST and answers 200, or a queued failure status.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    readonly WebApplication _app;
    readonly Channel<ReceivedWebhook> _received = Channel.CreateUnbounded<ReceivedWebhook>();
    readonly ConcurrentDictionary<string, ConcurrentQueue<int>> _failures = new();

    WebhookReceiver(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    public Uri MetaWebhookUrl => new(BaseUrl, "webhooks/whatsapp");

    public Uri TwilioWebhookUrl => new(BaseUrl, "webhooks/twilio/whatsapp");

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/{**path}", receiver.Receive);
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Urls.First();
        receiver.BaseUrl = new Uri(address.TrimEnd('/') + "/");
        return receiver;
    }

    /// <summary>
    /// The next posts to <paramref name="path"/> are answered with these statuses, in order, before
    /// returning to 200. Keyed by path so callbacks still running for other tests are not affected.
    /// </summary>
    public void FailNext(string path, params int[] statuses)
    {
        var queue = _failures.GetOrAdd(path, _ => new ConcurrentQueue<int>());
        foreach (var status in statuses)
        {
            queue.Enqueue(status);
        }
    }

    /// <summary>Waits for the next webhook matching <paramref name="match"/>; others are kept for later waits.</summary>
    public async Task<ReceivedWebhook> WaitForAsync(Func<ReceivedWebhook, bool> match, TimeSpan? timeout = null)
    {
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cancellation.CancelAfter(timeout ?? TimeSpan.FromSeconds(30));
        lock (_seen)
        {
            var earlier = _seen.FirstOrDefault(match);
            if (earlier is not null)
            {
                _seen.Remove(earlier);
                return earlier;
            }
        }

        while (true)
        {
            var next = await _received.Reader.ReadAsync(cancellation.Token);
            if (match(next))
            {
                return next;
            }

            lock (_seen)
            {
                _seen.Add(next);
            }
        }
    }

    readonly List<ReceivedWebhook> _seen = [];

    async Task Receive(HttpContext http)
    {
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer);
        var request = http.Request;
        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var url = $"{request.Scheme}://{request.Host}{request.Path}{request.QueryString}";
        var status = _failures.TryGetValue(request.Path, out var queue) && queue.TryDequeue(out var failure) ? failure : StatusCodes.Status200OK;
        if (status == StatusCodes.Status200OK)
        {
            _received.Writer.TryWrite(new ReceivedWebhook(request.Path, url, request.ContentType ?? "", buffer.ToArray(), headers));
        }

        http.Response.StatusCode = status;
        await http.Response.WriteAsync(status == StatusCodes.Status200OK ? "EVENT_RECEIVED" : "failing on purpose");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
