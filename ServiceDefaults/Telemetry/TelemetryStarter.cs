using Microsoft.Extensions.Hosting;
using OpenTelemetry;

namespace Messaging.ServiceDefaults.Telemetry;

/// <summary>Creates the OpenTelemetry SDK when the host starts, so listeners exist before the first request.</summary>
internal sealed class TelemetryStarter(OpenTelemetrySdk sdk) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        GC.KeepAlive(sdk);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
