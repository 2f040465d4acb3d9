namespace Messaging.Channels.Sending;

/// <summary>
/// A provider request this deployment refused to make, because it may not reach that URL: nothing
/// was sent, and sending again cannot change it, so a send refused this way fails at once
/// (<see cref="Errors.SendErrorClassifier.FromException"/>) instead of being retried.
/// </summary>
public class RequestRefusedException(string message) : HttpRequestException(message);
