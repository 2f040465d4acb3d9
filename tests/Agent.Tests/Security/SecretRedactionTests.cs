using Messaging.Testing;

namespace Agent.Tests.Security;

public sealed class SecretRedactionTests
{
    [Fact]
    public void No_type_of_Agent_prints_a_secret()
    {
        var leaks = SecretRedaction.LeakingTypes(typeof(Agent.AgentExtensions).Assembly);

        Assert.True(leaks.Count == 0, "ToString prints a secret:\n" + string.Join("\n", leaks));
    }
}
