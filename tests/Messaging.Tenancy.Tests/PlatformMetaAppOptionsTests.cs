using Messaging.Tenancy.Platform;
using Messaging.Tenancy.Secrets;

namespace Messaging.Tenancy.Tests;

public sealed class PlatformMetaAppOptionsTests
{
    static readonly PlatformMetaAppOptionsValidator Validator = new();

    [Fact]
    public void No_platform_app_is_valid_and_a_complete_one_is_too()
    {
        Assert.True(Validator.Validate(null, new PlatformMetaAppOptions()).Succeeded);
        Assert.True(Validator.Validate(null, new PlatformMetaAppOptions
        {
            AppSecret = "platform-app-secret", AccessToken = "EAAG-system-user-token", WabaId = "102000000000001", BaseUrl = new Uri("http://sandbox/graph"), VerifyToken = "platform-verify",
        }).Succeeded);
    }

    [Theory]
    [InlineData("platform-app-secret", null, null, null, "AccessToken is missing")]
    [InlineData(null, "EAAG-system-user-token", null, null, "AppSecret is missing")]
    [InlineData("platform-app-secret", "EAAG-system-user-token", "waba-1", null, "WabaId must be the numeric")]
    [InlineData("platform-app-secret", "EAAG-system-user-token", null, "/graph", "BaseUrl must be an absolute")]
    [InlineData(null, null, "102000000000001", null, "need AppSecret and AccessToken")]
    public void Half_a_platform_app_stops_the_start_with_the_setting_named(string? appSecret, string? accessToken, string? wabaId, string? baseUrl, string expected)
    {
        var result = Validator.Validate(null, new PlatformMetaAppOptions
        {
            AppSecret = appSecret, AccessToken = accessToken, WabaId = wabaId, BaseUrl = baseUrl is null ? null : new Uri(baseUrl, UriKind.RelativeOrAbsolute),
        });
        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Channels:Meta:Platform", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void The_options_never_print_their_secrets()
    {
        var text = new PlatformMetaAppOptions { AppSecret = "platform-app-secret", AccessToken = "EAAG-system-user-token", VerifyToken = "platform-verify" }.ToString();
        Assert.DoesNotContain("platform-app-secret", text, StringComparison.Ordinal);
        Assert.DoesNotContain("EAAG-system-user-token", text, StringComparison.Ordinal);
        Assert.DoesNotContain("platform-verify", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_verify_token_hash_matches_only_its_token_and_each_salt_is_new()
    {
        var token = VerifyTokenHash.Generate();
        var (salt, hash) = VerifyTokenHash.Create(token);
        var (otherSalt, otherHash) = VerifyTokenHash.Create(token);
        Assert.True(VerifyTokenHash.Matches(token, salt, hash));
        Assert.True(VerifyTokenHash.Matches(token, otherSalt, otherHash));
        Assert.False(VerifyTokenHash.Matches(token + "x", salt, hash));
        Assert.NotEqual(salt, otherSalt);
        Assert.NotEqual(hash, otherHash);
        Assert.True(token.Length >= 43, token);
    }
}
