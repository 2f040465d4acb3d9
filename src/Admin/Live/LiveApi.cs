using System.Text.Json;
using Admin.Access;

namespace Admin.Live;

/// <summary>
/// <c>GET /admin/w/{slug}/live</c>: server-sent events for the signed-in member of a workspace;
/// each event names the stream that changed, and the page fetches what it shows again.
/// </summary>
public static class LiveApi
{
    static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(20);

    public static IEndpointRouteBuilder MapLiveApi(this IEndpointRouteBuilder app)
    {
        app.MapGet(AdminExtensions.BasePath + "/w/{slug}/live", StreamAsync).RequireAuthorization();
        return app;
    }

    static async Task StreamAsync(string slug, HttpContext http, WorkspaceAccess access, LiveHub hub, CancellationToken cancellationToken)
    {
        if (await access.FindAsync(http.User, slug, cancellationToken) is not { } membership)
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        // A buffering proxy would hold the events back.
        http.Response.Headers["X-Accel-Buffering"] = "no";
        using var subscription = hub.Watch(membership.WorkspaceId.ToString());
        await http.Response.WriteAsync("retry: 2000\n\n", cancellationToken);
        await http.Response.Body.FlushAsync(cancellationToken);
        while (!cancellationToken.IsCancellationRequested)
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(KeepAlive);
            string frame;
            try
            {
                var change = await subscription.Changes.ReadAsync(wait.Token);
                frame = $"event: change\ndata: {JsonSerializer.Serialize(new { stream = change.Stream, entry = change.EntryId })}\n\n";
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                frame = ": keep-alive\n\n";
            }
            catch (OperationCanceledException)
            {
                return;
            }
            await http.Response.WriteAsync(frame, cancellationToken);
            await http.Response.Body.FlushAsync(cancellationToken);
        }
    }
}
