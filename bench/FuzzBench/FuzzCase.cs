namespace FuzzBench;

/// <summary>
/// One request of a fuzz run and what the product must do with it: the statuses it may answer
/// (0: the client itself broke the request off, so no answer can come), the customers that must
/// be answered exactly once (the valid messages in it), those that must never be answered, and
/// the provider message ids that must, or must not, be on <c>msg:inbound</c>.
/// </summary>
public sealed record FuzzCase(string Kind, bool Hostile, Func<HttpRequestMessage> Request, IReadOnlySet<int> Allowed)
{
    public IReadOnlyList<string> Answered { get; init; } = [];

    public IReadOnlyList<string> Unanswered { get; init; } = [];

    public IReadOnlyList<string> Accepted { get; init; } = [];

    public IReadOnlyList<string> Refused { get; init; } = [];
}
