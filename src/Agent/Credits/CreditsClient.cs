using System.Net;
using System.Text.Json.Serialization;

namespace Agent.Credits;

public enum ReservationOutcome
{
    Reserved,
    AlreadyReserved,
    InsufficientCredits,
}

/// <summary>Billing's reservations API (src/Billing/README.md), at <c>http://billing</c> through service discovery.</summary>
public sealed class CreditsClient(HttpClient http)
{
    public const string BaseAddress = "http://billing";

    /// <summary>Holds one credit for the turn; idempotent by turn id, so a retried turn finds its earlier hold.</summary>
    public async Task<ReservationOutcome> ReserveAsync(string workspaceId, string turnId, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync(new Uri("/api/credits/reservations", UriKind.Relative), new ReservationRequest(workspaceId, turnId), cancellationToken);
        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            throw new InvalidOperationException($"Billing refused the reservation of turn {turnId}: the turn id belongs to another workspace.");
        }
        response.EnsureSuccessStatusCode();
        var reservation = await response.Content.ReadFromJsonAsync<ReservationResponse>(cancellationToken)
            ?? throw new InvalidOperationException("Billing answered a reservation with an empty body.");
        return reservation.Outcome;
    }

    sealed record ReservationRequest(string WorkspaceId, string TurnId);

    sealed record ReservationResponse([property: JsonConverter(typeof(JsonStringEnumConverter<ReservationOutcome>))] ReservationOutcome Outcome);
}
