namespace Messaging.Streams.Consumers;

/// <summary>How a consumer group's hosted consumer reads, retries and stops.</summary>
public class ConsumerOptions
{
    /// <summary>Entries handled at the same time (also the most entries read and not yet acknowledged).</summary>
    public int MaxConcurrency { get; set; } = 16;

    /// <summary>How long one XREADGROUP waits for new entries before asking again.</summary>
    public TimeSpan ReadBlock { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>An entry pending longer than this without progress is taken over by a live consumer.</summary>
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Deliveries before an entry that keeps failing moves to the dead-letter stream (1 to 100).</summary>
    public int MaxDeliveries { get; set; } = 5;

    /// <summary>On stop, how long in-flight handlers may finish; after that they are cancelled and their entries stay pending.</summary>
    /// <remarks>
    /// Short, because a stop is a user waiting (Ctrl+C, a rolling update) and an unfinished entry
    /// loses nothing: it stays pending and a live consumer reclaims it after the visibility timeout.
    /// </remarks>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>This process's name in the group; unique by default (machine, process, random).</summary>
    public string? ConsumerName { get; set; }

    /// <summary>A group created by this consumer starts at the stream's first entry (true) or at its end.</summary>
    public bool NewGroupReadsHistory { get; set; } = true;

    internal TimeSpan ReclaimInterval => TimeSpan.FromTicks(Math.Max(VisibilityTimeout.Ticks / 3, TimeSpan.TicksPerMillisecond * 50));

    internal void CopyTo(ConsumerOptions target)
    {
        target.MaxConcurrency = MaxConcurrency;
        target.ReadBlock = ReadBlock;
        target.VisibilityTimeout = VisibilityTimeout;
        target.MaxDeliveries = MaxDeliveries;
        target.ShutdownTimeout = ShutdownTimeout;
        target.ConsumerName = ConsumerName;
        target.NewGroupReadsHistory = NewGroupReadsHistory;
    }

    /// <summary>What is wrong with these settings; empty when they are usable.</summary>
    public IEnumerable<string> Validate()
    {
        if (MaxConcurrency is < 1 or > 1024)
        {
            yield return $"MaxConcurrency must be from 1 to 1024 (was {MaxConcurrency}).";
        }
        if (ReadBlock <= TimeSpan.Zero || ReadBlock > TimeSpan.FromMinutes(1))
        {
            yield return $"ReadBlock must be more than 0 and at most 1 minute (was {ReadBlock}).";
        }
        if (VisibilityTimeout <= TimeSpan.Zero)
        {
            yield return $"VisibilityTimeout must be more than 0 (was {VisibilityTimeout}).";
        }
        if (MaxDeliveries is < 1 or > 100)
        {
            yield return $"MaxDeliveries must be from 1 to 100 (was {MaxDeliveries}).";
        }
        if (ShutdownTimeout < TimeSpan.Zero)
        {
            yield return $"ShutdownTimeout must not be negative (was {ShutdownTimeout}).";
        }
    }
}

/// <summary>Consumer settings for one event type, with its ordering key.</summary>
public sealed class ConsumerOptions<TEvent> : ConsumerOptions
{
    /// <summary>
    /// Entries with the same key (e.g. a conversation id) are handled one at a time, in the
    /// order they were delivered; different keys run in parallel. Null key: no ordering.
    /// </summary>
    public Func<TEvent, string?>? OrderBy { get; set; }
}
