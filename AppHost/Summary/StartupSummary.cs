using System.Globalization;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Messaging.AppHost.Summary;

/// <summary>
/// Once every service is healthy, prints what a user needs: each resource with its state,
/// address and process, the dashboard's login URL, the public entry and the demo's way in.
/// Until then, every half minute, what it still waits for, so a start that hangs says where.
/// </summary>
internal sealed class StartupSummary(
    ResourceNotificationService notifications,
    DistributedApplicationModel model,
    IConfiguration configuration,
    LocalRunSettings settings,
    TextWriter output,
    Demo.DemoLogin? demoLogin = null,
    TimeSpan? progressInterval = null) : BackgroundService
{
    /// <summary>The snapshot property the orchestrator fills with a process's id.</summary>
    const string ProcessIdProperty = "executable.pid";
    const string DashboardResourceName = "aspire-dashboard";

    static readonly string[] SeedEnded = [KnownResourceStates.Finished, KnownResourceStates.FailedToStart];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Every service healthy and, with the demo, its seed ended: each wait on its own, so a slow start names what it waits for.
        var waits = model.Resources.OfType<ProjectResource>()
            .ToDictionary(s => s.Name, s => (Task)notifications.WaitForResourceHealthyAsync(s.Name, stoppingToken));
        if (settings.Demo)
        {
            waits[Demo.DemoExtensions.ResourceName] = notifications.WaitForResourceAsync(Demo.DemoExtensions.ResourceName, SeedEnded, stoppingToken);
        }
        var started = Task.WhenAll(waits.Values);
        var interval = progressInterval ?? TimeSpan.FromSeconds(30);
        var waited = TimeSpan.Zero;
        try
        {
            while (await Task.WhenAny(started, Task.Delay(interval, stoppingToken)).ConfigureAwait(false) != started)
            {
                waited += interval;
                var pending = waits.Where(w => !w.Value.IsCompleted).Select(w => Describe(w.Key));
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  Still starting after {waited.TotalSeconds:0} s, waiting for: {string.Join(", ", pending)}")).ConfigureAwait(false);
            }
            await started.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        await output.WriteLineAsync(Render()).ConfigureAwait(false);
    }

    /// <summary>A resource as the orchestrator last reported it: its state and its health checks' verdict.</summary>
    string Describe(string resource) => notifications.TryGetCurrentState(resource, out var current)
        ? $"{resource} ({current.Snapshot.State?.Text ?? "no state"}, {current.Snapshot.HealthStatus?.ToString() ?? "not checked yet"})"
        : $"{resource} (not created)";

    string Render()
    {
        List<string[]> rows = [["RESOURCE", "STATE", "ADDRESS", "PID"]];
        foreach (var resource in model.Resources.Where(r => r is not ParameterResource))
        {
            if (!notifications.TryGetCurrentState(resource.Name, out var current))
            {
                continue;
            }
            var snapshot = current.Snapshot;
            // Aspire hides its helpers (a rebuilder per project) and, in its own list, the dashboard.
            if (snapshot.IsHidden && resource.Name != DashboardResourceName)
            {
                continue;
            }
            // The dashboard's first endpoint is where telemetry goes in; people want the one they open.
            var address = resource.Name == DashboardResourceName
                ? configuration["ASPNETCORE_URLS"]?.Split(';')[0] ?? ""
                : snapshot.Urls.FirstOrDefault(u => !u.IsInternal)?.Url ?? "";
            var pid = snapshot.Properties.FirstOrDefault(p => p.Name == ProcessIdProperty)?.Value?.ToString() ?? "";
            rows.Add([resource.Name, snapshot.State?.Text ?? "", address, pid]);
        }
        var widths = Enumerable.Range(0, 4).Select(i => rows.Max(r => r[i].Length)).ToArray();
        var text = new StringBuilder().AppendLine();
        foreach (var row in rows)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {row[0].PadRight(widths[0])}  {row[1].PadRight(widths[1])}  {row[2].PadRight(widths[2])}  {row[3]}");
        }
        var gateway = model.Resources.OfType<ProjectResource>().Single(p => p.Name == "gateway").GetEndpoint("http").Url;
        text.AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"  Messaging is running. Public entry: {gateway}/  ·  admin console: {gateway}/admin");
        if (model.Resources.OfType<ExecutableResource>().FirstOrDefault(r => r.Name == Mail.MailSinkExtensions.ResourceName) is { } mail)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  Mail sink (invitations, password resets, alerts; nothing leaves this machine): {mail.GetEndpoint("http").Url}");
        }
        if (DashboardLogin() is { } dashboard)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  Aspire dashboard (resources, console logs, traces, metrics): {dashboard}");
        }
        if (settings.Demo && demoLogin is not null)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  Demo workspace '{Demo.DemoWorkspace.Slug}' is on: sign in at {gateway}/admin as {demoLogin.Email} with password {demoLogin.Password}")
                .AppendLine(CultureInfo.InvariantCulture, $"  Phone simulator at {gateway}/sandbox/ . Press Ctrl+C to stop.");
        }
        else
        {
            text.AppendLine("  No demo workspace (--demo false). Press Ctrl+C to stop.");
        }
        return text.ToString();
    }

    /// <summary>The dashboard's address with its login token, as Aspire prints it at start-up.</summary>
    string? DashboardLogin()
    {
        var url = configuration["ASPNETCORE_URLS"]?.Split(';')[0];
        // A run without the dashboard (DisableDashboard, as the test host starts one) has no address to give.
        if (string.IsNullOrEmpty(url) || !model.Resources.Any(r => r.Name == DashboardResourceName))
        {
            return null;
        }
        var token = configuration["AppHost:BrowserToken"];
        return string.IsNullOrEmpty(token) ? url : $"{url.TrimEnd('/')}/login?t={token}";
    }
}
