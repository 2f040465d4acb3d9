using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Billing.Api;
using Billing.Ledger;
using Microsoft.Extensions.DependencyInjection;

namespace BillingBench;

public sealed record Scenario(string Path, int Concurrency, int Workspaces);

public sealed record ScenarioResult(Scenario Scenario, int Reservations, TimeSpan Elapsed, double P50Milliseconds, double P99Milliseconds)
{
    public double PerSecond => Reservations / Elapsed.TotalSeconds;

    public string ToConsoleLine() => string.Create(CultureInfo.InvariantCulture,
        $"{Scenario.Path,-15} callers {Scenario.Concurrency,3} workspaces {Scenario.Workspaces,3}: {PerSecond,8:0} reservations/s (p50 {P50Milliseconds:0.0} ms, p99 {P99Milliseconds:0.0} ms)");
}

/// <summary>
/// Callers reserve one credit for a new turn each, back to back, for a fixed time. Every
/// answer must be "reserved": the workspaces hold far more credits than the run can use.
/// </summary>
public static class ReservationLoad
{
    const int WarmUpPerCaller = 20;

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static async Task<ScenarioResult> RunAsync(BillingUnderTest billing, Scenario scenario, TimeSpan duration)
    {
        var workspaces = Enumerable.Range(0, scenario.Workspaces).Select(_ => "bench-" + Guid.NewGuid().ToString("N")[..12]).ToArray();
        foreach (var workspace in workspaces)
        {
            await using var scope = billing.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<CreditLedger>()
                .GrantAsync(workspace, 1_000_000, "bench", "load test", "bench-grant", CancellationToken.None);
        }

        using var http = new HttpClient { BaseAddress = billing.Address };
        Func<string, Task> reserve = scenario.Path == "HTTP API"
            ? workspace => ReserveOverHttpAsync(http, workspace)
            : workspace => ReserveDirectlyAsync(billing.Services, workspace);

        await Task.WhenAll(Enumerable.Range(0, scenario.Concurrency).Select(async caller =>
        {
            for (var i = 0; i < WarmUpPerCaller; i++)
            {
                await reserve(workspaces[caller % workspaces.Length]);
            }
        }));

        var clock = Stopwatch.StartNew();
        var latencies = await Task.WhenAll(Enumerable.Range(0, scenario.Concurrency).Select(async caller =>
        {
            var own = new List<double>();
            var workspace = workspaces[caller % workspaces.Length];
            while (clock.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                await reserve(workspace);
                own.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            return own;
        }));
        var elapsed = clock.Elapsed;

        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new ScenarioResult(scenario, all.Length, elapsed, Percentile(all, 0.50), Percentile(all, 0.99));
    }

    static async Task ReserveDirectlyAsync(IServiceProvider services, string workspace)
    {
        await using var scope = services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<ReservationLedger>()
            .ReserveAsync(workspace, Guid.NewGuid().ToString("N"), 1, CancellationToken.None);
        Expect(result.Outcome);
    }

    static async Task ReserveOverHttpAsync(HttpClient http, string workspace)
    {
        using var response = await http.PostAsJsonAsync("/api/credits/reservations", new ReserveRequest(workspace, Guid.NewGuid().ToString("N"), null), Json);
        response.EnsureSuccessStatusCode();
        var answer = await response.Content.ReadFromJsonAsync<ReservationResponse>(Json);
        Expect(answer!.Outcome);
    }

    static void Expect(ReservationOutcome outcome)
    {
        if (outcome != ReservationOutcome.Reserved)
        {
            throw new InvalidOperationException($"Expected every reservation to succeed, got {outcome}.");
        }
    }

    static double Percentile(double[] sorted, double quantile) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(quantile * sorted.Length) - 1)];
}
