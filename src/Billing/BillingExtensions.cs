using Messaging.ServiceDefaults.Authentication;
using System.Text.Json;
using System.Text.Json.Serialization;
using Billing.Alerts;
using Billing.Api;
using Billing.Data;
using Billing.Expiry;
using Billing.Ledger;
using Billing.Settlement;
using Billing.Workspaces;
using Messaging.Contracts;
using Messaging.Contracts.Events;
using Messaging.Outbox;
using Messaging.ServiceDefaults.Database;
using Messaging.Tenancy.Members;
using Microsoft.Extensions.Options;

namespace Billing;

public static class BillingExtensions
{
    /// <summary>The ledger on PostgreSQL (schema "billing"), settlement from turn:completed, the outbox relay to billing:events, the expiry sweeper, and the HTTP API's services.</summary>
    public static IHostApplicationBuilder AddBilling(this IHostApplicationBuilder builder)
    {
        // Nothing of Billing is public: every endpoint answers only services of the deployment.
        builder.RequireServiceCallerByDefault();
        builder.Services.AddOptions<BillingOptions>()
            .BindConfiguration(BillingOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.AddServiceDatabase<BillingDbContext>(BillingDbContext.Schema);
        builder.AddOperatorAccess();

        builder.Services.AddSingleton<BillingMetrics>();
        builder.Services.AddSingleton<CreditAlerts>();
        builder.Services.AddScoped<ReservationLedger>();
        builder.Services.AddScoped<CreditLedger>();
        builder.Services.AddScoped<LedgerQueries>();
        builder.Services.AddScoped<TurnSettlement>();
        builder.Services.AddHttpClient<TenancyWorkspaces>(http => http.BaseAddress = new Uri(TenancyWorkspaces.BaseAddress));

        builder.AddStreamsBus("redis")
            .AddConsumer<TurnCompleted, TurnCompletedHandler>(StreamNames.TurnCompleted, ConsumerGroups.Billing)
            .AddConsumer<TurnReplyFailed, TurnReplyFailedHandler>(StreamNames.TurnCompleted, ConsumerGroups.Billing);
        builder.AddOutbox<BillingDbContext>("billing")
            .Add<CreditsGranted>()
            .Add<CreditsLow>()
            .Add<CreditsExhausted>();
        // Billing's own settings keep naming its relay's batch and sweep.
        builder.Services.AddOptions<OutboxOptions>().Configure<IOptions<BillingOptions>>((outbox, billing) =>
        {
            outbox.BatchSize = billing.Value.OutboxBatchSize;
            outbox.SweepInterval = billing.Value.OutboxPollInterval;
        });

        builder.Services.AddSingleton<ReservationExpirySweeper>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ReservationExpirySweeper>());

        builder.Services.ConfigureHttpJsonOptions(json =>
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase)));
        return builder;
    }

    /// <summary>The internal API (not routed by the gateway); errors answer as ProblemDetails.</summary>
    public static WebApplication MapBillingApi(this WebApplication app)
    {
        app.UseStatusCodePages();
        app.MapReservationsApi();
        app.MapCreditsApi();
        return app;
    }
}
