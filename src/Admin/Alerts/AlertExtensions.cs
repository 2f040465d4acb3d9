using Messaging.Contracts;
using Messaging.Contracts.Events;

namespace Admin.Alerts;

public static class AlertExtensions
{
    /// <summary>Owners' alert mails: credits low or used up (billing:events) and channels disabled and voice verification codes (channel:alerts), in consumer group admin.</summary>
    public static IHostApplicationBuilder AddOwnerAlerts(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<OwnerAlertMail>();
        // A new group starts at the end of billing:events: alerts raised before Admin consumed them are history, not news.
        builder.AddStreamsBus()
            .AddConsumer<CreditsLow, CreditAlertHandler>(StreamNames.BillingEvents, ConsumerGroups.Admin, o => o.NewGroupReadsHistory = false)
            .AddConsumer<CreditsExhausted, CreditAlertHandler>(StreamNames.BillingEvents, ConsumerGroups.Admin)
            .AddConsumer<CreditsGranted, CreditAlertHandler>(StreamNames.BillingEvents, ConsumerGroups.Admin)
            .AddConsumer<ChannelDisabled, ChannelAlertHandler>(StreamNames.ChannelAlerts, ConsumerGroups.Admin)
            .AddConsumer<VerificationCodeCaptured, VerificationCodeMailHandler>(StreamNames.ChannelAlerts, ConsumerGroups.Admin);
        return builder;
    }
}
