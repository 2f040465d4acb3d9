using Messaging.Channels.Errors;

namespace Messaging.Channels.Sending;

/// <summary>
/// The answer to "do these credentials work?": the name the provider knows the number or
/// account by, or the classified error.
/// </summary>
public sealed record CredentialCheck(string? DisplayName, string? Detail, SendError? Error)
{
    public bool Succeeded => Error is null;
}
