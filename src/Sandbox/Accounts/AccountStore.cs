using System.Collections.Concurrent;
using Messaging.Channels.Inbound;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sandbox.Storage;

namespace Sandbox.Accounts;

/// <summary>
/// The emulated Meta numbers and Twilio accounts: those from configuration, plus those
/// registered through the accounts API (tests' own), kept in the database and served from memory.
/// Listed in the order they were first registered, which re-registering keeps.
/// </summary>
public sealed class AccountStore(IOptions<SandboxOptions> options, TimeProvider time, SandboxDb db) : IDisposable
{
    readonly ConcurrentDictionary<string, (MetaNumber Number, long Position)> _metaNumbers = new();
    readonly ConcurrentDictionary<string, (TwilioAccount Account, long Position)> _twilioAccounts = new(StringComparer.OrdinalIgnoreCase);
    readonly Uri _publicBaseUrl = options.Value.PublicBaseUrl;
    // One registration at a time: a Twilio number's owner is checked and taken in one step.
    readonly SemaphoreSlim _registration = new(1, 1);
    long _lastPosition;

    public IReadOnlyList<MetaNumber> MetaNumbers => [.. _metaNumbers.Values.OrderBy(n => n.Position).Select(n => n.Number)];

    public IReadOnlyList<TwilioAccount> TwilioAccounts => [.. _twilioAccounts.Values.OrderBy(a => a.Position).Select(a => a.Account)];

    public MetaNumber? FindMetaNumber(string phoneNumberId) => _metaNumbers.TryGetValue(phoneNumberId, out var entry) ? entry.Number : null;

    public bool IsKnownMetaToken(string token) => _metaNumbers.Values.Any(n => n.Number.AccessToken == token);

    public TwilioAccount? FindTwilioAccount(string accountSid) => _twilioAccounts.TryGetValue(accountSid, out var entry) ? entry.Account : null;

    public TwilioAccount? FindTwilioAccountByNumber(string number)
    {
        var digits = PhoneNumbers.Digits(number);
        return _twilioAccounts.Values.Select(a => a.Account).FirstOrDefault(a => a.WhatsAppNumbers.Any(n => PhoneNumbers.Digits(n) == digits));
    }

    /// <summary>What the database holds, then the accounts of configuration on top (configuration wins for those it names).</summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var (numbers, accounts) = await db.RunAsync(async context => (
            await context.MetaNumbers.AsNoTracking().ToListAsync(cancellationToken),
            await context.TwilioAccounts.AsNoTracking().ToListAsync(cancellationToken)));
        foreach (var row in numbers)
        {
            _metaNumbers[row.PhoneNumberId] = (new MetaNumber(row.PhoneNumberId, row.DisplayPhoneNumber, row.VerifiedName, row.BusinessAccountId, row.AccessToken, row.AppSecret, new Uri(row.WebhookUrl)), row.Position);
        }

        foreach (var row in accounts)
        {
            _twilioAccounts[row.AccountSid] = (new TwilioAccount(row.AccountSid, row.AuthToken, row.FriendlyName, row.WhatsAppNumbers, new Uri(row.WebhookUrl), row.CreatedAt), row.Position);
        }

        _lastPosition = numbers.Select(n => n.Position).Concat(accounts.Select(a => a.Position)).DefaultIfEmpty(0).Max();
        foreach (var number in options.Value.MetaNumbers)
        {
            await RegisterAsync(number);
        }

        foreach (var account in options.Value.TwilioAccounts)
        {
            await RegisterAsync(account);
        }
    }

    /// <summary>Adds or replaces a number; returns the validation errors when it is refused.</summary>
    public async Task<IReadOnlyList<string>> RegisterAsync(MetaNumberOptions options)
    {
        var errors = AccountValidation.Validate(options);
        if (errors.Count > 0)
        {
            return errors;
        }

        await _registration.WaitAsync();
        try
        {
            var position = _metaNumbers.TryGetValue(options.PhoneNumberId, out var existing) ? existing.Position : ++_lastPosition;
            var number = new MetaNumber(
                options.PhoneNumberId,
                PhoneNumbers.ToE164(options.DisplayPhoneNumber),
                options.VerifiedName,
                options.BusinessAccountId ?? "1" + options.PhoneNumberId,
                options.AccessToken,
                options.AppSecret,
                options.WebhookUrl ?? Urls.Combine(_publicBaseUrl, "webhooks/whatsapp"));
            await db.RunAsync(async context =>
            {
                var row = await context.MetaNumbers.FindAsync(number.PhoneNumberId);
                if (row is null)
                {
                    row = new MetaNumberRow
                    {
                        PhoneNumberId = number.PhoneNumberId, DisplayPhoneNumber = "", VerifiedName = "", BusinessAccountId = "",
                        AccessToken = "", AppSecret = "", WebhookUrl = "", Position = position,
                    };
                    context.MetaNumbers.Add(row);
                }

                row.DisplayPhoneNumber = number.DisplayPhoneNumber;
                row.VerifiedName = number.VerifiedName;
                row.BusinessAccountId = number.BusinessAccountId;
                row.AccessToken = number.AccessToken;
                row.AppSecret = number.AppSecret;
                row.WebhookUrl = number.WebhookUrl.AbsoluteUri;
                await context.SaveChangesAsync();
            });
            _metaNumbers[number.PhoneNumberId] = (number, position);
            return [];
        }
        finally
        {
            _registration.Release();
        }
    }

    public async Task<IReadOnlyList<string>> RegisterAsync(TwilioAccountOptions options)
    {
        var errors = AccountValidation.Validate(options);
        if (errors.Count > 0)
        {
            return errors;
        }

        await _registration.WaitAsync();
        try
        {
            var taken = options.WhatsAppNumbers
                .Select(FindTwilioAccountByNumber)
                .Where(owner => owner is not null && !owner.AccountSid.Equals(options.AccountSid, StringComparison.OrdinalIgnoreCase))
                .Select(owner => owner!.AccountSid)
                .ToList();
            if (taken.Count > 0)
            {
                return [$"A WhatsApp number is already registered to account {taken[0]}."];
            }

            // The SID's spelling of the first registration stays the key.
            var (sid, created, position) = _twilioAccounts.TryGetValue(options.AccountSid, out var existing)
                ? (existing.Account.AccountSid, existing.Account.CreatedAt, existing.Position)
                : (options.AccountSid, time.GetUtcNow(), ++_lastPosition);
            var account = new TwilioAccount(
                sid,
                options.AuthToken,
                options.FriendlyName,
                [.. options.WhatsAppNumbers.Select(PhoneNumbers.ToE164)],
                options.WebhookUrl ?? Urls.Combine(_publicBaseUrl, "webhooks/twilio/whatsapp"),
                created);
            await db.RunAsync(async context =>
            {
                var row = await context.TwilioAccounts.FindAsync(account.AccountSid);
                if (row is null)
                {
                    row = new TwilioAccountRow { AccountSid = account.AccountSid, AuthToken = "", FriendlyName = "", WebhookUrl = "", CreatedAt = created, Position = position };
                    context.TwilioAccounts.Add(row);
                }

                row.AuthToken = account.AuthToken;
                row.FriendlyName = account.FriendlyName;
                row.WhatsAppNumbers = [.. account.WhatsAppNumbers];
                row.WebhookUrl = account.WebhookUrl.AbsoluteUri;
                await context.SaveChangesAsync();
            });
            _twilioAccounts[account.AccountSid] = (account, position);
            return [];
        }
        finally
        {
            _registration.Release();
        }
    }

    public async Task<bool> RemoveMetaNumberAsync(string phoneNumberId)
    {
        if (!_metaNumbers.ContainsKey(phoneNumberId))
        {
            return false;
        }

        await db.RunAsync(context => context.MetaNumbers.Where(n => n.PhoneNumberId == phoneNumberId).ExecuteDeleteAsync());
        return _metaNumbers.TryRemove(phoneNumberId, out _);
    }

    public async Task<bool> RemoveTwilioAccountAsync(string accountSid)
    {
        if (!_twilioAccounts.TryGetValue(accountSid, out var entry))
        {
            return false;
        }

        await db.RunAsync(context => context.TwilioAccounts.Where(a => a.AccountSid == entry.Account.AccountSid).ExecuteDeleteAsync());
        return _twilioAccounts.TryRemove(accountSid, out _);
    }

    public void Dispose() => _registration.Dispose();
}
