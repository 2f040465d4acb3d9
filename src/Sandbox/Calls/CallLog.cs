using Messaging.Channels.Inbound;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using Sandbox.Storage;
using static Sandbox.Storage.BatchCommands;

namespace Sandbox.Calls;

/// <summary>
/// Every call the sandbox served or made, newest last, bounded in size: in the database before
/// it is visible to queries, which memory serves.
/// </summary>
public sealed class CallLog(IOptions<SandboxOptions> options, TimeProvider time, SandboxDb db)
{
    /// <summary>Rows beyond the capacity are deleted every this many calls, not on each one.</summary>
    const int PruneEvery = 256;

    readonly LinkedList<CallRecord> _calls = new();
    readonly Lock _lock = new();
    readonly int _capacity = options.Value.MaxRecordedCalls;
    readonly OrderedWrites _ids = new(db.ExecuteAsync);

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var rows = await db.RunAsync(context => context.Calls.AsNoTracking().OrderByDescending(c => c.Id).Take(_capacity).ToListAsync(cancellationToken));
        lock (_lock)
        {
            _calls.Clear();
            foreach (var row in rows.OrderBy(r => r.Id))
            {
                _calls.AddLast(new CallRecord(
                    row.Id, row.At, row.Provider, row.Direction, row.Kind, row.Method, row.Url, row.BusinessNumber, row.CustomerNumber,
                    row.MessageId, row.Auth, row.RequestBody, row.ResponseStatus, row.ResponseBody, row.Error) { UserAgent = row.UserAgent });
            }
        }

        _ids.Reset(rows.Count == 0 ? 0 : rows[0].Id);
    }

    public Task<CallRecord> RecordAsync(CallRecord call) =>
        _ids.WriteAsync(id =>
        {
            var recorded = call with { Id = id, At = time.GetUtcNow() };
            List<NpgsqlBatchCommand> commands = [Insert(recorded)];
            if (recorded.Id % PruneEvery == 0)
            {
                commands.Add(Command("DELETE FROM sandbox.calls WHERE id <= @id", ("id", recorded.Id - _capacity)));
            }
            return new OrderedWrite<CallRecord>(commands, () =>
            {
                lock (_lock)
                {
                    _calls.AddLast(recorded);
                    while (_calls.Count > _capacity)
                    {
                        _calls.RemoveFirst();
                    }
                }
            }, recorded);
        });

    public IReadOnlyList<CallRecord> Query(CallQuery query)
    {
        lock (_lock)
        {
            return [.. _calls.Where(query.Matches).TakeLast(query.Limit)];
        }
    }

    public async Task ClearAsync()
    {
        await db.RunAsync(context => context.Calls.ExecuteDeleteAsync());
        lock (_lock)
        {
            _calls.Clear();
        }
    }

    static NpgsqlBatchCommand Insert(CallRecord call) => Command("""
        INSERT INTO sandbox.calls (id, at, provider, direction, kind, method, url, business_number, customer_number, message_id, auth,
                                   request_body, response_status, response_body, error, user_agent)
        VALUES (@id, @at, @provider, @direction, @kind, @method, @url, @business_number, @customer_number, @message_id, @auth,
                @request_body, @response_status, @response_body, @error, @user_agent)
        """,
        ("id", call.Id), ("at", call.At), ("provider", call.Provider), ("direction", call.Direction), ("kind", call.Kind),
        ("method", call.Method), ("url", call.Url), ("business_number", call.BusinessNumber), ("customer_number", call.CustomerNumber),
        ("message_id", call.MessageId), ("auth", call.Auth), ("request_body", call.RequestBody), ("response_status", call.ResponseStatus),
        ("response_body", call.ResponseBody), ("error", call.Error), ("user_agent", call.UserAgent));
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
