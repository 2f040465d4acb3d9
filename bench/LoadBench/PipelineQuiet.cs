using StackExchange.Redis;

namespace LoadBench;

/// <summary>
/// The quiescence signal before replies are counted for duplicates: every group of the reply
/// path (msg:inbound for the agent, msg:outbound for delivery) has read its stream to the end
/// and acknowledged everything, so no send of this run is still to come.
/// </summary>
public sealed class PipelineQuiet(IConnectionMultiplexer redis)
{
    static readonly (string Stream, string Group)[] ReplyPath = [("msg:inbound", "agent"), ("msg:outbound", "delivery")];

    public async Task WaitAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var database = redis.GetDatabase();
        while (true)
        {
            var quiet = true;
            foreach (var (stream, group) in ReplyPath)
            {
                var last = (await database.StreamInfoAsync(stream)).LastGeneratedId;
                var info = (await database.StreamGroupInfoAsync(stream)).Single(g => g.Name == group);
                quiet &= info.PendingMessageCount == 0 && info.LastDeliveredId == last;
            }
            if (quiet)
            {
                return;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The reply path still had entries to handle " + timeout.TotalSeconds + " s after the last message.");
            }
            await Task.Delay(200);
        }
    }
}
