namespace Messaging.Streams.Tests.Bus;

internal static class Keys
{
    /// <summary>A key no other test uses, so tests share one server without seeing each other.</summary>
    public static string Unique(string purpose) => $"test:{purpose}:{Guid.NewGuid():N}";
}
