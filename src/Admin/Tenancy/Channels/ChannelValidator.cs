using Messaging.Tenancy.Urls;
using System.Text.RegularExpressions;
using Admin.Tenancy.Validation;
using Messaging.Channels.Inbound;
using Messaging.Contracts.Events;
using Messaging.Tenancy.Model;

namespace Admin.Tenancy.Channels;

public sealed record ValidChannel(string Name, ChannelProvider Provider, Uri? BaseUrl, bool Enabled, string[] Allowlist, ValidMetaChannel? Meta, ValidTwilioChannel? Twilio);

/// <summary>
/// Null secrets mean "keep the stored one" (only allowed on update); a null verify token on create
/// means "generate one". A platform-app number has no secrets at all.
/// </summary>
public sealed record ValidMetaChannel(string PhoneNumberId, string? DisplayPhoneNumber, string? WabaId, string? AccessToken, string? AppSecret, string? VerifyToken, string GraphApiVersion, bool PlatformApp)
{
    // Secrets stay out of logs and exception messages.
    public override string ToString() => $"ValidMetaChannel {{ PhoneNumberId = {PhoneNumberId}, DisplayPhoneNumber = {DisplayPhoneNumber}, WabaId = {WabaId}, GraphApiVersion = {GraphApiVersion}, PlatformApp = {PlatformApp}, secrets redacted }}";
}

public sealed record ValidTwilioChannel(string AccountSid, string? AuthToken, string Number)
{
    public override string ToString() => $"ValidTwilioChannel {{ AccountSid = {AccountSid}, Number = {Number}, AuthToken = (redacted) }}";
}

public static partial class ChannelValidator
{
    public const string DefaultGraphApiVersion = "v23.0";
    public const int MaxAllowlist = 500;

    /// <param name="existingProvider">The stored provider on update, null on create (secrets then required).</param>
    /// <param name="existingPlatformApp">On update, whether the stored Meta channel is a platform-app number.</param>
    /// <param name="platformAppConfigured">Whether this deployment has a platform Meta app (<c>Channels:Meta:Platform</c>).</param>
    public static ValidChannel? Validate(ChannelRequest request, ChannelProvider? existingProvider, TenantUrlPolicy urls, ValidationErrors errors, bool existingPlatformApp = false, bool platformAppConfigured = false)
    {
        var name = errors.Required("name", request.Name, 100);
        var baseUrl = errors.TenantUrl("baseUrl", request.BaseUrl, required: false, urls);
        var allowlist = ValidateAllowlist(request.Allowlist ?? [], errors);
        var isCreate = existingProvider is null;

        if (!TenancyCodes.TryParse<ChannelProvider>(request.Provider?.Trim().ToLowerInvariant(), out var provider))
        {
            errors.Add("provider", request.Provider is null
                ? $"provider is required: {TenancyCodes.Describe<ChannelProvider>()}."
                : $"provider '{ValidationErrors.Shorten(request.Provider)}' is not supported: use {TenancyCodes.Describe<ChannelProvider>()}.");
            return null;
        }
        if (existingProvider is { } existing && existing != provider)
        {
            errors.Add("provider", $"A channel's provider cannot change (this one is '{TenancyCodes.ToCode(existing)}'). Create a new channel instead.");
            return null;
        }

        ValidMetaChannel? meta = null;
        ValidTwilioChannel? twilio = null;
        if (provider == ChannelProvider.Meta)
        {
            if (request.Twilio is not null)
            {
                errors.Add("twilio", "twilio settings were given for a 'meta' channel; send them under 'meta' only.");
            }
            meta = request.Meta is null
                ? Missing<ValidMetaChannel>("meta", "meta settings are required for a 'meta' channel: phoneNumberId, and accessToken and appSecret (or platformApp: true).", errors)
                : ValidateMeta(request.Meta, isCreate, existingPlatformApp, platformAppConfigured, errors);
            if (meta is { PlatformApp: true } && baseUrl is not null)
            {
                errors.Add("baseUrl", "A number of the platform Meta app uses the platform app's Graph address; leave baseUrl out.");
                meta = null;
            }
        }
        else
        {
            if (request.Meta is not null)
            {
                errors.Add("meta", "meta settings were given for a 'twilio' channel; send them under 'twilio' only.");
            }
            twilio = request.Twilio is null
                ? Missing<ValidTwilioChannel>("twilio", "twilio settings are required for a 'twilio' channel: accountSid, authToken, number.", errors)
                : ValidateTwilio(request.Twilio, isCreate, errors);
        }
        return errors.IsValid ? new ValidChannel(name!, provider, baseUrl, request.Enabled ?? true, allowlist, meta, twilio) : null;
    }

    public static (ChannelHealth Status, string? LastError)? Validate(ChannelHealthRequest request, ValidationErrors errors)
    {
        if (!TenancyCodes.TryParse<ChannelHealth>(request.Status, out var status))
        {
            errors.Add("status", $"status must be {TenancyCodes.Describe<ChannelHealth>()}.");
        }
        var lastError = errors.Optional("lastError", request.LastError, 2000);
        return errors.IsValid ? (status, lastError) : null;
    }

    static ValidMetaChannel? ValidateMeta(MetaChannelRequest meta, bool isCreate, bool existingPlatformApp, bool platformAppConfigured, ValidationErrors errors)
    {
        var platformApp = meta.PlatformApp ?? (!isCreate && existingPlatformApp);
        if (!isCreate && platformApp != existingPlatformApp)
        {
            errors.Add("meta.platformApp", existingPlatformApp
                ? "This number uses the platform Meta app; to give it credentials of its own, create a new channel."
                : "This number has credentials of its own; to move it to the platform Meta app, create a new channel.");
            return null;
        }
        var phoneNumberId = errors.Matching("meta.phoneNumberId", meta.PhoneNumberId, 32, DigitsPattern(),
            "the WhatsApp phone number id is the numeric id Meta shows under API Setup (not the phone number itself)");
        var display = errors.Optional("meta.displayPhoneNumber", meta.DisplayPhoneNumber, 32);
        if (display is not null && !PhoneNumbers.IsPlausible(display))
        {
            errors.Add("meta.displayPhoneNumber", $"meta.displayPhoneNumber '{ValidationErrors.Shorten(display)}' is not a phone number (6 to 15 digits, optional + and spaces).");
        }
        var wabaId = meta.WabaId is null ? null : errors.Matching("meta.wabaId", meta.WabaId, 32, DigitsPattern(), "the WhatsApp Business Account id is numeric");
        if (platformApp)
        {
            if (isCreate && !platformAppConfigured)
            {
                errors.Add("meta.platformApp", "This deployment has no platform Meta app (Channels:Meta:Platform), so a number needs its own accessToken, appSecret and verifyToken.");
            }
            foreach (var (field, value) in new[] { ("meta.accessToken", meta.AccessToken), ("meta.appSecret", meta.AppSecret), ("meta.verifyToken", meta.VerifyToken) })
            {
                if (value is not null)
                {
                    errors.Add(field, $"{field} was given for a number of the platform Meta app, which uses the platform's; leave it out.");
                }
            }
        }
        var accessToken = platformApp ? null : Secret("meta.accessToken", meta.AccessToken, 4096, isCreate, errors);
        var appSecret = platformApp ? null : Secret("meta.appSecret", meta.AppSecret, 256, isCreate, errors);
        // Left out: kept on update, generated on create.
        var verifyToken = platformApp || meta.VerifyToken is null ? null : errors.Matching("meta.verifyToken", meta.VerifyToken, 256, TokenPattern(),
            "the verify token you enter in Meta's webhook settings: printable characters without spaces");
        var graphApiVersion = meta.GraphApiVersion is null
            ? DefaultGraphApiVersion
            : errors.Matching("meta.graphApiVersion", meta.GraphApiVersion, 8, GraphVersionPattern(), "a Graph API version such as 'v23.0'");
        return errors.IsValid ? new ValidMetaChannel(phoneNumberId!, display, wabaId, accessToken, appSecret, verifyToken, graphApiVersion!, platformApp) : null;
    }

    /// <summary>A verify token an owner chose when rotating; null asks for a generated one.</summary>
    public static string? ValidateVerifyToken(VerifyTokenRequest request, ValidationErrors errors)
    {
        if (request.VerifyToken is null)
        {
            return null;
        }
        return errors.Matching("verifyToken", request.VerifyToken, 256, TokenPattern(), "printable characters without spaces");
    }

    static ValidTwilioChannel? ValidateTwilio(TwilioChannelRequest twilio, bool isCreate, ValidationErrors errors)
    {
        var accountSid = errors.Matching("twilio.accountSid", twilio.AccountSid, 34, AccountSidPattern(), "a Twilio Account SID is 'AC' followed by 32 hexadecimal characters");
        var authToken = Secret("twilio.authToken", twilio.AuthToken, 256, isCreate, errors);
        string? number = null;
        var text = errors.Required("twilio.number", twilio.Number, 32);
        if (text is not null)
        {
            if (!text.StartsWith(PhoneNumbers.WhatsAppPrefix, StringComparison.Ordinal))
            {
                errors.Add("twilio.number", $"twilio.number '{ValidationErrors.Shorten(text)}' must start with 'whatsapp:' followed by the E.164 number, for example 'whatsapp:+14155238886'.");
            }
            else if (!TwilioNumberPattern().IsMatch(text))
            {
                errors.Add("twilio.number", $"twilio.number '{ValidationErrors.Shorten(text)}' is not 'whatsapp:+' followed by an E.164 number (country code and 6 to 15 digits, no spaces), for example 'whatsapp:+14155238886'.");
            }
            else
            {
                number = text;
            }
        }
        return errors.IsValid ? new ValidTwilioChannel(accountSid!, authToken, number!) : null;
    }

    static string? Secret(string field, string? value, int maxLength, bool required, ValidationErrors errors)
    {
        if (value is null && !required)
        {
            return null;
        }
        var secret = errors.Matching(field, value, maxLength, TokenPattern(), "printable characters without spaces");
        if (secret is not null && secret.Length < 8)
        {
            errors.Add(field, $"{field} is {secret.Length} characters long; a real credential has at least 8.");
            return null;
        }
        return secret;
    }

    static string[] ValidateAllowlist(IReadOnlyList<string> numbers, ValidationErrors errors)
    {
        if (numbers.Count > MaxAllowlist)
        {
            errors.Add("allowlist", $"allowlist has {numbers.Count} numbers; the limit is {MaxAllowlist}.");
            return [];
        }
        var normalized = new List<string>();
        for (var i = 0; i < numbers.Count; i++)
        {
            var number = numbers[i];
            var withoutPrefix = number?.Trim() is { } trimmed && trimmed.StartsWith(PhoneNumbers.WhatsAppPrefix, StringComparison.OrdinalIgnoreCase)
                ? trimmed[PhoneNumbers.WhatsAppPrefix.Length..]
                : number;
            if (string.IsNullOrWhiteSpace(withoutPrefix) || withoutPrefix.Length > 40 || !PhoneNumbers.IsPlausible(withoutPrefix))
            {
                errors.Add($"allowlist[{i}]", $"allowlist[{i}] '{ValidationErrors.Shorten(number ?? "")}' is not a phone number (6 to 15 digits, optional +, spaces and dashes).");
                continue;
            }
            normalized.Add(PhoneNumbers.Digits(withoutPrefix));
        }
        return [.. normalized.Distinct(StringComparer.Ordinal)];
    }

    static T? Missing<T>(string field, string message, ValidationErrors errors) where T : class
    {
        errors.Add(field, message);
        return null;
    }

    [GeneratedRegex("^[0-9]{1,32}$")]
    private static partial Regex DigitsPattern();

    [GeneratedRegex("^[\\x21-\\x7E]+$")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("^v[0-9]{1,2}\\.[0-9]$")]
    private static partial Regex GraphVersionPattern();

    [GeneratedRegex("^AC[0-9a-fA-F]{32}$")]
    private static partial Regex AccountSidPattern();

    [GeneratedRegex("^whatsapp:\\+[1-9][0-9]{5,14}$")]
    private static partial Regex TwilioNumberPattern();
}
