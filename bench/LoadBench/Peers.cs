using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace LoadBench;

/// <summary>
/// The webhook-ack peers (whatsapp-api-js and twilio on node:http: signature check and parse,
/// in memory, no durability), from the folder given on the command line: copied to a temporary
/// folder (the original may be read-only), their pinned packages installed there with
/// <c>npm ci</c>, each started on a free loopback port with the demo's secrets so the same
/// signed requests go to them and to the product. Only the processes started here are stopped.
/// </summary>
public sealed partial class Peers : IAsyncDisposable
{
    readonly string _folder;
    readonly List<Process> _processes = [];

    Peers(string folder) => _folder = folder;

    public Uri Meta { get; private set; } = null!;

    public Uri Twilio { get; private set; } = null!;

    public static async Task<Peers> StartAsync(string source, string metaAppSecret, string twilioAuthToken, string twilioPublicBaseUrl)
    {
        var folder = Path.Combine(Path.GetTempPath(), "load-bench-peers-" + Guid.NewGuid().ToString("N"));
        Copy(new DirectoryInfo(source), folder);
        var peers = new Peers(folder);
        try
        {
            await RunAsync("npm", ["ci", "--no-audit", "--no-fund"], folder);
            var environment = new Dictionary<string, string>
            {
                ["PORT"] = "0",
                ["META_APP_SECRET"] = metaAppSecret,
                ["TWILIO_AUTH_TOKEN"] = twilioAuthToken,
                ["PUBLIC_BASE_URL"] = twilioPublicBaseUrl,
            };
            peers.Meta = await peers.StartPeerAsync("meta-peer.mjs", environment);
            peers.Twilio = await peers.StartPeerAsync("twilio-peer.mjs", environment);
            return peers;
        }
        catch
        {
            await peers.DisposeAsync();
            throw;
        }
    }

    /// <summary>The peer's process, for its CPU and memory.</summary>
    public IReadOnlyList<int> Pids => [.. _processes.Select(p => p.Id)];

    async Task<Uri> StartPeerAsync(string script, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("node", script) { WorkingDirectory = _folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException($"node {script} did not start");
        _processes.Add(process);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (Listening().Match(line) is { Success: true } match)
            {
                // Keep reading so a full pipe never blocks the peer.
                _ = process.StandardOutput.ReadToEndAsync();
                _ = process.StandardError.ReadToEndAsync();
                return new Uri(match.Groups["origin"].Value);
            }
        }
        throw new InvalidOperationException($"node {script} exited before listening: {await process.StandardError.ReadToEndAsync()}");
    }

    static async Task RunAsync(string command, string[] arguments, string folder)
    {
        var start = new ProcessStartInfo(command) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{command} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{command} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await output}{await errors}");
        }
    }

    static void Copy(DirectoryInfo source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in source.EnumerateFiles())
        {
            var copy = file.CopyTo(Path.Combine(target, file.Name));
            copy.Attributes &= ~FileAttributes.ReadOnly;
            // Copies keep the source's read-only mode on Linux; npm writes next to them.
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(copy.FullName, File.GetUnixFileMode(copy.FullName) | UnixFileMode.UserWrite);
            }
        }
        foreach (var directory in source.EnumerateDirectories().Where(d => d.Name != "node_modules"))
        {
            Copy(directory, Path.Combine(target, directory.Name));
        }
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(target, File.GetUnixFileMode(target) | UnixFileMode.UserWrite);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            if (!process.HasExited)
            {
                // SIGTERM, which the peers answer by closing: never a broad kill.
                _ = Kill(process.Id, SigTerm);
            }
        }
        foreach (var process in _processes)
        {
            await process.WaitForExitAsync();
            process.Dispose();
        }
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    const int SigTerm = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    [GeneratedRegex(@"listening (?<origin>http://[0-9.]+:[0-9]+)")]
    private static partial Regex Listening();
}
