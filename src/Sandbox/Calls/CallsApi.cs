namespace Sandbox.Calls;

/// <summary>Lets tests and the simulator page see what the product asked of the providers.</summary>
public static class CallsApi
{
    public static RouteGroupBuilder MapCallsApi(this RouteGroupBuilder api)
    {
        var calls = api.MapGroup("/calls");
        calls.MapGet("/", Query);
        calls.MapDelete("/", async (CallLog log) =>
        {
            await log.ClearAsync();
            return TypedResults.NoContent();
        });
        return api;
    }

    static IResult Query(CallLog log, string? provider, string? phone, string? kind, string? direction, string? messageId, long? after, int? limit)
    {
        if (limit is < 1 or > 10_000)
        {
            return TypedResults.Problem("limit must be between 1 and 10000.", statusCode: StatusCodes.Status400BadRequest);
        }

        return TypedResults.Ok(log.Query(new CallQuery(provider, phone, kind, direction, messageId, after ?? 0, limit ?? 1_000)));
    }
}
