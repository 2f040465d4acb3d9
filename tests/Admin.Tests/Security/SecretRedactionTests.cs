using Messaging.Testing;

namespace Admin.Tests.Security;

public sealed class SecretRedactionTests
{
    [Fact]
    public void No_type_of_Admin_or_the_libraries_it_uses_prints_a_secret()
    {
        SecretRedaction.AssertNoneLeaks(
            typeof(Admin.Tenancy.TenancyApi).Assembly,
            typeof(Messaging.Tenancy.Model.TenantChannel).Assembly,
            typeof(Messaging.Channels.Meta.MetaCredentials).Assembly,
            typeof(Messaging.Contracts.Events.TenancyChanged).Assembly,
            typeof(Messaging.ServiceDefaults.Authentication.ServiceAuthOptions).Assembly);
    }
}
