namespace Messaging.Contracts;

/// <summary>The streams of DESIGN.md's pipeline; dead letters go to <c>{stream}:dead</c>.</summary>
public static class StreamNames
{
    public const string Inbound = "msg:inbound";
    public const string Status = "msg:status";
    public const string Outbound = "msg:outbound";
    public const string TurnCompleted = "turn:completed";
    public const string TenancyChanged = "tenancy:changed";
    public const string BillingEvents = "billing:events";

    public const string DeadLetterSuffix = ":dead";

    public static string DeadLetter(string stream) => stream + DeadLetterSuffix;
}

/// <summary>Consumer group names, one per consuming role.</summary>
public static class ConsumerGroups
{
    public const string Agent = "agent";
    public const string Delivery = "delivery";
    public const string Billing = "billing";
    public const string Admin = "admin";
    public const string Ingest = "ingest";
}
