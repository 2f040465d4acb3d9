using System.Text;
using Messaging.Channels.Twilio;

namespace Messaging.Channels.Tests.Twilio;

public sealed class TwilioSignatureTests
{
    private const string AuthToken = "12345";

    private static readonly KeyValuePair<string, string>[] DocsFields =
    [
        new("CallSid", "CA1234567890ABCDE"),
        new("Caller", "+12349013030"),
        new("Digits", "1234"),
        new("From", "+12349013030"),
        new("To", "+18005551212"),
    ];

    // Every expected value below was computed independently with python3's hmac/hashlib
    // following Twilio's documented algorithm. The brief's "RSOYDt4T1cUTdK1PDd93/VVr8B8=" is
    // not what that algorithm yields for these inputs, so it is not used.
    [Theory]
    [InlineData("https://mycompany.com/myapp.php?foo=1&bar=2", "0/KCTR6DLpKmkAf8muzZqo1nDgQ=")]
    [InlineData("https://example.com/myapp.php?foo=1&bar=2", "vNe7KK2kJwCsxc9K3OLkkKB3qqI=")]
    [InlineData("https://example.com:443/myapp.php?foo=1&bar=2", "rRyApp2BmeNbfvDRorL/FjZz1XY=")]
    public void Compute_matches_known_vectors(string url, string expected) =>
        Assert.Equal(expected, TwilioSignature.Compute(AuthToken, url, DocsFields));

    [Fact]
    public void Fields_are_sorted_by_name_then_value_whatever_the_order_received()
    {
        KeyValuePair<string, string>[] fields = [new("MediaUrl", "b"), new("MediaUrl", "a"), new("Body", "hi")];
        Assert.Equal("RaMDzbFWqNO4VD3i75bSNdwrk7Q=", TwilioSignature.Compute(AuthToken, "https://example.com/hook", fields));
    }

    [Fact]
    public void Validate_accepts_the_known_signature() =>
        Assert.True(TwilioSignature.Validate(AuthToken, "https://example.com/myapp.php?foo=1&bar=2", DocsFields, "vNe7KK2kJwCsxc9K3OLkkKB3qqI="));

    [Fact]
    public void Validate_tolerates_a_signature_made_with_the_default_port_when_the_url_has_none() =>
        Assert.True(TwilioSignature.Validate(AuthToken, "https://example.com/myapp.php?foo=1&bar=2", DocsFields, "rRyApp2BmeNbfvDRorL/FjZz1XY="));

    [Fact]
    public void Validate_tolerates_a_signature_made_without_the_port_when_the_url_has_one() =>
        Assert.True(TwilioSignature.Validate(AuthToken, "https://example.com:443/myapp.php?foo=1&bar=2", DocsFields, "vNe7KK2kJwCsxc9K3OLkkKB3qqI="));

    [Fact]
    public void Validate_rejects_a_tampered_field()
    {
        var tampered = DocsFields.Select(f => f.Key == "Digits" ? new KeyValuePair<string, string>("Digits", "1235") : f);
        Assert.False(TwilioSignature.Validate(AuthToken, "https://example.com/myapp.php?foo=1&bar=2", tampered, "vNe7KK2kJwCsxc9K3OLkkKB3qqI="));
    }

    [Fact]
    public void Validate_rejects_an_added_field() =>
        Assert.False(TwilioSignature.Validate(AuthToken, "https://example.com/myapp.php?foo=1&bar=2",
            [.. DocsFields, new("Extra", "1")], "vNe7KK2kJwCsxc9K3OLkkKB3qqI="));

    [Theory]
    [InlineData("https://example.com/myapp.php?foo=1&bar=3")]
    [InlineData("http://example.com/myapp.php?foo=1&bar=2")]
    [InlineData("https://example.com:8443/myapp.php?foo=1&bar=2")]
    [InlineData("https://evil.example.com/myapp.php?foo=1&bar=2")]
    public void Validate_rejects_a_tampered_url(string url) =>
        Assert.False(TwilioSignature.Validate(AuthToken, url, DocsFields, "vNe7KK2kJwCsxc9K3OLkkKB3qqI="));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not base64!")]
    [InlineData("vNe7KK2kJwCsxc9K3OLkkKB3qqQ=")]
    public void Validate_rejects_missing_or_wrong_headers(string? header) =>
        Assert.False(TwilioSignature.Validate(AuthToken, "https://example.com/myapp.php?foo=1&bar=2", DocsFields, header));

    [Fact]
    public void Validate_rejects_the_wrong_auth_token() =>
        Assert.False(TwilioSignature.Validate("54321", "https://example.com/myapp.php?foo=1&bar=2", DocsFields, "vNe7KK2kJwCsxc9K3OLkkKB3qqI="));

    [Theory]
    [InlineData("https://example.com/hook", "https://example.com:443/hook")]
    [InlineData("http://example.com/hook?a=1", "http://example.com:80/hook?a=1")]
    [InlineData("https://example.com:443/hook", "https://example.com/hook")]
    [InlineData("https://user:pw@example.com", "https://user:pw@example.com:443")]
    public void Port_variants_add_or_remove_the_default_port(string url, string other) =>
        Assert.Equal([url, other], TwilioSignature.PortVariants(url));

    [Fact]
    public void A_non_default_port_is_never_dropped() =>
        Assert.Equal(["https://example.com:8443/hook"], TwilioSignature.PortVariants("https://example.com:8443/hook"));

    private const string JsonBodyUrl = "https://example.com/myapp?bodySHA256=5ccde7145dfb8f56479710896586cb9d5911809d83afbe34627818790db0aec9";
    private const string JsonBodySignature = "hPXmLwIy3Fgqv1i9KPmH/HhQ6zo=";
    private static readonly byte[] JsonBody = Encoding.UTF8.GetBytes("""{"CallSid":"CA1234567890ABCDE","Caller":"+12349013030"}""");

    [Fact]
    public void Body_hash_is_the_hex_sha256_of_the_body() =>
        Assert.Equal("5ccde7145dfb8f56479710896586cb9d5911809d83afbe34627818790db0aec9", TwilioSignature.ComputeBodyHash(JsonBody));

    [Fact]
    public void ValidateWithBody_accepts_the_signed_url_and_matching_body() =>
        Assert.True(TwilioSignature.ValidateWithBody(AuthToken, JsonBodyUrl, JsonBody, JsonBodySignature));

    [Fact]
    public void ValidateWithBody_rejects_a_tampered_body()
    {
        var tampered = Encoding.UTF8.GetBytes("""{"CallSid":"CA1234567890ABCDE","Caller":"+12349013031"}""");
        Assert.False(TwilioSignature.ValidateWithBody(AuthToken, JsonBodyUrl, tampered, JsonBodySignature));
    }

    [Fact]
    public void ValidateWithBody_rejects_a_url_without_the_body_hash()
    {
        var url = "https://example.com/myapp";
        var signature = TwilioSignature.Compute(AuthToken, url, []);
        Assert.False(TwilioSignature.ValidateWithBody(AuthToken, url, JsonBody, signature));
    }

    [Fact]
    public void ValidateWithBody_rejects_a_rewritten_body_hash_when_the_signature_is_unchanged()
    {
        var forgedBody = Encoding.UTF8.GetBytes("""{"CallSid":"forged"}""");
        var forgedUrl = "https://example.com/myapp?bodySHA256=" + TwilioSignature.ComputeBodyHash(forgedBody);
        Assert.False(TwilioSignature.ValidateWithBody(AuthToken, forgedUrl, forgedBody, JsonBodySignature));
    }
}
