using Messaging.AppHost.Infrastructure;
using Npgsql;

namespace Messaging.AppHost.Servers;

/// <summary>
/// One PostgreSQL login per service on the cluster the AppHost runs, as <c>deploy/postgres/roles.sql</c>
/// defines them (role <c>messaging_{service}</c>: owner of its schema, SELECT on what it reads of
/// others), each with a generated password kept in the data folder (<c>Parameters:postgres-password-{service}</c>).
/// The script runs before each service starts, once the service's dependencies are ready, so the
/// grants on tables another service's migrations created are there before their reader starts.
/// </summary>
internal sealed class DatabaseLogins
{
    /// <summary>The services with a role in roles.sql. A new service with a schema: a line in the script and its name here.</summary>
    public static readonly string[] Services = ["admin", "billing", "agent", "ingest", "sandbox"];

    readonly PostgresServerResource _postgres;
    readonly Dictionary<string, IResourceBuilder<ParameterResource>> _passwords;

    DatabaseLogins(PostgresServerResource postgres, Dictionary<string, IResourceBuilder<ParameterResource>> passwords)
    {
        _postgres = postgres;
        _passwords = passwords;
    }

    public static string Role(string service) => "messaging_" + service;

    public static DatabaseLogins Create(IDistributedApplicationBuilder builder, PostgresServerResource postgres, string directory) =>
        new(postgres, Services.ToDictionary(s => s, s => builder.AddGeneratedSecret($"postgres-password-{s}", Path.Combine(directory, $"{s}.password"))));

    public bool Has(string service) => _passwords.ContainsKey(service);

    /// <summary>The service's own connection string: its role, never the superuser.</summary>
    public ReferenceExpression ConnectionString(string service) => _postgres.ConnectionStringFor(_postgres.Database, Role(service), _passwords[service].Resource);

    /// <summary>Creates or updates the roles, their grants and their passwords (idempotent; concurrent runs take turns on the script's advisory lock).</summary>
    public async Task ApplyAsync(CancellationToken cancellationToken)
    {
        var connectionString = await _postgres.ConnectionStringExpression.GetValueAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = new NpgsqlConnection(connectionString + ";Pooling=false");
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (var script = new NpgsqlCommand(Script, connection))
        {
            await script.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var passwords = new NpgsqlBatch(connection, transaction);
        // The script's lock: services starting together would otherwise update the same role rows at once ("tuple concurrently updated").
        passwords.BatchCommands.Add(new NpgsqlBatchCommand("SELECT pg_advisory_xact_lock(hashtext('messaging.roles'))"));
        foreach (var (service, password) in _passwords)
        {
            // ALTER ROLE takes no parameters; the generated password is hex, quoted all the same. Sent over the connection, never on a command line.
            var value = await password.Resource.GetValueAsync(cancellationToken).ConfigureAwait(false) ?? "";
            passwords.BatchCommands.Add(new NpgsqlBatchCommand($"ALTER ROLE \"{Role(service)}\" PASSWORD '{value.Replace("'", "''", StringComparison.Ordinal)}'"));
        }
        await passwords.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    static readonly string Script = ReadScript();

    static string ReadScript()
    {
        using var stream = typeof(DatabaseLogins).Assembly.GetManifestResourceStream("roles.sql")
            ?? throw new InvalidOperationException("roles.sql is not embedded in the AppHost.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
