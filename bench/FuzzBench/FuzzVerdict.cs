namespace FuzzBench;

/// <summary>
/// Everything a run must have done: each request answered as its case allows, never a 5xx,
/// no answer showing internals; each valid message on <c>msg:inbound</c> and answered exactly once,
/// nothing refused there or answered; plus what the streams and services say afterwards.
/// </summary>
public static class FuzzVerdict
{
    /// <summary>What would show the product's insides: a stack trace, type names, internal addresses.</summary>
    static readonly string[] Internals = ["   at ", "Exception", "System.", ".cs:line", "Npgsql", "StackExchange", "localhost", "127.0.0.1", "http://", "Host:", "ingest:", "/tmp/", "/home/", "/work/"];

    public static IReadOnlyList<string> Check(FuzzRun run, IReadOnlyDictionary<string, int> inbound)
    {
        var violations = new List<string>();
        void Add(string text) => violations.Add($"{run.Name}: {text}");
        foreach (var (@case, sent) in run.Requests)
        {
            var what = $"#{sent.Index} ({@case.Kind})";
            run.Bodies.TryGetValue(sent.Index, out var body);
            if (!@case.Allowed.Contains(sent.Status))
            {
                Add($"{what} answered {(sent.Status == 0 ? "nothing: " + sent.Error : sent.Status.ToString(System.Globalization.CultureInfo.InvariantCulture))}, expected {string.Join(" or ", @case.Allowed.Order())}{(body is { Length: > 0 } ? ": " + Shorten(body) : "")}");
            }
            if (body is not null && Internals.FirstOrDefault(i => body.Contains(i, StringComparison.Ordinal)) is { } leak)
            {
                Add($"{what} answer shows internals ('{leak}'): {Shorten(body)}");
            }
            foreach (var customer in @case.Answered)
            {
                var replies = run.Replies.To(customer).Count;
                if (replies != 1)
                {
                    Add($"{what}: valid customer {customer} answered {replies} times");
                }
            }
            foreach (var customer in @case.Unanswered.Where(c => run.Replies.To(c).Count > 0))
            {
                Add($"{what}: customer {customer}, whose message must be refused, was answered");
            }
            foreach (var id in @case.Accepted.Where(id => inbound.GetValueOrDefault(id) != 1))
            {
                Add($"{what}: valid message {id} is on msg:inbound {inbound.GetValueOrDefault(id)} times");
            }
            foreach (var id in @case.Refused.Where(inbound.ContainsKey))
            {
                Add($"{what}: message {id}, which must be refused, is on msg:inbound");
            }
        }
        return violations;
    }

    static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "...";
}
