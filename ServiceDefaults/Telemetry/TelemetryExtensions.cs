using Messaging.ServiceDefaults.Health;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Messaging.ServiceDefaults.Telemetry;

/// <summary>
/// Traces, metrics and logs over OTLP, in the shape of Aspire's service defaults: the ASP.NET
/// Core, HttpClient and runtime instrumentations plus every source and meter of ours. Redis and
/// PostgreSQL spans come from their client integrations (Aspire.StackExchange.Redis,
/// Aspire.Npgsql.EntityFrameworkCore.PostgreSQL), which add their instrumentation to the same
/// providers.
/// </summary>
public static class TelemetryExtensions
{
    /// <summary>Every ActivitySource and Meter of ours starts with this prefix.</summary>
    public const string MessagingSourcePrefix = "Messaging.";

    /// <summary>Set by the AppHost (the dashboard's OTLP endpoint) or by the deployment.</summary>
    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static IHostApplicationBuilder AddDefaultTelemetry(this IHostApplicationBuilder builder)
    {
        if (string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointSetting]))
        {
            // Without an exporter the SDK would record every span and measurement for no reader.
            // ASP.NET Core, HttpClient and the bus still create activities for listeners such as
            // dotnet-trace or a debugger, and carry traceparent between services either way.
            return builder;
        }

        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });
        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(MessagingSourcePrefix + "*"))
            .WithTracing(tracing => tracing
                .AddSource(MessagingSourcePrefix + "*")
                .AddAspNetCoreInstrumentation(aspnet => aspnet.Filter = context => !IsProbe(context.Request.Path))
                .AddHttpClientInstrumentation(http => http.FilterHttpRequestMessage = request => !IsProbe(request.RequestUri?.AbsolutePath)))
            .UseOtlpExporter();
        return builder;
    }

    // Probes hit the health endpoints every few seconds; their spans would drown real traces.
    static bool IsProbe(PathString path) =>
        path.StartsWithSegments(HealthExtensions.HealthPath, StringComparison.OrdinalIgnoreCase) ||
        path.StartsWithSegments(HealthExtensions.AlivePath, StringComparison.OrdinalIgnoreCase);

    static bool IsProbe(string? path) => path is not null && IsProbe(new PathString(path));
}
