using System.Collections.Concurrent;
using System.Diagnostics;
using Agent.Conversations;
using Agent.Tests.Infrastructure;
using Messaging.Tenancy.Model;
using Messaging.Contracts;
using Messaging.Contracts.Events;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using StackExchange.Redis;

namespace Agent.Tests.Turns;

/// <summary>
/// The PostgreSQL commands a canned reply to a new customer costs, from the inbound event to the
/// turn completed after delivery: each command is one round trip (a transaction's BEGIN goes
/// with its first command; its COMMIT is one more, counted apart). Commands are told from other
/// tests' by the trace the message started, which the turn and its delivery continue.
/// </summary>
public sealed class CannedTurnRoundTripTests(AgentHost host)
{
    /// <summary>What src/Agent/README.md states; lower it when a round trip goes, never raise it without saying why there.</summary>
    const int ExpectedCommands = 9;

    [Fact]
    public async Task A_canned_reply_to_a_new_customer_costs_the_stated_number_of_database_commands()
    {
        var ct = TestContext.Current.CancellationToken;
        var workspace = FakeTenancy.Workspace([FakeTenancy.Keyword("Hours", "We open at 9.", KeywordMode.WholeWord, "open")]);
        // The first turn of a workspace fills its caches (policy, tenancy): measure the second.
        var warmUp = Scenario.Create(host, workspace);
        await warmUp.SendAsync("when do you open?");
        await warmUp.WaitForSendsAsync(1);

        var measured = Scenario.Create(host, workspace);
        // An idle pool connection the pool closed, or one another test holds, makes the turn open
        // a new one: start from an empty pool so that case is always part of the count.
        host.Services.GetRequiredService<NpgsqlDataSource>().Clear();
        using var commands = new CommandRecorder();
        using (var test = CommandRecorder.Source.StartActivity("canned turn"))
        {
            commands.Trace = test!.TraceId;
            await measured.SendAsync("are you open today?");
        }
        var turn = await Eventually.ReturnsAsync(async () =>
            {
                await using var db = host.CreateDbContext();
                var conversation = await db.Conversations.AsNoTracking()
                    .Where(c => c.ChannelId == measured.ChannelId && c.Contact!.Phone == measured.Customer)
                    .Select(c => (Guid?)c.Id).SingleOrDefaultAsync(ct);
                return await db.Turns.AsNoTracking().SingleOrDefaultAsync(t => t.ConversationId == conversation, ct);
            },
            turn => turn is { State: TurnStates.Completed },
            "the measured turn completed");
        await host.WaitUntilHandledAsync(StreamNames.Outbound, ConsumerGroups.Delivery, await OutboundEntryAsync(turn!.Id));

        Assert.Equal(TurnOutcomes.Replied, turn.Outcome);
        var statements = commands.Statements;
        Assert.True(statements.Count == ExpectedCommands,
            $"{statements.Count} commands instead of {ExpectedCommands}:\n" + string.Join("\n", statements));
    }

    [Fact]
    public async Task A_status_that_moves_the_reply_forward_costs_one_command_with_its_timeline_step()
    {
        var ct = TestContext.Current.CancellationToken;
        var scenario = Scenario.Create(host, FakeTenancy.Workspace([FakeTenancy.Keyword("Hours", "We open at 9.", KeywordMode.WholeWord, "open")]));
        await scenario.SendAsync("when do you open?");
        var reply = Assert.Single(await scenario.WaitForSendsAsync(1));
        var turn = Assert.Single(await scenario.WaitForTurnsAsync(1));

        using var commands = new CommandRecorder();
        string delivered;
        using (var test = CommandRecorder.Source.StartActivity("delivered status"))
        {
            commands.Trace = test!.TraceId;
            delivered = await ReportAsync(scenario, reply.MessageId!, "delivered");
        }
        await host.WaitUntilHandledAsync(StreamNames.Status, ConsumerGroups.Agent, delivered);
        var again = await ReportAsync(scenario, reply.MessageId!, "delivered");
        await host.WaitUntilHandledAsync(StreamNames.Status, ConsumerGroups.Agent, again);

        Assert.True(commands.Statements.Count == 1, $"{commands.Statements.Count} commands instead of 1:\n" + string.Join("\n", commands.Statements));
        Assert.Single(await scenario.TimelineAsync(turn.Id), step => step.Kind == TurnEventKinds.Delivered);
        await using var db = host.CreateDbContext();
        Assert.Equal(DeliveryStates.Delivered, (await db.Messages.AsNoTracking().SingleAsync(m => m.ProviderMessageId == reply.MessageId, ct)).DeliveryState);
    }

    Task<string> ReportAsync(Scenario scenario, string messageId, string status) =>
        host.PublishAsync(StreamNames.Status, new DeliveryStatusReported(scenario.WorkspaceId, scenario.ChannelId, ChannelProvider.Meta, messageId,
            scenario.Customer, status, null, null, DateTimeOffset.UtcNow));

    async Task<string> OutboundEntryAsync(string turnId)
    {
        var database = host.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        return await Eventually.ReturnsAsync(async () =>
            {
                var entries = await database.StreamRangeAsync(StreamNames.Outbound, count: 200, messageOrder: Order.Descending);
                return entries.FirstOrDefault(e => e.Values.Any(v => v.Value.ToString().Contains(turnId, StringComparison.Ordinal))).Id.ToString();
            },
            id => !string.IsNullOrEmpty(id),
            $"the reply of {turnId} on {StreamNames.Outbound}");
    }

    /// <summary>Npgsql's command spans (one per command or batch sent) of one trace.</summary>
    sealed class CommandRecorder : IDisposable
    {
        public static readonly ActivitySource Source = new("Agent.Tests.RoundTrips");

        readonly ActivityListener _listener;
        readonly ConcurrentQueue<string> _statements = new();

        public CommandRecorder()
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = _ => true,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = activity =>
                {
                    // A physical connection the pool opens is traced too (a CONNECT span without
                    // query text): it is the pool growing, not a round trip the turn asked for.
                    var text = activity.GetTagItem("db.query.text") ?? activity.GetTagItem("db.statement");
                    if (activity.Source.Name == "Npgsql" && activity.TraceId == Trace && text is not null)
                        _statements.Enqueue(Flatten(text.ToString()!));
                },
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public ActivityTraceId Trace { get; set; }

        public IReadOnlyList<string> Statements => [.. _statements];

        static string Flatten(string sql)
        {
            var line = string.Join(' ', sql.Split(['\n', '\r', ' '], StringSplitOptions.RemoveEmptyEntries));
            return line.Length <= 160 ? line : line[..160] + "…";
        }

        public void Dispose() => _listener.Dispose();
    }
}
