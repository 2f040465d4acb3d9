namespace Agent.Ai.Tools;

/// <summary>
/// The effects tools have on the conversation, implemented by the conversation store: the
/// generator calls them while the model runs, within the turn that owns the conversation.
/// </summary>
public interface IConversationActions
{
    /// <summary>Saves the contact's lead fields (capture_lead). The email is already validated.</summary>
    Task CaptureLeadAsync(LeadDetails lead, CancellationToken cancellationToken);

    /// <summary>Moves the conversation to needs_human and notifies operators (request_human).</summary>
    Task RequestHumanAsync(string reason, CancellationToken cancellationToken);
}

/// <summary>What capture_lead learned about the contact; <see cref="Email"/> is a valid address.</summary>
public sealed record LeadDetails(string Email, string? Name, string? Interest);
