using Agent.Ai.Generation;
using Agent.Ai.Languages;
using Agent.Ai.Tools;
using Agent.Turns;
using Microsoft.Extensions.DependencyInjection;

namespace Agent.Tests.Ai;

/// <summary>The texts sent without a model, in the languages the code claims, picked by the customer's and the workspace's language.</summary>
public sealed class CustomerTextsTests
{
    public static TheoryData<string> Languages => [.. CustomerTexts.Supported];

    [Theory]
    [MemberData(nameof(Languages))]
    public void Every_claimed_language_has_its_own_hand_off_fallback_and_opt_out_texts(string code)
    {
        var texts = CustomerTexts.For([code]);
        var english = CustomerTexts.For(["en"]);

        Assert.Equal(code, texts.Code);
        string[] all = [texts.Handoff, texts.DataRequest, texts.OptOutConfirmation, texts.OptInWelcome, texts.ForeignLanguage(CustomerTexts.NameIn(code)), texts.NoAnswerOffer];
        Assert.All(all, text => Assert.False(string.IsNullOrWhiteSpace(text)));
        Assert.Contains(CustomerTexts.NameIn(code), texts.ForeignLanguage(CustomerTexts.NameIn(code)), StringComparison.Ordinal);
        if (code != "en")
        {
            Assert.All(all.Zip([english.Handoff, english.DataRequest, english.OptOutConfirmation, english.OptInWelcome, english.ForeignLanguage("English"), english.NoAnswerOffer]),
                pair => Assert.NotEqual(pair.Second, pair.First));
        }
        // The offer of a person in this language is one a "yes" can accept.
        Assert.True(CustomerRequests.OffersHandoff(texts.NoAnswerOffer), texts.NoAnswerOffer);
    }

    [Theory]
    [InlineData(new[] { "pt", "en" }, "en", "en")]
    [InlineData(new[] { "pt", "en" }, "es", "pt")]
    [InlineData(new[] { "pt", "en" }, null, "pt")]
    [InlineData(new[] { "it", "fr" }, "it", "fr")]
    [InlineData(new[] { "it" }, null, "en")]
    [InlineData(new[] { "en", "ar", "zh" }, "zh", "zh")]
    public void The_customers_language_when_the_workspace_serves_it_else_the_workspaces_first_with_texts(string[] workspace, string? customer, string expected)
    {
        Assert.Equal(expected, CustomerTexts.For(workspace, customer).Code);
    }

    [Theory]
    [InlineData("es", "我可以预约吗？", "solo puedo responder en español")]
    [InlineData("pt", "Do you have vegan options?", "só consigo responder em português")]
    [InlineData("en", "هل يمكنني حجز موعد؟", "I can only answer in English here")]
    public async Task Offline_a_message_in_another_language_is_answered_in_the_workspaces_language_saying_a_person_follows_up(string workspaceLanguage, string message, string expected)
    {
        await using var services = AiTestKit.Services();
        var actions = new RecordingActions();

        var result = await services.GetRequiredService<IReplyGenerator>().GenerateAsync(
            AiTestKit.Request(AiTestKit.Workspace(), message, actions) with { Language = workspaceLanguage }, TestContext.Current.CancellationToken);

        Assert.Contains(expected, result.Reply, StringComparison.Ordinal);
        Assert.Contains(result.ToolCalls, call => call.Name == ToolNames.RequestHuman);
    }
}
