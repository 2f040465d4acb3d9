using System.Collections.Concurrent;
using Messaging.Channels.Inbound;
using Microsoft.Extensions.Options;

namespace Sandbox.Accounts;

/// <summary>
/// The emulated Meta numbers and Twilio accounts: those from configuration, plus those
/// registered through the accounts API (the AppHost's demo channel, tests' own).
/// </summary>
public sealed class AccountStore
{
    readonly ConcurrentDictionary<string, MetaNumber> _metaNumbers = new();
    readonly ConcurrentDictionary<string, TwilioAccount> _twilioAccounts = new(StringComparer.OrdinalIgnoreCase);
    readonly Uri _publicBaseUrl;
    readonly TimeProvider _time;

    public AccountStore(IOptions<SandboxOptions> options, TimeProvider time)
    {
        _publicBaseUrl = options.Value.PublicBaseUrl;
        _time = time;
        foreach (var number in options.Value.MetaNumbers)
        {
            Register(number);
        }

        foreach (var account in options.Value.TwilioAccounts)
        {
            Register(account);
        }
    }

    public IReadOnlyList<MetaNumber> MetaNumbers => [.. _metaNumbers.Values.OrderBy(n => n.PhoneNumberId, StringComparer.Ordinal)];

    public IReadOnlyList<TwilioAccount> TwilioAccounts => [.. _twilioAccounts.Values.OrderBy(a => a.AccountSid, StringComparer.Ordinal)];

    public MetaNumber? FindMetaNumber(string phoneNumberId) => _metaNumbers.GetValueOrDefault(phoneNumberId);

    public bool IsKnownMetaToken(string token) => _metaNumbers.Values.Any(n => n.AccessToken == token);

    public TwilioAccount? FindTwilioAccount(string accountSid) => _twilioAccounts.GetValueOrDefault(accountSid);

    public TwilioAccount? FindTwilioAccountByNumber(string number)
    {
        var digits = PhoneNumbers.Digits(number);
        return _twilioAccounts.Values.FirstOrDefault(a => a.WhatsAppNumbers.Any(n => PhoneNumbers.Digits(n) == digits));
    }

    /// <summary>Adds or replaces a number; returns the validation errors when it is refused.</summary>
    public IReadOnlyList<string> Register(MetaNumberOptions options)
    {
        var errors = AccountValidation.Validate(options);
        if (errors.Count > 0)
        {
            return errors;
        }

        _metaNumbers[options.PhoneNumberId] = new MetaNumber(
            options.PhoneNumberId,
            PhoneNumbers.ToE164(options.DisplayPhoneNumber),
            options.VerifiedName,
            options.BusinessAccountId ?? "1" + options.PhoneNumberId,
            options.AccessToken,
            options.AppSecret,
            options.WebhookUrl ?? Urls.Combine(_publicBaseUrl, "webhooks/whatsapp"));
        return [];
    }

    public IReadOnlyList<string> Register(TwilioAccountOptions options)
    {
        var errors = AccountValidation.Validate(options);
        if (errors.Count > 0)
        {
            return errors;
        }

        var taken = options.WhatsAppNumbers
            .Select(FindTwilioAccountByNumber)
            .Where(owner => owner is not null && !owner.AccountSid.Equals(options.AccountSid, StringComparison.OrdinalIgnoreCase))
            .Select(owner => owner!.AccountSid)
            .ToList();
        if (taken.Count > 0)
        {
            return [$"A WhatsApp number is already registered to account {taken[0]}."];
        }

        var created = _twilioAccounts.TryGetValue(options.AccountSid, out var existing) ? existing.CreatedAt : _time.GetUtcNow();
        _twilioAccounts[options.AccountSid] = new TwilioAccount(
            options.AccountSid,
            options.AuthToken,
            options.FriendlyName,
            [.. options.WhatsAppNumbers.Select(PhoneNumbers.ToE164)],
            options.WebhookUrl ?? Urls.Combine(_publicBaseUrl, "webhooks/twilio/whatsapp"),
            created);
        return [];
    }

    public bool RemoveMetaNumber(string phoneNumberId) => _metaNumbers.TryRemove(phoneNumberId, out _);

    public bool RemoveTwilioAccount(string accountSid) => _twilioAccounts.TryRemove(accountSid, out _);
}
