namespace Sandbox.Conversations;

/// <summary>
/// What each simulated customer has seen and sent, and when they last wrote: the 24-hour
/// customer service window of both providers is measured from that time.
/// </summary>
public sealed class ConversationStore(TimeProvider time)
{
    public static readonly TimeSpan CustomerServiceWindow = TimeSpan.FromHours(24);

    readonly Dictionary<ConversationKey, Conversation> _conversations = [];
    readonly Lock _lock = new();
    long _lastSequence;

    public ConversationMessage AddCustomerMessage(ConversationKey key, string messageId, string kind, string text, string? mediaUrl, string? replyTo)
    {
        lock (_lock)
        {
            var conversation = Get(key);
            var now = time.GetUtcNow();
            conversation.LastInboundAt = now;
            var message = new ConversationMessage(++_lastSequence, messageId, "customer", now, kind, text, [], mediaUrl, replyTo, "received");
            conversation.Messages.Add(message);
            return message;
        }
    }

    public ConversationMessage AddBusinessMessage(ConversationKey key, string messageId, string kind, string text, IReadOnlyList<MessageOption> options, string? mediaUrl, string? replyTo)
    {
        lock (_lock)
        {
            var conversation = Get(key);
            conversation.TypingUntil = null;
            var message = new ConversationMessage(++_lastSequence, messageId, "business", time.GetUtcNow(), kind, text, options, mediaUrl, replyTo, "accepted");
            conversation.Messages.Add(message);
            return message;
        }
    }

    /// <summary>Moves a message to a new status; it appears again to pollers as a newer entry.</summary>
    public void SetStatus(ConversationKey key, string messageId, string status)
    {
        lock (_lock)
        {
            var messages = Get(key).Messages;
            var index = messages.FindIndex(m => m.MessageId == messageId);
            if (index >= 0)
            {
                messages[index] = messages[index] with { Sequence = ++_lastSequence, Status = status };
            }
        }
    }

    /// <summary>Marks a message a customer sent to this business as read; null when there is none.</summary>
    public ConversationKey? MarkCustomerMessageRead(string provider, string business, string messageId)
    {
        lock (_lock)
        {
            foreach (var (key, conversation) in _conversations)
            {
                if (key.Provider != provider || key.Business != business)
                {
                    continue;
                }

                var index = conversation.Messages.FindIndex(m => m.MessageId == messageId && m.From == "customer");
                if (index >= 0)
                {
                    conversation.Messages[index] = conversation.Messages[index] with { Sequence = ++_lastSequence, Status = "read" };
                    return key;
                }
            }

            return null;
        }
    }

    public void ShowTyping(ConversationKey key, TimeSpan duration)
    {
        lock (_lock)
        {
            Get(key).TypingUntil = time.GetUtcNow() + duration;
        }
    }

    public void SetLastInbound(ConversationKey key, DateTimeOffset? at)
    {
        lock (_lock)
        {
            Get(key).LastInboundAt = at;
        }
    }

    public bool IsWindowOpen(ConversationKey key)
    {
        lock (_lock)
        {
            return _conversations.TryGetValue(key, out var conversation)
                && conversation.LastInboundAt is { } last
                && time.GetUtcNow() - last < CustomerServiceWindow;
        }
    }

    public ConversationSnapshot Snapshot(ConversationKey key, long after)
    {
        lock (_lock)
        {
            var conversation = _conversations.GetValueOrDefault(key);
            var now = time.GetUtcNow();
            return new ConversationSnapshot(
                key.Provider,
                key.Business,
                key.Customer,
                conversation?.LastInboundAt,
                conversation?.LastInboundAt is { } last && now - last < CustomerServiceWindow,
                conversation?.TypingUntil > now,
                _lastSequence,
                [.. (conversation?.Messages ?? []).Where(m => m.Sequence > after).OrderBy(m => m.Sequence)]);
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _conversations.Clear();
        }
    }

    Conversation Get(ConversationKey key)
    {
        if (!_conversations.TryGetValue(key, out var conversation))
        {
            conversation = new Conversation();
            _conversations[key] = conversation;
        }

        return conversation;
    }

    sealed class Conversation
    {
        public DateTimeOffset? LastInboundAt { get; set; }

        public DateTimeOffset? TypingUntil { get; set; }

        public List<ConversationMessage> Messages { get; } = [];
    }
}

/// <param name="Cursor">Pass it back as <c>after</c> to receive only what changed since.</param>
public sealed record ConversationSnapshot(
    string Provider,
    string Business,
    string Customer,
    DateTimeOffset? LastInboundAt,
    bool WindowOpen,
    bool Typing,
    long Cursor,
    IReadOnlyList<ConversationMessage> Messages);
