using Messaging.Testing;

namespace Sandbox.Tests.Security;

public sealed class SecretRedactionTests
{
    [Fact]
    public void No_type_of_Sandbox_prints_a_secret()
    {
        SecretRedaction.AssertNoneLeaks(typeof(Sandbox.SandboxExtensions).Assembly);
    }
}
