namespace FuzzBench;

/// <summary>The answers a case may get.</summary>
public static class Statuses
{
    public static readonly IReadOnlySet<int> Ok = Of(200);
    public static readonly IReadOnlySet<int> BadRequest = Of(400);
    public static readonly IReadOnlySet<int> Forbidden = Of(403);
    public static readonly IReadOnlySet<int> TooLarge = Of(413);

    /// <summary>
    /// A body streamed past the limit: 413, or no answer when the sender is still writing as the server
    /// closes the connection whose body it will not read (the unread bytes make the close a reset, which
    /// can discard the 413 before the sender reads it; HTTP lets a server stop reading a body it refuses).
    /// </summary>
    public static readonly IReadOnlySet<int> TooLargeWhileStreaming = Of(413, 0);

    /// <summary>The client broke the request off: no answer can come.</summary>
    public static readonly IReadOnlySet<int> NoAnswer = Of(0);

    public static IReadOnlySet<int> Of(params int[] statuses) => statuses.ToHashSet();
}
