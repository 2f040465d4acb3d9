namespace EndToEnd.Tests.Infrastructure;

/// <summary>
/// One product for the test classes that only add data of their own (their own channels, workspaces
/// and customers) and never stop, kill or reconfigure a resource: a start costs more than their tests.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SharedProduct : ICollectionFixture<RunningApp>
{
    public const string Name = "shared product";
}
