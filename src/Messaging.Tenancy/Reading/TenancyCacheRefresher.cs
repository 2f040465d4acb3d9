using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Messaging.Tenancy.Reading;

/// <summary>Drops the cache every <see cref="TenancyReaderOptions.RefreshInterval"/>: the safety net under the change events.</summary>
internal sealed class TenancyCacheRefresher(TenancyCache cache, IOptions<TenancyReaderOptions> options, TimeProvider timeProvider) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RefreshInterval, timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                cache.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
