using Messaging.Streams.Bus;
using Messaging.Streams.DeadLetters;
using Messaging.Streams.Health;
using Messaging.Streams.Reading;
using Messaging.Streams.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Microsoft.Extensions.Hosting;

/// <summary>Registration of the Redis connection and the streams bus.</summary>
public static class StreamsExtensions
{
    /// <summary>
    /// The name of the Redis health check that Aspire's client integration registers (it answers
    /// PING on the shared multiplexer); a service that keeps working without Redis may lower its
    /// failure status.
    /// </summary>
    public const string RedisHealthCheckName = "StackExchange.Redis";

    /// <summary>
    /// How long the Redis health check may take. While Redis is unreachable its PING waits in the
    /// client's backlog for the whole command timeout (5 s by default) whatever the health
    /// service's own timeout; an orchestrator probing /health must get an answer (unhealthy, or
    /// degraded where a service lowered it) sooner than that.
    /// </summary>
    public static readonly TimeSpan RedisHealthCheckTimeout = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Registers the shared <see cref="IConnectionMultiplexer"/> through Aspire's
    /// <c>AddRedisClient</c> (from <c>ConnectionStrings:{connectionName}</c>, with its health check
    /// and tracing), <see cref="IEventPublisher"/>, <see cref="IDeadLetters"/>, the "Streams"
    /// options (validated on start) and bus metrics. Calling it again, from another library of the
    /// same service, adds nothing twice. Add consumers on the returned builder.
    /// </summary>
    public static Messaging.Streams.StreamsBusBuilder AddStreamsBus(this IHostApplicationBuilder builder, string connectionName = "redis")
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (!services.Any(service => service.ServiceType == typeof(IConnectionMultiplexer) && !service.IsKeyedService))
        {
            var connectionString = builder.Configuration.GetConnectionString(connectionName);
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new InvalidOperationException($"ConnectionStrings:{connectionName} is not set: the streams bus needs a Redis connection string such as 127.0.0.1:6379,password=....");
            }
            var applicationName = builder.Environment.ApplicationName;
            builder.AddRedisClient(connectionName, configureOptions: options =>
            {
                // Start even while Redis is down and connect when it is back: Ingest spools
                // webhooks meanwhile, consumers retry. Commands wait for the connection up to
                // their timeout, then fail.
                options.AbortOnConnectFail = false;
                if (string.IsNullOrEmpty(options.ClientName) && !string.IsNullOrEmpty(applicationName))
                {
                    options.ClientName = applicationName;
                }
            });
            services.Configure<HealthCheckServiceOptions>(options =>
            {
                foreach (var registration in options.Registrations.Where(registration => registration.Name == RedisHealthCheckName))
                {
                    var factory = registration.Factory;
                    registration.Factory = provider => new TimeBoundHealthCheck(factory(provider), RedisHealthCheckTimeout);
                }
            });
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddOptions<StreamsOptions>().BindConfiguration(StreamsOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StreamsOptions>, StreamsOptionsValidator>());
        services.TryAddSingleton<StreamsMetrics>();
        services.TryAddSingleton<BlockingStreamReads>();
        services.TryAddSingleton<IEventPublisher, EventPublisher>();
        services.TryAddSingleton<IDeadLetters, DeadLetterStore>();
        services.TryAddSingleton<DeadLetterWriter>();
        return new Messaging.Streams.StreamsBusBuilder(services);
    }
}
