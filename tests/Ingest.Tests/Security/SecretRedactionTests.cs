using Messaging.Testing;

namespace Ingest.Tests.Security;

public sealed class SecretRedactionTests
{
    [Fact]
    public void No_type_of_Ingest_prints_a_secret()
    {
        var leaks = SecretRedaction.LeakingTypes(typeof(Ingest.IngestExtensions).Assembly);

        Assert.True(leaks.Count == 0, "ToString prints a secret:\n" + string.Join("\n", leaks));
    }
}
