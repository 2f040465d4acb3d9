using System.Net;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Messaging.ServiceDefaults.Resilience;

/// <summary>
/// Total timeout, retry with exponential backoff and jitter, circuit breaker, attempt timeout:
/// the order of Microsoft.Extensions.Http.Resilience's standard handler, built on Polly.Core
/// because that package is not served here. A request is retried as is, so callers send
/// buffered content and make non-idempotent calls idempotent with a key. Clients configured
/// through the defaults have no name: their circuits are kept per destination authority, so
/// one failing dependency opens only its own.
/// </summary>
internal sealed class ResilienceHandler(ResiliencePipelineProvider pipelines, string? clientName) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var pipeline = pipelines.Get(clientName ?? "", request.RequestUri?.Authority ?? "");
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            var outcome = await pipeline.ExecuteOutcomeAsync(
                static async (ctx, state) =>
                {
                    try
                    {
                        var response = await state.Handler.SendCoreAsync(state.Request, ctx.CancellationToken).ConfigureAwait(ctx.ContinueOnCapturedContext);
                        return Outcome.FromResult(response);
                    }
                    catch (Exception e)
                    {
                        return Outcome.FromException<HttpResponseMessage>(e);
                    }
                },
                context,
                (Handler: this, Request: request)).ConfigureAwait(false);
            outcome.ThrowIfException();
            return outcome.Result!;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    Task<HttpResponseMessage> SendCoreAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        base.SendAsync(request, cancellationToken);
}

/// <summary>One pipeline per client name and destination, with the client's options.</summary>
internal sealed class ResiliencePipelineProvider(IOptionsMonitor<HttpResilienceOptions> options, TimeProvider time)
{
    readonly Dictionary<(string Client, string Authority), ResiliencePipeline<HttpResponseMessage>> _pipelines = [];
    readonly Lock _gate = new();

    public ResiliencePipeline<HttpResponseMessage> Get(string clientName, string authority)
    {
        lock (_gate)
        {
            if (!_pipelines.TryGetValue((clientName, authority), out var pipeline))
            {
                pipeline = Build(options.Get(clientName));
                _pipelines[(clientName, authority)] = pipeline;
            }
            return pipeline;
        }
    }

    ResiliencePipeline<HttpResponseMessage> Build(HttpResilienceOptions o)
    {
        var transient = new PredicateBuilder<HttpResponseMessage>()
            .Handle<HttpRequestException>()
            .Handle<TimeoutRejectedException>()
            .HandleResult(IsTransient);

        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }.AddTimeout(o.TotalTimeout);
        if (o.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                ShouldHandle = transient,
                MaxRetryAttempts = o.MaxRetryAttempts,
                Delay = o.RetryBaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                OnRetry = static args =>
                {
                    args.Outcome.Result?.Dispose();
                    return default;
                },
            });
        }
        return builder
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
            {
                ShouldHandle = transient,
                FailureRatio = o.BreakerFailureRatio,
                MinimumThroughput = o.BreakerMinimumThroughput,
                SamplingDuration = o.BreakerSamplingDuration,
                BreakDuration = o.BreakDuration,
            })
            .AddTimeout(o.AttemptTimeout)
            .Build();
    }

    internal static bool IsTransient(HttpResponseMessage response) =>
        response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500;
}
