using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

namespace EndToEnd.Tests.Infrastructure;

/// <summary>One running product shared by the tests of a class or collection (starting it takes a while).</summary>
public sealed class RunningApp : IAsyncLifetime
{
    public TestApp App { get; private set; } = null!;

    public HttpClient Gateway { get; private set; } = null!;

    public AdminApi Admin { get; private set; } = null!;

    /// <summary>Every span the services exported, as the dashboard receives them.</summary>
    public OtlpTraceReceiver Traces { get; private set; } = null!;

    /// <summary>The run's log as it stood when the start completed, before any test did anything.</summary>
    public IReadOnlyList<string> StartupLog { get; private set; } = [];

    public string PublicBaseUrl => App.GetEndpoint("gateway").ToString().TrimEnd('/');

    /// <summary>How channels reach the Sandbox: logical names, resolved by service discovery in the services.</summary>
    public const string SandboxGraph = "http://sandbox/graph";
    public const string SandboxTwilio = "http://sandbox/twilio";

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        Traces = await OtlpTraceReceiver.StartAsync(ct);
        App = await TestApp.StartAsync(ct, ExportTraces);
        StartupLog = [.. App.Log.Lines()];
        Gateway = App.CreateHttpClient("gateway");
        Admin = new AdminApi(App.CreateHttpClient("admin"));
    }

    void ExportTraces(IDistributedApplicationTestingBuilder builder)
    {
        foreach (var service in builder.Resources.OfType<ProjectResource>().ToList())
        {
            builder.CreateResourceBuilder(service)
                .WithEnvironment("OTEL_EXPORTER_OTLP_ENDPOINT", Traces.Endpoint.ToString().TrimEnd('/'))
                .WithEnvironment("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
                .WithEnvironment("OTEL_SERVICE_NAME", service.Name)
                .WithEnvironment("OTEL_BSP_SCHEDULE_DELAY", "200");
        }
    }

    public async ValueTask DisposeAsync()
    {
        Gateway.Dispose();
        await App.DisposeAsync();
        await Traces.DisposeAsync();
    }
}
