using Microsoft.Extensions.Options;
using Sandbox.Conversations;

namespace Sandbox.Webhooks;

/// <summary>
/// Plays each accepted message's statuses (sent, delivered, read, or failed) at their delays and
/// posts them to the product, retrying with backoff as the real providers do. Messages are
/// played concurrently; the statuses of one message stay in order.
/// </summary>
public sealed partial class StatusCallbackDispatcher(
    StatusCallbackQueue queue,
    WebhookSender sender,
    ConversationStore conversations,
    IOptions<SandboxOptions> options,
    TimeProvider time,
    ILogger<StatusCallbackDispatcher> logger) : BackgroundService
{
    readonly StatusCallbackOptions _options = options.Value.StatusCallbacks;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var slots = new SemaphoreSlim(_options.MaxConcurrency);
        var running = new List<Task>();
        try
        {
            await foreach (var job in queue.Reader.ReadAllAsync(stoppingToken))
            {
                await slots.WaitAsync(stoppingToken);
                running.RemoveAll(t => t.IsCompleted);
                running.Add(PlayAsync(job, slots, stoppingToken));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: callbacks not yet due are dropped, as a provider outage would drop them.
        }

        await Task.WhenAll(running);
    }

    async Task PlayAsync(StatusCallbackJob job, SemaphoreSlim slots, CancellationToken stoppingToken)
    {
        try
        {
            foreach (var step in job.Steps)
            {
                await Task.Delay(step.Delay, time, stoppingToken);
                conversations.SetStatus(job.Conversation, job.MessageId, step.Status);
                await DeliverAsync(step.Build(time.GetUtcNow()), stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            LogJobFailed(e, job.MessageId);
        }
        finally
        {
            slots.Release();
        }
    }

    async Task DeliverAsync(WebhookRequest request, CancellationToken stoppingToken)
    {
        var delay = _options.RetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            var response = await sender.SendAsync(request, stoppingToken);
            if (response.IsSuccess)
            {
                return;
            }

            if (attempt >= _options.MaxAttempts)
            {
                LogGaveUp(request.Kind, request.MessageId, request.Url, attempt, response.Status);
                return;
            }

            LogRetrying(request.Kind, request.MessageId, request.Url, response.Status, delay);
            await Task.Delay(delay, time, stoppingToken);
            delay *= 2;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Kind} for {MessageId} to {Url} answered {Status}; retrying in {Delay}")]
    partial void LogRetrying(string kind, string? messageId, Uri url, int status, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Kind} for {MessageId} to {Url} given up after {Attempts} attempts; last status {Status}")]
    partial void LogGaveUp(string kind, string? messageId, Uri url, int attempts, int status);

    [LoggerMessage(Level = LogLevel.Error, Message = "Status callbacks for {MessageId} stopped")]
    partial void LogJobFailed(Exception exception, string messageId);
}
