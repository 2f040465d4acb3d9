using Microsoft.Extensions.Options;

namespace Agent.Retention;

/// <summary>Runs <see cref="BodyPurge"/> every <see cref="AgentOptions.RetentionSweepInterval"/> on each replica (the update is idempotent).</summary>
public sealed partial class BodyPurgeService(BodyPurge purge, IOptions<AgentOptions> options, TimeProvider time, ILogger<BodyPurgeService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RetentionSweepInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    var purged = await purge.PurgeAsync(stoppingToken);
                    if (purged > 0)
                    {
                        LogPurged(logger, purged);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogPurgeFailed(logger, e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Purged the bodies of {Count} messages past their retention period")]
    static partial void LogPurged(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Purging message bodies failed")]
    static partial void LogPurgeFailed(ILogger logger, Exception exception);
}
