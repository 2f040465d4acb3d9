namespace Agent.Delivery;

/// <summary>
/// Tells Admin's tenancy API how a channel sends (<c>PUT /api/tenancy/channels/{id}/health</c>):
/// broken credentials disable sending until the owner reconnects it and raise the alert in the
/// log; a send the provider accepted makes a channel that was unknown or failing healthy.
/// </summary>
public sealed partial class ChannelHealthReporter(HttpClient http, ILogger<ChannelHealthReporter> logger)
{
    public const string BaseAddress = "http://admin";

    public async Task ReportBrokenAsync(string channelId, string explanation, CancellationToken cancellationToken)
    {
        LogChannelBroken(logger, channelId, explanation);
        await ReportAsync(channelId, "disabled", explanation, cancellationToken);
    }

    /// <summary>The provider accepted a send: a channel never checked, or failing before, is healthy now.</summary>
    public async Task ReportHealthyAsync(string channelId, CancellationToken cancellationToken)
    {
        LogChannelHealthy(logger, channelId);
        await ReportAsync(channelId, "healthy", null, cancellationToken);
    }

    async Task ReportAsync(string channelId, string status, string? lastError, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.PutAsJsonAsync(
                new Uri($"/api/tenancy/channels/{Uri.EscapeDataString(channelId)}/health", UriKind.Relative),
                new { status, lastError }, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                LogReportRefused(logger, channelId, (int)response.StatusCode);
            }
        }
        catch (HttpRequestException e)
        {
            LogReportFailed(logger, e, channelId);
        }
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "ALERT: channel {ChannelId} can no longer send and is disabled: {Explanation}")]
    static partial void LogChannelBroken(ILogger logger, string channelId, string explanation);

    [LoggerMessage(Level = LogLevel.Information, Message = "Channel {ChannelId} sends: reporting it healthy")]
    static partial void LogChannelHealthy(ILogger logger, string channelId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Admin refused the health report for channel {ChannelId} with HTTP {Status}")]
    static partial void LogReportRefused(ILogger logger, string channelId, int status);

    [LoggerMessage(Level = LogLevel.Error, Message = "Admin could not be reached to disable channel {ChannelId}")]
    static partial void LogReportFailed(ILogger logger, Exception exception, string channelId);
}
