using Messaging.Channels.Inbound;
using Microsoft.Extensions.Options;

namespace Sandbox.Calls;

/// <summary>Every call the sandbox served or made, newest last, bounded in size.</summary>
public sealed class CallLog(IOptions<SandboxOptions> options, TimeProvider time)
{
    readonly LinkedList<CallRecord> _calls = new();
    readonly Lock _lock = new();
    readonly int _capacity = options.Value.MaxRecordedCalls;
    long _lastId;

    public CallRecord Record(CallRecord call)
    {
        lock (_lock)
        {
            var recorded = call with { Id = ++_lastId, At = time.GetUtcNow() };
            _calls.AddLast(recorded);
            while (_calls.Count > _capacity)
            {
                _calls.RemoveFirst();
            }

            return recorded;
        }
    }

    public IReadOnlyList<CallRecord> Query(CallQuery query)
    {
        lock (_lock)
        {
            return [.. _calls.Where(query.Matches).TakeLast(query.Limit)];
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _calls.Clear();
        }
    }
}

/// <summary>Filters of <c>GET /sandbox/api/calls</c>; every one is optional.</summary>
/// <param name="Phone">Matches the business number (Meta id or Twilio sender) or the customer, by digits.</param>
/// <param name="After">Only calls with a greater id, for polling.</param>
public sealed record CallQuery(string? Provider, string? Phone, string? Kind, string? Direction, string? MessageId, long After, int Limit)
{
    public bool Matches(CallRecord call) =>
        call.Id > After
        && (Provider is null || string.Equals(call.Provider, Provider, StringComparison.OrdinalIgnoreCase))
        && (Kind is null || string.Equals(call.Kind, Kind, StringComparison.OrdinalIgnoreCase))
        && (Direction is null || string.Equals(call.Direction, Direction, StringComparison.OrdinalIgnoreCase))
        && (MessageId is null || call.MessageId == MessageId)
        && (Phone is null || SamePhone(call.BusinessNumber, Phone) || SamePhone(call.CustomerNumber, Phone));

    static bool SamePhone(string? recorded, string wanted) =>
        recorded is not null && PhoneNumbers.Digits(recorded) == PhoneNumbers.Digits(wanted) && PhoneNumbers.Digits(wanted).Length > 0;
}
