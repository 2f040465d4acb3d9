using System.ComponentModel.DataAnnotations;
using Messaging.Channels.Inbound;

namespace Sandbox.Accounts;

/// <summary>One set of rules for accounts from configuration and from the accounts API.</summary>
public static class AccountValidation
{
    public static List<string> Validate(object options)
    {
        var errors = DataAnnotations(options);
        if (options is TwilioAccountOptions twilio)
        {
            errors.AddRange(twilio.WhatsAppNumbers
                .Where(n => !PhoneNumbers.IsPlausible(n))
                .Select(n => $"'{n}' is not a phone number."));
        }

        if (options is MetaNumberOptions meta)
        {
            errors.AddRange(meta.Templates.SelectMany((t, i) => DataAnnotations(t).Select(e => $"Templates[{i}]: {e}")));
        }

        if (options is TwilioAccountOptions account)
        {
            errors.AddRange(account.Contents.SelectMany((c, i) => DataAnnotations(c).Select(e => $"Contents[{i}]: {e}")));
        }

        if (options is MetaNumberOptions { WebhookUrl: { IsAbsoluteUri: false } } or TwilioAccountOptions { WebhookUrl: { IsAbsoluteUri: false } })
        {
            errors.Add("WebhookUrl must be an absolute URL.");
        }

        return errors;
    }

    public static List<string> DataAnnotations(object options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return [.. results.Select(r => r.ErrorMessage ?? "Invalid value.")];
    }
}
