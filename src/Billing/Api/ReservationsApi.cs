using Billing.Ledger;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Billing.Api;

/// <summary>
/// Reservations for the Agent: reserve before the AI call, settle after. Every call is
/// idempotent by turn id, so the caller's retries are safe.
/// </summary>
public static class ReservationsApi
{
    public static RouteGroupBuilder MapReservationsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/credits/reservations").WithTags("Reservations");
        group.MapPost("/", ReserveAsync);
        group.MapGet("/{turnId}", GetAsync);
        group.MapPost("/{turnId}/commit", (string turnId, ReservationLedger ledger, CancellationToken ct) =>
            SettleAsync(turnId, ledger.CommitAsync, ct));
        group.MapPost("/{turnId}/release", (string turnId, ReservationLedger ledger, CancellationToken ct) =>
            SettleAsync(turnId, ledger.ReleaseAsync, ct));
        return group;
    }

    static async Task<Results<Ok<ReservationResponse>, ValidationProblem, ProblemHttpResult>> ReserveAsync(
        ReserveRequest request, ReservationLedger ledger, IOptions<BillingOptions> options, CancellationToken cancellationToken)
    {
        var errors = new RequestErrors();
        errors.Id("workspaceId", request.WorkspaceId);
        errors.Id("turnId", request.TurnId);
        var credits = request.Credits ?? 1;
        var max = options.Value.MaxCreditsPerReservation;
        if (credits < 1 || credits > max)
        {
            errors.Add("credits", $"credits must be between 1 and {max}.");
        }
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var result = await ledger.ReserveAsync(request.WorkspaceId!, request.TurnId!, credits, cancellationToken);
        if (result.Outcome == ReservationOutcome.TurnIdTaken)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "Turn id already used",
                detail: $"Turn {request.TurnId} already has a reservation in another workspace.");
        }
        var reservation = result.Reservation;
        return TypedResults.Ok(new ReservationResponse(
            result.Outcome,
            request.TurnId!,
            request.WorkspaceId!,
            reservation?.Credits ?? credits,
            reservation?.State,
            reservation?.ExpiresAt,
            result.Available));
    }

    static async Task<Results<Ok<ReservationView>, ProblemHttpResult>> GetAsync(string turnId, LedgerQueries queries, CancellationToken cancellationToken) =>
        await queries.GetReservationAsync(turnId, cancellationToken) is { } reservation
            ? TypedResults.Ok(ReservationView.From(reservation))
            : NotFound(turnId);

    static async Task<Results<Ok<SettlementResponse>, ProblemHttpResult>> SettleAsync(
        string turnId, Func<string, CancellationToken, Task<SettlementResult>> settle, CancellationToken cancellationToken)
    {
        var result = await settle(turnId, cancellationToken);
        if (result.Reservation is not { } reservation)
        {
            return NotFound(turnId);
        }
        if (result.Outcome == SettlementOutcome.Conflict)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "Reservation already settled",
                detail: $"Reservation {turnId} is already {reservation.State.ToString().ToLowerInvariant()}; nothing was changed.");
        }
        return TypedResults.Ok(new SettlementResponse(
            turnId, reservation.WorkspaceId, reservation.Credits, reservation.State, result.Outcome == SettlementOutcome.AlreadySettled));
    }

    static ProblemHttpResult NotFound(string turnId) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such reservation", detail: $"Turn {turnId} has no reservation.");
}
