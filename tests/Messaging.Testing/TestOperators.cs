using System.Collections.Concurrent;
using Messaging.Contracts.Operators;
using Messaging.Tenancy.Members;

namespace Messaging.Testing;

/// <summary>
/// Workspace memberships for a service under test whose database has no tenancy schema. The
/// operator <see cref="Owner"/> owns every workspace, as the creator of each test's own workspace
/// would; anyone else is a member only where a test adds them.
/// </summary>
public sealed class TestOperators : IWorkspaceMembers
{
    public static readonly Guid Owner = new("0f9a4c2e-7d1b-4e5a-9c3f-2b8d6e1a7c40");

    readonly ConcurrentDictionary<(string WorkspaceId, Guid UserId), string> _roles = new();

    /// <summary>A new user, <paramref name="role"/> of <paramref name="workspaceId"/> and nothing else.</summary>
    public Guid Add(string workspaceId, string role)
    {
        var userId = Guid.NewGuid();
        _roles[(workspaceId, userId)] = role;
        return userId;
    }

    public Task<string?> FindRoleAsync(string workspaceId, Guid userId, CancellationToken cancellationToken) =>
        Task.FromResult(userId == Owner ? WorkspaceRoles.Owner : _roles.GetValueOrDefault((workspaceId, userId)));
}

public static class TestOperatorClients
{
    /// <summary>The client's requests act for <paramref name="userId"/>, as Admin's do for the signed-in user.</summary>
    public static HttpClient ActFor(this HttpClient client, Guid userId)
    {
        client.DefaultRequestHeaders.Remove(OperatorHeader.Name);
        client.DefaultRequestHeaders.Add(OperatorHeader.Name, userId.ToString());
        return client;
    }
}
