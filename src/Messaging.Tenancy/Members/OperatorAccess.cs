using Messaging.Contracts.Operators;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Messaging.Tenancy.Members;

/// <summary>
/// Authorizes an operator action in the service that owns the data: the calling service (already
/// authenticated by its credential) names the signed-in operator in <see cref="OperatorHeader.Name"/>,
/// and the operator must be a member, with the role the action needs, of the workspace the
/// resource belongs to. A non-member gets 404, as for a resource that does not exist; a member
/// without the role gets 403. A request naming no operator is a service acting on its own, which
/// only the callers the endpoint lists may do.
/// </summary>
public sealed partial class OperatorAccess(IWorkspaceMembers members, ILogger<OperatorAccess> logger)
{
    /// <returns>Null when the action may go ahead, otherwise the refusal to answer.</returns>
    public async Task<IResult?> AuthorizeAsync(HttpContext http, Func<Task<string?>> workspaceOf, OperatorRequirement requirement, IReadOnlyCollection<string> serviceCallers)
    {
        var caller = http.User.Identity?.Name ?? "";
        var header = http.Request.Headers[OperatorHeader.Name].ToString();
        if (header.Length == 0)
        {
            if (serviceCallers.Contains(caller, StringComparer.Ordinal))
            {
                return null;
            }
            LogNoOperator(logger, http.Request.Method, http.Request.Path, caller);
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "No operator",
                detail: $"This is an operator's action: name the signed-in operator's user id in the {OperatorHeader.Name} header.");
        }
        if (!Guid.TryParse(header, out var userId))
        {
            LogNoOperator(logger, http.Request.Method, http.Request.Path, caller);
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unreadable operator",
                detail: $"{OperatorHeader.Name} must be the operator's user id (a GUID).");
        }
        var workspaceId = await workspaceOf().ConfigureAwait(false);
        var role = workspaceId is null ? null : await members.FindRoleAsync(workspaceId, userId, http.RequestAborted).ConfigureAwait(false);
        if (role is null)
        {
            LogNotMember(logger, http.Request.Method, http.Request.Path, userId, workspaceId ?? "(none)");
            return Results.NotFound();
        }
        if (requirement == OperatorRequirement.Owner && role != WorkspaceRoles.Owner)
        {
            LogNotOwner(logger, http.Request.Method, http.Request.Path, userId, workspaceId!);
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Owners only",
                detail: "Only an owner of the workspace may do this.");
        }
        return null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused {Method} {Path} from {Caller}: it names no readable operator")]
    static partial void LogNoOperator(ILogger logger, string method, PathString path, string caller);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused {Method} {Path}: operator {UserId} is not a member of workspace {WorkspaceId}")]
    static partial void LogNotMember(ILogger logger, string method, PathString path, Guid userId, string workspaceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused {Method} {Path}: operator {UserId} is not an owner of workspace {WorkspaceId}")]
    static partial void LogNotOwner(ILogger logger, string method, PathString path, Guid userId, string workspaceId);
}
