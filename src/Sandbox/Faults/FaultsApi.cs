using Sandbox.Calls;

namespace Sandbox.Faults;

/// <summary>Test and ops control: queue provider errors for a Meta number's next sends.</summary>
public static class FaultsApi
{
    /// <summary>The Graph error codes the sandbox can produce on demand.</summary>
    public static readonly IReadOnlySet<int> MetaCodes = new HashSet<int> { 130429, 131056, 131047, 131026, 190, 500 };

    public sealed record FaultRequest(int Code, int Count = 1);

    public static RouteGroupBuilder MapFaultsApi(this RouteGroupBuilder api)
    {
        api.MapPost("/faults/meta/{phoneNumberId}", (string phoneNumberId, FaultRequest request, FaultStore faults) =>
        {
            if (!MetaCodes.Contains(request.Code))
            {
                return Results.Problem($"code must be one of {string.Join(", ", MetaCodes)}.", statusCode: StatusCodes.Status400BadRequest);
            }
            if (request.Count is < 1 or > 1000)
            {
                return Results.Problem("count must be between 1 and 1000.", statusCode: StatusCodes.Status400BadRequest);
            }
            faults.Enqueue(Providers.Meta, phoneNumberId, request.Code, request.Count);
            return Results.NoContent();
        });
        api.MapDelete("/faults", (FaultStore faults) =>
        {
            faults.Clear();
            return Results.NoContent();
        });
        return api;
    }
}
