namespace EndToEnd.Tests.Infrastructure;

/// <summary>One running product shared by the tests of a class (starting it takes a while).</summary>
public sealed class RunningApp : IAsyncLifetime
{
    public TestApp App { get; private set; } = null!;

    public HttpClient Gateway { get; private set; } = null!;

    public AdminApi Admin { get; private set; } = null!;

    public string PublicBaseUrl => App.GetEndpoint("gateway").ToString().TrimEnd('/');

    /// <summary>How channels reach the Sandbox: logical names, resolved by service discovery in the services.</summary>
    public const string SandboxGraph = "http://sandbox/graph";
    public const string SandboxTwilio = "http://sandbox/twilio";

    public async ValueTask InitializeAsync()
    {
        App = await TestApp.StartAsync(TestContext.Current.CancellationToken);
        Gateway = App.CreateHttpClient("gateway");
        Admin = new AdminApi(App.CreateHttpClient("admin"));
    }

    public async ValueTask DisposeAsync()
    {
        Gateway.Dispose();
        await App.DisposeAsync();
    }
}
