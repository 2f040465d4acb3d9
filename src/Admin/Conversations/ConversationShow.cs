namespace Admin.Conversations;

/// <summary>The conversation list's "show" filter, next to state, channel and search.</summary>
public static class ConversationShow
{
    /// <summary>Conversations whose customer's last message got no reply, with the reason.</summary>
    public const string Unanswered = "unanswered";

    /// <summary>Contacts who asked for no automated messages.</summary>
    public const string OptedOut = "opted_out";
}
