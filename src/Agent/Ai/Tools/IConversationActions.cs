namespace Agent.Ai.Tools;

/// <summary>
/// The effects tools have on the conversation, implemented by the conversation store: the
/// kernel calls them while the model runs, within the turn that owns the conversation.
/// </summary>
public interface IConversationActions
{
    /// <summary>
    /// Saves the lead (capture_lead): one record per person (email) and interest, the contact's
    /// latest lead fields updated too. True when a new record was created. The email is already validated.
    /// </summary>
    Task<bool> CaptureLeadAsync(LeadDetails lead, CancellationToken cancellationToken);

    /// <summary>Moves the conversation to needs_human and notifies operators (request_human).</summary>
    Task RequestHumanAsync(string reason, CancellationToken cancellationToken);
}

/// <summary>What capture_lead learned about the contact; <see cref="Email"/> is a valid address.</summary>
public sealed record LeadDetails(string Email, string? Name, string? Interest);
