using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Gateway.Health;

/// <summary>
/// Asks a downstream service's <c>/health</c>. The gateway is unready when a service it
/// routes to is down; the others show in its report as degraded, without taking it out.
/// </summary>
internal sealed class DownstreamHealthCheck(IHttpClientFactory clients, string service) : IHealthCheck
{
    public const string ClientName = "downstream-health";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(3));
        try
        {
            using var response = await clients.CreateClient(ClientName).GetAsync(new Uri($"http://{service}/health"), timeout.Token);
            return response.IsSuccessStatusCode
                ? HealthCheckResult.Healthy($"{service} is ready")
                : new HealthCheckResult(context.Registration.FailureStatus, $"{service} answered {(int)response.StatusCode}");
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"{service} is unreachable: {e.Message}");
        }
    }
}
