using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Agent.Tests.Infrastructure;

/// <summary>Billing's reservation endpoint with a credit balance per workspace (none: unlimited).</summary>
public sealed class FakeBilling
{
    readonly ConcurrentDictionary<string, int> _credits = new();
    readonly ConcurrentDictionary<string, string> _reservations = new();

    public void SetCredits(string workspaceId, int credits) => _credits[workspaceId] = credits;

    public bool IsReserved(string turnId) => _reservations.ContainsKey(turnId);

    public HttpMessageHandler CreateHandler() => new Handler(this);

    async Task<HttpResponseMessage> AnswerAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken))!;
        var workspaceId = body["workspaceId"]!.GetValue<string>();
        var turnId = body["turnId"]!.GetValue<string>();
        string outcome;
        lock (_reservations)
        {
            if (_reservations.ContainsKey(turnId))
            {
                outcome = "alreadyReserved";
            }
            else if (_credits.TryGetValue(workspaceId, out var credits) && credits <= 0)
            {
                outcome = "insufficientCredits";
            }
            else
            {
                _credits.AddOrUpdate(workspaceId, int.MaxValue, (_, c) => c - 1);
                _reservations[turnId] = workspaceId;
                outcome = "reserved";
            }
        }
        return new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StringContent($$"""{"outcome":"{{outcome}}","turnId":"{{turnId}}","workspaceId":"{{workspaceId}}","credits":1}""", Encoding.UTF8, "application/json"),
        };
    }

    sealed class Handler(FakeBilling billing) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            billing.AnswerAsync(request, cancellationToken);
    }
}

/// <summary>Admin's channel health endpoint: records what the agent reported.</summary>
public sealed class FakeAdmin
{
    readonly ConcurrentQueue<(string Path, JsonNode Body)> _reports = new();

    public IReadOnlyList<(string Path, JsonNode Body)> Reports => _reports.ToArray();

    public HttpMessageHandler CreateHandler() => new Handler(this);

    sealed class Handler(FakeAdmin admin) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            admin._reports.Enqueue((request.RequestUri!.AbsolutePath, JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken))!));
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        }
    }
}
