using Microsoft.Extensions.Options;

namespace Messaging.Tenancy.Platform;

/// <summary>Half a platform app (a token without its secret) would verify numbers whose webhooks are then all refused: both or neither.</summary>
internal sealed class PlatformMetaAppOptionsValidator : IValidateOptions<PlatformMetaAppOptions>
{
    const string Section = PlatformMetaAppOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, PlatformMetaAppOptions options)
    {
        var problems = new List<string>();
        var hasSecret = !string.IsNullOrEmpty(options.AppSecret);
        var hasToken = !string.IsNullOrEmpty(options.AccessToken);
        if (hasSecret != hasToken)
        {
            problems.Add($"{Section}: AppSecret and AccessToken go together; {(hasSecret ? "AccessToken" : "AppSecret")} is missing.");
        }
        if (hasSecret && options.AppSecret!.Length < 8)
        {
            problems.Add($"{Section}:AppSecret is too short to be a Meta app secret.");
        }
        if (hasToken && options.AccessToken!.Length < 8)
        {
            problems.Add($"{Section}:AccessToken is too short to be a Meta access token.");
        }
        if (options.WabaId is { Length: > 0 } waba && !waba.All(char.IsAsciiDigit))
        {
            problems.Add($"{Section}:WabaId must be the numeric WhatsApp Business Account id.");
        }
        if (options.BaseUrl is { } url && (!url.IsAbsoluteUri || url.Scheme is not ("http" or "https")))
        {
            problems.Add($"{Section}:BaseUrl must be an absolute http or https URL.");
        }
        if (!options.IsConfigured && (options.WabaId is { Length: > 0 } || options.VerifyToken is { Length: > 0 } || options.BaseUrl is not null))
        {
            problems.Add($"{Section}: WabaId, VerifyToken and BaseUrl need AppSecret and AccessToken.");
        }
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
