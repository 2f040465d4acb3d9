namespace Messaging.Streams.Commands;

/// <summary>When SET writes: always, only when the key is absent (NX), or only when present (XX).</summary>
public enum SetCondition
{
    Always,
    NotExists,
    Exists,
}
