using Messaging.Testing;

namespace Sandbox.Tests.Security;

public sealed class SecretRedactionTests
{
    [Fact]
    public void No_type_of_Sandbox_prints_a_secret()
    {
        var leaks = SecretRedaction.LeakingTypes(typeof(Sandbox.SandboxExtensions).Assembly);

        Assert.True(leaks.Count == 0, "ToString prints a secret:\n" + string.Join("\n", leaks));
    }
}
