using Messaging.Streams.Bus;
using Messaging.Streams.Connection;
using Messaging.Streams.DeadLetters;
using Messaging.Streams.Health;
using Messaging.Streams.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

/// <summary>Registration of the Redis client and the streams bus.</summary>
public static class StreamsExtensions
{
    /// <summary>
    /// Registers the shared <see cref="IRedisClient"/> (from <c>ConnectionStrings:{connectionName}</c>),
    /// <see cref="IEventPublisher"/>, <see cref="IDeadLetters"/>, the "Streams" options, bus
    /// metrics and a "redis" health check. Add consumers on the returned builder.
    /// </summary>
    public static Messaging.Streams.StreamsBusBuilder AddStreamsBus(this IHostApplicationBuilder builder, string connectionName = "redis")
    {
        var connectionString = builder.Configuration.GetConnectionString(connectionName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException($"ConnectionStrings:{connectionName} is not set: the streams bus needs a Redis connection string such as 127.0.0.1:6379,password=....");
        }
        var connection = RedisConnectionOptions.Parse(connectionString);
        connection = connection with { ClientName = connection.ClientName ?? builder.Environment.ApplicationName };

        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<IRedisClient>(provider => new RedisClient(connection, provider.GetRequiredService<ILogger<RedisClient>>(), provider.GetRequiredService<TimeProvider>()));
        services.AddOptions<StreamsOptions>().BindConfiguration(StreamsOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StreamsOptions>, StreamsOptionsValidator>());
        services.TryAddSingleton<StreamsMetrics>();
        services.TryAddSingleton<IEventPublisher, EventPublisher>();
        services.TryAddSingleton<IDeadLetters, DeadLetterStore>();
        services.TryAddSingleton<DeadLetterWriter>();
        if (!services.Any(service => service.ServiceType == typeof(RedisHealthCheck)))
        {
            services.AddSingleton<RedisHealthCheck>();
            services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis");
        }
        return new Messaging.Streams.StreamsBusBuilder(services);
    }
}
