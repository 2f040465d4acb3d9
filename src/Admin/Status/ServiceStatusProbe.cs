namespace Admin.Status;

/// <summary>The readiness of every service the orchestrator told this one about, for the status page.</summary>
public sealed class ServiceStatusProbe(IHttpClientFactory clients, IConfiguration configuration)
{
    public sealed record ServiceStatus(string Name, string State, string? Detail);

    public async Task<IReadOnlyList<ServiceStatus>> ProbeAsync(CancellationToken cancellationToken)
    {
        var names = configuration.GetSection("services").GetChildren().Select(c => c.Key).Order(StringComparer.Ordinal).ToList();
        var results = await Task.WhenAll(names.Select(name => ProbeOneAsync(name, cancellationToken)));
        return results;
    }

    async Task<ServiceStatus> ProbeOneAsync(string name, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(3));
        try
        {
            using var response = await clients.CreateClient(nameof(ServiceStatusProbe)).GetAsync(new Uri($"http://{name}/health"), timeout.Token);
            var body = await response.Content.ReadAsStringAsync(timeout.Token);
            return new ServiceStatus(name, response.IsSuccessStatusCode ? "ready" : $"unready ({(int)response.StatusCode})", body);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            return new ServiceStatus(name, "unreachable", e.Message);
        }
    }
}
