using Messaging.Hosting.Servers;

namespace Messaging.Hosting.Orchestration;

/// <summary>A redis-server started into the data folder, or an existing one given by connection string.</summary>
public sealed class RedisResource(string name, string? existingConnectionString) : ConnectionStringResource(name)
{
    public RedisServer? Server { get; private set; }

    public override int? Pid => Server?.Pid;

    public override string ConnectionString => existingConnectionString ?? Server?.ConnectionString ?? throw new InvalidOperationException($"{Name} is not started.");

    public override string? Endpoint => existingConnectionString is null ? Server is null ? null : $"127.0.0.1:{Server.Port}" : "(external)";

    internal override async Task StartAsync(OrchestrationContext context, CancellationToken cancellationToken)
    {
        if (existingConnectionString is not null)
        {
            return;
        }
        Server = await RedisServer.StartAsync(
            new RedisServerOptions { DataDirectory = Path.Combine(context.Options.DataDirectory, Name), Environment = context.MarkerEnvironment },
            context.Output.For(Name).WriteLine,
            cancellationToken).ConfigureAwait(false);
    }

    public override Task StopAsync() => Server?.StopAsync() ?? Task.CompletedTask;
}
