using Messaging.Channels.Meta;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace Messaging.Channels.Tests.Meta;

public sealed class MetaWebhookHandshakeTests
{
    [Fact]
    public void Echoes_the_challenge_for_the_right_token() =>
        Assert.Equal("1158201444", MetaWebhookHandshake.Check("subscribe", "meatballs", "1158201444", "meatballs"));

    [Theory]
    [InlineData("subscribe", "wrong", "1158201444")]
    [InlineData("unsubscribe", "meatballs", "1158201444")]
    [InlineData(null, "meatballs", "1158201444")]
    [InlineData("subscribe", null, "1158201444")]
    [InlineData("subscribe", "meatballs", null)]
    public void Refuses_anything_else(string? mode, string? token, string? challenge) =>
        Assert.Null(MetaWebhookHandshake.Check(mode, token, challenge, "meatballs"));

    [Fact]
    public void Reads_the_hub_query_parameters()
    {
        var query = ParseQuery("?hub.mode=subscribe&hub.challenge=42&hub.verify_token=meatballs");
        Assert.Equal("42", MetaWebhookHandshake.Check(query, "meatballs"));
    }

    [Fact]
    public async Task Responds_403_on_a_bad_token()
    {
        var context = new DefaultHttpContext();
        context.RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider();
        var query = ParseQuery("?hub.mode=subscribe&hub.challenge=42&hub.verify_token=nope");
        await MetaWebhookHandshake.Respond(query, "meatballs").ExecuteAsync(context);
        Assert.Equal(StatusCodes.Status403Forbidden, context.Response.StatusCode);
    }

    private static QueryCollection ParseQuery(string query) =>
        new(QueryHelpers.ParseQuery(query));
}
