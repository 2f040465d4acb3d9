namespace EndToEnd.Tests.Infrastructure;

/// <summary>Polls a condition of the running system until it holds; fails with the last observation.</summary>
public static class Eventually
{
    public static async Task<T> ReturnsAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, string what, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(90));
        T last;
        while (true)
        {
            last = await probe();
            if (condition(last))
            {
                return last;
            }
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Still not true: {what}. Last observation: {last}");
            }
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
    }
}
