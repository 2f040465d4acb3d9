using Microsoft.AspNetCore.Http.HttpResults;

namespace Sandbox.Accounts;

/// <summary>
/// Registration of emulated channels: the AppHost registers the demo workspace's numbers, tests
/// register their own. Secrets are write-only: listings never show them.
/// </summary>
public static class AccountsApi
{
    public static RouteGroupBuilder MapAccountsApi(this RouteGroupBuilder api)
    {
        var accounts = api.MapGroup("/accounts");
        accounts.MapGet("/", List);
        accounts.MapPut("/meta/{phoneNumberId}", RegisterMeta);
        accounts.MapDelete("/meta/{phoneNumberId}", async (string phoneNumberId, AccountStore store) =>
            await store.RemoveMetaNumberAsync(phoneNumberId) ? Results.NoContent() : Results.NotFound());
        accounts.MapPut("/twilio/{accountSid}", RegisterTwilio);
        accounts.MapDelete("/twilio/{accountSid}", async (string accountSid, AccountStore store) =>
            await store.RemoveTwilioAccountAsync(accountSid) ? Results.NoContent() : Results.NotFound());
        return api;
    }

    static AccountList List(AccountStore store) => new(
        [.. store.MetaNumbers.Select(MetaNumberView.From)],
        [.. store.TwilioAccounts.Select(TwilioAccountView.From)]);

    static async Task<IResult> RegisterMeta(string phoneNumberId, MetaNumberOptions number, AccountStore store)
    {
        number.PhoneNumberId = phoneNumberId;
        var errors = await store.RegisterAsync(number);
        return errors.Count > 0
            ? Invalid(errors)
            : TypedResults.Ok(MetaNumberView.From(store.FindMetaNumber(phoneNumberId)!));
    }

    static async Task<IResult> RegisterTwilio(string accountSid, TwilioAccountOptions account, AccountStore store)
    {
        account.AccountSid = accountSid;
        var errors = await store.RegisterAsync(account);
        return errors.Count > 0
            ? Invalid(errors)
            : TypedResults.Ok(TwilioAccountView.From(store.FindTwilioAccount(accountSid)!));
    }

    static ValidationProblem Invalid(IReadOnlyList<string> errors) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["account"] = [.. errors] });
}

public sealed record AccountList(IReadOnlyList<MetaNumberView> Meta, IReadOnlyList<TwilioAccountView> Twilio);

public sealed record MetaNumberView(string PhoneNumberId, string DisplayPhoneNumber, string VerifiedName, string BusinessAccountId, Uri WebhookUrl)
{
    public static MetaNumberView From(MetaNumber n) => new(n.PhoneNumberId, n.DisplayPhoneNumber, n.VerifiedName, n.BusinessAccountId, n.WebhookUrl);
}

public sealed record TwilioAccountView(string AccountSid, string FriendlyName, IReadOnlyList<string> WhatsAppNumbers, Uri WebhookUrl)
{
    public static TwilioAccountView From(TwilioAccount a) => new(a.AccountSid, a.FriendlyName, a.WhatsAppNumbers, a.WebhookUrl);
}
