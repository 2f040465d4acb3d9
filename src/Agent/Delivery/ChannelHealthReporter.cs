namespace Agent.Delivery;

/// <summary>
/// Tells Admin's tenancy API that a channel's credentials are broken
/// (<c>PUT /api/tenancy/channels/{id}/health</c>), which disables sending until the owner
/// reconnects it, and raises the alert in the log.
/// </summary>
public sealed partial class ChannelHealthReporter(HttpClient http, ILogger<ChannelHealthReporter> logger)
{
    public const string BaseAddress = "http://admin";

    public async Task ReportBrokenAsync(string channelId, string explanation, CancellationToken cancellationToken)
    {
        LogChannelBroken(logger, channelId, explanation);
        try
        {
            using var response = await http.PutAsJsonAsync(
                new Uri($"/api/tenancy/channels/{Uri.EscapeDataString(channelId)}/health", UriKind.Relative),
                new { status = "disabled", lastError = explanation }, cancellationToken);
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

    [LoggerMessage(Level = LogLevel.Error, Message = "Admin refused the health report for channel {ChannelId} with HTTP {Status}")]
    static partial void LogReportRefused(ILogger logger, string channelId, int status);

    [LoggerMessage(Level = LogLevel.Error, Message = "Admin could not be reached to disable channel {ChannelId}")]
    static partial void LogReportFailed(ILogger logger, Exception exception, string channelId);
}
