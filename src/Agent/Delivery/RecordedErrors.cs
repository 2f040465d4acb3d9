using System.Globalization;
using Messaging.Channels;
using Messaging.Channels.Errors;
using Messaging.Channels.Inbound;
using Messaging.Contracts.Events;

namespace Agent.Delivery;

/// <summary>
/// A provider error as it is recorded, by a status callback or on a failed part (its numeric
/// code as text), classified the way a refused send is.
/// </summary>
internal static class RecordedErrors
{
    public static SendError Classify(ChannelProvider provider, string? code, string? title) =>
        SendErrorClassifier.FromProviderError(
            provider == ChannelProvider.Meta ? WhatsAppProvider.Meta : WhatsAppProvider.Twilio,
            new ProviderError(int.TryParse(code, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : null, title, title, null));
}
