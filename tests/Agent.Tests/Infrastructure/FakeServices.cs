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
    readonly ConcurrentDictionary<string, ReservationHold> _holds = new();
    readonly ConcurrentDictionary<string, BillingOutage> _outages = new();

    public void SetCredits(string workspaceId, int credits) => _credits[workspaceId] = credits;

    /// <summary>Reservations of the workspace wait until the hold is released; the hold counts how many wait at once.</summary>
    public ReservationHold Hold(string workspaceId) => _holds[workspaceId] = new ReservationHold();

    /// <summary>Reservations of the workspace are answered 503, as by a Billing that is restarting, until the outage ends.</summary>
    public BillingOutage Down(string workspaceId) => _outages[workspaceId] = new BillingOutage();

    public bool IsReserved(string turnId) => _reservations.ContainsKey(turnId);

    public HttpMessageHandler CreateHandler() => new Handler(this);

    async Task<HttpResponseMessage> AnswerAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken))!;
        var workspaceId = body["workspaceId"]!.GetValue<string>();
        var turnId = body["turnId"]!.GetValue<string>();
        if (_outages.TryGetValue(workspaceId, out var outage) && outage.Refuses())
        {
            return new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        }
        if (_holds.TryGetValue(workspaceId, out var hold))
        {
            await hold.WaitAsync(cancellationToken);
        }
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

/// <summary>Billing unavailable to a workspace until <see cref="End"/>; counts the reservations it refused.</summary>
public sealed class BillingOutage
{
    int _refused;
    volatile bool _ended;

    public int Refused => Volatile.Read(ref _refused);

    public void End() => _ended = true;

    internal bool Refuses()
    {
        if (_ended)
        {
            return false;
        }
        Interlocked.Increment(ref _refused);
        return true;
    }
}

/// <summary>Reservations held back until <see cref="Release"/>: how many turns wait on Billing at the same time.</summary>
public sealed class ReservationHold
{
    readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    int _waiting;

    public int Waiting => Volatile.Read(ref _waiting);

    public void Release() => _released.TrySetResult();

    internal async Task WaitAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _waiting);
        try
        {
            await _released.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }
}

/// <summary>
/// Admin's channel health and persona endpoints: records what the agent reported (with the
/// If-Match it sent) and serves the personas a test saved.
/// </summary>
public sealed class FakeAdmin
{
    readonly ConcurrentQueue<(string Path, JsonNode Body, string? IfMatch)> _reports = new();
    readonly ConcurrentDictionary<string, (string Prompt, string Status, string? Reason, long Version)> _personas = new();

    public IReadOnlyList<(string Path, JsonNode Body, string? IfMatch)> Reports => _reports.ToArray();

    /// <param name="reason">A pending persona's reason: set when a review left it pending.</param>
    public void SavePersona(string workspaceId, string prompt, long version, string? reason = null) => _personas[workspaceId] = (prompt, "pending", reason, version);

    public HttpMessageHandler CreateHandler() => new Handler(this);

    sealed class Handler(FakeAdmin admin) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var path = request.RequestUri!.AbsolutePath;
            if (request.Method == HttpMethod.Get)
            {
                var workspaceId = path.Split('/')[^2];
                return admin._personas.TryGetValue(workspaceId, out var persona)
                    ? new HttpResponseMessage(HttpStatusCode.OK)
                    {
                        Content = new StringContent(new JsonObject { ["prompt"] = persona.Prompt, ["safetyStatus"] = persona.Status, ["safetyReason"] = persona.Reason, ["version"] = persona.Version }.ToJsonString(), Encoding.UTF8, "application/json"),
                    }
                    : new HttpResponseMessage(HttpStatusCode.NotFound);
            }
            var ifMatch = request.Headers.TryGetValues("If-Match", out var values) ? values.Single() : null;
            admin._reports.Enqueue((path, JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken))!, ifMatch));
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        }
    }
}
