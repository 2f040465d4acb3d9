using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace Messaging.AppHost.Supervision;

/// <summary>
/// Restarts a service (or the Redis and PostgreSQL servers it started) that exits on its own, after a growing delay (1 s doubling to 30 s, reset
/// once it is healthy again). A service that exits <see cref="CrashesBeforeGivingUp"/> times
/// before it was ever healthy (bad configuration, a missing dependency) fails the whole start
/// with its name, instead of leaving the user waiting. A stop asked for in the dashboard is not
/// a crash and is left alone.
/// </summary>
internal sealed partial class ServiceSupervisor(
    ResourceNotificationService notifications,
    ResourceCommandService commands,
    DistributedApplicationModel model,
    IHostApplicationLifetime lifetime,
    ILogger<ServiceSupervisor> logger) : BackgroundService
{
    public const int CrashesBeforeGivingUp = 3;

    enum Outcome { Healthy, Crashed }

    readonly ConcurrentDictionary<string, Channel<Outcome>> _outcomes = new(StringComparer.Ordinal);
    readonly TaskCompletionSource<string> _startupFailure = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes with a message naming the service when the start failed because one never got up.</summary>
    public Task<string> StartupFailure => _startupFailure.Task;

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var services = model.Resources.Where(IsSupervised).ToList();
        foreach (var service in services)
        {
            _outcomes[service.Name] = Channel.CreateUnbounded<Outcome>();
        }
        return Task.WhenAll([WatchAsync(stoppingToken), .. services.Select(s => SuperviseAsync(s, stoppingToken))]);
    }

    /// <summary>Turns the orchestrator's state changes into outcomes per service: became healthy, or exited unasked.</summary>
    async Task WatchAsync(CancellationToken stoppingToken)
    {
        var last = new Dictionary<string, (string? State, bool Healthy)>(StringComparer.Ordinal);
        try
        {
            await foreach (var change in notifications.WatchAsync(stoppingToken).ConfigureAwait(false))
            {
                if (!_outcomes.TryGetValue(change.Resource.Name, out var outcomes))
                {
                    continue;
                }
                var state = change.Snapshot.State?.Text;
                var healthy = state == KnownResourceStates.Running && change.Snapshot.HealthStatus == HealthStatus.Healthy;
                last.TryGetValue(change.Resource.Name, out var before);
                last[change.Resource.Name] = (state, healthy);
                if (healthy && !before.Healthy)
                {
                    outcomes.Writer.TryWrite(Outcome.Healthy);
                }
                else if (IsExit(state) && before.State is { } previous && !IsExit(previous) && previous != KnownResourceStates.Stopping)
                {
                    outcomes.Writer.TryWrite(Outcome.Crashed);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    async Task SuperviseAsync(IResource service, CancellationToken stoppingToken)
    {
        var outcomes = _outcomes[service.Name].Reader;
        var everHealthy = false;
        try
        {
            while (true)
            {
                if (await outcomes.ReadAsync(stoppingToken).ConfigureAwait(false) == Outcome.Healthy)
                {
                    everHealthy = true;
                    StartWithoutWaiting(service);
                    continue;
                }
                if (lifetime.ApplicationStopping.IsCancellationRequested)
                {
                    return;
                }
                LogExited(logger, service.Name);
                var restarts = Restarts(service.Name, everHealthy);
                await restarts.ExecuteAsync(async token =>
                {
                    await commands.ExecuteCommandAsync(service, KnownResourceCommands.StartCommand, token).ConfigureAwait(false);
                    if (await outcomes.ReadAsync(token).ConfigureAwait(false) == Outcome.Crashed)
                    {
                        throw new ServiceCrashedException(service.Name);
                    }
                }, stoppingToken).ConfigureAwait(false);
                everHealthy = true;
                LogRecovered(logger, service.Name);
            }
        }
        catch (ServiceCrashedException)
        {
            var message = $"{service.Name} exited {CrashesBeforeGivingUp} times during start-up without becoming healthy; see its console log.";
            LogGaveUp(logger, message);
            _startupFailure.TrySetResult(message);
            Environment.ExitCode = 1;
            lifetime.StopApplication();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// Dependencies order the first start only. A service that crashes later comes back at once,
    /// even while a dependency is down: it copes with that itself (Ingest spools webhooks while
    /// Redis is away, every client reconnects), and waiting would leave it dead for the outage.
    /// </summary>
    static void StartWithoutWaiting(IResource service)
    {
        foreach (var wait in service.Annotations.OfType<WaitAnnotation>().ToList())
        {
            service.Annotations.Remove(wait);
        }
    }

    ResiliencePipeline Restarts(string service, bool everHealthy) => new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<ServiceCrashedException>(),
            // Before the first healthy start, the exit that brought us here is the first of the allowed crashes.
            MaxRetryAttempts = everHealthy ? int.MaxValue : CrashesBeforeGivingUp - 2,
            BackoffType = DelayBackoffType.Exponential,
            Delay = TimeSpan.FromSeconds(1),
            MaxDelay = TimeSpan.FromSeconds(30),
            UseJitter = true,
            OnRetry = args =>
            {
                LogRestarting(logger, service, args.RetryDelay.TotalSeconds);
                return default;
            },
        })
        .Build();

    /// <summary>The services, and the servers they need; one-shot resources such as initdb end by design.</summary>
    static bool IsSupervised(IResource resource) => resource is ProjectResource or Servers.RedisServerResource or Servers.PostgresServerResource;

    static bool IsExit(string? state) => state is not null && (state == KnownResourceStates.Exited || state == KnownResourceStates.Finished || state == KnownResourceStates.FailedToStart);

    sealed class ServiceCrashedException(string service) : Exception($"{service} exited again before it was healthy.");

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Service} exited unexpectedly; restarting it")]
    static partial void LogExited(ILogger logger, string service);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Service} exited again before it was healthy; next restart in {Seconds:0.#} s")]
    static partial void LogRestarting(ILogger logger, string service, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Service} is healthy again after a restart")]
    static partial void LogRecovered(ILogger logger, string service);

    [LoggerMessage(Level = LogLevel.Critical, Message = "{Message}")]
    static partial void LogGaveUp(ILogger logger, string message);
}
