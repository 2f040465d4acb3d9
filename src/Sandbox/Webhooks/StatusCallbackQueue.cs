using System.Threading.Channels;

namespace Sandbox.Webhooks;

/// <summary>Accepted sends waiting for their status callbacks; drained by <see cref="StatusCallbackDispatcher"/>.</summary>
public sealed class StatusCallbackQueue
{
    readonly Channel<StatusCallbackJob> _jobs = Channel.CreateUnbounded<StatusCallbackJob>(new UnboundedChannelOptions { SingleReader = true });

    public void Enqueue(StatusCallbackJob job)
    {
        if (!_jobs.Writer.TryWrite(job))
        {
            throw new InvalidOperationException("The status callback queue is closed.");
        }
    }

    public ChannelReader<StatusCallbackJob> Reader => _jobs.Reader;
}
