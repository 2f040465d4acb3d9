using Billing.Ledger;
using Microsoft.Extensions.Options;

namespace Billing.Expiry;

/// <summary>
/// Releases reservations that were never settled (the Agent crashed, turn:completed was lost)
/// once they are older than <see cref="BillingOptions.ReservationTimeout"/>. Every replica runs
/// one; they share the work through row locks, never expiring a reservation twice.
/// </summary>
public sealed partial class ReservationExpirySweeper(
    IServiceScopeFactory scopes,
    IOptions<BillingOptions> options,
    TimeProvider time,
    ILogger<ReservationExpirySweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(options.Value.ExpirySweepInterval, time, stoppingToken);
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogSweepFailed(logger, e);
            }
        }
    }

    /// <summary>Expires everything due now, one workspace per transaction.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var total = 0;
        while (true)
        {
            await using var scope = scopes.CreateAsyncScope();
            if (await scope.ServiceProvider.GetRequiredService<ReservationLedger>().ExpireDueAsync(cancellationToken) is not { } expired)
            {
                return total;
            }
            total += expired;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Expiring reservations failed; retrying at the next sweep")]
    static partial void LogSweepFailed(ILogger logger, Exception exception);
}
