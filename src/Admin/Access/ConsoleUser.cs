using Microsoft.AspNetCore.Identity;

namespace Admin.Access;

/// <summary>A person who signs in to the console; what they may see comes from their workspace memberships.</summary>
public sealed class ConsoleUser : IdentityUser<Guid>
{
    /// <summary>Shown to colleagues and stamped on the replies this person sends by hand.</summary>
    public required string DisplayName { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
