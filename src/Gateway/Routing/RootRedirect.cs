namespace Gateway.Routing;

/// <summary>The product's root answers with the way in, the Admin console, rather than a bare 404.</summary>
public static class RootRedirect
{
    public const string Target = "/admin";

    public static IEndpointRouteBuilder MapRootRedirect(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/", [HttpMethods.Get, HttpMethods.Head], () => Results.Redirect(Target));
        return app;
    }
}
