using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Messaging.ServiceDefaults.Discovery;

/// <summary>
/// When the orchestrator that started this service dies without stopping it (killed with
/// SIGKILL, say), the service stops itself instead of living on as an orphan. The AppHost
/// passes its PID in <c>MESSAGING_PARENT_PID</c>.
/// </summary>
internal sealed partial class ParentProcessWatch(IConfiguration configuration, IHostApplicationLifetime lifetime, ILogger<ParentProcessWatch> logger)
    : BackgroundService
{
    public const string ParentPidVariable = "MESSAGING_PARENT_PID";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!int.TryParse(configuration[ParentPidVariable], out var pid) || !TryGetStartTime(pid, out var startedAt))
        {
            return;
        }
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            if (!TryGetStartTime(pid, out var current) || current != startedAt)
            {
                LogParentGone(logger, pid);
                lifetime.StopApplication();
                return;
            }
        }
    }

    static bool TryGetStartTime(int pid, out DateTime startedAt)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            startedAt = process.StartTime;
            return !process.HasExited;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            startedAt = default;
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The orchestrator (PID {ParentPid}) is gone; stopping this service.")]
    static partial void LogParentGone(ILogger logger, int parentPid);
}

internal static class ParentProcessWatchExtensions
{
    public static IServiceCollection AddParentProcessWatch(this IServiceCollection services) =>
        services.AddHostedService<ParentProcessWatch>();
}
