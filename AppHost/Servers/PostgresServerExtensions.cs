using Microsoft.Extensions.DependencyInjection;

namespace Messaging.AppHost.Servers;

internal static class PostgresServerExtensions
{
    /// <summary>
    /// PostgreSQL on loopback with password authentication: a one-shot <c>{name}-init</c> runs
    /// initdb when the data folder has no cluster yet, then the server starts, as the postgres
    /// user when the AppHost runs as root. Healthy once <paramref name="database"/> exists and
    /// answers a query. <paramref name="durable"/> off trades crash safety for speed
    /// (fsync, synchronous_commit and full_page_writes off): for throw-away test runs only.
    /// Each service gets a login of its own (<see cref="DatabaseLogins"/>).
    /// </summary>
    public static IResourceBuilder<PostgresServerResource> AddPostgresServer(this IDistributedApplicationBuilder builder, string name, string dataDirectory,
        string database, IResourceBuilder<ParameterResource> password, bool durable)
    {
        var baseDirectory = PostgresUser.ReachableDirectory(Path.GetFullPath(dataDirectory));
        Directory.CreateDirectory(baseDirectory);
        var (command, prefix) = PostgresUser.Command(Binaries.Postgres("postgres"));
        var postgres = new PostgresServerResource(name, command, baseDirectory, database, password.Resource);
        postgres.Logins = DatabaseLogins.Create(builder, postgres, dataDirectory);

        var healthCheck = name + "-query";
        var query = new PostgresQueryCheck(postgres);
        builder.Services.AddHealthChecks().Add(new(healthCheck, _ => query, failureStatus: null, tags: null));

        var server = builder.AddResource(postgres)
            .WithEndpoint(name: PostgresServerResource.EndpointName, scheme: "tcp")
            .WithArgs(context =>
            {
                foreach (var argument in prefix)
                {
                    context.Args.Add(argument);
                }
                context.Args.Add("-D");
                context.Args.Add(postgres.ClusterDirectory);
                context.Args.Add("-p");
                context.Args.Add(postgres.Endpoint.Property(EndpointProperty.TargetPort));
                foreach (var setting in Settings(durable))
                {
                    context.Args.Add("-c");
                    context.Args.Add(setting);
                }
            })
            .WithHealthCheck(healthCheck)
            .WithIconName("Database");

        if (!File.Exists(Path.Combine(postgres.ClusterDirectory, "PG_VERSION")))
        {
            server.WaitForCompletion(builder.AddClusterInitialization(postgres));
        }
        return server;
    }

    static IEnumerable<string> Settings(bool durable)
    {
        yield return "listen_addresses=127.0.0.1";
        yield return "unix_socket_directories=";
        yield return "max_connections=300";
        if (!durable)
        {
            yield return "fsync=off";
            yield return "synchronous_commit=off";
            yield return "full_page_writes=off";
        }
    }

    /// <summary>initdb into the cluster folder, reading the superuser's password from a file it deletes afterwards: never on its command line.</summary>
    static IResourceBuilder<ExecutableResource> AddClusterInitialization(this IDistributedApplicationBuilder builder, PostgresServerResource postgres)
    {
        var (command, prefix) = PostgresUser.Command(Binaries.Postgres("initdb"));
        return builder.AddExecutable(postgres.Name + "-init", command, postgres.BaseDirectory,
                [.. prefix, "-D", postgres.ClusterDirectory, "-U", PostgresServerResource.SuperUser, "--auth=scram-sha-256",
                 "--pwfile", postgres.InitPasswordFile, "-E", "UTF8", "--locale=C", "--no-instructions"])
            .OnBeforeResourceStarted(async (_, _, cancellationToken) =>
            {
                SecretFile.WriteOwnerOnly(postgres.InitPasswordFile, await postgres.Password.GetValueAsync(cancellationToken).ConfigureAwait(false) ?? "");
                PostgresUser.GiveOwnership(postgres.BaseDirectory);
            })
            .WithIconName("DatabaseArrowUp");
    }
}
