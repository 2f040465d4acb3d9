using System.Text;
using Messaging.Channels.Twilio;
using Twilio.Security;

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
        Assert.True(TwilioSignatureValidator.Validate(AuthToken, "https://example.com/myapp.php?foo=1&bar=2", DocsFields, "vNe7KK2kJwCsxc9K3OLkkKB3qqI="));

    [Fact]
    public void Validate_tolerates_a_signature_made_with_the_default_port_when_the_url_has_none() =>
        Assert.True(TwilioSignatureValidator.Validate(AuthToken, "https://example.com/myapp.php?foo=1&bar=2", DocsFields, "rRyApp2BmeNbfvDRorL/FjZz1XY="));

    [Fact]
    public void Validate_tolerates_a_signature_made_without_the_port_when_the_url_has_one() =>
        Assert.True(TwilioSignatureValidator.Validate(AuthToken, "https://example.com:443/myapp.php?foo=1&bar=2", DocsFields, "vNe7KK2kJwCsxc9K3OLkkKB3qqI="));

    [Fact]
    public void Validate_rejects_a_tampered_field()
    {
        var tampered = DocsFields.Select(f => f.Key == "Digits" ? new KeyValuePair<string, string>("Digits", "1235") : f);
        Assert.False(TwilioSignatureValidator.Validate(AuthToken, "https://example.com/myapp.php?foo=1&bar=2", tampered, "vNe7KK2kJwCsxc9K3OLkkKB3qqI="));
    }

    [Fact]
    public void Validate_rejects_an_added_field() =>
        Assert.False(TwilioSignatureValidator.Validate(AuthToken, "https://example.com/myapp.php?foo=1&bar=2",
            [.. DocsFields, new("Extra", "1")], "vNe7KK2kJwCsxc9K3OLkkKB3qqI="));

    [Theory]
    [InlineData("https://example.com/myapp.php?foo=1&bar=3")]
    [InlineData("http://example.com/myapp.php?foo=1&bar=2")]
    [InlineData("https://example.com:8443/myapp.php?foo=1&bar=2")]
    [InlineData("https://evil.example.com/myapp.php?foo=1&bar=2")]
    public void Validate_rejects_a_tampered_url(string url) =>
        Assert.False(TwilioSignatureValidator.Validate(AuthToken, url, DocsFields, "vNe7KK2kJwCsxc9K3OLkkKB3qqI="));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not base64!")]
    [InlineData("vNe7KK2kJwCsxc9K3OLkkKB3qqQ=")]
    public void Validate_rejects_missing_or_wrong_headers(string? header) =>
        Assert.False(TwilioSignatureValidator.Validate(AuthToken, "https://example.com/myapp.php?foo=1&bar=2", DocsFields, header));

    [Fact]
    public void Validate_rejects_the_wrong_auth_token() =>
        Assert.False(TwilioSignatureValidator.Validate("54321", "https://example.com/myapp.php?foo=1&bar=2", DocsFields, "vNe7KK2kJwCsxc9K3OLkkKB3qqI="));

    // What the SDK's RequestValidator does by itself with a default port in the URL: it adds the
    // port to a URL without one, but never removes one, so this signature over the URL without
    // a port fails when validated as the same URL with ":443".
    [Fact]
    public void The_sdk_alone_rejects_a_portless_signature_validated_with_the_default_port() =>
        Assert.False(new RequestValidator(AuthToken).Validate(
            "https://example.com:443/myapp.php?foo=1&bar=2", DocsFields.ToDictionary(f => f.Key, f => f.Value), "vNe7KK2kJwCsxc9K3OLkkKB3qqI="));

    // Our decision: whether the public URL (or the URL Twilio called) spells the default port or
    // not, a signature made with it or without it is accepted; any other port must match.
    [Theory]
    [InlineData("https://example.com/myapp.php?foo=1&bar=2", "vNe7KK2kJwCsxc9K3OLkkKB3qqI=")]
    [InlineData("https://example.com/myapp.php?foo=1&bar=2", "rRyApp2BmeNbfvDRorL/FjZz1XY=")]
    [InlineData("https://example.com:443/myapp.php?foo=1&bar=2", "vNe7KK2kJwCsxc9K3OLkkKB3qqI=")]
    [InlineData("https://example.com:443/myapp.php?foo=1&bar=2", "rRyApp2BmeNbfvDRorL/FjZz1XY=")]
    public void A_default_port_on_either_side_is_accepted(string url, string signature) =>
        Assert.True(TwilioSignatureValidator.Validate(AuthToken, url, DocsFields, signature));

    [Theory]
    [InlineData("http://example.com/hook?a=1")]
    [InlineData("http://example.com:80/hook?a=1")]
    public void Http_and_port_80_behave_the_same(string url)
    {
        var withoutPort = TwilioSignature.Compute(AuthToken, "http://example.com/hook?a=1", DocsFields);
        var withPort = TwilioSignature.Compute(AuthToken, "http://example.com:80/hook?a=1", DocsFields);
        Assert.True(TwilioSignatureValidator.Validate(AuthToken, url, DocsFields, withoutPort));
        Assert.True(TwilioSignatureValidator.Validate(AuthToken, url, DocsFields, withPort));
    }

    [Fact]
    public void Port_443_on_http_is_not_a_default_port()
    {
        var signature = TwilioSignature.Compute(AuthToken, "http://example.com/hook", DocsFields);
        Assert.False(TwilioSignatureValidator.Validate(AuthToken, "http://example.com:443/hook", DocsFields, signature));
    }

    [Fact]
    public void A_non_default_port_must_be_the_signed_one()
    {
        var signature = TwilioSignature.Compute(AuthToken, "https://example.com:8443/hook", DocsFields);
        Assert.True(TwilioSignatureValidator.Validate(AuthToken, "https://example.com:8443/hook", DocsFields, signature));
        Assert.False(TwilioSignatureValidator.Validate(AuthToken, "https://example.com/hook", DocsFields, signature));
    }

    [Theory]
    [InlineData("https://example.com:443/hook", "https://example.com/hook")]
    [InlineData("http://example.com:80/hook?a=1", "http://example.com/hook?a=1")]
    [InlineData("https://user:pw@example.com:443", "https://user:pw@example.com")]
    [InlineData("https://Example.COM:443/A%2Fb?x=%20", "https://Example.COM/A%2Fb?x=%20")]
    [InlineData("https://example.com/hook", "https://example.com/hook")]
    [InlineData("https://user:pw@example.com/hook", "https://user:pw@example.com/hook")]
    [InlineData("https://example.com:8443/hook", "https://example.com:8443/hook")]
    [InlineData("http://example.com:443/hook", "http://example.com:443/hook")]
    public void Only_the_default_port_is_removed_and_the_rest_is_kept_as_written(string url, string expected) =>
        Assert.Equal(expected, TwilioSignatureValidator.WithoutDefaultPort(url));

    [Fact]
    public void A_field_posted_twice_is_refused()
    {
        KeyValuePair<string, string>[] fields = [new("MediaUrl", "b"), new("MediaUrl", "a"), new("Body", "hi")];
        Assert.False(TwilioSignatureValidator.Validate(AuthToken, "https://example.com/hook", fields, "RaMDzbFWqNO4VD3i75bSNdwrk7Q="));
    }

    [Fact]
    public void Signatures_made_here_validate_with_the_sdk()
    {
        var url = "https://example.com/webhooks/twilio/whatsapp?channel=a%20b";
        KeyValuePair<string, string>[] fields = [new("Body", "Olá & bem-vindo"), new("From", "whatsapp:+351912345678"), new("MessageSid", "SM1")];
        Assert.True(new RequestValidator(AuthToken).Validate(url, fields.ToDictionary(f => f.Key, f => f.Value), TwilioSignature.Compute(AuthToken, url, fields)));
    }

    // The SDK rebuilds the URL to vary its port, looking the host up in the text it was given.
    [Theory]
    [InlineData("https://bücher.example/hook")]
    [InlineData("https://bücher.example:443/hook")]
    [InlineData("https://xn--bcher-kva.example/hook")]
    public void International_hosts_validate_with_or_without_the_default_port(string url)
    {
        var signature = TwilioSignature.Compute(AuthToken, url, DocsFields);
        Assert.True(TwilioSignatureValidator.Validate(AuthToken, url, DocsFields, signature));
        Assert.False(TwilioSignatureValidator.Validate(AuthToken, url, DocsFields, "vNe7KK2kJwCsxc9K3OLkkKB3qqI="));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a url")]
    [InlineData("ftp://example.com/hook")]
    public void Unusable_urls_are_refused(string url) =>
        Assert.False(TwilioSignatureValidator.Validate(AuthToken, url, DocsFields, "vNe7KK2kJwCsxc9K3OLkkKB3qqI="));

    private const string JsonBodyUrl = "https://example.com/myapp?bodySHA256=5ccde7145dfb8f56479710896586cb9d5911809d83afbe34627818790db0aec9";
    private const string JsonBodySignature = "hPXmLwIy3Fgqv1i9KPmH/HhQ6zo=";
    private static readonly byte[] JsonBody = Encoding.UTF8.GetBytes("""{"CallSid":"CA1234567890ABCDE","Caller":"+12349013030"}""");

    [Fact]
    public void Body_hash_is_the_hex_sha256_of_the_body() =>
        Assert.Equal("5ccde7145dfb8f56479710896586cb9d5911809d83afbe34627818790db0aec9", TwilioSignature.ComputeBodyHash(JsonBody));

    [Fact]
    public void ValidateWithBody_accepts_the_signed_url_and_matching_body() =>
        Assert.True(TwilioSignatureValidator.ValidateWithBody(AuthToken, JsonBodyUrl, JsonBody, JsonBodySignature));

    [Fact]
    public void ValidateWithBody_rejects_a_tampered_body()
    {
        var tampered = Encoding.UTF8.GetBytes("""{"CallSid":"CA1234567890ABCDE","Caller":"+12349013031"}""");
        Assert.False(TwilioSignatureValidator.ValidateWithBody(AuthToken, JsonBodyUrl, tampered, JsonBodySignature));
    }

    [Fact]
    public void ValidateWithBody_rejects_a_url_without_the_body_hash()
    {
        var url = "https://example.com/myapp";
        var signature = TwilioSignature.Compute(AuthToken, url, []);
        Assert.False(TwilioSignatureValidator.ValidateWithBody(AuthToken, url, JsonBody, signature));
    }

    [Fact]
    public void ValidateWithBody_rejects_a_rewritten_body_hash_when_the_signature_is_unchanged()
    {
        var forgedBody = Encoding.UTF8.GetBytes("""{"CallSid":"forged"}""");
        var forgedUrl = "https://example.com/myapp?bodySHA256=" + TwilioSignature.ComputeBodyHash(forgedBody);
        Assert.False(TwilioSignatureValidator.ValidateWithBody(AuthToken, forgedUrl, forgedBody, JsonBodySignature));
    }

    [Fact]
    public void ValidateWithBody_accepts_the_default_port_in_the_public_url() =>
        Assert.True(TwilioSignatureValidator.ValidateWithBody(AuthToken, JsonBodyUrl.Replace("example.com/", "example.com:443/", StringComparison.Ordinal), JsonBody, JsonBodySignature));

    [Theory]
    [InlineData("https://example.com/myapp?bodySHA256")]
    [InlineData("https://example.com/myapp?bodySHA256=")]
    [InlineData("https://example.com/myapp?other=1")]
    public void ValidateWithBody_rejects_a_missing_or_empty_body_hash(string url) =>
        Assert.False(TwilioSignatureValidator.ValidateWithBody(AuthToken, url, JsonBody, TwilioSignature.Compute(AuthToken, url, [])));

    [Fact]
    public void ValidateWithBody_rejects_bytes_that_are_not_utf8()
    {
        byte[] body = [0xff, 0xfe, 0x7b];
        var url = "https://example.com/myapp?bodySHA256=" + TwilioSignature.ComputeBodyHash(body);
        Assert.False(TwilioSignatureValidator.ValidateWithBody(AuthToken, url, body, TwilioSignature.Compute(AuthToken, url, [])));
    }
}
