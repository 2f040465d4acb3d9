using Sandbox.Calls;

namespace Sandbox.Faults;

/// <summary>Test and ops control: queue provider errors for a Meta number's or a Twilio account's next sends.</summary>
public static class FaultsApi
{
    /// <summary>The Graph error codes the sandbox can produce on demand.</summary>
    public static readonly IReadOnlySet<int> MetaCodes = new HashSet<int> { 130429, 131056, 131047, 131026, 190, 500 };

    /// <summary>What a provider may report after accepting a send (throttling and outages are only ever refusals).</summary>
    public static readonly IReadOnlySet<int> LateMetaCodes = new HashSet<int> { 131047, 131026, 190 };

    /// <summary>The Twilio error codes the sandbox can produce on demand.</summary>
    public static readonly IReadOnlySet<int> TwilioCodes = new HashSet<int> { 20003, 20429, 21610, 63016, 63024, 20500 };

    /// <summary>What Twilio may report in an undelivered/failed status callback after accepting a send.</summary>
    public static readonly IReadOnlySet<int> LateTwilioCodes = new HashSet<int> { 63016, 63024, 30003 };

    /// <param name="Late">Accept the send and report the error in a failed status callback, as Meta usually does.</param>
    public sealed record FaultRequest(int Code, int Count = 1, bool Late = false);

    public static RouteGroupBuilder MapFaultsApi(this RouteGroupBuilder api)
    {
        api.MapPost("/faults/meta/{phoneNumberId}", (string phoneNumberId, FaultRequest request, FaultStore faults) =>
            EnqueueAsync(Providers.Meta, phoneNumberId, request, MetaCodes, LateMetaCodes, faults));
        // Twilio reports most late errors for a code that a request may also be refused with; 30003 only ever arrives late.
        api.MapPost("/faults/twilio/{accountSid}", (string accountSid, FaultRequest request, FaultStore faults) =>
            EnqueueAsync(Providers.Twilio, accountSid, request, request.Late ? LateTwilioCodes : TwilioCodes, LateTwilioCodes, faults));
        api.MapDelete("/faults", async (FaultStore faults) =>
        {
            await faults.ClearAsync();
            return Results.NoContent();
        });
        return api;
    }

    static async Task<IResult> EnqueueAsync(string provider, string business, FaultRequest request, IReadOnlySet<int> codes, IReadOnlySet<int> lateCodes, FaultStore faults)
    {
        if (!codes.Contains(request.Code) && !(request.Late && lateCodes.Contains(request.Code)))
        {
            return Results.Problem($"code must be one of {string.Join(", ", codes)}.", statusCode: StatusCodes.Status400BadRequest);
        }
        if (request.Late && !lateCodes.Contains(request.Code))
        {
            return Results.Problem($"a late error's code must be one of {string.Join(", ", lateCodes)}.", statusCode: StatusCodes.Status400BadRequest);
        }
        if (request.Count is < 1 or > 1000)
        {
            return Results.Problem("count must be between 1 and 1000.", statusCode: StatusCodes.Status400BadRequest);
        }
        await faults.EnqueueAsync(provider, business, request.Code, request.Count, request.Late);
        return Results.NoContent();
    }
}
