using System.Net;

namespace ChaosBench;

/// <summary>
/// Resends a webhook as Meta and Twilio do until it is answered with exactly 200: the same
/// request (same message id, same signature), after 0.5 s, 1 s, 2 s ... up to 4 s apart, for at
/// most <paramref name="patience"/>. A refused or failed attempt is no loss; a message counts as
/// acknowledged once any attempt got its 200.
/// </summary>
public sealed class ProviderRetries(TimeSpan patience) : DelegatingHandler(new SocketsHttpHandler { MaxConnectionsPerServer = 512, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
{
    static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(15);
    static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(4);

    long _retries;

    /// <summary>Attempts after the first, over every message so far.</summary>
    public long Retries => Interlocked.Read(ref _retries);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + patience;
        var pause = TimeSpan.FromMilliseconds(500);
        while (true)
        {
            HttpResponseMessage? response = null;
            Exception? failure = null;
            using (var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                attempt.CancelAfter(AttemptTimeout);
                try
                {
                    response = await base.SendAsync(request, attempt.Token);
                }
                catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
                {
                    failure = e;
                }
            }
            if (response?.StatusCode == HttpStatusCode.OK)
            {
                return response;
            }
            if (DateTime.UtcNow + pause > deadline)
            {
                return response ?? throw new HttpRequestException($"No 200 within {patience.TotalSeconds:0} s of retries.", failure);
            }
            response?.Dispose();
            Interlocked.Increment(ref _retries);
            await Task.Delay(pause, cancellationToken);
            pause = pause * 2 < LongestPause ? pause * 2 : LongestPause;
        }
    }
}
