using Ingest.Spool;
using Messaging.Testing;

namespace Ingest.Tests.Spool;

public sealed class DurableSpoolTests : IDisposable
{
    readonly string _directory = TestDirectories.Create("spool");

    static SpoolRecord Record(int n) => new("msg:inbound", $"dedup-{n}", "InboundMessageReceived", $"{{\"n\":{n}}}", DateTimeOffset.UnixEpoch);

    [Fact]
    public void Records_come_back_in_order_and_draining_advances_past_them()
    {
        using var spool = new DurableSpool(_directory);
        for (var i = 1; i <= 5; i++)
        {
            spool.Append(Record(i));
        }

        var first = spool.ReadPending(3);
        Assert.Equal(["dedup-1", "dedup-2", "dedup-3"], first.Select(r => r.Record.DeduplicationKey));
        spool.MarkDrained(first[^1].Next);

        var rest = spool.ReadPending(10);
        Assert.Equal(["dedup-4", "dedup-5"], rest.Select(r => r.Record.DeduplicationKey));
        Assert.True(spool.HasPending);
        spool.MarkDrained(rest[^1].Next);
        Assert.False(spool.HasPending);
    }

    [Fact]
    public void What_was_not_drained_survives_a_restart_and_nothing_drained_comes_back()
    {
        using (var spool = new DurableSpool(_directory))
        {
            spool.Append(Record(1));
            spool.Append(Record(2));
            spool.Append(Record(3));
            spool.MarkDrained(spool.ReadPending(1)[0].Next);
        }

        using var reopened = new DurableSpool(_directory);

        Assert.Equal(["dedup-2", "dedup-3"], reopened.ReadPending(10).Select(r => r.Record.DeduplicationKey));
    }

    [Fact]
    public void A_record_torn_by_a_crash_is_cut_and_later_appends_stay_readable()
    {
        using (var spool = new DurableSpool(_directory))
        {
            spool.Append(Record(1));
        }
        // A crash in the middle of the second append: its header promises more than was written.
        using (var file = new FileStream(Path.Combine(_directory, "spool.data"), FileMode.Append))
        {
            file.Write([0, 0, 1, 0, 9, 9, 9, 9, (byte)'{', (byte)'"']);
        }

        using var reopened = new DurableSpool(_directory);
        reopened.Append(Record(3));

        Assert.Equal(["dedup-1", "dedup-3"], reopened.ReadPending(10).Select(r => r.Record.DeduplicationKey));
    }

    [Fact]
    public void A_corrupted_record_is_not_read_as_an_event()
    {
        using (var spool = new DurableSpool(_directory))
        {
            spool.Append(Record(1));
        }
        var path = Path.Combine(_directory, "spool.data");
        var bytes = File.ReadAllBytes(path);
        bytes[^3] ^= 0xFF;
        File.WriteAllBytes(path, bytes);

        using var reopened = new DurableSpool(_directory);

        Assert.Empty(reopened.ReadPending(10));
        Assert.False(reopened.HasPending);
    }

    [Fact]
    public void An_emptied_spool_starts_over_even_after_a_crash_before_the_position_was_reset()
    {
        using (var spool = new DurableSpool(_directory))
        {
            spool.Append(Record(1));
            spool.MarkDrained(spool.ReadPending(1)[0].Next);
        }
        File.WriteAllText(Path.Combine(_directory, "spool.position"), "5000");

        using var reopened = new DurableSpool(_directory);
        reopened.Append(Record(2));

        Assert.Equal(["dedup-2"], reopened.ReadPending(10).Select(r => r.Record.DeduplicationKey));
    }

    public void Dispose() => TestDirectories.TryDelete(_directory);
}
