namespace FuzzBench;

/// <summary>The answers a case may get.</summary>
public static class Statuses
{
    public static readonly IReadOnlySet<int> Ok = Of(200);
    public static readonly IReadOnlySet<int> BadRequest = Of(400);
    public static readonly IReadOnlySet<int> Forbidden = Of(403);
    public static readonly IReadOnlySet<int> TooLarge = Of(413);

    /// <summary>The client broke the request off: no answer can come.</summary>
    public static readonly IReadOnlySet<int> NoAnswer = Of(0);

    public static IReadOnlySet<int> Of(params int[] statuses) => statuses.ToHashSet();
}
