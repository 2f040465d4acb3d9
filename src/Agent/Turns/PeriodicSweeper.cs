namespace Agent.Turns;

/// <summary>
/// A safety net that looks for work the normal path missed, once every interval; a failed sweep
/// is logged and the next tick tries again.
/// </summary>
public abstract partial class PeriodicSweeper(TimeSpan interval, TimeProvider time, ILogger logger) : BackgroundService
{
    protected TimeProvider Time => time;

    /// <summary>What the sweep looks for, for the log: "stalled turns".</summary>
    protected abstract string LooksFor { get; }

    /// <summary>Handles what it finds; returns how many.</summary>
    public abstract Task<int> SweepAsync(CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await SweepAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogSweepFailed(logger, LooksFor, e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Looking for {LooksFor} failed")]
    static partial void LogSweepFailed(ILogger logger, string looksFor, Exception exception);
}
