using System.Text.Json;
using Billing.Data;
using Billing.Outbox;
using Billing.Tests.Infrastructure;
using Messaging.Contracts;
using Messaging.Contracts.Events;
using Messaging.Testing;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Billing.Tests.Outbox;

public sealed class BusOutboxTransportTests(PostgresFixture postgres, RedisFixture redis)
{
    [Fact]
    public async Task An_outbox_event_sent_again_after_a_crash_reaches_the_stream_once()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = new BillingHost(await BillingDatabase.CreateAsync(postgres, redis));
        var transport = host.Services.GetRequiredService<IOutboxTransport>();
        var workspace = Ids.Workspace();
        var message = new OutboxMessage
        {
            EventId = Guid.NewGuid(),
            Stream = StreamNames.BillingEvents,
            EventType = nameof(CreditsExhausted),
            Payload = JsonSerializer.Serialize(new CreditsExhausted(workspace, DateTimeOffset.UtcNow), JsonSerializerOptions.Web),
        };

        // The relay appended it, then died before marking the row sent; after the restart it sends it again.
        await transport.SendAsync(message, ct);
        await transport.SendAsync(message, ct);

        var entries = await host.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase().StreamRangeAsync(StreamNames.BillingEvents);
        Assert.Single(entries, e => ((string?)e["payload"])!.Contains(workspace, StringComparison.Ordinal));
    }
}
