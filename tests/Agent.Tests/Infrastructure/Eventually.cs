namespace Agent.Tests.Infrastructure;

/// <summary>Polls until a condition of the running service holds; fails with the last observation.</summary>
public static class Eventually
{
    public static async Task<T> ReturnsAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, string what, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var last = await probe();
            if (condition(last))
            {
                return last;
            }
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Still not true: {what}. Last observation: {last}");
            }
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    public static Task<T> ReturnsAsync<T>(Func<T> probe, Func<T, bool> condition, string what, TimeSpan? within = null) =>
        ReturnsAsync(() => Task.FromResult(probe()), condition, what, within);
}
