using Npgsql;
using Sandbox.Storage;

namespace Sandbox.Tests.Storage;

/// <summary>The stores' writes: in the order they were numbered, and those that queue behind a write in one round trip.</summary>
public sealed class OrderedWritesTests
{
    [Fact]
    public async Task Changes_that_arrive_during_a_write_go_together_in_the_next_round_trip_numbered_in_their_order()
    {
        var database = new HeldDatabase();
        var writes = new OrderedWrites(database.ExecuteAsync);
        var applied = new List<long>();

        var first = Write(writes, "first", applied);
        await database.FirstStarted.Task.WaitAsync(TestContext.Current.CancellationToken);
        var queued = Enumerable.Range(1, 10).Select(i => Write(writes, $"change {i}", applied)).ToList();
        Assert.Equal(0, writes.Last);
        database.Release.SetResult();
        var numbers = await Task.WhenAll([first, .. queued]);

        Assert.Equal(Enumerable.Range(1, 11).Select(i => (long)i), numbers);
        Assert.Equal(numbers, applied);
        Assert.Equal(11, writes.Last);
        List<List<string>> expected = [["first"], [.. Enumerable.Range(1, 10).Select(i => $"change {i}")]];
        Assert.Equal(expected, database.RoundTrips);
    }

    [Fact]
    public async Task A_change_the_database_refuses_fails_alone_and_uses_up_no_number()
    {
        var database = new HeldDatabase { Refused = "bad" };
        var writes = new OrderedWrites(database.ExecuteAsync);
        var applied = new List<long>();

        var first = Write(writes, "first", applied);
        await database.FirstStarted.Task.WaitAsync(TestContext.Current.CancellationToken);
        var before = Write(writes, "before", applied);
        var bad = Write(writes, "bad", applied);
        var after = Write(writes, "after", applied);
        database.Release.SetResult();

        Assert.Equal(new long[] { 1, 2, 3 }, await Task.WhenAll(first, before, after));
        await Assert.ThrowsAsync<InvalidOperationException>(() => bad);
        Assert.Equal(new long[] { 1, 2, 3 }, applied);
        Assert.Equal(3, writes.Last);
    }

    static Task<long> Write(OrderedWrites writes, string statement, List<long> applied) =>
        writes.WriteAsync(number => new OrderedWrite<long>([new NpgsqlBatchCommand(statement)], () => applied.Add(number), number));

    /// <summary>Holds the first round trip until released; refuses every batch holding <see cref="Refused"/>.</summary>
    sealed class HeldDatabase
    {
        public TaskCompletionSource FirstStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string? Refused { get; init; }

        public List<List<string>> RoundTrips { get; } = [];

        public async Task ExecuteAsync(IReadOnlyList<NpgsqlBatchCommand> commands)
        {
            var statements = commands.Select(c => c.CommandText).ToList();
            if (RoundTrips.Count == 0)
            {
                RoundTrips.Add(statements);
                FirstStarted.SetResult();
                await Release.Task;
                return;
            }
            if (Refused is not null && statements.Contains(Refused))
            {
                throw new InvalidOperationException("refused");
            }
            RoundTrips.Add(statements);
        }
    }
}
