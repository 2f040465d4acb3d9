using EndToEnd.Tests.Infrastructure;
using Xunit.Sdk;
using Xunit.v3;

[assembly: TestCollectionOrderer(typeof(LongestFirst))]

namespace EndToEnd.Tests.Infrastructure;

/// <summary>
/// Starts the collections that take longest first. Collections run two at a time (one per core),
/// so a long one started last (the shared product's many conversations, the local runs that build
/// and start the AppHost twice) would run alone at the end while the other thread idles.
/// </summary>
public sealed class LongestFirst : ITestCollectionOrderer
{
    // By how long each took in a whole run, longest first; any other collection follows in the framework's order.
    static readonly string[] Longest =
    [
        "AppHostExecutableTests",
        SharedProduct.Name,
        "DatabaseRolesUpgradeTests",
        FaultedProduct.Name,
    ];

    public IReadOnlyCollection<TTestCollection> OrderTestCollections<TTestCollection>(IReadOnlyCollection<TTestCollection> testCollections)
        where TTestCollection : ITestCollection =>
        [.. testCollections.Select((collection, index) => (collection, index)).OrderBy(c => Rank(c.collection)).ThenBy(c => c.index).Select(c => c.collection)];

    static int Rank(ITestCollection collection)
    {
        var rank = Array.FindIndex(Longest, name => collection.TestCollectionDisplayName.Contains(name, StringComparison.Ordinal));
        return rank < 0 ? Longest.Length : rank;
    }
}
