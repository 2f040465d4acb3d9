using Messaging.Channels.Inbound;
using Microsoft.Extensions.Options;
using Sandbox.Accounts;

namespace Sandbox;

/// <summary>Rejects absurd settings at start-up, nested accounts included.</summary>
public sealed class SandboxOptionsValidator : IValidateOptions<SandboxOptions>
{
    public ValidateOptionsResult Validate(string? name, SandboxOptions options)
    {
        var errors = AccountValidation.DataAnnotations(options);
        errors.AddRange(AccountValidation.DataAnnotations(options.StatusCallbacks).Select(e => $"StatusCallbacks: {e}"));
        if (!options.PublicBaseUrl.IsAbsoluteUri)
        {
            errors.Add("PublicBaseUrl must be an absolute URL.");
        }

        if (options.SelfBaseUrl is { IsAbsoluteUri: false })
        {
            errors.Add("SelfBaseUrl must be an absolute URL.");
        }

        errors.AddRange(options.MetaNumbers.SelectMany((n, i) => AccountValidation.Validate(n).Select(e => $"MetaNumbers[{i}]: {e}")));
        errors.AddRange(options.TwilioAccounts.SelectMany((a, i) => AccountValidation.Validate(a).Select(e => $"TwilioAccounts[{i}]: {e}")));
        errors.AddRange(options.MetaNumbers.GroupBy(n => n.PhoneNumberId).Where(g => g.Count() > 1).Select(g => $"MetaNumbers: PhoneNumberId {g.Key} appears twice."));
        errors.AddRange(options.TwilioAccounts.SelectMany(a => a.WhatsAppNumbers).GroupBy(PhoneNumbers.Digits).Where(g => g.Count() > 1)
            .Select(g => $"TwilioAccounts: WhatsApp number +{g.Key} appears twice."));
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
