using Messaging.Tenancy.Members;
using Admin.Tenancy.Api;
using Admin.Tenancy.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Admin.Access;

public sealed record MemberRequest(string? Email, string? DisplayName, string? Password, string? Role)
{
    public override string ToString() => $"MemberRequest {{ Email = {Email}, DisplayName = {DisplayName}, Role = {Role}, Password = (redacted) }}";
}

public sealed record MemberResponse(string UserId, string Email, string DisplayName, string Role);

/// <summary>
/// Internal: makes sure a console login exists and is a member of a workspace, with this
/// password. The deployment's own tools use it (the AppHost's demo seed, a first owner); people
/// are invited from the console instead.
/// </summary>
public static partial class MembersApi
{
    public static RouteGroupBuilder MapMembersApi(this RouteGroupBuilder api)
    {
        api.MapPut("/workspaces/{workspaceId:guid}/members", PutAsync);
        api.MapGet("/workspaces/{workspaceId:guid}/members", ListAsync);
        return api;
    }

    static async Task<IResult> PutAsync(Guid workspaceId, MemberRequest? request, TenancyDbContext db, UserManager<ConsoleUser> users, TimeProvider time, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return TenancyProblems.MissingBody();
        }
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Email) || !request.Email.Contains('@', StringComparison.Ordinal) || request.Email.Length > 256)
        {
            errors["email"] = ["email must be an email address of at most 256 characters."];
        }
        if (string.IsNullOrWhiteSpace(request.DisplayName) || request.DisplayName.Length > 100)
        {
            errors["displayName"] = ["displayName must be 1 to 100 characters."];
        }
        if (!WorkspaceRoles.IsKnown(request.Role))
        {
            errors["role"] = ["role must be 'owner' or 'operator'."];
        }
        if (string.IsNullOrEmpty(request.Password))
        {
            errors["password"] = ["password is required."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        if (!await db.Workspaces.AnyAsync(w => w.Id == workspaceId, cancellationToken))
        {
            return TenancyProblems.NotFound($"Workspace {workspaceId}");
        }
        var logger = loggers.CreateLogger(typeof(MembersApi));
        var user = await users.FindByEmailAsync(request.Email!);
        IdentityResult result;
        if (user is null)
        {
            user = new ConsoleUser { UserName = request.Email!.Trim(), Email = request.Email.Trim(), EmailConfirmed = true, DisplayName = request.DisplayName!.Trim(), CreatedAt = time.GetUtcNow() };
            result = await users.CreateAsync(user, request.Password!);
        }
        else
        {
            user.DisplayName = request.DisplayName!.Trim();
            var token = await users.GeneratePasswordResetTokenAsync(user);
            result = await users.ResetPasswordAsync(user, token, request.Password!);
        }
        if (!result.Succeeded)
        {
            LogRefused(logger, workspaceId, string.Join(" ", result.Errors.Select(e => e.Code)));
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["password"] = result.Errors.Select(e => e.Description).ToArray() });
        }
        var membership = await db.Memberships.SingleOrDefaultAsync(m => m.WorkspaceId == workspaceId && m.UserId == user.Id, cancellationToken);
        if (membership is null)
        {
            db.Memberships.Add(new MembershipRow { WorkspaceId = workspaceId, UserId = user.Id, Role = request.Role!, CreatedAt = time.GetUtcNow() });
        }
        else
        {
            membership.Role = request.Role!;
        }
        await db.SaveChangesAsync(cancellationToken);
        LogMember(logger, user.Id, workspaceId, request.Role!);
        return TypedResults.Ok(new MemberResponse(user.Id.ToString(), user.Email!, user.DisplayName, request.Role!));
    }

    static async Task<IResult> ListAsync(Guid workspaceId, TenancyDbContext db, CancellationToken cancellationToken)
    {
        var members = await (from m in db.Memberships.AsNoTracking()
                             join u in db.Users.AsNoTracking() on m.UserId equals u.Id
                             where m.WorkspaceId == workspaceId
                             orderby u.Email
                             select new MemberResponse(u.Id.ToString(), u.Email!, u.DisplayName, m.Role)).ToListAsync(cancellationToken);
        return TypedResults.Ok(members);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserId} is a member of workspace {WorkspaceId} as {Role}")]
    static partial void LogMember(ILogger logger, Guid userId, Guid workspaceId, string role);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Member of workspace {WorkspaceId} refused: {Errors}")]
    static partial void LogRefused(ILogger logger, Guid workspaceId, string errors);
}
