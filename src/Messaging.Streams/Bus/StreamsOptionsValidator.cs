using Microsoft.Extensions.Options;

namespace Messaging.Streams.Bus;

internal sealed class StreamsOptionsValidator : IValidateOptions<StreamsOptions>
{
    public ValidateOptionsResult Validate(string? name, StreamsOptions options)
    {
        var failures = options.Consumer.Validate().Select(failure => $"Streams:Consumer: {failure}").ToList();
        foreach (var policy in options.Trim.Append(options.DefaultTrim))
        {
            var where = policy == options.DefaultTrim ? "Streams:DefaultTrim" : $"Streams:Trim ({policy.Stream})";
            if (policy != options.DefaultTrim && string.IsNullOrWhiteSpace(policy.Stream))
            {
                failures.Add($"{where}: every trim policy names its Stream.");
            }
            if (policy.MaxLength is <= 0)
            {
                failures.Add($"{where}: MaxLength must be positive.");
            }
            if (policy.MaxAge is { } age && age <= TimeSpan.Zero)
            {
                failures.Add($"{where}: MaxAge must be positive.");
            }
            if (policy.MaxLength is not null && policy.MaxAge is not null)
            {
                failures.Add($"{where}: set MaxLength or MaxAge, not both.");
            }
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
