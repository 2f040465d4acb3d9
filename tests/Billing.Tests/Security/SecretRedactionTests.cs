using Messaging.Testing;

namespace Billing.Tests.Security;

public sealed class SecretRedactionTests
{
    [Fact]
    public void No_type_of_Billing_prints_a_secret()
    {
        var leaks = SecretRedaction.LeakingTypes(typeof(Billing.BillingExtensions).Assembly);

        Assert.True(leaks.Count == 0, "ToString prints a secret:\n" + string.Join("\n", leaks));
    }
}
