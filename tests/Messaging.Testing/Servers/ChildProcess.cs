using System.Diagnostics;

namespace Messaging.Testing.Servers;

/// <summary>What to run: a binary, its arguments, environment and working directory.</summary>
public sealed record ProcessSpec(string FileName, IReadOnlyList<string> Arguments)
{
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();
    public string? WorkingDirectory { get; init; }
}

/// <summary>
/// A started child process whose output lines go to a callback, and which stops with a
/// signal first and SIGKILL only when it does not exit in time.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    readonly Process _process;
    readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    ChildProcess(Process process) => _process = process;

    public int Pid { get; private set; }

    /// <summary>Completes with the exit code when the process ends, whoever ended it.</summary>
    public Task<int> Exited => _exited.Task;

    public bool HasExited => _exited.Task.IsCompleted;

    /// <summary>
    /// Starts the process in a session of its own (through setsid, which execs in place), so a
    /// Ctrl+C in the orchestrator's terminal reaches the orchestrator alone; the orchestrator
    /// then stops its children in order.
    /// </summary>
    public static ChildProcess Start(ProcessSpec spec, Action<string> onOutput)
    {
        var info = new ProcessStartInfo("setsid")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = spec.WorkingDirectory ?? Directory.GetCurrentDirectory(),
        };
        info.ArgumentList.Add(spec.FileName);
        foreach (var argument in spec.Arguments)
        {
            info.ArgumentList.Add(argument);
        }
        foreach (var (key, value) in spec.Environment)
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) onOutput(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) onOutput(e.Data); };
        var child = new ChildProcess(process);
        process.Exited += (_, _) => child.OnExited();
        if (!process.Start())
        {
            throw new InvalidOperationException($"Could not start {spec.FileName}.");
        }
        child.Pid = process.Id;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (process.HasExited)
        {
            child.OnExited();
        }
        return child;
    }

    void OnExited()
    {
        int code;
        try
        {
            // Drains the redirected output before reporting the exit.
            _process.WaitForExit();
            code = _process.ExitCode;
        }
        catch (InvalidOperationException)
        {
            code = -1;
        }
        _exited.TrySetResult(code);
    }

    /// <summary>Sends <paramref name="signal"/>, then SIGKILL after <paramref name="grace"/>.</summary>
    public async Task StopAsync(int signal, TimeSpan grace)
    {
        if (HasExited)
        {
            return;
        }
        Signals.Send(Pid, signal);
        if (await Task.WhenAny(Exited, Task.Delay(grace)).ConfigureAwait(false) != Exited)
        {
            Signals.Send(Pid, Signals.SigKill);
            await Exited.ConfigureAwait(false);
        }
    }

    /// <summary>Ends the process at once, as a crash would.</summary>
    public async Task KillAsync()
    {
        if (!HasExited)
        {
            Signals.Send(Pid, Signals.SigKill);
            await Exited.ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(Signals.SigTerm, TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        _process.Dispose();
    }
}
