using Messaging.Testing;

namespace Ingest.Tests.Security;

public sealed class SecretRedactionTests
{
    [Fact]
    public void No_type_of_Ingest_prints_a_secret()
    {
        SecretRedaction.AssertNoneLeaks(typeof(Ingest.IngestExtensions).Assembly);
    }
}
