using Sandbox.Calls;

namespace Sandbox.Faults;

/// <summary>Test and ops control: queue provider errors for a Meta number's next sends.</summary>
public static class FaultsApi
{
    /// <summary>The Graph error codes the sandbox can produce on demand.</summary>
    public static readonly IReadOnlySet<int> MetaCodes = new HashSet<int> { 130429, 131056, 131047, 131026, 190, 500 };

    /// <summary>What a provider may report after accepting a send (throttling and outages are only ever refusals).</summary>
    public static readonly IReadOnlySet<int> LateMetaCodes = new HashSet<int> { 131047, 131026, 190 };

    /// <param name="Late">Accept the send and report the error in a failed status callback, as Meta usually does.</param>
    public sealed record FaultRequest(int Code, int Count = 1, bool Late = false);

    public static RouteGroupBuilder MapFaultsApi(this RouteGroupBuilder api)
    {
        api.MapPost("/faults/meta/{phoneNumberId}", async (string phoneNumberId, FaultRequest request, FaultStore faults) =>
        {
            if (!MetaCodes.Contains(request.Code))
            {
                return Results.Problem($"code must be one of {string.Join(", ", MetaCodes)}.", statusCode: StatusCodes.Status400BadRequest);
            }
            if (request.Late && !LateMetaCodes.Contains(request.Code))
            {
                return Results.Problem($"a late error's code must be one of {string.Join(", ", LateMetaCodes)}.", statusCode: StatusCodes.Status400BadRequest);
            }
            if (request.Count is < 1 or > 1000)
            {
                return Results.Problem("count must be between 1 and 1000.", statusCode: StatusCodes.Status400BadRequest);
            }
            await faults.EnqueueAsync(Providers.Meta, phoneNumberId, request.Code, request.Count, request.Late);
            return Results.NoContent();
        });
        api.MapDelete("/faults", async (FaultStore faults) =>
        {
            await faults.ClearAsync();
            return Results.NoContent();
        });
        return api;
    }
}
