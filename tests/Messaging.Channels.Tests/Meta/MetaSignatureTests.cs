using System.Text;
using Messaging.Channels.Meta;

namespace Messaging.Channels.Tests.Meta;

public sealed class MetaSignatureTests
{
    private const string Secret = "app-secret";
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"object":"whatsapp_business_account","entry":[]}""");

    // Computed independently: python3 hmac.new(b"app-secret", body, hashlib.sha256).hexdigest()
    private const string KnownSignature = "sha256=d3e4f9da0ce6c71ab3dba55929b8eeeee2455349e534924ead19f98d143e904f";

    [Fact]
    public void Compute_matches_an_independently_computed_vector() =>
        Assert.Equal(KnownSignature, MetaSignature.Compute(Secret, Body));

    [Fact]
    public void Verify_accepts_the_known_signature_in_either_hex_case()
    {
        Assert.True(MetaSignature.Verify(Secret, Body, KnownSignature));
        Assert.True(MetaSignature.Verify(Secret, Body, "sha256=" + KnownSignature["sha256=".Length..].ToUpperInvariant()));
    }

    [Fact]
    public void Verify_rejects_a_tampered_body()
    {
        var tampered = (byte[])Body.Clone();
        tampered[^2] ^= 1;
        Assert.False(MetaSignature.Verify(Secret, tampered, KnownSignature));
    }

    [Fact]
    public void Verify_rejects_the_wrong_secret() =>
        Assert.False(MetaSignature.Verify("other-secret", Body, KnownSignature));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sha256=")]
    [InlineData("sha1=d3e4f9da0ce6c71ab3dba55929b8eeeee2455349")]
    [InlineData("d3e4f9da0ce6c71ab3dba55929b8eeeee2455349e534924ead19f98d143e904f")]
    [InlineData("sha256=zz e4f9da0ce6c71ab3dba55929b8eeeee2455349e534924ead19f98d143e904")]
    [InlineData("sha256=d3e4f9da0ce6c71ab3dba55929b8eeeee2455349e534924ead19f98d143e904")]
    public void Verify_rejects_missing_or_malformed_headers(string? header) =>
        Assert.False(MetaSignature.Verify(Secret, Body, header));
}
