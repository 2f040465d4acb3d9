using System.Diagnostics;

namespace LoadBench;

/// <summary>One message of a run: when it was due, when it was sent, and its acknowledgement.</summary>
public sealed record SentMessage(int Index, DateTimeOffset DueAt, double SendDelayMs, double AckMs, double AckFromScheduleMs, int Status, string? Error)
{
    public bool Acknowledged => Status is >= 200 and < 300;
}

/// <summary>
/// A fixed arrival rate whatever the answers do: message i is due at start + i / rate and is
/// sent then (or as soon as the generator can, on shared cores), without waiting for earlier
/// answers, so a slow service cannot slow the offered load and hide its latency. Latency is
/// counted from the due time, so the generator's own lateness counts against the service too.
/// </summary>
public sealed class OpenLoop(HttpClient http)
{
    public async Task<IReadOnlyList<SentMessage>> RunAsync(Func<int, HttpRequestMessage> request, int rate, int count)
    {
        var results = new SentMessage[count];
        var sends = new Task[count];
        var start = DateTimeOffset.UtcNow;
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / rate);
            var wait = due - watch.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }
            sends[i] = SendAsync(i, due);
        }
        await Task.WhenAll(sends);
        return results;

        async Task SendAsync(int index, TimeSpan due)
        {
            using var message = request(index);
            var sent = watch.Elapsed;
            try
            {
                using var response = await http.SendAsync(message);
                var answered = watch.Elapsed;
                results[index] = new SentMessage(index, start + due, (sent - due).TotalMilliseconds, (answered - sent).TotalMilliseconds, (answered - due).TotalMilliseconds, (int)response.StatusCode, null);
            }
            catch (HttpRequestException e)
            {
                var failed = watch.Elapsed;
                results[index] = new SentMessage(index, start + due, (sent - due).TotalMilliseconds, (failed - sent).TotalMilliseconds, (failed - due).TotalMilliseconds, 0, e.Message);
            }
        }
    }
}
