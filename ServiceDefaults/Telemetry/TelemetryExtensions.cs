using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Messaging.ServiceDefaults.Telemetry;

/// <summary>
/// Traces, metrics and logs through the OpenTelemetry SDK's own builders, because
/// OpenTelemetry.Extensions.Hosting and the instrumentation packages are not served here.
/// ASP.NET Core, HttpClient and Npgsql already emit activities and meters; we subscribe.
/// </summary>
public static class TelemetryExtensions
{
    /// <summary>Every ActivitySource and Meter of ours starts with this prefix.</summary>
    public const string MessagingSourcePrefix = "Messaging.";

    static readonly string[] ActivitySources = ["Microsoft.AspNetCore", "System.Net.Http", "Npgsql", MessagingSourcePrefix + "*"];

    static readonly string[] Meters =
    [
        "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.RateLimiting",
        "System.Net.Http", "System.Runtime", "Npgsql", MessagingSourcePrefix + "*",
    ];

    public static IHostApplicationBuilder AddDefaultTelemetry(this IHostApplicationBuilder builder)
    {
        var serviceName = builder.Configuration["OTEL_SERVICE_NAME"] ?? builder.Environment.ApplicationName;
        var exportOtlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);

        if (!exportOtlp)
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
            logging.SetResourceBuilder(ResourceBuilder.CreateDefault().AddService(serviceName));
            logging.AddOtlpExporter();
        });

        // The SDK object owns the tracer and meter providers; disposing it at shutdown flushes them.
        builder.Services.AddSingleton(_ => OpenTelemetrySdk.Create(otel =>
        {
            otel.ConfigureResource(resource => resource.AddService(serviceName));
            otel.WithTracing(tracing => tracing.AddSource(ActivitySources).AddOtlpExporter());
            otel.WithMetrics(metrics => metrics.AddMeter(Meters).AddOtlpExporter());
        }));
        builder.Services.AddHostedService<TelemetryStarter>();
        return builder;
    }
}
