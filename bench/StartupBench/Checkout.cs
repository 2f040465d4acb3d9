using System.Diagnostics;
using System.Globalization;

namespace StartupBench;

/// <summary>A built checkout of the product: before Aspire (its own orchestrator) or after (an Aspire AppHost).</summary>
public sealed record Checkout(string Label, string Root)
{
    /// <summary>The Aspire AppHost is the one built with the Aspire SDK; it needs its dashboard's ports from the environment.</summary>
    public bool IsAspire => File.ReadAllText(Path.Combine(Root, "AppHost", "AppHost.csproj")).Contains("Aspire.AppHost.Sdk", StringComparison.Ordinal);

    /// <summary>
    /// <c>dotnet run --project AppHost -c Release --no-build -- --data-dir D --gateway-port P</c>, as a
    /// user starts a local run, with the marker every process of the run inherits.
    /// </summary>
    public ProcessStartInfo LocalRun(string dataDirectory, int gatewayPort, string markerVariable, string marker)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])["run", "--project", "AppHost", "-c", "Release", "--no-build"])
        {
            start.ArgumentList.Add(argument);
        }
        if (IsAspire)
        {
            // The launch profile pins the dashboard to 18888-18890; free ports let a run never collide
            // with another. Development, as that profile sets.
            start.ArgumentList.Add("--no-launch-profile");
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
            start.Environment["DOTNET_ENVIRONMENT"] = "Development";
            start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{FreePorts.Next()}";
            start.Environment["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = $"http://127.0.0.1:{FreePorts.Next()}";
            start.Environment["ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL"] = $"http://127.0.0.1:{FreePorts.Next()}";
            start.Environment["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true";
        }
        foreach (var argument in (string[])["--", "--data-dir", dataDirectory, "--gateway-port", gatewayPort.ToString(CultureInfo.InvariantCulture)])
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment[markerVariable] = marker;
        // No build node may outlive the run: it would carry the marker and count as not stopped.
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        return start;
    }

    /// <summary>The short commit id, to name in the results what was measured.</summary>
    public string Commit
    {
        get
        {
            var start = new ProcessStartInfo("git", ["-C", Root, "rev-parse", "--short", "HEAD"]) { RedirectStandardOutput = true };
            using var git = Process.Start(start) ?? throw new InvalidOperationException("git did not start.");
            var commit = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return commit.Length > 0 ? commit : "unknown commit";
        }
    }
}
