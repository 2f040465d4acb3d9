using System.Diagnostics;

namespace Agent.Turns;

/// <summary>
/// The "Messaging.Agent" activity source. A turn runs later than the message that scheduled it,
/// from the scheduler's loop, so it continues that message's trace explicitly: one trace then
/// runs from the provider's webhook to the reply's send.
/// </summary>
public static class TurnTracing
{
    public const string SourceName = "Messaging.Agent";

    static readonly ActivitySource Source = new(SourceName);

    /// <summary>A "turn" span under <paramref name="traceParent"/> (the W3C id of the first message's activity), or a new trace without one.</summary>
    public static Activity? StartTurn(Guid conversationId, string? traceParent)
    {
        var activity = Source.StartActivity("turn", ActivityKind.Internal, traceParent);
        activity?.SetTag("messaging.conversation.id", conversationId);
        return activity;
    }
}
