using System.Net.Http.Json;
using System.Text.Json.Serialization;

namespace LoadBench;

/// <summary>
/// The replies the product sent, as the provider saw them: the Sandbox's call log
/// (<c>GET /sandbox/api/calls?kind=send&amp;after=N</c>), read every 100 ms while a run lasts.
/// The Sandbox stamps each call when it answers it, on this machine's clock, so a reply's
/// latency is that stamp minus when the generator was due to send the message.
/// </summary>
public sealed class SandboxReplies(HttpClient http, Uri sandbox) : IAsyncDisposable
{
    readonly Dictionary<string, List<DateTimeOffset>> _byCustomer = new(StringComparer.Ordinal);
    readonly CancellationTokenSource _stop = new();
    Task? _polling;
    long _after;

    public void Start() => _polling = PollAsync(_stop.Token);

    /// <summary>When each reply to <paramref name="customer"/> reached the Sandbox (more than one is a duplicate).</summary>
    public IReadOnlyList<DateTimeOffset> To(string customer)
    {
        lock (_byCustomer)
        {
            return _byCustomer.TryGetValue(customer, out var replies) ? [.. replies] : [];
        }
    }

    public int Customers
    {
        get
        {
            lock (_byCustomer)
            {
                return _byCustomer.Count;
            }
        }
    }

    /// <summary>Reads the log once more now, then returns.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        while (await ReadAsync(cancellationToken) == PageSize)
        {
        }
    }

    const int PageSize = 10_000;

    async Task PollAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await RefreshAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    async Task<int> ReadAsync(CancellationToken cancellationToken)
    {
        var calls = await http.GetFromJsonAsync<List<Call>>(new Uri(sandbox, $"/sandbox/api/calls?kind=send&direction=inbound&after={Interlocked.Read(ref _after)}&limit={PageSize}"), cancellationToken) ?? [];
        lock (_byCustomer)
        {
            foreach (var call in calls)
            {
                if (call.Id <= _after)
                {
                    continue;
                }
                _after = call.Id;
                if (call.CustomerNumber is { } number && call.ResponseStatus is >= 200 and < 300)
                {
                    var customer = new string([.. number.Where(char.IsAsciiDigit)]);
                    if (!_byCustomer.TryGetValue(customer, out var replies))
                    {
                        _byCustomer[customer] = replies = [];
                    }
                    replies.Add(call.At);
                }
            }
        }
        return calls.Count;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_polling is not null)
        {
            await _polling;
        }
        _stop.Dispose();
    }

    sealed record Call(
        [property: JsonPropertyName("id")] long Id,
        [property: JsonPropertyName("at")] DateTimeOffset At,
        [property: JsonPropertyName("customerNumber")] string? CustomerNumber,
        [property: JsonPropertyName("responseStatus")] int ResponseStatus);
}
