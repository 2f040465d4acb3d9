using Billing.Alerts;
using Billing.Data;
using Messaging.Contracts;
using Messaging.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Billing.Ledger;

/// <summary>
/// Reserve, commit, release and expire: each one transaction that writes the ledger entry,
/// the reservation's state and the balance together. Keys: the turn id; a repeated call
/// finds the earlier outcome and changes nothing.
/// </summary>
public sealed partial class ReservationLedger(
    BillingDbContext db,
    CreditAlerts alerts,
    OutboxWriter<BillingDbContext> outbox,
    OutboxSignal outboxSignal,
    BillingMetrics metrics,
    TimeProvider time,
    IOptions<BillingOptions> options,
    ILogger<ReservationLedger> logger)
{
    public async Task<ReservationResult> ReserveAsync(string workspaceId, string turnId, long credits, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(credits);
        var now = time.GetLedgerNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var balance = await db.LockBalanceAsync(workspaceId, cancellationToken);
        var existing = await db.Reservations.AsNoTracking().SingleOrDefaultAsync(r => r.TurnId == turnId, cancellationToken);
        if (existing is not null)
        {
            return Replay(existing, workspaceId, balance);
        }
        if (balance is null || balance.Available < credits)
        {
            metrics.Denied();
            LogDenied(logger, workspaceId, turnId, credits, balance?.Available ?? 0);
            return new ReservationResult(ReservationOutcome.InsufficientCredits, null, balance?.Available ?? 0);
        }

        balance.Available -= credits;
        balance.Reserved += credits;
        balance.UpdatedAt = now;
        var reservation = new Reservation
        {
            TurnId = turnId,
            WorkspaceId = workspaceId,
            Credits = credits,
            State = ReservationState.Reserved,
            ReservedAt = now,
            ExpiresAt = now + options.Value.ReservationTimeout,
        };
        db.Reservations.Add(reservation);
        db.LedgerEntries.Add(Entry(balance, LedgerEntryKind.Reserve, -credits, credits, turnId, now));
        var events = alerts.AfterDecrease(balance, now);
        outbox.AddRange(StreamNames.BillingEvents, events);

        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // The same turn id was reserved at this moment under another workspace's lock.
            db.ChangeTracker.Clear();
            await transaction.RollbackAsync(cancellationToken);
            var winner = await db.Reservations.AsNoTracking().SingleAsync(r => r.TurnId == turnId, cancellationToken);
            return Replay(winner, workspaceId, await CurrentBalanceAsync(workspaceId, cancellationToken));
        }
        metrics.Reserved();
        if (events.Count > 0)
        {
            outboxSignal.Notify();
        }
        return new ReservationResult(ReservationOutcome.Reserved, reservation, balance.Available);
    }

    /// <summary>The reply was sent: the held credits are spent.</summary>
    public Task<SettlementResult> CommitAsync(string turnId, CancellationToken cancellationToken) =>
        SettleAsync(turnId, ReservationState.Committed, cancellationToken);

    /// <summary>No reply was sent: the held credits return to the available ones.</summary>
    public Task<SettlementResult> ReleaseAsync(string turnId, CancellationToken cancellationToken) =>
        SettleAsync(turnId, ReservationState.Released, cancellationToken);

    /// <summary>
    /// The reply was sent but reported failed for good later: the credits come back with a
    /// <c>refund</c> entry, once per turn (the reservation becomes refunded, which is final). A
    /// committed reservation gives its spent credits back; one still reserved, because the
    /// turn's commit has not been settled yet, gives its held credits back and the commit that
    /// follows finds it refunded and changes nothing. A released or expired one has nothing to give.
    /// </summary>
    public async Task<SettlementResult> RefundAsync(string turnId, CancellationToken cancellationToken)
    {
        await using var locked = await LockReservationAsync(turnId, cancellationToken);
        if (locked is null)
        {
            return new SettlementResult(SettlementOutcome.NotFound, null);
        }
        var (transaction, balance, reservation) = locked;
        switch (reservation.State)
        {
            case ReservationState.Refunded:
                return new SettlementResult(SettlementOutcome.AlreadySettled, reservation);
            case ReservationState.Released or ReservationState.Expired:
                return new SettlementResult(SettlementOutcome.Conflict, reservation);
        }
        var now = time.GetLedgerNow();
        var fromReserved = reservation.State == ReservationState.Reserved ? reservation.Credits : 0;
        reservation.State = ReservationState.Refunded;
        reservation.SettledAt = now;
        balance.Reserved -= fromReserved;
        balance.Available += reservation.Credits;
        balance.UpdatedAt = now;
        db.LedgerEntries.Add(Entry(balance, LedgerEntryKind.Refund, reservation.Credits, -fromReserved, turnId, now));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        metrics.Refunded();
        return new SettlementResult(SettlementOutcome.Settled, reservation);
    }

    /// <summary>
    /// Releases the expired reservations of one workspace whose balance no other replica is
    /// working on (FOR UPDATE SKIP LOCKED). Null when no such workspace is left.
    /// </summary>
    public async Task<int?> ExpireDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetLedgerNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var balances = await db.Balances
            .FromSql($"""
                SELECT * FROM billing.balances
                WHERE workspace_id IN (SELECT workspace_id FROM billing.reservations WHERE state = 'reserved' AND expires_at <= {now})
                LIMIT 1
                FOR UPDATE SKIP LOCKED
                """)
            .ToListAsync(cancellationToken);
        if (balances is not [var balance])
        {
            return null;
        }
        // Read under the lock: another replica may have expired them since the row was chosen,
        // in which case this batch is empty and the caller simply asks again.
        var due = await db.Reservations
            .Where(r => r.WorkspaceId == balance.WorkspaceId && r.State == ReservationState.Reserved && r.ExpiresAt <= now)
            .OrderBy(r => r.ExpiresAt)
            .Take(options.Value.ExpiryBatchSize)
            .ToListAsync(cancellationToken);
        foreach (var reservation in due)
        {
            Apply(balance, reservation, ReservationState.Expired, now);
            LogExpired(logger, balance.WorkspaceId, reservation.TurnId, reservation.Credits);
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        metrics.Expired(due.Count);
        return due.Count;
    }

    async Task<SettlementResult> SettleAsync(string turnId, ReservationState target, CancellationToken cancellationToken)
    {
        await using var locked = await LockReservationAsync(turnId, cancellationToken);
        if (locked is null)
        {
            return new SettlementResult(SettlementOutcome.NotFound, null);
        }
        var (transaction, balance, reservation) = locked;
        var now = time.GetLedgerNow();
        // Refunded is final: a commit or release that arrives after the refund (the reply's
        // failure overtook its turn:completed) finds the credit back already.
        if (reservation.State == target || reservation.State == ReservationState.Refunded)
        {
            return new SettlementResult(SettlementOutcome.AlreadySettled, reservation);
        }
        if (reservation.State != ReservationState.Reserved)
        {
            LogSettlementConflict(logger, turnId, target, reservation.State);
            return new SettlementResult(SettlementOutcome.Conflict, reservation);
        }
        Apply(balance, reservation, target, now);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (target == ReservationState.Committed)
        {
            metrics.Committed();
        }
        else
        {
            metrics.Released();
        }
        return new SettlementResult(SettlementOutcome.Settled, reservation);
    }

    /// <summary>
    /// The turn's reservation read again under its workspace's balance lock, in a transaction the
    /// caller commits (disposing the result rolls back what was not): another replica may have
    /// settled it meanwhile. Null when the turn has no reservation.
    /// </summary>
    async Task<LockedReservation?> LockReservationAsync(string turnId, CancellationToken cancellationToken)
    {
        var workspaceId = await db.Reservations.AsNoTracking()
            .Where(r => r.TurnId == turnId)
            .Select(r => r.WorkspaceId)
            .SingleOrDefaultAsync(cancellationToken);
        if (workspaceId is null)
        {
            return null;
        }
        var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            var balance = await db.LockBalanceAsync(workspaceId, cancellationToken)
                ?? throw new InvalidOperationException($"Reservation {turnId} has no balance row.");
            return new LockedReservation(transaction, balance, await db.Reservations.SingleAsync(r => r.TurnId == turnId, cancellationToken));
        }
        catch
        {
            await transaction.DisposeAsync();
            throw;
        }
    }

    sealed record LockedReservation(IDbContextTransaction Transaction, Balance Balance, Reservation Reservation) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Transaction.DisposeAsync();
    }

    void Apply(Balance balance, Reservation reservation, ReservationState target, DateTimeOffset now)
    {
        var (kind, backToAvailable) = target switch
        {
            ReservationState.Committed => (LedgerEntryKind.Commit, 0L),
            ReservationState.Released => (LedgerEntryKind.Release, reservation.Credits),
            ReservationState.Expired => (LedgerEntryKind.Expire, reservation.Credits),
            _ => throw new ArgumentOutOfRangeException(nameof(target), target, "Not a settled state."),
        };
        reservation.State = target;
        reservation.SettledAt = now;
        balance.Reserved -= reservation.Credits;
        balance.Available += backToAvailable;
        balance.UpdatedAt = now;
        db.LedgerEntries.Add(Entry(balance, kind, backToAvailable, -reservation.Credits, reservation.TurnId, now));
    }

    static LedgerEntry Entry(Balance balance, LedgerEntryKind kind, long availableDelta, long reservedDelta, string turnId, DateTimeOffset now) => new()
    {
        WorkspaceId = balance.WorkspaceId,
        Kind = kind,
        AvailableDelta = availableDelta,
        ReservedDelta = reservedDelta,
        AvailableAfter = balance.Available,
        ReservedAfter = balance.Reserved,
        TurnId = turnId,
        CreatedAt = now,
    };

    static ReservationResult Replay(Reservation existing, string workspaceId, Balance? balance) =>
        existing.WorkspaceId == workspaceId
            ? new ReservationResult(ReservationOutcome.AlreadyReserved, existing, balance?.Available ?? 0)
            : new ReservationResult(ReservationOutcome.TurnIdTaken, null, balance?.Available ?? 0);

    async Task<Balance?> CurrentBalanceAsync(string workspaceId, CancellationToken cancellationToken) =>
        await db.Balances.AsNoTracking().SingleOrDefaultAsync(b => b.WorkspaceId == workspaceId, cancellationToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reservation of {Credits} credit(s) for turn {TurnId} of workspace {WorkspaceId} denied: {Available} available")]
    static partial void LogDenied(ILogger logger, string workspaceId, string turnId, long credits, long available);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reservation of {Credits} credit(s) for turn {TurnId} of workspace {WorkspaceId} expired unsettled and was released")]
    static partial void LogExpired(ILogger logger, string workspaceId, string turnId, long credits);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reservation {TurnId} cannot become {Target}: it is already {State}")]
    static partial void LogSettlementConflict(ILogger logger, string turnId, ReservationState target, ReservationState state);
}
