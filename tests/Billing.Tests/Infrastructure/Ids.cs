namespace Billing.Tests.Infrastructure;

public static class Ids
{
    public static string Workspace() => "ws-" + Guid.NewGuid().ToString("N")[..12];

    public static string Turn() => "turn-" + Guid.NewGuid().ToString("N");
}
