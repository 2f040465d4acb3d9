using System.Text.RegularExpressions;
using EndToEnd.Tests.Agent;
using EndToEnd.Tests.Infrastructure;
using Messaging.AppHost.Demo;
using Npgsql;

namespace EndToEnd.Tests.Security;

/// <summary>
/// The product on the cluster the AppHost starts: every service connects with a role of its own
/// (deploy/postgres/roles.sql) that may change its own schema only, and read of others only what
/// it reads; a customer is answered all the same. A database from before the roles is upgraded
/// in place (<see cref="DatabaseRolesUpgradeTests"/>).
/// </summary>
[Collection(SharedProduct.Name)]
public sealed partial class DatabaseRolesTests(RunningApp running)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Each schema of the product, and a table of it with a column to write.</summary>
    static readonly (string Schema, string Table, string Column)[] Schemas =
        [("tenancy", "workspaces", "id"), ("agent", "conversations", "id"), ("billing", "balances", "workspace_id"), ("sandbox", "conversations", "customer")];

    /// <summary>Which service owns which schema; Ingest owns none.</summary>
    internal static readonly Dictionary<string, string?> Owners = new()
    {
        ["admin"] = "tenancy", ["agent"] = "agent", ["billing"] = "billing", ["sandbox"] = "sandbox", ["ingest"] = null,
    };

    [Fact]
    public async Task Each_service_may_write_and_create_in_its_own_schema_only()
    {
        foreach (var (service, owned) in Owners)
        {
            var connectionString = ServiceConnectionString(running.App, service);
            Assert.Equal("messaging_" + service, new NpgsqlConnectionStringBuilder(connectionString).Username);
            await using var connection = new NpgsqlConnection(connectionString + ";Pooling=false");
            await connection.OpenAsync(Ct);
            foreach (var (schema, table, column) in Schemas)
            {
                string[] statements =
                [
                    $"INSERT INTO {schema}.{table} SELECT * FROM {schema}.{table} WHERE false",
                    $"UPDATE {schema}.{table} SET {column} = {column} WHERE false",
                    $"DELETE FROM {schema}.{table} WHERE false",
                    $"CREATE TABLE {schema}.probe_{service} (id int)",
                ];
                foreach (var sql in statements)
                {
                    var denied = await IsDeniedAsync(connection, sql);
                    Assert.True(denied == (schema != owned), $"{service}: {sql} was {(denied ? "refused" : "allowed")}");
                }
            }
            Assert.True(await IsDeniedAsync(connection, $"CREATE SCHEMA probe_{service}"), $"{service} may create a schema");
        }
    }

    [Fact]
    public async Task Readers_read_the_tenancy_tables_they_need_and_nobody_but_admin_reads_the_logins()
    {
        foreach (var service in new[] { "agent", "ingest" })
        {
            Assert.False(await IsDeniedAsync(running.App, service, "SELECT count(*) FROM tenancy.channels"), $"{service} cannot read the channels");
            Assert.False(await IsDeniedAsync(running.App, service, "SELECT count(*) FROM tenancy.data_protection_keys"), $"{service} cannot read the key ring");
        }
        Assert.False(await IsDeniedAsync(running.App, "billing", "SELECT count(*) FROM tenancy.workspace_members"), "billing cannot read the memberships");
        foreach (var service in new[] { "agent", "ingest", "billing", "sandbox" })
        {
            Assert.True(await IsDeniedAsync(running.App, service, "SELECT count(*) FROM tenancy.users"), $"{service} can read the console's logins");
            Assert.True(await IsDeniedAsync(running.App, service, "INSERT INTO tenancy.data_protection_keys (friendly_name, xml) VALUES ('x', '<key/>')"), $"{service} can write the key ring");
        }
        Assert.True(await IsDeniedAsync(running.App, "sandbox", "SELECT count(*) FROM tenancy.channels"), "the Sandbox can read the tenants' channels");
    }

    [Fact]
    public async Task Every_schema_is_owned_by_its_service_and_roles_sql_lists_what_the_read_model_reads()
    {
        Assert.Equal(Owners.Where(o => o.Value is not null).ToDictionary(o => o.Value!, o => "messaging_" + o.Key), await SchemaOwnersAsync(running.App));

        // What the tenancy read model (Ingest, Agent) and the membership check (Agent, Billing) query must be granted to them.
        var repository = Path.GetFullPath(Path.Combine(Projects.AppHost.ProjectPath, ".."));
        var script = await File.ReadAllTextAsync(Path.Combine(repository, "deploy", "postgres", "roles.sql"), Ct);
        var reads = ServiceLine().Matches(script).ToDictionary(m => m.Groups["role"].Value, m => m.Groups["reads"].Value.Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet());
        Assert.Equal(Owners.Keys.Select(s => "messaging_" + s).Order(), reads.Keys.Order());
        string TablesIn(string folder) => string.Join('\n', Directory.GetFiles(Path.Combine(repository, "src", "Messaging.Tenancy", folder), "*.cs").Select(File.ReadAllText));
        foreach (var table in TenancyTable().Matches(TablesIn("Reading")).Select(m => m.Value).Append("tenancy.data_protection_keys").Distinct())
        {
            Assert.Contains(table, reads["messaging_ingest"]);
            Assert.Contains(table, reads["messaging_agent"]);
        }
        foreach (var table in TenancyTable().Matches(TablesIn("Members")).Select(m => m.Value).Distinct())
        {
            Assert.Contains(table, reads["messaging_agent"]);
            Assert.Contains(table, reads["messaging_billing"]);
        }
    }

    [Fact]
    public async Task A_customer_is_answered_by_the_ai_through_every_service_on_its_own_role()
    {
        // The café's AI default rule: Ingest reads the channel and its secret, the Agent the configuration, Billing reserves the credit.
        var customer = new DemoCustomer(running, DemoAccounts.MetaPhoneNumberId, "+3165" + Random.Shared.Next(1_000_000, 9_999_999));

        await customer.SaysAsync("do you have vegan options?");

        Assert.Contains("vegan", Assert.Single(await customer.WaitForRepliesAsync(1)), StringComparison.OrdinalIgnoreCase);
    }

    internal static async Task<Dictionary<string, string>> SchemaOwnersAsync(TestApp app)
    {
        await using var connection = new NpgsqlConnection(app.GetConnectionString("messaging"));
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand("""
            SELECT nspname, pg_get_userbyid(nspowner) FROM pg_namespace
            WHERE nspname NOT LIKE 'pg\_%' AND nspname NOT IN ('public', 'information_schema') ORDER BY nspname
            """, connection);
        var owners = new Dictionary<string, string>();
        await using var reader = await command.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct))
        {
            owners[reader.GetString(0)] = reader.GetString(1);
        }
        return owners;
    }

    static string ServiceConnectionString(TestApp app, string service) => app.Environment(service)["ConnectionStrings__messaging"];

    internal static async Task<bool> IsDeniedAsync(TestApp app, string service, string sql)
    {
        await using var connection = new NpgsqlConnection(ServiceConnectionString(app, service) + ";Pooling=false");
        await connection.OpenAsync(Ct);
        return await IsDeniedAsync(connection, sql);
    }

    /// <summary>Runs <paramref name="sql"/> in a transaction that is rolled back: true when PostgreSQL refused it for lack of privilege.</summary>
    static async Task<bool> IsDeniedAsync(NpgsqlConnection connection, string sql)
    {
        await using var transaction = await connection.BeginTransactionAsync(Ct);
        try
        {
            await using var command = new NpgsqlCommand(sql, connection, transaction);
            await command.ExecuteNonQueryAsync(Ct);
            return false;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            return true;
        }
        finally
        {
            await transaction.RollbackAsync(Ct);
        }
    }

    [GeneratedRegex(@"\('(?<role>\w+)',\s*(?:NULL|'\w+'),\s*'\{(?<reads>[^}]*)\}'\)")]
    private static partial Regex ServiceLine();

    [GeneratedRegex(@"tenancy\.[a-z_]+")]
    private static partial Regex TenancyTable();
}
