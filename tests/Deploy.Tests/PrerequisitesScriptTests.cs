using Deploy.Tests.Infrastructure;
using Messaging.Testing;

namespace Deploy.Tests;

/// <summary>
/// eng/prerequisites on a machine where another installation holds apt's lock (unattended-upgrades,
/// a second terminal): it waits and installs, instead of failing the first run. apt-get, dpkg-query,
/// sleep and dotnet are stand-ins on PATH that record what they were asked.
/// </summary>
public sealed class PrerequisitesScriptTests
{
    [Fact]
    public async Task A_held_apt_lock_is_waited_for_and_the_servers_are_installed_after_it()
    {
        var (bin, log) = StandIns(lockedAttempts: 2, failure: "E: Could not get lock /var/lib/apt/lists/lock. It is held by process 4242 (apt-get)");

        var result = await RunAsync(bin);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Waiting for another package installation to finish", result.Output, StringComparison.Ordinal);
        var calls = File.ReadAllLines(log);
        Assert.Equal(
            ["apt-get -o DPkg::Lock::Timeout=600 update -qq", "sleep 5", "apt-get -o DPkg::Lock::Timeout=600 update -qq", "sleep 5",
             "apt-get -o DPkg::Lock::Timeout=600 update -qq",
             "apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends redis-server postgresql"],
            calls.Where(c => !c.StartsWith("dotnet", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Any_other_apt_failure_stops_at_once_with_the_message_apt_gave()
    {
        var (bin, log) = StandIns(lockedAttempts: 1, failure: "E: Unable to locate package redis-server");

        var result = await RunAsync(bin);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Unable to locate package redis-server", result.Error, StringComparison.Ordinal);
        Assert.Equal(["apt-get -o DPkg::Lock::Timeout=600 update -qq"], File.ReadAllLines(log));
    }

    static Task<Scripts.Result> RunAsync(string bin) =>
        Scripts.RunAsync("bash", [Repository.PathOf("eng/prerequisites")], new Dictionary<string, string> { ["PATH"] = Scripts.PathWith(bin) });

    /// <summary>apt-get fails with <paramref name="failure"/> (exit 100) its first <paramref name="lockedAttempts"/> times, then succeeds.</summary>
    static (string Bin, string Log) StandIns(int lockedAttempts, string failure)
    {
        var directory = TestDirectories.Create("prerequisites");
        var bin = Path.Combine(directory, "bin");
        var log = Path.Combine(directory, "calls.log");
        var attempts = Path.Combine(directory, "attempts");
        Scripts.FakeProgram(bin, "apt-get", $$"""
            echo "apt-get $*" >> '{{log}}'
            echo x >> '{{attempts}}'
            if [ "$(wc -l < '{{attempts}}')" -le {{lockedAttempts}} ]; then echo '{{failure}}' >&2; exit 100; fi
            """);
        // Nothing is installed yet, as on a fresh machine.
        Scripts.FakeProgram(bin, "dpkg-query", "exit 1");
        Scripts.FakeProgram(bin, "sleep", $"echo \"sleep $*\" >> '{log}'");
        Scripts.FakeProgram(bin, "dotnet", $"echo \"dotnet $*\" >> '{log}'");
        return (bin, log);
    }
}
