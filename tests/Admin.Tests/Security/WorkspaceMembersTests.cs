using System.Net.Http.Json;
using System.Text.Json;
using Admin.Tests.Tenancy;
using Messaging.Tenancy.Members;
using Messaging.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Admin.Tests.Security;

/// <summary>The memberships the Agent and Billing authorize operator actions with, read from the tenancy schema Admin keeps.</summary>
public sealed class WorkspaceMembersTests(PostgresFixture postgres, RedisFixture redis)
{
    [Fact]
    public async Task A_member_has_their_role_in_their_workspace_only()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await AdminApp.StartAsync(postgres, redis);
        var workspace = await app.CreateWorkspaceAsync("members-read");
        var other = await app.CreateWorkspaceAsync("members-other");
        var (email, _) = await app.CreateMemberAsync(workspace, WorkspaceRoles.Operator);
        var listed = await app.Client.GetFromJsonAsync<JsonElement>($"/api/tenancy/workspaces/{workspace}/members", ct);
        var userId = Guid.Parse(listed.EnumerateArray().Single(m => m.GetProperty("email").GetString() == email).GetProperty("userId").GetString()!);
        var members = new WorkspaceMembers(app.Services.GetRequiredService<NpgsqlDataSource>());

        Assert.Equal(WorkspaceRoles.Operator, await members.FindRoleAsync(workspace, userId, ct));
        Assert.Null(await members.FindRoleAsync(other, userId, ct));
        Assert.Null(await members.FindRoleAsync(workspace, Guid.NewGuid(), ct));
        Assert.Null(await members.FindRoleAsync("not-a-workspace-id", userId, ct));
    }
}
