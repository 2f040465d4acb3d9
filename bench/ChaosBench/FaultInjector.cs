using System.Diagnostics;
using EndToEnd.Tests.Infrastructure;
using IngestBench;

namespace ChaosBench;

/// <summary>
/// A crash as the end-to-end tests make one: SIGKILL to each target's process and everything it
/// started (PostgreSQL's backends with its postmaster), at the same moment; then nothing but the
/// AppHost's supervisor brings them back. Returns once each target runs as a new process and the
/// whole product is healthy again.
/// </summary>
public sealed class FaultInjector(BenchApp app, IReadOnlyList<string> product)
{
    static readonly TimeSpan Recovery = TimeSpan.FromMinutes(3);

    public async Task<FaultRecord> InjectAsync(Fault fault, DateTimeOffset loadStart)
    {
        var pids = fault.Targets.Select(target => app.Pid(target) ?? throw new InvalidOperationException($"{target} has no running process to kill.")).ToList();
        var at = DateTimeOffset.UtcNow;
        foreach (var pid in pids)
        {
            ProcessTree.Kill(pid);
        }
        using var timeout = new CancellationTokenSource(Recovery);
        try
        {
            await Task.WhenAll(fault.Targets.Select(target => RestartedAsync(target, at, timeout.Token)));
            foreach (var resource in product)
            {
                await app.WaitForHealthyAsync(resource, timeout.Token);
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"After killing {fault.Name}, the product was not healthy again within {Recovery.TotalMinutes} minutes.");
        }
        return new FaultRecord(fault, at, DateTimeOffset.UtcNow, (at - loadStart).TotalSeconds);
    }

    /// <summary>Until the resource runs as a process started after the kill (the orchestrator may report the dead one for a moment).</summary>
    async Task RestartedAsync(string target, DateTimeOffset killedAt, CancellationToken cancellationToken)
    {
        while (app.Pid(target) is not { } pid || !StartedAfter(pid, killedAt))
        {
            await Task.Delay(100, cancellationToken);
        }
        await app.WaitForHealthyAsync(target, cancellationToken);
    }

    static bool StartedAfter(int pid, DateTimeOffset moment)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.StartTime.ToUniversalTime() > moment.UtcDateTime;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
