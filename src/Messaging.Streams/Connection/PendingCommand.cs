using Messaging.Streams.Errors;
using Messaging.Streams.Resp;

namespace Messaging.Streams.Connection;

/// <summary>A command waiting to be written or waiting for its reply.</summary>
internal sealed class PendingCommand(RedisCommand command, long deadline) : TaskCompletionSource<RespReply>(TaskCreationOptions.RunContinuationsAsynchronously)
{
    public RedisCommand Command { get; } = command;

    /// <summary>A <see cref="TimeProvider"/> timestamp after which the caller gets a timeout.</summary>
    public long Deadline { get; } = deadline;

    public CancellationTokenRegistration Cancellation { get; set; }

    public void Complete(RespReply reply)
    {
        if (reply.Type == RespType.Error)
        {
            TrySetException(RedisServerException.FromError(reply.AsString() ?? "ERR", Command.Name));
        }
        else
        {
            TrySetResult(reply);
        }
        Cancellation.Unregister();
    }

    public void Fail(Exception exception)
    {
        TrySetException(exception);
        Cancellation.Unregister();
    }
}
