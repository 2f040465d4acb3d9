using Billing.Data;

namespace Billing.Outbox;

/// <summary>Appends one outbox event to its stream (XADD); throws when it could not.</summary>
public interface IOutboxTransport
{
    Task SendAsync(OutboxMessage message, CancellationToken cancellationToken);
}
