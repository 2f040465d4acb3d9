using Messaging.ServiceDefaults.Database;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Messaging.Tenancy.Members;

public static class OperatorEndpointExtensions
{
    /// <summary><see cref="OperatorAccess"/> on the memberships in the tenancy schema (read-only).</summary>
    public static IHostApplicationBuilder AddOperatorAccess(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDataSource();
        builder.Services.TryAddSingleton<IWorkspaceMembers, WorkspaceMembers>();
        builder.Services.TryAddSingleton<OperatorAccess>();
        return builder;
    }

    /// <summary>
    /// The endpoints are operator actions on a resource of the workspace <paramref name="workspaceOf"/>
    /// finds (null when the resource does not exist): see <see cref="OperatorAccess"/>.
    /// <paramref name="serviceCallers"/> may call them naming no operator.
    /// </summary>
    public static TBuilder RequireOperator<TBuilder>(this TBuilder endpoints, Func<EndpointFilterInvocationContext, Task<string?>> workspaceOf,
        OperatorRequirement requirement = OperatorRequirement.Member, params string[] serviceCallers)
        where TBuilder : IEndpointConventionBuilder =>
        endpoints.AddEndpointFilter(async (context, next) =>
        {
            var access = context.HttpContext.RequestServices.GetRequiredService<OperatorAccess>();
            return await access.AuthorizeAsync(context.HttpContext, () => workspaceOf(context), requirement, serviceCallers).ConfigureAwait(false)
                ?? await next(context).ConfigureAwait(false);
        });

    /// <summary>
    /// The endpoints read one workspace's data, named by the query parameter <c>workspaceId</c>:
    /// for a member of that workspace only (see <see cref="OperatorAccess"/>). A request naming no
    /// workspace is answered 400 before anything is looked up.
    /// </summary>
    public static TBuilder RequireOperatorOfQueryWorkspace<TBuilder>(this TBuilder endpoints) where TBuilder : IEndpointConventionBuilder =>
        endpoints.AddEndpointFilter(async (context, next) =>
        {
            var workspaceId = context.HttpContext.Request.Query[WorkspaceParameter].ToString();
            if (string.IsNullOrWhiteSpace(workspaceId))
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { [WorkspaceParameter] = [$"{WorkspaceParameter} is required."] });
            }
            var access = context.HttpContext.RequestServices.GetRequiredService<OperatorAccess>();
            return await access.AuthorizeAsync(context.HttpContext, () => Task.FromResult<string?>(workspaceId), OperatorRequirement.Member, []).ConfigureAwait(false)
                ?? await next(context).ConfigureAwait(false);
        });

    const string WorkspaceParameter = "workspaceId";

    /// <summary>The workspace named by the route value <c>{workspaceId}</c>.</summary>
    public static Task<string?> RouteWorkspace(EndpointFilterInvocationContext context) =>
        Task.FromResult(context.HttpContext.Request.RouteValues[WorkspaceParameter] as string);
}
