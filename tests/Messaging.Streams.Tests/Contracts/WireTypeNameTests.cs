using Messaging.Contracts;
using Messaging.Contracts.Events;
using Messaging.Streams.Bus;

namespace Messaging.Streams.Tests.Contracts;

/// <summary>
/// What is on the streams is a contract with every running replica and every entry already
/// written: the wire names are pinned here, so a rename of a record cannot change them unnoticed.
/// </summary>
public sealed class WireTypeNameTests
{
    [Fact]
    public void Every_event_of_the_contracts_has_its_explicit_pinned_wire_name_and_version()
    {
        var events = typeof(IIntegrationEvent).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && t.IsAssignableTo(typeof(IIntegrationEvent)))
            .ToDictionary(t => t.Name, t => (EventSerializer.TypeName(t), Version(t)));

        Assert.Equal(new Dictionary<string, (string, int)>
        {
            [nameof(InboundMessageReceived)] = ("InboundMessageReceived", 1),
            [nameof(DeliveryStatusReported)] = ("DeliveryStatusReported", 1),
            [nameof(OutboundMessageRequested)] = ("OutboundMessageRequested", 1),
            [nameof(TurnCompleted)] = ("TurnCompleted", 1),
            [nameof(TurnReplyFailed)] = ("TurnReplyFailed", 1),
            [nameof(TenancyChanged)] = ("TenancyChanged", 1),
            [nameof(CreditsGranted)] = ("CreditsGranted", 1),
            [nameof(CreditsLow)] = ("CreditsLow", 1),
            [nameof(CreditsExhausted)] = ("CreditsExhausted", 1),
            [nameof(ChannelDisabled)] = ("ChannelDisabled", 1),
            [nameof(VerificationCodeCaptured)] = ("VerificationCodeCaptured", 1),
        }, events);
    }

    [Fact]
    public void A_record_without_an_explicit_wire_name_cannot_be_published()
    {
        var error = Assert.Throws<InvalidOperationException>(EventSerializer.TypeName<Unnamed>);
        Assert.Contains("[EventType", error.Message, StringComparison.Ordinal);
    }

    static int Version(Type type) =>
        (type.GetCustomAttributes(typeof(EventTypeAttribute), false).Single() as EventTypeAttribute)!.Version;

    sealed record Unnamed(string WorkspaceId) : IIntegrationEvent;
}
