using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Messaging.Outbox;

public static class OutboxExtensions
{
    /// <summary>
    /// The outbox of <typeparamref name="TContext"/> (one per service): its writer, its wake-up
    /// signal and its relay, with <see cref="OutboxOptions"/> from the <c>Outbox</c> section.
    /// Returns the event types it carries, for the caller to name.
    /// </summary>
    public static OutboxEvents AddOutbox<TContext>(this IHostApplicationBuilder builder, string name)
        where TContext : DbContext, IOutboxContext
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var events = new OutboxEvents();
        builder.Services.AddSingleton(new OutboxRegistration(name, events));
        builder.Services.AddOptions<OutboxOptions>()
            .BindConfiguration(OutboxOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddScoped<OutboxWriter<TContext>>();
        builder.Services.AddSingleton<OutboxRelay<TContext>>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<OutboxRelay<TContext>>());
        return events;
    }
}
