namespace Billing.Data;

/// <summary>A workspace's credits; <see cref="Available"/> excludes the <see cref="Reserved"/> ones.</summary>
public sealed class Balance
{
    public required string WorkspaceId { get; init; }
    public long Available { get; set; }
    public long Reserved { get; set; }

    /// <summary>Null: the configured default applies.</summary>
    public long? LowThreshold { get; set; }
    public bool LowNotified { get; set; }
    public bool ExhaustedNotified { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
