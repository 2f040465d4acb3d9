using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Sandbox.Conversations;

namespace Sandbox.Webhooks;

/// <summary>
/// Plays each accepted message's statuses (sent, delivered, read, or failed) at their delays and
/// posts them to the product, retrying with backoff as the real providers do. Messages are
/// played concurrently; the statuses of one message stay in order.
/// </summary>
public sealed partial class StatusCallbackDispatcher : BackgroundService
{
    static readonly ResiliencePropertyKey<WebhookRequest> Callback = new("sandbox.status-callback");

    readonly StatusCallbackQueue _queue;
    readonly WebhookSender _sender;
    readonly ConversationStore _conversations;
    readonly TimeProvider _time;
    readonly ILogger<StatusCallbackDispatcher> _logger;
    readonly StatusCallbackOptions _options;
    readonly ResiliencePipeline<WebhookResponse> _untilAccepted;

    public StatusCallbackDispatcher(
        StatusCallbackQueue queue,
        WebhookSender sender,
        ConversationStore conversations,
        IOptions<SandboxOptions> options,
        TimeProvider time,
        ILogger<StatusCallbackDispatcher> logger)
    {
        _queue = queue;
        _sender = sender;
        _conversations = conversations;
        _time = time;
        _logger = logger;
        _options = options.Value.StatusCallbacks;
        _untilAccepted = RetryRefusedCallbacks(_options, time, (response, delay, context) =>
        {
            var request = context.Properties.GetValue(Callback, default!);
            LogRetrying(request.Kind, request.MessageId, request.Url, response.Status, delay);
        });
    }

    /// <summary>
    /// <see cref="StatusCallbackOptions.MaxAttempts"/> attempts in all for a callback the product
    /// does not accept (an error status, or no answer), the first retry after
    /// <see cref="StatusCallbackOptions.RetryDelay"/>, doubling on each further one, without a cap.
    /// </summary>
    internal static ResiliencePipeline<WebhookResponse> RetryRefusedCallbacks(
        StatusCallbackOptions options, TimeProvider time, Action<WebhookResponse, TimeSpan, ResilienceContext> onRetry)
    {
        var builder = new ResiliencePipelineBuilder<WebhookResponse> { TimeProvider = time };
        if (options.MaxAttempts <= 1)
        {
            return builder.Build();
        }

        return builder.AddRetry(new RetryStrategyOptions<WebhookResponse>
        {
            ShouldHandle = static args => ValueTask.FromResult(args.Outcome.Result is { IsSuccess: false }),
            MaxRetryAttempts = options.MaxAttempts - 1,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = false,
            Delay = options.RetryDelay,
            OnRetry = args =>
            {
                onRetry(args.Outcome.Result!, args.RetryDelay, args.Context);
                return ValueTask.CompletedTask;
            },
        }).Build();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var slots = new SemaphoreSlim(_options.MaxConcurrency);
        var running = new List<Task>();
        try
        {
            await foreach (var job in _queue.Reader.ReadAllAsync(stoppingToken))
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
                await Task.Delay(step.Delay, _time, stoppingToken);
                await _conversations.SetStatusAsync(job.Conversation, job.MessageId, step.Status);
                await DeliverAsync(step.Build(_time.GetUtcNow()), stoppingToken);
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
        var context = ResilienceContextPool.Shared.Get(stoppingToken);
        try
        {
            context.Properties.Set(Callback, request);
            var response = await _untilAccepted.ExecuteAsync(
                static async (context, state) => await state.sender.SendAsync(state.request, context.CancellationToken),
                context,
                (sender: _sender, request));
            if (!response.IsSuccess)
            {
                LogGaveUp(request.Kind, request.MessageId, request.Url, _options.MaxAttempts, response.Status);
            }
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Kind} for {MessageId} to {Url} answered {Status}; retrying in {Delay}")]
    partial void LogRetrying(string kind, string? messageId, Uri url, int status, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Kind} for {MessageId} to {Url} given up after {Attempts} attempts; last status {Status}")]
    partial void LogGaveUp(string kind, string? messageId, Uri url, int attempts, int status);

    [LoggerMessage(Level = LogLevel.Error, Message = "Status callbacks for {MessageId} stopped")]
    partial void LogJobFailed(Exception exception, string messageId);
}
