namespace EndToEnd.Tests.Infrastructure;

/// <summary>
/// One product for the test classes that kill, stop or restart its resources. The tests of a
/// collection never overlap, and each leaves every resource running and healthy again, so they
/// share a start instead of paying one each.
/// </summary>
[CollectionDefinition(Name)]
public sealed class FaultedProduct : ICollectionFixture<RunningApp>
{
    public const string Name = "faulted product";
}
