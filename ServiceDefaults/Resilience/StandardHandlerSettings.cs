using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;

namespace Messaging.ServiceDefaults.Resilience;

/// <summary>
/// Gives the standard handler of each HttpClient (its options are named "{client}-standard")
/// the values of that client's <see cref="HttpResilienceOptions"/>: one place to set timeouts,
/// retries and the circuit breaker, validated with clear names.
/// </summary>
internal sealed class StandardHandlerSettings(IOptionsMonitor<HttpResilienceOptions> settings) : IConfigureNamedOptions<HttpStandardResilienceOptions>
{
    const string HandlerSuffix = "-standard";

    public void Configure(HttpStandardResilienceOptions options) => Configure(Options.DefaultName, options);

    public void Configure(string? name, HttpStandardResilienceOptions options)
    {
        var client = name is not null && name.EndsWith(HandlerSuffix, StringComparison.Ordinal) ? name[..^HandlerSuffix.Length] : name ?? "";
        var s = settings.Get(client);
        options.TotalRequestTimeout.Timeout = s.TotalTimeout;
        options.AttemptTimeout.Timeout = s.AttemptTimeout;
        options.Retry.Delay = s.RetryBaseDelay;
        if (s.MaxRetryAttempts == 0)
        {
            options.Retry.ShouldHandle = static _ => ValueTask.FromResult(false);
        }
        else
        {
            options.Retry.MaxRetryAttempts = s.MaxRetryAttempts;
        }
        options.CircuitBreaker.FailureRatio = s.BreakerFailureRatio;
        options.CircuitBreaker.MinimumThroughput = s.BreakerMinimumThroughput;
        options.CircuitBreaker.BreakDuration = s.BreakDuration;
        // The handler refuses a sampling window shorter than two attempts; widen it rather than fail the start.
        options.CircuitBreaker.SamplingDuration = s.BreakerSamplingDuration >= 2 * s.AttemptTimeout ? s.BreakerSamplingDuration : 2 * s.AttemptTimeout;
    }
}
