using Ingest.Acceptance;
using Ingest.Spool;
using Ingest.Telemetry;
using Ingest.Verification;
using Ingest.Webhooks;
using Messaging.Tenancy.Reading;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Ingest;

public static class IngestExtensions
{
    public static IHostApplicationBuilder AddIngest(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<IngestOptions>()
            .BindConfiguration(IngestOptions.SectionName)
            .Configure<IConfiguration>((options, configuration) =>
            {
                if (string.IsNullOrWhiteSpace(options.PublicBaseUrl))
                {
                    options.PublicBaseUrl = configuration["PUBLIC_BASE_URL"] ?? "";
                }
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.AddStreamsBus();
        builder.AddTenancyReader();
        // Ingest keeps acknowledging webhooks while Redis is down (the spool holds them), so Redis
        // being unavailable degrades it rather than taking it out of the gateway's rotation.
        builder.Services.Configure<HealthCheckServiceOptions>(options =>
        {
            foreach (var registration in options.Registrations.Where(r => r.Name == StreamsExtensions.RedisHealthCheckName))
            {
                registration.FailureStatus = HealthStatus.Degraded;
            }
        });

        builder.Services.AddSingleton<IngestMetrics>();
        builder.Services.AddSingleton(sp =>
        {
            var directory = sp.GetRequiredService<IOptions<IngestOptions>>().Value.SpoolDirectory;
            return new DurableSpool(Path.Combine(sp.GetRequiredService<IHostEnvironment>().ContentRootPath, directory));
        });
        builder.Services.AddSingleton<SpoolDrainSignal>();
        builder.Services.AddSingleton<WebhookAcceptor>();
        builder.Services.AddSingleton<VerificationCodeStore>();
        builder.Services.AddHostedService<SpoolDrainer>();
        return builder;
    }

    public static WebApplication MapIngest(this WebApplication app)
    {
        app.MapMetaWebhooks();
        app.MapTwilioWebhooks();
        app.MapTwilioVoice();
        return app;
    }
}
