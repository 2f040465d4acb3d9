using System.Collections.Concurrent;
using System.Security.Cryptography;
using Messaging.Testing;
using Messaging.Tenancy.Secrets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Admin.Tests.Tenancy;

public sealed class KeyRingEncryptionTests(PostgresFixture postgres, RedisFixture redis)
{
    const string AppSecret = "meta-app-secret-5f4dcc3b5aa765d6";
    static readonly string MasterKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public async Task With_a_master_key_the_key_ring_is_stored_encrypted_and_a_reader_with_the_same_key_decrypts()
    {
        await using var admin = await AdminApp.StartAsync(postgres, redis, new Dictionary<string, string?> { ["Tenancy:Secrets:MasterKey"] = MasterKey });
        var storedSecret = await CreateChannelAsync(admin);

        var keyRing = await ReadKeyRingAsync(admin.ConnectionString);
        Assert.NotEmpty(keyRing);
        Assert.All(keyRing, xml =>
        {
            Assert.Contains("<encryptedKey masterKeyId=", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
        });

        using var reader = Reader(admin.ConnectionString, MasterKey);
        Assert.Equal(AppSecret, reader.Services.GetRequiredService<TenantSecretProtector>().Unprotect(storedSecret));
    }

    [Fact]
    public async Task A_reader_with_another_master_key_is_told_so()
    {
        await using var admin = await AdminApp.StartAsync(postgres, redis, new Dictionary<string, string?> { ["Tenancy:Secrets:MasterKey"] = MasterKey });
        var storedSecret = await CreateChannelAsync(admin);

        var log = new LogLines();
        using var reader = Reader(admin.ConnectionString, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), log);

        Assert.ThrowsAny<CryptographicException>(() => reader.Services.GetRequiredService<TenantSecretProtector>().Unprotect(storedSecret));
        Assert.Contains(log.Lines, line => line.Contains("encrypted with another Tenancy:Secrets:MasterKey", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("not base64 at all")]
    [InlineData("c2hvcnQ=")]
    public void A_malformed_master_key_stops_the_start(string masterKey)
    {
        using var reader = Reader("Host=127.0.0.1;Database=unused", masterKey);

        var error = Assert.Throws<OptionsValidationException>(() => reader.Services.GetRequiredService<IOptions<TenantSecretsOptions>>().Value);
        Assert.Contains("Tenancy:Secrets:MasterKey must be the base64 of exactly 32 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void In_production_a_service_without_a_master_key_does_not_start_and_elsewhere_it_may()
    {
        using var production = Reader("Host=127.0.0.1;Database=unused", masterKey: null, environment: Environments.Production);
        var error = Assert.Throws<OptionsValidationException>(() => production.Services.GetRequiredService<IOptions<TenantSecretsOptions>>().Value);
        Assert.Contains("Tenancy:Secrets:MasterKey must be set in production", error.Message, StringComparison.Ordinal);

        using var development = Reader("Host=127.0.0.1;Database=unused", masterKey: null, environment: Environments.Development);
        Assert.Null(development.Services.GetRequiredService<IOptions<TenantSecretsOptions>>().Value.MasterKey);
    }

    static async Task<string> CreateChannelAsync(AdminApp admin)
    {
        var workspaceId = await admin.CreateWorkspaceAsync("keyring-" + Guid.NewGuid().ToString("N")[..8]);
        await admin.CreateChannelAsync(workspaceId, AdminApp.MetaChannel("555" + Random.Shared.Next(1_000_000, 9_999_999), AppSecret));
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand("SELECT meta_app_secret_protected FROM tenancy.channels", connection);
        return (string)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }

    static async Task<List<string>> ReadKeyRingAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand("SELECT xml FROM tenancy.data_protection_keys", connection);
        await using var rows = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var keyRing = new List<string>();
        while (await rows.ReadAsync(TestContext.Current.CancellationToken))
        {
            keyRing.Add(rows.GetString(0));
        }
        return keyRing;
    }

    /// <summary>A service that only reads secrets (as Ingest and Agent do) on the same database.</summary>
    static IHost Reader(string connectionString, string? masterKey, LogLines? log = null, string environment = "Production")
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = environment });
        if (log is not null)
        {
            builder.Logging.AddProvider(log);
        }
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:messaging"] = connectionString,
            ["Tenancy:Secrets:MasterKey"] = masterKey,
        });
        builder.AddTenantSecrets(createsKeys: false);
        return builder.Build();
    }

    sealed class LogLines : ILoggerProvider, ILogger
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Enqueue(formatter(state, exception) + " " + exception);

        public void Dispose()
        {
        }
    }
}
