using Messaging.Testing;

namespace Sandbox.Tests.Infrastructure;

/// <summary>One sandbox (with a database of its own) and receiver per test class; tests keep apart by using their own customer numbers.</summary>
public sealed class SandboxFixture(PostgresFixture postgres) : IAsyncLifetime
{
    SandboxHost? _host;

    public SandboxHost Host => _host ?? throw new InvalidOperationException("The sandbox has not started.");

    public async ValueTask InitializeAsync() => _host = await SandboxHost.StartAsync(postgres);

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
