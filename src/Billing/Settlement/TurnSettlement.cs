using Billing.Data;
using Billing.Ledger;
using Messaging.Contracts.Events;

namespace Billing.Settlement;

/// <summary>
/// Settles a turn's reservation from its turn:completed event: commit when the reply was sent,
/// release otherwise; refund when TurnReplyFailed says the sent reply failed for good later.
/// Replayed events find the reservation settled and change nothing.
/// </summary>
public sealed partial class TurnSettlement(ReservationLedger ledger, ILogger<TurnSettlement> logger)
{
    /// <summary>Null when the turn held no credit.</summary>
    public async Task<SettlementResult?> SettleAsync(TurnCompleted turn, CancellationToken cancellationToken)
    {
        if (!turn.CreditReserved)
        {
            return null;
        }
        var result = turn.Outcome == TurnOutcome.Replied
            ? await ledger.CommitAsync(turn.TurnId, cancellationToken)
            : await ledger.ReleaseAsync(turn.TurnId, cancellationToken);
        switch (result.Outcome)
        {
            case SettlementOutcome.NotFound:
                LogUnknownReservation(logger, turn.TurnId, turn.WorkspaceId);
                break;
            case SettlementOutcome.Conflict:
                LogAlreadySettled(logger, turn.TurnId, turn.Outcome, result.Reservation!.State.ToString());
                break;
        }
        return result;
    }

    /// <summary>Null when the turn held no credit.</summary>
    public async Task<SettlementResult?> RefundAsync(TurnReplyFailed turn, CancellationToken cancellationToken)
    {
        if (!turn.CreditReserved)
        {
            return null;
        }
        var result = await ledger.RefundAsync(turn.TurnId, cancellationToken);
        switch (result.Outcome)
        {
            case SettlementOutcome.Settled:
                LogRefunded(logger, turn.TurnId, turn.WorkspaceId, result.Reservation!.Credits, turn.ErrorCode);
                break;
            case SettlementOutcome.NotFound:
                LogUnknownReservation(logger, turn.TurnId, turn.WorkspaceId);
                break;
            case SettlementOutcome.Conflict:
                LogNothingToRefund(logger, turn.TurnId, result.Reservation!.State);
                break;
        }
        return result;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The reply of turn {TurnId} of workspace {WorkspaceId} failed after it was sent (code {Code}): {Credits} credit(s) refunded")]
    static partial void LogRefunded(ILogger logger, string turnId, string workspaceId, long credits, string? code);

    [LoggerMessage(Level = LogLevel.Information, Message = "The reply of turn {TurnId} failed after it was sent, but its reservation was already {State}: nothing to refund")]
    static partial void LogNothingToRefund(ILogger logger, string turnId, ReservationState state);

    [LoggerMessage(Level = LogLevel.Warning, Message = "turn:completed for turn {TurnId} of workspace {WorkspaceId} says a credit was reserved, but there is no reservation; nothing to settle")]
    static partial void LogUnknownReservation(ILogger logger, string turnId, string workspaceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Turn {TurnId} ended {Outcome} but its reservation was already {State} (it may have expired first); left as is")]
    static partial void LogAlreadySettled(ILogger logger, string turnId, TurnOutcome outcome, string state);
}
