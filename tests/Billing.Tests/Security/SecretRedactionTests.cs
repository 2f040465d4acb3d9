using Messaging.Testing;

namespace Billing.Tests.Security;

public sealed class SecretRedactionTests
{
    [Fact]
    public void No_type_of_Billing_prints_a_secret()
    {
        SecretRedaction.AssertNoneLeaks(typeof(Billing.BillingExtensions).Assembly);
    }
}
