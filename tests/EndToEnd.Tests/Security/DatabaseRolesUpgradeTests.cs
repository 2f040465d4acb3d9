using EndToEnd.Tests.Infrastructure;
using Npgsql;

namespace EndToEnd.Tests.Security;

/// <summary>
/// A database from before the roles, whose every object the superuser owned, is given to the
/// roles in place at the next start. Two starts of its own, beside the other tests.
/// </summary>
public sealed class DatabaseRolesUpgradeTests
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_database_from_before_the_roles_is_given_to_them_in_place()
    {
        var before = await TestApp.StartAsync(Ct, configure: null, "--demo", "false");
        string workspace;
        var dataDirectory = before.DataDirectory;
        try
        {
            workspace = await new AdminApi(before.CreateHttpClient("admin")).CreateWorkspaceAsync("Before the roles", Ct);
            foreach (var service in DatabaseRolesTests.Owners.Keys.Where(s => s != "sandbox"))
            {
                await before.StopResourceAsync(service, Ct);
            }
            // As the single superuser login of earlier versions left it: every schema and object its own, no service roles.
            await using var connection = new NpgsqlConnection(before.GetConnectionString("messaging"));
            await connection.OpenAsync(Ct);
            var roles = string.Join(", ", DatabaseRolesTests.Owners.Keys.Select(s => "messaging_" + s));
            await using var legacy = new NpgsqlCommand($"REASSIGN OWNED BY {roles} TO CURRENT_USER; DROP OWNED BY {roles}; DROP ROLE {roles};", connection);
            await legacy.ExecuteNonQueryAsync(Ct);
            Assert.All((await DatabaseRolesTests.SchemaOwnersAsync(before)).Values, owner => Assert.Equal("postgres", owner));
        }
        finally
        {
            await before.StopKeepingDataAsync();
        }

        await using var after = await TestApp.RestartAsync(dataDirectory, Ct, "--demo", "false");

        Assert.Equal(DatabaseRolesTests.Owners.Where(o => o.Value is not null).ToDictionary(o => o.Value!, o => "messaging_" + o.Key), await DatabaseRolesTests.SchemaOwnersAsync(after));
        await using (var connection = new NpgsqlConnection(after.GetConnectionString("messaging")))
        {
            await connection.OpenAsync(Ct);
            await using var leftovers = new NpgsqlCommand("""
                SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname IN ('tenancy', 'agent', 'billing', 'sandbox') AND c.relowner = (SELECT oid FROM pg_roles WHERE rolname = CURRENT_USER)
                """, connection);
            Assert.Equal(0L, await leftovers.ExecuteScalarAsync(Ct));
        }
        using var admin = after.CreateHttpClient("admin");
        using (var kept = await admin.GetAsync(new Uri($"/api/tenancy/workspaces/{workspace}", UriKind.Relative), Ct))
        {
            Assert.True(kept.IsSuccessStatusCode, $"the workspace made before the upgrade answered {(int)kept.StatusCode}");
        }
        // Admin writes the tables it now owns; the readers still may not.
        await new AdminApi(admin).CreateWorkspaceAsync("After the roles", Ct);
        Assert.True(await DatabaseRolesTests.IsDeniedAsync(after, "agent", "DELETE FROM tenancy.workspaces WHERE false"), "the agent may delete workspaces after the upgrade");
    }
}
