using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Sandbox.Storage;
using static Sandbox.Storage.BatchCommands;

namespace Sandbox.Conversations;

/// <summary>
/// What each simulated customer has seen and sent, and when they last wrote: the 24-hour
/// customer service window of both providers is measured from that time. Every change is in the
/// database before it is visible here; reads are served from memory.
/// </summary>
public sealed class ConversationStore(TimeProvider time, SandboxDb db)
{
    public static readonly TimeSpan CustomerServiceWindow = TimeSpan.FromHours(24);

    /// <summary>How much of a quoted message a reply shows.</summary>
    public const int PreviewLength = 80;

    readonly Dictionary<ConversationKey, Conversation> _conversations = [];
    readonly Lock _lock = new();
    readonly OrderedWrites _sequence = new(db.ExecuteAsync);

    /// <summary>Which conversation a message belongs to, so a read receipt finds it without a scan of every conversation.</summary>
    readonly Dictionary<string, ConversationKey> _byMessageId = [];

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var (conversations, messages) = await db.RunAsync(async context => (
            await context.Conversations.AsNoTracking().ToListAsync(cancellationToken),
            await context.Messages.AsNoTracking().OrderBy(m => m.Sequence).ToListAsync(cancellationToken)));
        lock (_lock)
        {
            foreach (var row in conversations)
            {
                Get(new ConversationKey(row.Provider, row.Business, row.Customer)).LastInboundAt = row.LastInboundAt;
            }

            foreach (var row in messages)
            {
                Get(new ConversationKey(row.Provider, row.Business, row.Customer)).Messages.Add(new ConversationMessage(
                    row.Sequence, row.MessageId, row.From, row.At, row.Kind, row.Text,
                    JsonSerializer.Deserialize<List<MessageOption>>(row.Options, JsonSerializerOptions.Web) ?? [],
                    row.MediaUrl, row.ReplyTo, row.Status) { ReplyToPreview = row.ReplyToPreview });
                _byMessageId[row.MessageId] = new ConversationKey(row.Provider, row.Business, row.Customer);
            }

            _sequence.Reset(messages.Count == 0 ? 0 : messages[^1].Sequence);
        }
    }

    public Task<ConversationMessage> AddCustomerMessageAsync(ConversationKey key, string messageId, string kind, string text, string? mediaUrl, string? replyTo) =>
        _sequence.WriteAsync(sequence =>
        {
            var now = time.GetUtcNow();
            var message = new ConversationMessage(sequence, messageId, "customer", now, kind, text, [], mediaUrl, replyTo, "received") { ReplyToPreview = Preview(key, replyTo) };
            return new OrderedWrite<ConversationMessage>([Insert(key, message), LastInbound(key, now)], () =>
            {
                lock (_lock)
                {
                    var conversation = Get(key);
                    conversation.LastInboundAt = now;
                    conversation.Messages.Add(message);
                    _byMessageId[message.MessageId] = key;
                }
            }, message);
        });

    public Task<ConversationMessage> AddBusinessMessageAsync(ConversationKey key, string messageId, string kind, string text, IReadOnlyList<MessageOption> options, string? mediaUrl, string? replyTo) =>
        _sequence.WriteAsync(sequence =>
        {
            var message = new ConversationMessage(sequence, messageId, "business", time.GetUtcNow(), kind, text, options, mediaUrl, replyTo, "accepted") { ReplyToPreview = Preview(key, replyTo) };
            return new OrderedWrite<ConversationMessage>([Insert(key, message)], () =>
            {
                lock (_lock)
                {
                    var conversation = Get(key);
                    conversation.TypingUntil = null;
                    conversation.Messages.Add(message);
                    _byMessageId[message.MessageId] = key;
                }
            }, message);
        });

    /// <summary>Moves a message to a new status; it appears again to pollers as a newer entry.</summary>
    public async Task SetStatusAsync(ConversationKey key, string messageId, string status)
    {
        bool known;
        lock (_lock)
        {
            known = Get(key).Messages.Exists(m => m.MessageId == messageId);
        }

        if (known)
        {
            await ChangeAsync(key, messageId, status);
        }
    }

    /// <summary>Marks a message a customer sent to this business as read; null when there is none.</summary>
    public async Task<ConversationKey?> MarkCustomerMessageReadAsync(string provider, string business, string messageId)
    {
        ConversationKey? found = null;
        lock (_lock)
        {
            if (_byMessageId.TryGetValue(messageId, out var key) && key.Provider == provider && key.Business == business
                && _conversations[key].Messages.Exists(m => m.MessageId == messageId && m.From == "customer"))
            {
                found = key;
            }
        }

        if (found is not null)
        {
            await ChangeAsync(found, messageId, "read");
        }

        return found;
    }

    public void ShowTyping(ConversationKey key, TimeSpan duration)
    {
        // The indicator lasts seconds: not worth keeping across a restart.
        lock (_lock)
        {
            Get(key).TypingUntil = time.GetUtcNow() + duration;
        }
    }

    public async Task SetLastInboundAsync(ConversationKey key, DateTimeOffset? at)
    {
        // PostgreSQL keeps instants: Npgsql takes them in UTC only.
        at = at?.ToUniversalTime();
        await db.ExecuteAsync([LastInbound(key, at)]);
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
            List<ConversationMessage> changed = [.. (conversation?.Messages ?? []).Where(m => m.Sequence > after).OrderBy(m => m.Sequence)];
            return new ConversationSnapshot(
                key.Provider,
                key.Business,
                key.Customer,
                conversation?.LastInboundAt,
                conversation?.LastInboundAt is { } last && now - last < CustomerServiceWindow,
                conversation?.TypingUntil > now,
                Math.Max(_sequence.Last, changed.Count == 0 ? 0 : changed[^1].Sequence),
                changed);
        }
    }

    public async Task ClearAsync()
    {
        await db.RunAsync(async context =>
        {
            await context.Messages.ExecuteDeleteAsync();
            await context.Conversations.ExecuteDeleteAsync();
        });
        lock (_lock)
        {
            _conversations.Clear();
            _byMessageId.Clear();
        }
    }

    Task<bool> ChangeAsync(ConversationKey key, string messageId, string status) =>
        _sequence.WriteAsync(sequence => new OrderedWrite<bool>(
            [Command("UPDATE sandbox.messages SET sequence = @sequence, status = @status WHERE message_id = @id",
                ("sequence", sequence), ("status", status), ("id", messageId))],
            () =>
            {
                lock (_lock)
                {
                    var messages = Get(key).Messages;
                    var index = messages.FindIndex(m => m.MessageId == messageId);
                    if (index >= 0)
                    {
                        messages[index] = messages[index] with { Sequence = sequence, Status = status };
                    }
                }
            },
            true));

    /// <summary>The start of the quoted message's text, as WhatsApp shows above a reply.</summary>
    string? Preview(ConversationKey key, string? replyTo)
    {
        if (replyTo is null)
        {
            return null;
        }

        lock (_lock)
        {
            var quoted = _conversations.GetValueOrDefault(key)?.Messages.Find(m => m.MessageId == replyTo);
            if (quoted is null)
            {
                return null;
            }

            var text = string.IsNullOrWhiteSpace(quoted.Text) ? $"[{quoted.Kind}]" : quoted.Text.ReplaceLineEndings(" ").Trim();
            return text.Length <= PreviewLength ? text : text[..(PreviewLength - 1)].TrimEnd() + "…";
        }
    }

    static NpgsqlBatchCommand Insert(ConversationKey key, ConversationMessage message) => Command("""
        INSERT INTO sandbox.messages (message_id, provider, business, customer, sequence, from_party, at, kind, text, options, media_url, reply_to, reply_to_preview, status)
        VALUES (@id, @provider, @business, @customer, @sequence, @from, @at, @kind, @text, @options, @media_url, @reply_to, @reply_to_preview, @status)
        """,
        ("id", message.MessageId), ("provider", key.Provider), ("business", key.Business), ("customer", key.Customer),
        ("sequence", message.Sequence), ("from", message.From), ("at", message.At), ("kind", message.Kind), ("text", message.Text),
        ("options", new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = JsonSerializer.Serialize(message.Options, JsonSerializerOptions.Web) }),
        ("media_url", message.MediaUrl), ("reply_to", message.ReplyTo), ("reply_to_preview", message.ReplyToPreview), ("status", message.Status));

    static NpgsqlBatchCommand LastInbound(ConversationKey key, DateTimeOffset? at) => Command("""
        INSERT INTO sandbox.conversations (provider, business, customer, last_inbound_at) VALUES (@provider, @business, @customer, @at)
        ON CONFLICT (provider, business, customer) DO UPDATE SET last_inbound_at = excluded.last_inbound_at
        """,
        ("provider", key.Provider), ("business", key.Business), ("customer", key.Customer),
        ("at", new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = (object?)at ?? DBNull.Value }));

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
