namespace Messaging.Streams.Tests.Bus;

internal static class Eventually
{
    /// <summary>Polls until the condition holds; fails the test after a generous bound, never asserting how long it took.</summary>
    public static async Task HoldsAsync(Func<bool> condition, string what)
    {
        for (var i = 0; i < 3000; i++)
        {
            if (condition())
            {
                return;
            }
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
        Assert.Fail($"Never happened: {what}");
    }

    public static async Task HoldsAsync(Func<Task<bool>> condition, string what)
    {
        for (var i = 0; i < 3000; i++)
        {
            if (await condition())
            {
                return;
            }
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
        Assert.Fail($"Never happened: {what}");
    }
}
