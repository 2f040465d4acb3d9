namespace Admin.Conversations;

/// <summary>WhatsApp's customer-service window: free text only within 24 hours of the customer's last message.</summary>
public static class CustomerWindow
{
    public static readonly TimeSpan Length = TimeSpan.FromHours(24);

    public static bool IsOpen(DateTimeOffset? lastInboundAt, DateTimeOffset now) => lastInboundAt is { } last && now - last < Length;

    public static TimeSpan? Remaining(DateTimeOffset? lastInboundAt, DateTimeOffset now) =>
        IsOpen(lastInboundAt, now) ? lastInboundAt!.Value + Length - now : null;
}
