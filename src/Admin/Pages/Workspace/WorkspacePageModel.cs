using Admin.Access;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Admin.Pages.Workspace;

/// <summary>
/// A page of one workspace (<c>/admin/w/{slug}/...</c>). Before any handler runs it finds the
/// signed-in user's membership of that workspace; without one the answer is 404, the same as for
/// a workspace that does not exist. Pages for owners only answer 404 to operators likewise.
/// </summary>
public abstract class WorkspacePageModel : PageModel
{
    /// <summary>Set before the handler runs.</summary>
    public WorkspaceAccess.Membership Workspace { get; private set; } = null!;

    /// <summary>True for pages only owners may open.</summary>
    protected virtual bool OwnersOnly => false;

    /// <summary>The path of a page of this workspace, e.g. <c>Link("conversations")</c>.</summary>
    public string Link(string? relative = null) =>
        $"{AdminExtensions.BasePath}/w/{Workspace.Slug}" + (string.IsNullOrEmpty(relative) ? "" : "/" + relative);

    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var slug = RouteData.Values["slug"] as string;
        var access = HttpContext.RequestServices.GetRequiredService<WorkspaceAccess>();
        var membership = slug is null ? null : await access.FindAsync(User, slug, HttpContext.RequestAborted);
        if (membership is null || (OwnersOnly && !membership.IsOwner))
        {
            context.Result = NotFound();
            return;
        }
        Workspace = membership;
        ViewData["Workspace"] = membership;
        await next();
    }

    /// <summary>Shown once after a redirect (post/redirect/get).</summary>
    [TempData]
    public string? Notice { get; set; }

    protected IActionResult Done(string notice, string? relative = null)
    {
        Notice = notice;
        return Redirect(relative is null ? Request.Path.Value! : Link(relative));
    }
}
