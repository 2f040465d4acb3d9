using Messaging.Testing;

namespace Agent.Tests.Security;

public sealed class SecretRedactionTests
{
    [Fact]
    public void No_type_of_Agent_prints_a_secret()
    {
        SecretRedaction.AssertNoneLeaks(typeof(Agent.AgentExtensions).Assembly);
    }
}
